// npm run fuzz -- --target NAME|all --time S [--seed N] [--inputs N] [--linear] [--hang-ms MS]
// Prints one summary line per target; exits 1 when any target found a defect (kept in
// test/fuzz/found/<target>/), or when the linear-time check sees per-byte time grow over 3×.
import { FOUND_DIR, fuzz } from './harness.js';
import { TARGET_NAMES, type TargetName } from './targets.js';

const LINEAR_LIMIT = 3;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
function usage(msg: string): never {
  process.stderr.write(
    `fuzz: ${msg}\nusage: npm run fuzz -- --target ${TARGET_NAMES.join('|')}|all --time SECONDS [--seed N] [--inputs N] [--linear] [--hang-ms MS]\n`,
  );
  process.exit(2);
}

const t = arg('--target') ?? usage('--target is required');
const targets: TargetName[] =
  t === 'all'
    ? [...TARGET_NAMES]
    : TARGET_NAMES.includes(t as TargetName)
      ? [t as TargetName]
      : usage(`unknown target "${t}"`);
const seconds = Number(arg('--time') ?? '10');
if (!(seconds > 0)) usage('--time must be a positive number of seconds');
const seed = Number(arg('--seed') ?? '1');
const maxInputs = arg('--inputs') !== undefined ? Number(arg('--inputs')) : undefined;
const hangMs = arg('--hang-ms') !== undefined ? Number(arg('--hang-ms')) : undefined;
const linear = process.argv.includes('--linear');

let failed = false;
for (const target of targets) {
  const s = await fuzz({
    target,
    seconds,
    seed,
    linear,
    foundDir: FOUND_DIR,
    ...(maxInputs !== undefined ? { maxInputs } : {}),
    ...(hangMs !== undefined ? { hangMs } : {}),
  });
  const crashes = s.problems.filter((p) => p.kind === 'crash').length;
  const hangs = s.problems.filter((p) => p.kind === 'hang').length;
  const rate = Math.round(s.inputs / s.seconds);
  let line = `${target}: ${s.inputs} inputs in ${s.seconds.toFixed(1)} s (${rate}/s), ${s.rejected} refused with a one-line error, ${crashes} crashes, ${hangs} hangs, slowest ${s.maxMs.toFixed(1)} ms (${s.maxMsBytes} B)`;
  if (s.linear)
    line += s.linear.detail
      ? `, linear check: worst per-byte growth ${s.linear.worst.toFixed(2)}× (${s.linear.detail})`
      : ', linear check: every input grown 8× ran in under 2 ms (no growth to measure)';
  process.stdout.write(`${line}\n`);
  for (const p of s.problems.slice(0, 10))
    process.stdout.write(`  ${p.kind} #${p.index}: ${p.problem}${p.file ? ` → ${p.file}` : ''}\n`);
  if (s.problems.length > 10) process.stdout.write(`  … ${s.problems.length - 10} more\n`);
  if (s.problems.length > 0 || (s.linear && s.linear.worst > LINEAR_LIMIT)) failed = true;
}
process.exit(failed ? 1 : 0);
