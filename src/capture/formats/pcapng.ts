// pcapng (draft-ietf-opsawg-pcapng). Every block:
//   uint32 Block Type; uint32 Block Total Length; Block Body; uint32 Block Total Length
// Section Header Block 0x0A0D0D0A (Byte-Order Magic 0x1A2B3C4D gives the section's byte order),
// Interface Description Block 1 (LinkType u16, Reserved u16, SnapLen u32, options: if_tsresol 9,
// if_tsoffset 14), Enhanced Packet Block 6, Simple Packet Block 3, obsolete Packet Block 2.
// Other blocks are skipped by their length (unknown is data: counted, not fatal).
import { ByteReader } from '../../wire/byte-reader.js';
import { ParseError } from '../../errors.js';
import { MAX_BLOCK, type SequentialSource } from '../source.js';
import {
  HEAD_BYTES,
  pushWarning,
  SKIP_MIN,
  type CaptureInterface,
  type PacketCallback,
  PacketRecord,
  at32,
  type ReadOptions,
  type ReadSummary,
} from './types.js';
import { defineCaptureFormat } from './define.js';

export const PCAPNG_SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const BT_IDB = 1;
const BT_PB = 2;
const BT_SPB = 3;
const BT_EPB = 6;
const BLOCK_NAMES: Record<number, string> = {
  [PCAPNG_SHB]: 'Section Header Block',
  [BT_IDB]: 'Interface Description Block',
  [BT_PB]: 'Packet Block',
  [BT_SPB]: 'Simple Packet Block',
  [BT_EPB]: 'Enhanced Packet Block',
};
/** interfaces per section: a hostile file cannot make us keep more */
const MAX_INTERFACES = 4096;

interface Iface extends CaptureInterface {
  tsOffset: number;
}

export async function readPcapng(
  src: SequentialSource,
  onPacket: PacketCallback,
  opts: ReadOptions = {},
): Promise<ReadSummary> {
  const summary: ReadSummary = {
    format: 'pcapng',
    byteOrder: 'little',
    interfaces: [],
    packets: 0,
    warnings: [],
    bytes: 0,
  };
  let le = true;
  let ifaces: Iface[] = [];
  let sections = 0;
  let frame = 0;
  const skipped = new Map<number, number>();
  const pkt = new PacketRecord();
  const u16 = (r: ByteReader, what: string): number => (le ? r.u16le(what) : r.u16(what));
  const u32 = (r: ByteReader, what: string): number => (le ? r.u32le(what) : r.u32(what));

  for (;;) {
    if (src.available < 12 && !(await src.ensure(12))) {
      if (src.available > 0) {
        const stop = {
          offset: src.offset,
          code: 'PARSE_TRUNCATED',
          reason: `truncated block header: ${src.available} bytes at the end of the file`,
        };
        if (sections === 0)
          throw new ParseError(
            'PARSE_TRUNCATED',
            `pcapng section header block is cut off (${src.available} bytes)`,
            src.offset,
            'pcapng',
            12 - src.available,
          );
        summary.stopped = stop;
      }
      break;
    }
    const blockOffset = src.offset;
    if (sections > 0 && src.windowEnd - src.windowStart >= 32) {
      // The common case: an Enhanced Packet Block already in memory whose lengths agree. Its fixed
      // fields are read straight from the window (no reader objects or read calls per packet: 32
      // bytes are in the window, and the rest only once the block is known to fit in it); any
      // other block, or one whose lengths do not add up, takes the checked path below.
      const b = src.windowBuffer;
      const o = src.windowStart;
      const type = at32(b, o, le);
      const total = at32(b, o + 4, le);
      if (
        type === BT_EPB &&
        total >= 32 &&
        total % 4 === 0 &&
        total <= src.windowEnd - o &&
        at32(b, o + total - 4, le) === total
      ) {
        const ifId = at32(b, o + 8, le);
        const capLen = at32(b, o + 20, le);
        const iface = ifaces[ifId];
        if (iface && capLen <= total - 32) {
          frame++;
          pkt.frame = frame;
          pkt.interfaceId = ifId;
          pkt.linkType = iface.linkType;
          toTime(at32(b, o + 12, le), at32(b, o + 16, le), iface.unitsPerSecond, pkt);
          pkt.tsSec += iface.tsOffset;
          pkt.capLen = capLen;
          pkt.origLen = at32(b, o + 24, le);
          pkt.offset = blockOffset + 28;
          pkt.setBytes(b, o + 28, o + 28 + capLen);
          onPacket(pkt);
          src.consume(total);
          continue;
        }
      }
    }
    let w = src.window();
    const hr = new ByteReader(w.buf, {
      base: w.base,
      start: w.start,
      end: w.start + 12,
      path: ['pcapng block header'],
    });
    const typeBE = hr.u32('block type');
    if (typeBE === PCAPNG_SHB) {
      const magic = hr.within('Section Header Block', (r) => {
        r.skip(4, 'block total length');
        return r.u32('byte-order magic');
      });
      if (magic === BYTE_ORDER_MAGIC) le = false;
      else if (magic === 0x4d3c2b1a) le = true;
      else {
        const msg = `bad pcapng byte-order magic 0x${magic.toString(16).padStart(8, '0')} (expected 0x1a2b3c4d)`;
        if (sections === 0)
          throw new ParseError('PARSE_MALFORMED', msg, blockOffset + 8, 'Section Header Block');
        summary.stopped = { offset: blockOffset + 8, code: 'PARSE_MALFORMED', reason: msg };
        break;
      }
    } else if (sections === 0) {
      throw new ParseError(
        'PARSE_MALFORMED',
        `pcapng file must start with a Section Header Block, found block type 0x${typeBE.toString(16)}`,
        blockOffset,
        'pcapng',
      );
    }
    w = src.window();
    const hr2 = new ByteReader(w.buf, { base: w.base, start: w.start, end: w.start + 8 });
    const type = u32(hr2, 'block type');
    const total = u32(hr2, 'block total length');
    if (total < 12 || total % 4 !== 0 || total > MAX_BLOCK) {
      const reason = `block at offset ${blockOffset} (type 0x${type.toString(16)}) declares a total length of ${total} bytes (must be a multiple of 4, 12 to ${MAX_BLOCK}); the rest of the file cannot be framed`;
      if (sections === 0)
        throw new ParseError(
          total > MAX_BLOCK ? 'PARSE_LIMIT' : 'PARSE_MALFORMED',
          reason,
          blockOffset + 4,
          'pcapng',
        );
      summary.stopped = {
        offset: blockOffset + 4,
        code: total > MAX_BLOCK ? 'PARSE_LIMIT' : 'PARSE_MALFORMED',
        reason,
      };
      break;
    }
    // a large Enhanced Packet Block not yet read, whose body the caller does not need, is skipped
    // unread (one already in the buffer is handed over whole)
    if (
      opts.needBody &&
      type === BT_EPB &&
      sections > 0 &&
      total >= SKIP_MIN &&
      src.available < total &&
      (src.available >= 28 + HEAD_BYTES || (await src.ensure(28 + HEAD_BYTES)))
    ) {
      const wh = src.window();
      const er = new ByteReader(wh.buf, {
        base: wh.base,
        start: wh.start + 8,
        end: wh.start + 28 + HEAD_BYTES,
        path: ['Enhanced Packet Block'],
      });
      const ifId = u32(er, 'Interface ID');
      const hi = u32(er, 'Timestamp (High)');
      const lo = u32(er, 'Timestamp (Low)');
      const capLen = u32(er, 'Captured Packet Length');
      const origLen = u32(er, 'Original Packet Length');
      const iface = ifaces[ifId];
      if (iface && capLen >= HEAD_BYTES && capLen <= total - 32) {
        pkt.frame = frame + 1;
        pkt.interfaceId = ifId;
        pkt.linkType = iface.linkType;
        toTime(hi, lo, iface.unitsPerSecond, pkt);
        pkt.tsSec += iface.tsOffset;
        pkt.capLen = capLen;
        pkt.origLen = origLen;
        pkt.offset = blockOffset + 28;
        pkt.setBytes(er.bytes(HEAD_BYTES, 'Packet Data (head)'));
        if (!opts.needBody(pkt)) {
          frame++;
          onPacket(pkt); // before skipping: the head is a view into the buffer
          const skipped = src.available >= total ? (src.consume(total), total) : await src.skip(total);
          if (skipped < total) {
            summary.stopped = {
              offset: blockOffset,
              code: 'PARSE_TRUNCATED',
              reason: `block at offset ${blockOffset} (type 0x6) is cut off: ${total} bytes declared, the file ends first`,
            };
            break;
          }
          continue;
        }
      }
    }
    if (src.available < total && !(await src.ensure(total))) {
      const reason = `block at offset ${blockOffset} (type 0x${type.toString(16)}) is cut off: ${total} bytes declared, ${src.available} in the file`;
      if (sections === 0)
        throw new ParseError('PARSE_TRUNCATED', reason, blockOffset, 'pcapng', total - src.available);
      summary.stopped = { offset: blockOffset, code: 'PARSE_TRUNCATED', reason };
      break;
    }
    w = src.window();
    const tail = new ByteReader(w.buf, { base: w.base, start: w.start + total - 4, end: w.start + total });
    const trailing = u32(tail, 'trailing block total length');
    if (trailing !== total) {
      const reason = `block at offset ${blockOffset}: trailing length ${trailing} differs from leading length ${total}`;
      if (sections === 0) throw new ParseError('PARSE_MALFORMED', reason, blockOffset + total - 4, 'pcapng');
      summary.stopped = { offset: blockOffset + total - 4, code: 'PARSE_MALFORMED', reason };
      break;
    }
    const body = new ByteReader(w.buf, {
      base: w.base,
      start: w.start + 8,
      end: w.start + total - 4,
      path: [BLOCK_NAMES[type] ?? 'pcapng block'],
    });
    try {
      if (type === PCAPNG_SHB) {
        sections++;
        summary.byteOrder = le ? 'little' : 'big';
        body.skip(4, 'byte-order magic');
        const major = u16(body, 'major version');
        if (major !== 1) body.fail(`unsupported pcapng major version ${major}`);
        ifaces = [];
      } else if (type === BT_IDB) {
        const linkType = u16(body, 'LinkType');
        u16(body, 'Reserved');
        const snaplen = u32(body, 'SnapLen');
        const iface: Iface = { id: ifaces.length, linkType, snaplen, unitsPerSecond: 1e6, tsOffset: 0 };
        readOptions(body, le, (code, v) => {
          if (code === 9 && v.remaining >= 1) {
            const res = v.u8('if_tsresol');
            const exp = res & 0x7f;
            if ((res & 0x80) === 0 ? exp > 15 : exp > 52) v.fail(`if_tsresol ${res} out of range`);
            iface.unitsPerSecond = (res & 0x80) === 0 ? 10 ** exp : 2 ** exp;
          } else if (code === 14 && v.remaining >= 8) {
            iface.tsOffset = Number(le ? v.u64le('if_tsoffset') : v.u64('if_tsoffset'));
          } else if (code === 2 && v.remaining > 0) {
            iface.name = v.bytes(Math.min(v.remaining, 256), 'if_name').toString('utf8').replace(/\0+$/, '');
          }
        });
        if (ifaces.length >= MAX_INTERFACES)
          body.fail(`more than ${MAX_INTERFACES} interfaces in one section`, 'PARSE_LIMIT');
        ifaces.push(iface);
        if (summary.interfaces.length < MAX_INTERFACES)
          summary.interfaces.push({
            id: summary.interfaces.length,
            linkType,
            snaplen,
            unitsPerSecond: iface.unitsPerSecond,
            ...(iface.name ? { name: iface.name } : {}),
          });
      } else if (type === BT_EPB || type === BT_PB || type === BT_SPB) {
        frame++;
        let ifId: number;
        let hi = 0;
        let lo = 0;
        let capLen: number;
        let origLen: number;
        if (type === BT_SPB) {
          ifId = 0;
          origLen = u32(body, 'Original Packet Length');
          capLen = Math.min(origLen, body.remaining);
          const i0 = ifaces[0];
          if (i0 && i0.snaplen > 0) capLen = Math.min(capLen, i0.snaplen);
        } else {
          if (type === BT_PB) {
            ifId = u16(body, 'Interface ID');
            u16(body, 'Drops Count');
          } else ifId = u32(body, 'Interface ID');
          hi = u32(body, 'Timestamp (High)');
          lo = u32(body, 'Timestamp (Low)');
          capLen = u32(body, 'Captured Packet Length');
          origLen = u32(body, 'Original Packet Length');
        }
        const iface = ifaces[ifId];
        if (!iface) {
          pushWarning(
            summary.warnings,
            `frame ${frame} at offset ${blockOffset}: refers to interface ${ifId}, which the section did not describe; skipped`,
          );
        } else {
          const dataOffset = body.offset;
          const data = body.bytes(capLen, 'Packet Data');
          pkt.frame = frame;
          pkt.interfaceId = ifId;
          pkt.linkType = iface.linkType;
          toTime(hi, lo, iface.unitsPerSecond, pkt);
          pkt.tsSec += iface.tsOffset;
          pkt.capLen = capLen;
          pkt.origLen = origLen;
          pkt.offset = dataOffset;
          pkt.setBytes(data);
          onPacket(pkt);
        }
      } else {
        skipped.set(type, (skipped.get(type) ?? 0) + 1);
      }
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      if (sections === 0 || type === PCAPNG_SHB) throw e;
      // the block's length framed it: skip just this block and go on
      pushWarning(summary.warnings, `skipped a malformed block: ${e.message}`);
    }
    src.consume(total);
  }
  for (const [t, n] of skipped) {
    if (t !== 5 && t !== 4 && t !== 0x0a && t !== 0x80000001)
      pushWarning(summary.warnings, `skipped ${n} block(s) of unknown type 0x${t.toString(16)}`);
  }
  summary.packets = frame;
  summary.bytes = src.offset;
  summary.bytesRead = src.bytesRead;
  return summary;
}

/** options: uint16 code; uint16 length; value padded to 32 bits; opt_endofopt (0) ends the list */
function readOptions(r: ByteReader, le: boolean, on: (code: number, value: ByteReader) => void): void {
  let count = 0;
  while (r.remaining >= 4) {
    const code = le ? r.u16le('option code') : r.u16('option code');
    const len = le ? r.u16le('option length') : r.u16('option length');
    if (code === 0) break;
    const v = r.sub(len, `option ${code}`);
    r.skip(Math.min((4 - (len % 4)) % 4, r.remaining), 'option padding');
    on(code, v);
    if (++count > 1024) r.fail('more than 1024 options in a block', 'PARSE_LIMIT');
  }
}

/** 64-bit timestamp in interface units → seconds + nanoseconds, exactly where the number allows. */
export function toTime(hi: number, lo: number, units: number, out: { tsSec: number; tsNs: number }): void {
  const total = hi * 4294967296 + lo;
  if (total <= Number.MAX_SAFE_INTEGER) {
    const sec = Math.floor(total / units);
    out.tsSec = sec;
    out.tsNs = Math.floor(((total - sec * units) * 1e9) / units);
    return;
  }
  if (units <= 1e9 && 1e9 % units === 0) {
    // nanosecond (or coarser decimal) units past 2^53 — what dumpcap writes today: long division of
    // the 64-bit count in 16-bit digits, every step exact in a double (remainder < units ≤ 1e9)
    // (unrolled: this runs once per packet)
    let cur = hi >>> 16;
    let d = Math.floor(cur / units);
    let q = d;
    let rem = cur - d * units;
    cur = rem * 65536 + (hi & 0xffff);
    d = Math.floor(cur / units);
    q = q * 65536 + d;
    rem = cur - d * units;
    cur = rem * 65536 + (lo >>> 16);
    d = Math.floor(cur / units);
    q = q * 65536 + d;
    rem = cur - d * units;
    cur = rem * 65536 + (lo & 0xffff);
    d = Math.floor(cur / units);
    q = q * 65536 + d;
    rem = cur - d * units;
    if (q <= Number.MAX_SAFE_INTEGER) {
      out.tsSec = q;
      out.tsNs = rem * (1e9 / units);
      return;
    }
  }
  const t = (BigInt(hi) << 32n) | BigInt(lo);
  if (Number.isInteger(units)) {
    const u = BigInt(units);
    out.tsSec = Number(t / u);
    out.tsNs = Number(((t % u) * 1000000000n) / u);
  } else {
    out.tsSec = Math.floor(Number(t) / units);
    out.tsNs = 0;
  }
}

/** the Section Header Block type, a palindrome: the same bytes in either byte order */
export const pcapng = defineCaptureFormat({
  name: 'pcapng',
  magic: [Buffer.from([0x0a, 0x0d, 0x0d, 0x0a])],
  expected: 'pcapng (0a0d0d0a)',
  read: ({ source }, onPacket, opts) => readPcapng(source, onPacket, opts),
});
