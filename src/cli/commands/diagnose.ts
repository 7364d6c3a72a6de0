// placeholder: replaced by the issue that builds `tlsdoctor diagnose`
import { Command } from 'commander';
import { TlsDoctorError } from '../../errors.js';
import type { CommandContext } from '../context.js';

export function defineDiagnose(_ctx: CommandContext): Command {
  return new Command('diagnose').description('(not built yet)').allowUnknownOption().allowExcessArguments().action(() => {
    throw new TlsDoctorError('USAGE', '`diagnose` is not built yet');
  });
}
