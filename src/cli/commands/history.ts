// `tlsdoctor history TARGET`: the recorded diagnose and scan runs of a target, newest first.
import { Command } from 'commander';
import { historyCommand } from '../../app/history.js';
import { historyDir } from '../../history/store.js';
import { TlsDoctorError } from '../../errors.js';
import { emitReport, type OutputOptions } from '../output.js';
import { EXIT, type CommandContext } from '../context.js';
import { outputOptions } from '../options.js';
import { summaryOf } from './index.js';

export function defineHistory(ctx: CommandContext): Command {
  const cmd = new Command('history')
    .description(summaryOf('history'))
    .argument('<target>', 'host[:port] or https:// URL, as given to diagnose or scan');
  for (const o of outputOptions({ html: false, quiet: false })) cmd.addOption(o);
  return cmd.action(async (target: string, opts: OutputOptions) => {
    const dir = historyDir(ctx.io.env);
    if (!dir)
      throw new TlsDoctorError(
        'USAGE',
        'no history directory: set TLSDOCTOR_HISTORY_DIR, XDG_DATA_HOME or HOME',
      );
    const report = historyCommand(target, dir);
    await emitReport(ctx, report, opts);
    ctx.setExit(EXIT.OK);
  });
}
