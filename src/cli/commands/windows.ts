// placeholder: replaced by the issue that builds `tlsdoctor windows`
import { Command } from 'commander';
import { TlsDoctorError } from '../../errors.js';
import type { CommandContext } from '../context.js';

export function defineWindows(_ctx: CommandContext): Command {
  return new Command('windows').description('(not built yet)').allowUnknownOption().allowExcessArguments().action(() => {
    throw new TlsDoctorError('USAGE', '`windows` is not built yet');
  });
}
