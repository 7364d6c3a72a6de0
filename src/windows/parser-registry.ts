// The registry of Windows parsers (built from parsers/index.ts) and what is derived from it: the
// input kinds, the parser for a kind, the lists of tools for help text and error messages.
// Detection over the registry is in detect.ts.
import * as registered from './parsers/index.js';
import type { WindowsParser } from './define-parser.js';

type Registered = (typeof registered)[keyof typeof registered];

/** The kinds of input `windows analyze` knows: every parser's kinds, plus the bundle's own files. */
export type WindowsInputKind =
  | Registered['kinds'][number]
  /** the manifest.json `windows collect` writes */
  | 'manifest'
  | 'empty'
  | 'unknown';

/** Every parser, sorted by id (= file name). */
export const WINDOWS_PARSERS: readonly WindowsParser[] = Object.values(
  registered as Record<string, WindowsParser>,
)
  .slice()
  .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

export function parserForKind(
  kind: string,
  parsers: readonly WindowsParser[] = WINDOWS_PARSERS,
): WindowsParser | undefined {
  return parsers.find((p) => (p.kinds as readonly string[]).includes(kind));
}

/** The tools, for help text and error messages: 'netsh http show sslcert, netstat -ano, …'. */
export function describeParsers(parsers: readonly WindowsParser[] = WINDOWS_PARSERS): string {
  return parsers.map((p) => p.title.replace(/`/g, '')).join(', ');
}

/** The commands `windows collect` runs (plus the files it copies), deduplicated: 'netsh, reg, …'. */
export function describeCollection(parsers: readonly WindowsParser[] = WINDOWS_PARSERS): {
  commands: string[];
  copies: string[];
} {
  const commands = new Set<string>();
  const copies = new Set<string>();
  for (const p of parsers)
    for (const s of p.collect) {
      if ('source' in s) copies.add(s.file);
      else commands.add(s.cmd.replace(/\.exe$/i, ''));
    }
  return { commands: [...commands], copies: [...copies] };
}
