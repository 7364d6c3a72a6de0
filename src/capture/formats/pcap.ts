// libpcap files (https://www.tcpdump.org/manpages/pcap-savefile.5.html, draft-ietf-opsawg-pcap):
//   struct pcap_file_header { uint32 magic; uint16 version_major; uint16 version_minor;
//     int32 thiszone; uint32 sigfigs; uint32 snaplen; uint32 linktype; }          — 24 bytes
//   struct pcap_sf_pkthdr { uint32 ts_sec; uint32 ts_usec_or_nsec; uint32 caplen; uint32 len; } — 16 bytes
// magic 0xa1b2c3d4 = microseconds, 0xa1b23c4d = nanoseconds; written in the writer's byte order.
import { ByteReader } from '../../wire/byte-reader.js';
import { ParseError } from '../../errors.js';
import { MAX_BLOCK, type SequentialSource } from '../source.js';
import {
  HEAD_BYTES,
  pushWarning,
  SKIP_MIN,
  type PacketCallback,
  PacketRecord,
  at32,
  type ReadOptions,
  type ReadSummary,
} from './types.js';
import { defineCaptureFormat } from './define.js';

export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
const FILE_HEADER = 24;
const RECORD_HEADER = 16;

export async function readPcap(
  src: SequentialSource,
  onPacket: PacketCallback,
  opts: ReadOptions = {},
): Promise<ReadSummary> {
  if (src.available < FILE_HEADER && !(await src.ensure(FILE_HEADER))) {
    throw new ParseError(
      'PARSE_TRUNCATED',
      `pcap file header needs ${FILE_HEADER} bytes, file has ${src.available}`,
      0,
      'pcap file header',
      FILE_HEADER - src.available,
    );
  }
  const w = src.window();
  const h = new ByteReader(w.buf, {
    base: w.base,
    start: w.start,
    end: w.start + FILE_HEADER,
    path: ['pcap file header'],
  });
  const magicBE = new ByteReader(w.buf, { base: w.base, start: w.start, end: w.start + 4 }).u32('magic');
  const le = magicBE === 0xd4c3b2a1 || magicBE === 0x4d3cb2a1;
  const ns = magicBE === PCAP_MAGIC_NS || magicBE === 0x4d3cb2a1;
  if (!le && magicBE !== PCAP_MAGIC_US && magicBE !== PCAP_MAGIC_NS)
    h.fail(`not a pcap magic number (0x${magicBE.toString(16).padStart(8, '0')})`);
  h.skip(4, 'magic');
  const u16 = (r: ByteReader, what: string): number => (le ? r.u16le(what) : r.u16(what));
  const u32 = (r: ByteReader, what: string): number => (le ? r.u32le(what) : r.u32(what));
  const major = u16(h, 'version_major');
  u16(h, 'version_minor');
  if (major !== 2)
    h.fail(`unsupported pcap version ${major} (expected 2)`, 'PARSE_MALFORMED', w.base + w.start + 4);
  u32(h, 'thiszone');
  u32(h, 'sigfigs');
  const snaplen = u32(h, 'snaplen');
  // the upper bits of linktype carry FCS information (LINKTYPE_* is the low 16 bits)
  const linkType = u32(h, 'linktype') & 0xffff;
  src.consume(FILE_HEADER);

  const summary: ReadSummary = {
    format: ns ? 'pcap-ns' : 'pcap',
    byteOrder: le ? 'little' : 'big',
    interfaces: [{ id: 0, linkType, snaplen, unitsPerSecond: ns ? 1e9 : 1e6 }],
    packets: 0,
    warnings: [],
    bytes: FILE_HEADER,
  };
  const pkt = new PacketRecord(linkType);
  let frame = 0;
  for (;;) {
    if (src.available < RECORD_HEADER && !(await src.ensure(RECORD_HEADER))) {
      if (src.available > 0) {
        summary.stopped = {
          offset: src.offset,
          code: 'PARSE_TRUNCATED',
          reason: `truncated packet header: ${src.available} of ${RECORD_HEADER} bytes at the end of the file`,
        };
      }
      break;
    }
    // the record header's four fields, straight from the window (RECORD_HEADER bytes are there):
    // no reader object per packet
    const hb = src.windowBuffer;
    const ho = src.windowStart;
    const tsSec = at32(hb, ho, le);
    const frac = at32(hb, ho + 4, le);
    const capLen = at32(hb, ho + 8, le);
    const origLen = at32(hb, ho + 12, le);
    const headerOffset = src.offset;
    if (capLen > MAX_BLOCK || (snaplen > 0 && capLen > Math.max(snaplen, 262144) * 4)) {
      summary.stopped = {
        offset: headerOffset + 8,
        code: 'PARSE_LIMIT',
        reason: `packet ${frame + 1} declares a captured length of ${capLen} bytes (snaplen ${snaplen}); the rest of the file cannot be framed`,
      };
      break;
    }
    const needBody = opts.needBody;
    // a large packet not yet read may be skipped unread; one already in the buffer is handed over whole
    if (
      needBody &&
      capLen >= SKIP_MIN &&
      src.available < RECORD_HEADER + capLen &&
      (src.available >= RECORD_HEADER + HEAD_BYTES || (await src.ensure(RECORD_HEADER + HEAD_BYTES)))
    ) {
      const wh = src.window();
      stamp(
        pkt,
        frame + 1,
        tsSec,
        frac,
        ns,
        capLen,
        origLen,
        headerOffset + RECORD_HEADER,
        wh.buf,
        wh.start + RECORD_HEADER,
        wh.start + RECORD_HEADER + HEAD_BYTES,
      );
      if (!needBody(pkt)) {
        frame++;
        onPacket(pkt); // before skipping: the head is a view into the buffer
        const skipped =
          src.available >= RECORD_HEADER + capLen
            ? (src.consume(RECORD_HEADER + capLen), RECORD_HEADER + capLen)
            : await src.skip(RECORD_HEADER + capLen);
        if (skipped < RECORD_HEADER + capLen) {
          summary.stopped = {
            offset: headerOffset,
            code: 'PARSE_TRUNCATED',
            reason: `packet ${frame} is cut off: header says ${capLen} captured bytes, the file ends first`,
          };
          break;
        }
        continue;
      }
    }
    if (src.available < RECORD_HEADER + capLen && !(await src.ensure(RECORD_HEADER + capLen))) {
      summary.stopped = {
        offset: headerOffset,
        code: 'PARSE_TRUNCATED',
        reason: `packet ${frame + 1} is cut off: header says ${capLen} captured bytes, file ends after ${src.available - RECORD_HEADER}`,
      };
      break;
    }
    if (capLen > origLen)
      pushWarning(
        summary.warnings,
        `packet ${frame + 1} at offset ${headerOffset}: captured length ${capLen} exceeds original length ${origLen}`,
      );
    const win2 = src.window();
    frame++;
    stamp(
      pkt,
      frame,
      tsSec,
      frac,
      ns,
      capLen,
      origLen,
      headerOffset + RECORD_HEADER,
      win2.buf,
      win2.start + RECORD_HEADER,
      win2.start + RECORD_HEADER + capLen,
    );
    onPacket(pkt);
    src.consume(RECORD_HEADER + capLen);
    summary.bytes = src.offset;
  }
  summary.packets = frame;
  summary.bytes = src.offset;
  summary.bytesRead = src.bytesRead;
  return summary;
}

/** One record's fields into the reused packet object (no allocation per packet); its bytes are a view into the read buffer. */
function stamp(
  pkt: PacketRecord,
  frameNo: number,
  tsSec: number,
  frac: number,
  ns: boolean,
  capLen: number,
  origLen: number,
  offset: number,
  buf: Buffer,
  start: number,
  end: number,
): void {
  pkt.frame = frameNo;
  pkt.tsSec = tsSec + Math.floor(ns ? frac / 1e9 : frac / 1e6);
  pkt.tsNs = ns ? frac % 1e9 : (frac % 1e6) * 1000;
  pkt.capLen = capLen;
  pkt.origLen = origLen;
  pkt.offset = offset;
  pkt.setBytes(buf, start, end);
}

const u32be = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

/** pcap, µs or ns timestamps, in the writer's byte order: four magics */
export const pcap = defineCaptureFormat({
  name: 'pcap',
  magic: [PCAP_MAGIC_US, PCAP_MAGIC_NS].flatMap((m) => [u32be(m), u32be(m).reverse()]),
  expected: 'pcap (a1b2c3d4 / a1b23c4d, either byte order)',
  read: ({ source }, onPacket, opts) => readPcap(source, onPacket, opts),
});
