// Decoding and line handling shared by every Windows text parser.
// Windows tools write UTF-16LE with a BOM (regedit, `reg export`, PowerShell 5.1 `>`), UTF-8
// (PowerShell 7, copies from the web) or the OEM/ANSI code page (`cmd >`). Values that matter
// (hashes, GUIDs, addresses, numbers) are ASCII in all of them; only localized labels are not.
import { ByteReader } from '../wire/byte-reader.js';
import { TlsDoctorError } from '../errors.js';

/** Hard cap on one input: the biggest real input (a full `reg query /s`, a year of events) is a few MB. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;
/** Hard cap on lines kept from one input. */
export const MAX_LINES = 500_000;

export type TextEncodingName = 'utf-16le' | 'utf-16be' | 'utf-8' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  bom: boolean;
}

/**
 * Bytes → text. BOM first, then BOM-less UTF-16LE (NULs at odd offsets), then strict UTF-8, then
 * windows-1252 as the stand-in for an unknown OEM/ANSI code page (cp437/850 are not in the WHATWG
 * encodings Node ships; labels may then look odd, values stay readable).
 * Throws INPUT_FORMAT for binary content and INPUT_TOO_LARGE above MAX_INPUT_BYTES.
 */
export function decodeText(buf: Buffer, origin: string): DecodedText {
  if (buf.length > MAX_INPUT_BYTES) {
    throw new TlsDoctorError(
      'INPUT_TOO_LARGE',
      `${origin}: ${buf.length} bytes is above the ${MAX_INPUT_BYTES}-byte limit for a Windows text input`,
    );
  }
  const r = new ByteReader(buf, { path: [origin] });
  const b0 = r.peekU8(0);
  const b1 = r.peekU8(1);
  const b2 = r.peekU8(2);
  let decoded: DecodedText;
  if (b0 === 0xff && b1 === 0xfe) {
    r.skip(2, 'BOM');
    decoded = { text: decodeUtf16(r.peekRest(), 'utf-16le'), encoding: 'utf-16le', bom: true };
  } else if (b0 === 0xfe && b1 === 0xff) {
    r.skip(2, 'BOM');
    decoded = { text: decodeUtf16(r.peekRest(), 'utf-16be'), encoding: 'utf-16be', bom: true };
  } else if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) {
    r.skip(3, 'BOM');
    decoded = { text: new TextDecoder('utf-8').decode(r.peekRest()), encoding: 'utf-8', bom: true };
  } else if (looksUtf16le(r.peekRest())) {
    decoded = { text: decodeUtf16(r.peekRest(), 'utf-16le'), encoding: 'utf-16le', bom: false };
  } else {
    const rest = r.peekRest();
    try {
      decoded = {
        text: new TextDecoder('utf-8', { fatal: true }).decode(rest),
        encoding: 'utf-8',
        bom: false,
      };
    } catch {
      decoded = { text: new TextDecoder('windows-1252').decode(rest), encoding: 'windows-1252', bom: false };
    }
  }
  if (isBinary(decoded.text)) {
    throw new TlsDoctorError(
      'INPUT_FORMAT',
      `${origin}: binary content (control bytes), expected the text output of a Windows command or a .reg/.config/.xml file`,
    );
  }
  return decoded;
}

function decodeUtf16(body: Buffer, enc: 'utf-16le' | 'utf-16be'): string {
  // an odd trailing byte is a truncated file: drop it rather than fail, the text before it is good
  const even = body.length % 2 === 0 ? body : body.subarray(0, body.length - 1);
  return new TextDecoder(enc).decode(even);
}

/** BOM-less UTF-16LE: ASCII text has a NUL at (nearly) every odd offset. */
function looksUtf16le(body: Buffer): boolean {
  const r = new ByteReader(body);
  let pairs = 0;
  let nulHigh = 0;
  while (r.remaining >= 2 && pairs < 512) {
    r.u8('low');
    if (r.u8('high') === 0) nulHigh++;
    pairs++;
  }
  return pairs >= 2 && nulHigh / pairs > 0.6;
}

function isBinary(text: string): boolean {
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  if (sample.length === 0) return false;
  let ctl = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1b) || c === 0xfffd)
      ctl++;
  }
  return ctl > 8 && ctl / sample.length > 0.02;
}

/** Longest line kept; real Windows output lines are a few KB at most (a 40-suite REG_MULTI_SZ). */
export const MAX_LINE_CHARS = 65536;
/** Longest run of blanks kept: column padding never needs more, and it bounds regex backtracking. */
const MAX_BLANK_RUN = 256;

/**
 * Cut the line and its long blank runs, in one pass: the pattern `[ \t]{257,}` re-scans a run that
 * is just short of the limit from each of its blanks, which on a wide line of such runs takes seconds.
 */
function capLine(s: string): string {
  const cut = s.length > MAX_LINE_CHARS ? s.slice(0, MAX_LINE_CHARS) : s;
  let out: string | undefined;
  let kept = 0;
  let i = 0;
  while (i < cut.length) {
    const c = cut.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) {
      i++;
      continue;
    }
    const start = i;
    while (i < cut.length && (cut.charCodeAt(i) === 0x20 || cut.charCodeAt(i) === 0x09)) i++;
    if (i - start > MAX_BLANK_RUN) {
      out = (out ?? '') + cut.slice(kept, start + MAX_BLANK_RUN);
      kept = i;
    }
  }
  return out === undefined ? cut : out + cut.slice(kept);
}

/** Strip CR and trailing blanks without a backtracking regex (`[ \t]+$` is quadratic on long runs). */
function trimEndBlank(s: string): string {
  let end = s.length;
  while (end > 0) {
    const c = s.charCodeAt(end - 1);
    if (c === 0x0d || c === 0x20 || c === 0x09 || c === 0xa0) end--;
    else break;
  }
  return end === s.length ? s : s.slice(0, end);
}

export interface Line {
  /** 1-based line number in the decoded text */
  n: number;
  /** the line without CR, trailing blanks and noise prefixes */
  text: string;
}

// Noise a paste or a transcript puts before the real text (reference §0.3).
const PROMPT_RES: RegExp[] = [
  /^\s*\*Evil-WinRM\*\s+PS\s+[^>]*>\s?/,
  /^\s*PS\s+[A-Za-z]:\\[^>]*>\s?/,
  /^\s*[A-Za-z]:\\[^>]*>\s?(?=\S)/,
  /^\s*(?:VERBOSE|AUSFÜHRLICH|DETAILLIERT|COMMENTAIRES):\s/,
  /^### /,
];

/** Split decoded text into lines: strip CR, trailing blanks, prompts, `-- More --`. */
export function splitLines(text: string, origin: string): Line[] {
  const raw = text.split('\n');
  if (raw.length > MAX_LINES) {
    throw new TlsDoctorError(
      'INPUT_TOO_LARGE',
      `${origin}: ${raw.length} lines is above the ${MAX_LINES}-line limit`,
    );
  }
  const out: Line[] = [];
  for (let i = 0; i < raw.length; i++) {
    let t = trimEndBlank(capLine(raw[i]!));
    if (t.includes(String.fromCharCode(0))) t = t.split(String.fromCharCode(0)).join('');
    if (/^\s*-- More --\s*$/.test(t)) t = '';
    for (const re of PROMPT_RES) t = t.replace(re, '');
    out.push({ n: i + 1, text: t });
  }
  return out;
}

/** Read a file's bytes as lines: the usual entry of every parser. */
export function linesOf(
  buf: Buffer,
  origin: string,
): { lines: Line[]; encoding: TextEncodingName; text: string } {
  const d = decodeText(buf, origin);
  return { lines: splitLines(d.text, origin), encoding: d.encoding, text: d.text };
}

/** A SHA-1 thumbprint as netsh and certutil print it, normalised: lower-case hex, no spaces or invisible marks. */
export function normalizeThumbprint(s: string): string {
  return s.replace(/[\s\u200e\u200f\u202a-\u202e\ufeff:]/g, '').toLowerCase();
}

export const ZERO_GUID = '{00000000-0000-0000-0000-000000000000}';
export const IIS_APPID = '{4dc3e181-e14b-4a21-b022-59fc669b0914}';
export const GUID_RE = /^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/;

export function normalizeGuid(s: string): string {
  const t = s.trim().toLowerCase();
  return t.startsWith('{') ? t : `{${t}}`;
}
