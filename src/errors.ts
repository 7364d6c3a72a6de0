// One place for every error tlsdoctor raises on purpose, each with a stable code
// (DESIGN convention 9: tests match on `code`, never on message text).

export type ErrorCode =
  // wire / parsing
  | 'PARSE_TRUNCATED' // not enough bytes yet: truncated is not malformed (convention 5)
  | 'PARSE_MALFORMED'
  | 'PARSE_LIMIT' // a size or count above a hard cap
  | 'PARSE_TRAILING' // bytes left where the structure should end
  // input files
  | 'INPUT_NOT_FOUND'
  | 'INPUT_UNREADABLE'
  | 'INPUT_TOO_LARGE'
  | 'INPUT_FORMAT' // content is not what was expected
  | 'INPUT_PASSWORD' // wrong or missing password
  // usage
  | 'USAGE'
  // network
  | 'TARGET_INVALID'
  | 'DNS_ERROR'
  | 'UNREACHABLE'
  | 'PLATFORM'; // e.g. a Windows-only command elsewhere

export class TlsDoctorError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'TlsDoctorError';
  }
}

/**
 * A failed read in a wire/file parser. `offset` is absolute (from the start of the buffer the
 * reader was created on, plus its base), `path` names the nested structures being read,
 * e.g. `Record > Handshake > ServerHello > extensions[3]`.
 * For PARSE_TRUNCATED, `needed` says how many more bytes would have been required.
 */
export class ParseError extends TlsDoctorError {
  readonly offset: number;
  readonly path: string;
  readonly needed: number | undefined;
  constructor(
    code: 'PARSE_TRUNCATED' | 'PARSE_MALFORMED' | 'PARSE_LIMIT' | 'PARSE_TRAILING',
    message: string,
    offset: number,
    path: string,
    needed?: number,
  ) {
    super(code, `${message} at offset ${offset}${path ? ` (${path})` : ''}`);
    this.name = 'ParseError';
    this.offset = offset;
    this.path = path;
    this.needed = needed;
  }
}

export function isTlsDoctorError(e: unknown): e is TlsDoctorError {
  return e instanceof TlsDoctorError;
}

/** One line for a user: never a stack trace. */
export function oneLine(e: unknown): string {
  if (e instanceof Error) return e.message.replace(/\s*\n\s*/g, ' ');
  return String(e).replace(/\s*\n\s*/g, ' ');
}
