// Under --json every outcome is a JSON document on stdout, failures included: a script reading
// the output never has to special-case an empty one (docs/json-schema.md, `error`).
import { SCHEMA_VERSION, type CommandName, type ErrorReport } from '../model/report.js';
import { VERSION } from '../version.js';

const COMMANDS: readonly CommandName[] = [
  'scan',
  'diagnose',
  'cert',
  'capture',
  'windows-analyze',
  'windows-collect',
  'demo',
  'explain',
];

/** The report of a command that stopped on `code`; undefined for a name that is no command. */
export function errorReport(
  command: string,
  target: string,
  code: string,
  message: string,
  startedAt = new Date(),
): ErrorReport | undefined {
  const name = COMMANDS.find((c) => c === command);
  if (!name) return undefined;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'tlsdoctor', version: VERSION },
    command: name,
    target,
    startedAt: startedAt.toISOString(),
    durationMs: Math.max(0, Date.now() - startedAt.getTime()),
    verdict: {
      status: code === 'UNREACHABLE' || code === 'DNS_ERROR' ? 'unreachable' : 'error',
      summary: message,
    },
    findings: [],
    observations: [],
    error: { code, message },
  };
}

export function errorDocument(
  command: string,
  target: string,
  code: string,
  message: string,
  startedAt?: Date,
): string | undefined {
  const r = errorReport(command, target, code, message, startedAt);
  return r ? JSON.stringify(r, null, 2) + '\n' : undefined;
}
