// placeholder: replaced by the issue that builds `tlsdoctor scan`
import { Command } from 'commander';
import { TlsDoctorError } from '../../errors.js';
import type { CommandContext } from '../context.js';

export function defineScan(_ctx: CommandContext): Command {
  return new Command('scan').description('(not built yet)').allowUnknownOption().allowExcessArguments().action(() => {
    throw new TlsDoctorError('USAGE', '`scan` is not built yet');
  });
}
