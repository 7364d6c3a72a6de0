// placeholder: replaced by the issue that builds `tlsdoctor cert`
import { Command } from 'commander';
import { TlsDoctorError } from '../../errors.js';
import type { CommandContext } from '../context.js';

export function defineCert(_ctx: CommandContext): Command {
  return new Command('cert').description('(not built yet)').allowUnknownOption().allowExcessArguments().action(() => {
    throw new TlsDoctorError('USAGE', '`cert` is not built yet');
  });
}
