// `tlsdoctor demo`: the built-in lab of broken HTTPS servers on 127.0.0.1, each diagnosed.
import { Command } from 'commander';
import { createColors } from 'picocolors';
import { demoReport, runDemo, twinDiff, type DemoResult } from '../../app/demo.js';
import { SCENARIOS, startLab } from '../../lab/index.js';
import { renderJson, renderText } from '../../report/index.js';
import { EXIT, type CommandContext } from '../context.js';
import { createProgress, progressWanted } from '../progress.js';
import { jsonOption, noColorOption, quietOption } from '../options.js';

export function defineDemo(ctx: CommandContext): Command {
  return new Command('demo')
    .description('start the built-in lab of broken HTTPS servers on 127.0.0.1 and diagnose each one')
    .option('--only <ids>', `comma-separated scenario ids (${SCENARIOS.map((s) => s.id).join(', ')})`)
    .option('--details', 'print the full diagnosis of each scenario')
    .option('--list', 'list the scenarios and exit')
    .option('--serve', 'keep the lab running (until Ctrl-C) and print a diagnose command for each scenario')
    .addOption(jsonOption('print one JSON report with every scenario'))
    .addOption(noColorOption('no colours'))
    .addOption(quietOption())
    .action(
      async (opts: {
        only?: string;
        details?: boolean;
        list?: boolean;
        serve?: boolean;
        json?: boolean;
        color?: boolean;
        quiet?: boolean;
      }) => {
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
        if (opts.serve) {
          const lab = await startLab({ ...(only ? { only } : {}) });
          out.write(
            c.bold(
              `tlsdoctor lab: ${lab.scenarios.length} servers on 127.0.0.1 (Ctrl-C stops them). Lab root CA: ${lab.caFile}\n\n`,
            ),
          );
          for (const s of lab.scenarios) {
            out.write(
              `${c.bold(s.id.padEnd(21))} ${s.spec.title}\n    tlsdoctor diagnose https://${s.serverName}:${s.port}/ --ip ${s.host} --http-port ${s.httpPort ?? 0} --ca ${lab.caFile}\n`,
            );
          }
          await new Promise<void>(() => undefined); // until the process is interrupted; the lab stops on exit
        }
        const progress = createProgress(
          ctx.io.stderr,
          progressWanted(ctx.io.stderr, { ...opts, env: ctx.io.env }),
        );
        progress.update('starting the lab');
        const startedAt = new Date();
        let done = 0;
        const total = only?.length ?? SCENARIOS.length;
        const { results, labStartMs } = await runDemo({
          ...(only ? { only } : {}),
          onResult: (r) => progress.update(`${++done}/${total} diagnosed (${r.id})`),
        });
        progress.done();
        const failed = results.filter((r) => !r.pass);
        const twin = twinDiff(results);
        if (twin && !twin.pass)
          failed.push({ ...results.find((r) => r.id === twin.broken)!, id: 'twin diff' });
        if (opts.json) {
          const report = demoReport(results, labStartMs, {
            startedAt: startedAt.toISOString(),
            durationMs: Math.round(Date.now() - startedAt.getTime()),
          });
          out.write(renderJson(report));
        } else {
          out.write(
            c.bold(
              `tlsdoctor demo — ${results.length} local servers on 127.0.0.1, each broken in one way, each diagnosed\n\n`,
            ),
          );
          for (const r of results) out.write(line(r, c) + '\n');
          if (twin)
            out.write(
              `${twin.pass ? c.green('✔') : c.red('✘')} diff ${twin.working} ${twin.broken}: first difference ${c.yellow(twin.got ?? 'none')}${twin.pass ? '' : c.red(`  (expected ${twin.expected})`)}\n    ${c.dim(truncate(twin.summary, 140))}\n`,
            );
          out.write(
            `\n${failed.length === 0 ? c.green(`All ${results.length} scenarios diagnosed as expected.`) : c.red(`${failed.length} scenario(s) not diagnosed as expected: ${failed.map((r) => r.id).join(', ')}`)} Lab started in ${labStartMs} ms.\n`,
          );
          out.write(
            `Try one yourself: tlsdoctor demo --only ${results.find((r) => r.id === 'tls10-only')?.id ?? results[0]?.id ?? 'healthy'} --details\n`,
          );
          if (opts.details) {
            for (const r of results) {
              out.write(`\n${c.bold(`═══ ${r.id}: ${r.title} ═══`)}\n`);
              out.write(renderText(r.report, { color: ctx.color(opts), width: out.columns ?? 100 }));
            }
          }
        }
        ctx.setExit(failed.length === 0 ? EXIT.OK : EXIT.PROBLEMS);
      },
    );
}

function line(r: DemoResult, c: ReturnType<typeof createColors>): string {
  const mark = r.pass ? c.green('✔') : c.red('✘');
  const cause = r.got ? c.yellow(r.got) : c.green('healthy');
  const expect = r.pass ? '' : c.red(`  (expected ${r.expected ?? 'healthy'})`);
  return `${mark} ${r.id.padEnd(21)} ${String(r.durationMs).padStart(5)} ms  ${cause}${expect}\n    ${c.dim(truncate(r.summary, 140))}`;
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}
