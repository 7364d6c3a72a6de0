// placeholder: replaced by the issue that builds `tlsdoctor demo`
import { Command } from 'commander';
import { TlsDoctorError } from '../../errors.js';
import type { CommandContext } from '../context.js';

export function defineDemo(_ctx: CommandContext): Command {
  return new Command('demo').description('(not built yet)').allowUnknownOption().allowExcessArguments().action(() => {
    throw new TlsDoctorError('USAGE', '`demo` is not built yet');
  });
}
