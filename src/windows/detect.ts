// Which tool wrote this text? Decided by content, never by file name: every registered parser
// scores the text (define-parser.ts says what the scores mean) and the highest score wins.
import { DETECT_WINDOW, firstNonBlankLine, type WindowsParser } from './define-parser.js';
import { WINDOWS_PARSERS, type WindowsInputKind } from './parser-registry.js';

export type { WindowsInputKind } from './parser-registry.js';

export interface Detected {
  kind: WindowsInputKind;
  score: number;
  parser?: WindowsParser;
}

/**
 * The best-scoring parser for a text; equal scores go to the kind that sorts first, so the answer
 * does not depend on the order of the list. An empty text and tlsdoctor's own manifest are
 * recognised before any parser is asked.
 */
export function detectWith(parsers: readonly WindowsParser[], text: string): Detected {
  const head = text.slice(0, DETECT_WINDOW);
  if (head.trim() === '') return { kind: 'empty', score: 100 };
  if (
    /^\{\s*"tool"\s*:\s*"tlsdoctor"/.test(head.trimStart()) ||
    (/^\{/.test(firstNonBlankLine(head)) && /"windowsCollect"/.test(head))
  )
    return { kind: 'manifest', score: 100 };
  let best: Detected = { kind: 'unknown', score: 0 };
  for (const parser of parsers) {
    const d = parser.detect(head);
    if (d.score <= 0) continue;
    if (d.score > best.score || (d.score === best.score && d.kind < best.kind))
      best = { kind: d.kind as WindowsInputKind, score: d.score, parser };
  }
  return best;
}

export function detectWindowsInput(text: string): WindowsInputKind {
  return detectWith(WINDOWS_PARSERS, text).kind;
}
