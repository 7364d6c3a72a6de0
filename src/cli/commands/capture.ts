// placeholder: replaced by the issue that builds `tlsdoctor capture`
import { Command } from 'commander';
import { TlsDoctorError } from '../../errors.js';
import type { CommandContext } from '../context.js';

export function defineCapture(_ctx: CommandContext): Command {
  return new Command('capture').description('(not built yet)').allowUnknownOption().allowExcessArguments().action(() => {
    throw new TlsDoctorError('USAGE', '`capture` is not built yet');
  });
}
