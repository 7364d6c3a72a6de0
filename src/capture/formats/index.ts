// The capture formats, one explicit list sorted by name; detection by magic (never by file name)
// loops over it. Adding a format: its file (defineCaptureFormat), its test in test/capture/formats/,
// and one line here — the meta-test in test/capture/formats/index.test.ts holds the list to that.
import { ByteReader } from '../../wire/byte-reader.js';
import { ParseError, TlsDoctorError } from '../../errors.js';
import { SequentialSource } from '../source.js';
import { matchesMagic, type CaptureFormatEntry } from './define.js';
import { netmon } from './netmon.js';
import { pcap } from './pcap.js';
import { pcapng } from './pcapng.js';
import type { PacketCallback, ReadOptions, ReadSummary } from './types.js';

export * from './types.js';
export { netmonMediaToLinkType } from './netmon.js';
export { defineCaptureFormat, matchesMagic, type CaptureFormatEntry, type CaptureInput } from './define.js';

export const CAPTURE_FORMATS: readonly CaptureFormatEntry[] = [netmon, pcap, pcapng];

/** bytes needed to tell every format apart */
const MAGIC_BYTES = Math.max(...CAPTURE_FORMATS.flatMap((f) => f.magic.map((m) => m.length)));

/** 'a, b or c' — what the "not a capture file" error says was expected */
function expectedFormats(): string {
  const names = CAPTURE_FORMATS.map((f) => f.expected);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}` : names.join('');
  return `${list}, optionally gzip-compressed`;
}

/** The format whose magic opens `head`, if any. */
export function detectCaptureFormat(head: Buffer): CaptureFormatEntry | undefined {
  return CAPTURE_FORMATS.find((f) => matchesMagic(f, head));
}

/**
 * Reads every packet of a capture file, in file order, calling onPacket for each.
 * Throws TlsDoctorError INPUT_* when the file cannot be opened, ParseError when its header is not a
 * capture format (with the offset); problems later in the file end the read with `stopped` set.
 */
export async function readCaptureFile(
  path: string,
  onPacket: PacketCallback,
  opts: ReadOptions = {},
): Promise<ReadSummary & { compressed: boolean; fileSize: number }> {
  const src = SequentialSource.open(path);
  try {
    // a file shorter than the longest magic may still be complete for a shorter one: only an empty
    // or unrecognised head is an error
    await src.ensure(MAGIC_BYTES);
    if (src.available === 0) throw new TlsDoctorError('INPUT_FORMAT', `${path}: the capture file is empty`);
    const n = Math.min(MAGIC_BYTES, src.available);
    const w = src.window();
    const head = new ByteReader(w.buf, { base: w.base, start: w.start, end: w.start + n }).bytes(n, 'magic');
    const format = detectCaptureFormat(head);
    if (!format) {
      if (n < MAGIC_BYTES)
        throw new ParseError(
          'PARSE_TRUNCATED',
          `${path}: ${n} bytes are too few for any capture format`,
          0,
          'capture file',
          MAGIC_BYTES - n,
        );
      const hex = [...head].map((b) => b.toString(16).padStart(2, '0')).join(' ');
      throw new ParseError(
        'PARSE_MALFORMED',
        `${path}: not a capture file (first bytes ${hex}); expected ${expectedFormats()}`,
        0,
        'capture file',
      );
    }
    const info = { compressed: src.info.compressed, fileSize: src.info.fileSize };
    return { ...(await withPath(path, format.read({ path, source: src }, onPacket, opts))), ...info };
  } finally {
    src.close();
  }
}

/** ParseErrors from a reader carry the file name in their message. */
async function withPath<T>(path: string, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ParseError && !e.message.startsWith(path)) {
      const msg = e.message.replace(/ at offset \d+( \(.*\))?$/, '');
      throw new ParseError(e.code as 'PARSE_TRUNCATED', `${path}: ${msg}`, e.offset, e.path, e.needed);
    }
    throw e;
  }
}
