// What every capture-file reader yields: one packet at a time, its bytes as a view that is valid
// only during the callback (the reader reuses its buffer — application data is never copied).

export type CaptureFormat = 'pcap' | 'pcap-ns' | 'pcapng' | 'netmon2';

export interface CaptureInterface {
  id: number;
  /** LINKTYPE_* value (https://www.tcpdump.org/linktypes.html); Network Monitor media types are mapped */
  linkType: number;
  snaplen: number;
  /** timestamp units per second (1e6 for µs, 1e9 for ns …) */
  unitsPerSecond: number;
  name?: string;
}

export interface RawPacket {
  /** 1-based frame number, as Wireshark numbers them */
  frame: number;
  interfaceId: number;
  linkType: number;
  /** seconds since the Unix epoch */
  tsSec: number;
  /** nanoseconds within tsSec */
  tsNs: number;
  /** bytes present in the file (convention 5: captured and original length kept apart) */
  capLen: number;
  /** bytes on the wire */
  origLen: number;
  /** the captured bytes: a view, valid only until the callback returns */
  readonly data: Buffer;
  /** the buffer `data` lies in, and where: the frame decoder reads the common frame from them without making the view */
  readonly buf: Buffer;
  readonly start: number;
  readonly end: number;
  /** absolute offset of data[0] in the (decompressed) file */
  offset: number;
}

/**
 * The packet object a reader reuses for every packet: `data` is made only when asked for (most
 * packets are decoded from buf/start/end alone).
 */
export class PacketRecord implements RawPacket {
  frame = 0;
  interfaceId = 0;
  linkType = 0;
  tsSec = 0;
  tsNs = 0;
  capLen = 0;
  origLen = 0;
  offset = 0;
  buf: Buffer = Buffer.alloc(0);
  start = 0;
  end = 0;
  private view: Buffer | undefined;
  constructor(linkType = 0) {
    this.linkType = linkType;
  }
  get data(): Buffer {
    return (this.view ??= this.buf.subarray(this.start, this.end));
  }
  /** the packet's bytes: buf[start, end) */
  setBytes(buf: Buffer, start = 0, end = buf.length): void {
    this.buf = buf;
    this.start = start;
    this.end = end;
    this.view = start === 0 && end === buf.length ? buf : undefined;
  }
}

/** Where and why a reader stopped before the end of the file. */
export interface StopInfo {
  offset: number;
  reason: string;
  code: string;
}

export interface ReadSummary {
  format: CaptureFormat;
  /** 'little' | 'big' — the byte order of the file's headers */
  byteOrder: 'little' | 'big';
  interfaces: CaptureInterface[];
  packets: number;
  /** blocks or frames the reader skipped, one line each (capped) */
  warnings: string[];
  /** set when the reader could not go on (truncated file, bad block, giant length) */
  stopped?: StopInfo;
  /** (decompressed) bytes the reader went through */
  bytes: number;
  /** bytes actually read from the file — less than `bytes` when large packets were skipped unread */
  bytesRead?: number;
}

export type PacketCallback = (p: RawPacket) => void;

/**
 * Asked for large packets before their bytes are read, with `data` holding only the first
 * HEAD_BYTES: false lets the reader skip the rest without reading it (the packet is then delivered
 * with that head only — capLen still says what the file holds). Application data of settled
 * connections is skipped this way.
 */
export type BodyFilter = (head: RawPacket) => boolean;

/** enough for Ethernet + 2 VLAN tags + IPv6 with extension headers + TCP with options */
export const HEAD_BYTES = 256;
/** packets at least this large are offered to the BodyFilter */
export const SKIP_MIN = 4096;

export interface ReadOptions {
  needBody?: BodyFilter;
}

/** hard cap on warning lines kept, so a hostile file cannot grow memory through warnings */
export const MAX_WARNINGS = 50;

export function pushWarning(list: string[], w: string, counter?: { dropped: number }): void {
  if (list.length < MAX_WARNINGS) list.push(w);
  else if (counter) counter.dropped++;
}

/** a 32-bit unsigned value at i, little- or big-endian (the caller has checked i + 4 ≤ the end) */
export function at32(b: Buffer, i: number, le: boolean): number {
  return le
    ? (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0
    : ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
}
