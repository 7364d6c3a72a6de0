// `tlsdoctor demo`: the built-in lab of broken HTTPS servers on 127.0.0.1, each diagnosed.
import { Command } from 'commander';
import { createColors } from 'picocolors';
import type { DemoResult } from '../../app/demo.js';
import { SCENARIOS } from '../../lab/scenarios.js';
import { TlsDoctorError } from '../../errors.js';
import { EXIT, selfOf, type CommandContext } from '../context.js';
import { createProgress, progressWanted } from '../progress.js';
import { outputOptions } from '../options.js';
import { textWidth, type OutputOptions } from '../output.js';
import { summaryOf } from './index.js';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function defineDemo(ctx: CommandContext): Command {
  const cmd = new Command('demo')
    .description(summaryOf('demo'))
    .option('--only <ids>', `comma-separated scenario ids (${SCENARIOS.map((s) => s.id).join(', ')})`)
    .option('--details', 'print the full diagnosis of each scenario')
    .option('--list', 'list the scenarios and exit')
    .option('--serve', 'keep the lab running (until Ctrl-C) and print a diagnose command for each scenario');
  for (const o of outputOptions({ html: false })) cmd.addOption(o);
  return cmd.action(
    async (
      opts: OutputOptions & {
        only?: string;
        details?: boolean;
        list?: boolean;
        serve?: boolean;
      },
    ) => {
      const c = createColors(ctx.color(opts));
      const out = ctx.io.stdout;
      if (opts.list) {
        for (const s of SCENARIOS)
          out.write(`${s.id.padEnd(22)} ${s.title}  →  ${s.expectedRootCause ?? '(no problem)'}\n`);
        return;
      }
      const only = opts.only
        ? opts.only
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined;
      const unknown = only?.filter((id) => !SCENARIOS.some((s) => s.id === id)) ?? [];
      if (unknown.length > 0)
        throw new TlsDoctorError(
          'USAGE',
          `demo --only: no scenario ${unknown.join(', ')} (the scenarios: ${SCENARIOS.map((s) => s.id).join(', ')})`,
        );
      const self = selfOf(ctx);
      if (opts.serve) {
        const { startLab } = await import('../../lab/index.js');
        const lab = await startLab({ ...(only ? { only } : {}) });
        out.write(
          c.bold(
            `tlsdoctor lab: ${plural(lab.scenarios.length, 'server')} on 127.0.0.1 (Ctrl-C stops them). Lab root CA: ${lab.caFile}\n\n`,
          ),
        );
        for (const s of lab.scenarios) {
          out.write(
            `${c.bold(s.id.padEnd(21))} ${s.spec.title}\n    ${self} diagnose https://${s.serverName}:${s.port}/ --ip ${s.host} --http-port ${s.httpPort ?? 0} --ca ${lab.caFile}\n`,
          );
        }
        await new Promise<void>(() => undefined); // until the process is interrupted; the lab stops on exit
      }
      const progress = createProgress(
        ctx.io.stderr,
        progressWanted(ctx.io.stderr, { ...opts, env: ctx.io.env }),
      );
      progress.update('starting the lab');
      const { demoReport, runDemo, twinDiff } = await import('../../app/demo.js');
      const startedAt = new Date();
      let done = 0;
      const total = only?.length ?? SCENARIOS.length;
      const { results, labStartMs } = await runDemo({
        ...(only ? { only } : {}),
        onResult: (r) => progress.update(`${++done}/${total} diagnosed (${r.id})`),
      });
      progress.done();
      const failed = results.filter((r) => !r.pass);
      // the working/broken twins are also diffed: the deciding difference must come first
      const twin = twinDiff(results);
      if (twin && !twin.pass) failed.push({ ...results.find((r) => r.id === twin.broken)!, id: 'twin diff' });
      if (opts.json) {
        const { renderJson } = await import('../../report/json.js');
        const report = demoReport(results, labStartMs, {
          startedAt: startedAt.toISOString(),
          durationMs: Math.round(Date.now() - startedAt.getTime()),
        });
        out.write(renderJson(report));
      } else if (!opts.quiet || failed.length > 0) {
        const n = results.length;
        const broken = results.filter((r) => r.expected !== null).length;
        out.write(
          c.bold(
            `tlsdoctor demo — ${plural(n, 'local server')} on 127.0.0.1${broken === n ? `, ${n === 1 ? 'broken' : 'each broken'} in one way` : broken > 0 ? `, ${broken} of them broken in one way` : ''}, diagnosed\n`,
          ),
        );
        out.write(
          c.dim(
            `${c.green('✔')} no problem found   ${c.red('✘')} problem found (its root cause on the right)   ${c.red('≠')} not what the lab expected\n\n`,
          ),
        );
        for (const r of results) out.write(line(r, c) + '\n');
        if (twin)
          out.write(
            `${twin.pass ? c.green('✔') : c.red('✘')} diff ${twin.working} ${twin.broken}: first difference ${c.yellow(twin.got ?? 'none')}${twin.pass ? '' : c.red(`  (expected ${twin.expected})`)}\n    ${c.dim(truncate(twin.summary, 140))}\n`,
          );
        const verdict =
          failed.length === 0
            ? c.green(
                n === 1
                  ? 'The scenario was diagnosed as expected.'
                  : `All ${n} scenarios diagnosed as expected.`,
              )
            : c.red(
                `${plural(failed.length, 'scenario')} of ${n} not diagnosed as expected: ${failed.map((r) => r.id).join(', ')}`,
              );
        out.write(`\n${verdict} Lab started in ${labStartMs} ms.\n`);
        if (!opts.details) {
          const pick = results.find((r) => r.id === 'tls10-only') ?? results.find((r) => r.got) ?? results[0];
          if (pick) out.write(`See one diagnosis in full: ${self} demo --only ${pick.id} --details\n`);
        }
        if (opts.details) {
          const { renderText } = await import('../../report/text.js');
          for (const r of results) {
            out.write(`\n${c.bold(`═══ ${r.id}: ${r.title} ═══`)}\n`);
            out.write(renderText(r.report, { color: ctx.color(opts), width: textWidth(ctx, opts) }));
          }
        }
      }
      ctx.setExit(failed.length === 0 ? EXIT.OK : EXIT.PROBLEMS);
    },
  );
}

function line(r: DemoResult, c: ReturnType<typeof createColors>): string {
  const mark = r.got ? c.red('✘') : c.green('✔');
  const cause = r.got ? c.yellow(r.got) : c.green('healthy');
  const expect = r.pass ? '' : c.red(`  ≠ the lab expected ${r.expected ?? 'healthy'}`);
  return `${mark} ${r.id.padEnd(21)} ${String(r.durationMs).padStart(5)} ms  ${cause}${expect}\n    ${c.dim(truncate(r.summary, 140))}`;
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}
