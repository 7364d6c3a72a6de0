// Format detection by magic (never by file name) and one entry point for every reader.
import { ByteReader } from '../../wire/byte-reader.js';
import { ParseError, TlsDoctorError } from '../../errors.js';
import { SequentialSource } from '../source.js';
import { readPcap, PCAP_MAGIC_NS, PCAP_MAGIC_US } from './pcap.js';
import { readPcapng, PCAPNG_SHB } from './pcapng.js';
import { readNetmon } from './netmon.js';
import type { PacketCallback, ReadOptions, ReadSummary } from './types.js';

export * from './types.js';
export { netmonMediaToLinkType } from './netmon.js';

const KNOWN =
  'pcap (a1b2c3d4 / a1b23c4d, either byte order), pcapng (0a0d0d0a) or Network Monitor 2.x ("GMBU"), optionally gzip-compressed';

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
    if (!(await src.ensure(4))) {
      if (src.available === 0) throw new TlsDoctorError('INPUT_FORMAT', `${path}: the capture file is empty`);
      throw new ParseError(
        'PARSE_TRUNCATED',
        `${path}: ${src.available} bytes are too few for any capture format`,
        0,
        'capture file',
        4 - src.available,
      );
    }
    const w = src.window();
    const magicBytes = new ByteReader(w.buf, { base: w.base, start: w.start, end: w.start + 4 }).bytes(
      4,
      'magic',
    );
    const m = new ByteReader(magicBytes).u32('magic');
    const info = { compressed: src.info.compressed, fileSize: src.info.fileSize };
    const swapped = ((m & 0xff) << 24) | ((m & 0xff00) << 8) | ((m >>> 8) & 0xff00) | (m >>> 24);
    if (
      m === PCAP_MAGIC_US ||
      m === PCAP_MAGIC_NS ||
      swapped >>> 0 === PCAP_MAGIC_US ||
      swapped >>> 0 === PCAP_MAGIC_NS
    ) {
      return { ...(await withPath(path, readPcap(src, onPacket, opts))), ...info };
    }
    if (m === PCAPNG_SHB) return { ...(await withPath(path, readPcapng(src, onPacket, opts))), ...info };
    if (magicBytes.toString('latin1') === 'GMBU') {
      if (src.info.compressed) {
        throw new TlsDoctorError(
          'INPUT_FORMAT',
          `${path}: a gzip-compressed Network Monitor file cannot be read as a stream (its frame table is at the end); gunzip it first`,
        );
      }
      src.close();
      return {
        ...(await withPath(
          path,
          Promise.resolve().then(() => readNetmon(path, onPacket, opts)),
        )),
        ...info,
      };
    }
    const hex = [...magicBytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new ParseError(
      'PARSE_MALFORMED',
      `${path}: not a capture file (first bytes ${hex}); expected ${KNOWN}`,
      0,
      'capture file',
    );
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
