// placeholder: replaced by the issue that builds `tlsdoctor explain`
import { Command } from 'commander';
import { TlsDoctorError } from '../../errors.js';
import type { CommandContext } from '../context.js';

export function defineExplain(_ctx: CommandContext): Command {
  return new Command('explain').description('(not built yet)').allowUnknownOption().allowExcessArguments().action(() => {
    throw new TlsDoctorError('USAGE', '`explain` is not built yet');
  });
}
