// Microsoft Network Monitor 2.x capture files (.cap), as Network Monitor 3.4 writes them.
// File header (little-endian), after Netmon.h CAPTUREFILE_HEADER_VALUES:
//   char Signature[4] = "GMBU"; BYTE BCDVerMinor; BYTE BCDVerMajor (= 2); WORD MacType;
//   SYSTEMTIME TimeStamp (8 × WORD: year, month, dow, day, hour, minute, second, ms);
//   DWORD FrameTableOffset; DWORD FrameTableLength; … (user data, comments, process info …)
// The frame table is an array of DWORD file offsets, one per frame. Each 2.x frame:
//   UINT64 TimeOffset (µs since TimeStamp); DWORD FrameLengthWire; DWORD FrameLength; BYTE data[FrameLength];
//   then, from version 2.1, a trailer: WORD MediaType (2.1); + DWORD ProcessInfoIndex (2.2); + UINT64
//   UTC FILETIME, BYTE TimeZoneIndex (2.3 and later, as Network Monitor 3.4 writes).
// Frames are reached through the table, so this reader needs a plain (seekable) file.
import { ByteReader } from '../../wire/byte-reader.js';
import { ParseError, TlsDoctorError } from '../../errors.js';
import { MAX_BLOCK, RandomAccessFile } from '../source.js';
import {
  HEAD_BYTES,
  pushWarning,
  SKIP_MIN,
  type PacketCallback,
  PacketRecord,
  type ReadOptions,
  type ReadSummary,
} from './types.js';
import { defineCaptureFormat } from './define.js';

export const NETMON_MAGIC = 'GMBU';
const HEADER = 40; // up to and including FrameTableLength … UserDataLength
const FRAME_HEADER = 16;
const TABLE_CHUNK = 16384; // entries read at a time

/** NetMon MacType / per-frame MediaType → LINKTYPE_*; 0xE000 + n carries a pcap LINKTYPE n. */
export function netmonMediaToLinkType(media: number): number {
  if (media === 1) return 1; // Ethernet
  if (media === 6) return 105; // 802.11 (read, not decoded)
  if (media >= 0xe000 && media < 0xf000) return media - 0xe000;
  return 0x10000 + media; // unknown: kept as data, reported as an unsupported link
}

export function readNetmon(path: string, onPacket: PacketCallback, opts: ReadOptions = {}): ReadSummary {
  const f = new RandomAccessFile(path);
  try {
    return readFrom(f, onPacket, opts);
  } finally {
    f.close();
  }
}

function readFrom(f: RandomAccessFile, onPacket: PacketCallback, opts: ReadOptions): ReadSummary {
  const hb = Buffer.alloc(HEADER);
  const got = f.read(hb, HEADER, 0);
  if (got < HEADER)
    throw new ParseError(
      'PARSE_TRUNCATED',
      `Network Monitor header needs ${HEADER} bytes, file has ${got}`,
      got,
      'netmon header',
      HEADER - got,
    );
  const h = new ByteReader(hb, { path: ['netmon header'] });
  const sig = h.bytes(4, 'Signature').toString('latin1');
  if (sig !== NETMON_MAGIC) h.fail(`not a Network Monitor signature ("${sig}")`, 'PARSE_MALFORMED', 0);
  const minor = h.u8('BCDVerMinor');
  const major = h.u8('BCDVerMajor');
  if (major !== 2)
    h.fail(`unsupported Network Monitor version ${major}.${minor} (only 2.x)`, 'PARSE_MALFORMED', 5);
  const macType = h.u16le('MacType');
  const year = h.u16le('wYear');
  const month = h.u16le('wMonth');
  h.u16le('wDayOfWeek');
  const day = h.u16le('wDay');
  const hour = h.u16le('wHour');
  const minute = h.u16le('wMinute');
  const second = h.u16le('wSecond');
  const ms = h.u16le('wMilliseconds');
  const tableOffset = h.u32le('FrameTableOffset');
  const tableLength = h.u32le('FrameTableLength');
  if (tableLength % 4 !== 0)
    throw new ParseError(
      'PARSE_MALFORMED',
      `frame table length ${tableLength} is not a multiple of 4`,
      28,
      'netmon header',
    );
  if (tableOffset + tableLength > f.size || (tableLength > 0 && tableOffset < HEADER)) {
    throw new ParseError(
      'PARSE_TRUNCATED',
      `frame table (${tableLength} bytes at offset ${tableOffset}) lies outside the ${f.size}-byte file`,
      24,
      'netmon header',
      Math.max(0, tableOffset + tableLength - f.size),
    );
  }
  const baseMs = Date.UTC(year, Math.max(0, month - 1), day, hour, minute, second, ms);
  const baseSec = Number.isFinite(baseMs) ? Math.floor(baseMs / 1000) : 0;
  const baseNs = Number.isFinite(baseMs) ? (baseMs % 1000) * 1e6 : 0;
  // trailer per version (Wireshark's netmon.c): 2.1 MediaType; 2.2 + ProcessInfoIndex; 2.3+ + UTC time, time zone
  const trailer = minor >= 3 ? 15 : minor === 2 ? 6 : minor === 1 ? 2 : 0;
  const defaultLink = netmonMediaToLinkType(macType);
  const summary: ReadSummary = {
    format: 'netmon2',
    byteOrder: 'little',
    interfaces: [{ id: 0, linkType: defaultLink, snaplen: 0, unitsPerSecond: 1e6 }],
    packets: 0,
    warnings: [],
    bytes: f.size,
  };
  const count = tableLength / 4;
  const table = Buffer.alloc(Math.min(count, TABLE_CHUNK) * 4);
  const fh = Buffer.alloc(FRAME_HEADER);
  const tb = Buffer.alloc(2);
  let bytesRead = HEADER;
  let data = Buffer.alloc(64 * 1024);
  const pkt = new PacketRecord(defaultLink);
  for (let i = 0; i < count; i += TABLE_CHUNK) {
    const n = Math.min(TABLE_CHUNK, count - i);
    f.read(table, n * 4, tableOffset + i * 4);
    const tr = new ByteReader(table, { base: tableOffset + i * 4, end: n * 4, path: ['frame table'] });
    for (let j = 0; j < n; j++) {
      const frame = i + j + 1;
      const off = tr.u32le(`frame ${frame} offset`);
      if (off < HEADER || off + FRAME_HEADER > f.size) {
        pushWarning(summary.warnings, `frame ${frame}: table offset ${off} lies outside the file; skipped`);
        continue;
      }
      f.read(fh, FRAME_HEADER, off);
      const r = new ByteReader(fh, { base: off, path: [`frame ${frame}`] });
      const delta = Number(r.u64le('TimeOffset'));
      const origLen = r.u32le('FrameLengthWire');
      const capLen = r.u32le('FrameLength');
      if (capLen > MAX_BLOCK || off + FRAME_HEADER + capLen + trailer > f.size) {
        pushWarning(
          summary.warnings,
          `frame ${frame} at offset ${off}: declares ${capLen} captured bytes, beyond the end of the file or the ${MAX_BLOCK}-byte cap; skipped`,
        );
        continue;
      }
      let linkType = defaultLink;
      if (trailer >= 2) {
        f.read(tb, 2, off + FRAME_HEADER + capLen);
        linkType = netmonMediaToLinkType(
          new ByteReader(tb, { base: off + FRAME_HEADER + capLen, path: [`frame ${frame} trailer`] }).u16le(
            'MediaType',
          ),
        );
      }
      // a large frame whose body the caller does not need: read its head only
      const headOnly = opts.needBody !== undefined && capLen >= SKIP_MIN;
      const need = headOnly ? HEAD_BYTES : capLen;
      if (data.length < need) data = Buffer.alloc(Math.max(need, data.length * 2));
      bytesRead += FRAME_HEADER + f.read(data, need, off + FRAME_HEADER);
      const tsTotalNs = baseNs + (delta % 1e6) * 1000;
      pkt.frame = frame;
      pkt.linkType = linkType;
      pkt.tsSec = baseSec + Math.floor(delta / 1e6) + Math.floor(tsTotalNs / 1e9);
      pkt.tsNs = tsTotalNs % 1e9;
      pkt.capLen = capLen;
      pkt.origLen = origLen;
      pkt.offset = off + FRAME_HEADER;
      pkt.setBytes(data, 0, need);
      if (headOnly && opts.needBody!(pkt)) {
        if (data.length < capLen) data = Buffer.alloc(capLen);
        bytesRead += f.read(data, capLen, off + FRAME_HEADER);
        pkt.setBytes(data, 0, capLen);
      }
      onPacket(pkt);
    }
  }
  summary.packets = count;
  summary.bytesRead = bytesRead;
  return summary;
}

/** Network Monitor 2.x: its frames are reached through a table at the end, so it reads a plain file */
export const netmon = defineCaptureFormat({
  name: 'netmon',
  magic: [Buffer.from(NETMON_MAGIC, 'latin1')],
  expected: 'Network Monitor 2.x ("GMBU")',
  read: async ({ path, source }, onPacket, opts) => {
    if (source.info.compressed) {
      throw new TlsDoctorError(
        'INPUT_FORMAT',
        `${path}: a gzip-compressed Network Monitor file cannot be read as a stream (its frame table is at the end); gunzip it first`,
      );
    }
    source.close();
    return readNetmon(path, onPacket, opts);
  },
});
