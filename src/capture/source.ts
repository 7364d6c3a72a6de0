// Pull-based byte sources for capture files. The file is never loaded whole: a plain file is read
// through its descriptor into one buffer of fixed size (grown only up to MAX_BLOCK for a single
// oversized block); a gzip file is decompressed as a stream into the same kind of buffer.
// Invariant: `offset` is the absolute offset (in the decompressed stream) of the next unread byte.
import { closeSync, createReadStream, openSync, readSync, fstatSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { TlsDoctorError, oneLine } from '../errors.js';

/** Default read size. */
export const CHUNK_SIZE = 1 << 20;
/**
 * The largest single block a capture reader will hold in memory. pcap snaplens top out at 262144
 * in practice (tcpdump's MAXIMUM_SNAPLEN); 16 MiB leaves room for odd writers yet bounds memory.
 */
export const MAX_BLOCK = 16 << 20;
/** read size while large packets are being skipped: one head, and the small packets around it */
const SMALL_READ = 4 * 1024;
/**
 * Skipping a packet smaller than this keeps the read size: a read costs more than copying a few KiB
 * more, so small skipped packets are read past with the packets around them, and only large ones
 * (bulk data in 64 KiB segments) switch to reading heads alone.
 */
const SEEK_MIN = 16 * 1024;

export interface SourceInfo {
  path: string;
  compressed: boolean;
  /** size on disk (compressed size for gzip) */
  fileSize: number;
}

export class SequentialSource {
  readonly info: SourceInfo;
  private buf: Buffer;
  private start = 0;
  private end = 0;
  /** absolute offset of buf[0] */
  private bufBase = 0;
  private eof = false;
  private fd: number | undefined;
  private filePos = 0;
  private iter: AsyncIterator<Buffer> | undefined;
  private pending: Buffer | undefined;
  private stream: { destroy(): void } | undefined;
  /**
   * How much one read asks for. Reset to SMALL_READ when a skip of SEEK_MIN bytes or more jumps over
   * unread bytes (the caller is skipping large packets: reading them whole would be wasted), doubled
   * by each read after that.
   */
  private readSize = CHUNK_SIZE;
  /** bytes actually read from the file (skipped bytes are not) */
  bytesRead = 0;
  reads = 0;

  private constructor(
    info: SourceInfo,
    fd: number | undefined,
    iter: AsyncIterator<Buffer> | undefined,
    stream: { destroy(): void } | undefined,
  ) {
    this.info = info;
    this.fd = fd;
    this.iter = iter;
    this.stream = stream;
    this.buf = Buffer.allocUnsafe(CHUNK_SIZE);
  }

  /** Opens a file; gzip is detected by its magic (1f 8b), never by the name. */
  static open(path: string): SequentialSource {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new TlsDoctorError(
        code === 'ENOENT' ? 'INPUT_NOT_FOUND' : 'INPUT_UNREADABLE',
        `cannot open capture ${path}: ${oneLine(e)}`,
      );
    }
    let size = 0;
    const magic = Buffer.alloc(2);
    let got = 0;
    try {
      const st = fstatSync(fd);
      if (st.isDirectory())
        throw new TlsDoctorError('INPUT_UNREADABLE', `cannot read capture ${path}: it is a directory`);
      size = st.size;
      got = readSync(fd, magic, 0, 2, 0);
    } catch (e) {
      closeSync(fd);
      if (e instanceof TlsDoctorError) throw e;
      throw new TlsDoctorError('INPUT_UNREADABLE', `cannot read capture ${path}: ${oneLine(e)}`);
    }
    if (got === 2 && magic[0] === 0x1f && magic[1] === 0x8b) {
      closeSync(fd);
      const raw = createReadStream(path, { highWaterMark: CHUNK_SIZE });
      const gunzip = createGunzip({ chunkSize: 256 * 1024 });
      raw.on('error', (e) => gunzip.destroy(e));
      raw.pipe(gunzip);
      const iter = gunzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      return new SequentialSource({ path, compressed: true, fileSize: size }, undefined, iter, {
        destroy() {
          raw.destroy();
          gunzip.destroy();
        },
      });
    }
    return new SequentialSource({ path, compressed: false, fileSize: size }, fd, undefined, undefined);
  }

  /** absolute offset of the next unread byte */
  get offset(): number {
    return this.bufBase + this.start;
  }
  get available(): number {
    return this.end - this.start;
  }
  /** true once the end of the input has been reached (more bytes may still be buffered) */
  get atEof(): boolean {
    return this.eof;
  }

  /**
   * Makes at least n bytes available; returns false when the input ends first (then `available`
   * says how many there are). Never holds more than max(CHUNK_SIZE, n) bytes; n is capped by the
   * caller at MAX_BLOCK.
   */
  async ensure(n: number): Promise<boolean> {
    if (this.end - this.start >= n) return true;
    if (n > MAX_BLOCK + 64) throw new RangeError(`source.ensure(${n}) above MAX_BLOCK`);
    // compact: move the unread tail to the front, grow only if one block needs it
    const have = this.end - this.start;
    const want = Math.max(CHUNK_SIZE, n);
    if (this.buf.length < want) {
      const nb = Buffer.allocUnsafe(want);
      this.buf.copy(nb, 0, this.start, this.end);
      this.buf = nb;
    } else if (this.start > 0) {
      this.buf.copy(this.buf, 0, this.start, this.end);
    }
    this.bufBase += this.start;
    this.start = 0;
    this.end = have;
    while (this.end < n && !this.eof) await this.fill(n);
    return this.end - this.start >= n;
  }

  private async fill(minEnd: number): Promise<void> {
    if (this.fd !== undefined) {
      let got: number;
      const len = Math.min(this.buf.length - this.end, Math.max(this.readSize, minEnd - this.end));
      this.readSize = Math.min(CHUNK_SIZE, this.readSize * 2);
      try {
        got = readSync(this.fd, this.buf, this.end, len, this.filePos);
      } catch (e) {
        throw new TlsDoctorError(
          'INPUT_UNREADABLE',
          `cannot read capture ${this.info.path} at offset ${this.filePos}: ${oneLine(e)}`,
        );
      }
      if (got === 0) this.eof = true;
      this.bytesRead += got;
      this.reads++;
      this.filePos += got;
      this.end += got;
      return;
    }
    // gzip: take from the pending chunk, else the next decompressed chunk
    let chunk = this.pending;
    this.pending = undefined;
    if (!chunk) {
      let r: IteratorResult<Buffer>;
      try {
        r = await this.iter!.next();
      } catch (e) {
        throw new TlsDoctorError(
          'INPUT_FORMAT',
          `cannot decompress gzip capture ${this.info.path} near decompressed offset ${this.offset + this.available}: ${oneLine(e)}`,
        );
      }
      if (r.done) {
        this.eof = true;
        return;
      }
      chunk = r.value;
    }
    const room = this.buf.length - this.end;
    if (chunk.length <= room) {
      chunk.copy(this.buf, this.end);
      this.end += chunk.length;
    } else {
      chunk.copy(this.buf, this.end, 0, room);
      this.end += room;
      this.pending = chunk.subarray(room);
    }
  }

  /** a view of the next n available bytes (valid until the next ensure/skip) */
  peek(n: number): Buffer {
    return this.buf.subarray(this.start, this.start + Math.min(n, this.end - this.start));
  }

  /** the buffer the available bytes are in: windowBuffer[windowStart, windowEnd) (valid until the next ensure/skip) */
  get windowBuffer(): Buffer {
    return this.buf;
  }
  get windowStart(): number {
    return this.start;
  }
  get windowEnd(): number {
    return this.end;
  }

  /** the buffer and window of the available bytes, for a ByteReader (no copy) */
  window(): { buf: Buffer; start: number; end: number; base: number } {
    return { buf: this.buf, start: this.start, end: this.end, base: this.bufBase };
  }

  consume(n: number): void {
    if (n > this.end - this.start) throw new RangeError('consume past available bytes');
    this.start += n;
  }

  /** Skips n bytes without reading them when the file allows; returns how many were skipped. */
  async skip(n: number): Promise<number> {
    const inBuf = Math.min(n, this.end - this.start);
    this.start += inBuf;
    let left = n - inBuf;
    if (left === 0) return n;
    if (this.fd !== undefined) {
      const canSkip = Math.max(0, Math.min(left, this.info.fileSize - this.filePos));
      this.filePos += canSkip;
      if (n >= SEEK_MIN) this.readSize = SMALL_READ;
      this.bufBase += this.end;
      this.start = this.end = 0;
      this.bufBase += canSkip;
      if (canSkip < left) this.eof = true;
      return inBuf + canSkip;
    }
    while (left > 0) {
      if (!(await this.ensure(1))) break;
      const k = Math.min(left, this.available);
      this.start += k;
      left -= k;
    }
    return n - left;
  }

  close(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        /* already closed */
      }
      this.fd = undefined;
    }
    this.stream?.destroy();
    this.stream = undefined;
  }
}

/** Random access for formats that index their frames (Network Monitor). Plain files only. */
export class RandomAccessFile {
  readonly path: string;
  readonly size: number;
  private fd: number | undefined;
  constructor(path: string) {
    this.path = path;
    try {
      this.fd = openSync(path, 'r');
      this.size = fstatSync(this.fd).size;
    } catch (e) {
      throw new TlsDoctorError('INPUT_UNREADABLE', `cannot open capture ${path}: ${oneLine(e)}`);
    }
  }
  /** reads up to `length` bytes at `position` into buf[0..]; returns the bytes read */
  read(buf: Buffer, length: number, position: number): number {
    if (this.fd === undefined) throw new TlsDoctorError('INPUT_UNREADABLE', `capture ${this.path} is closed`);
    try {
      return readSync(this.fd, buf, 0, length, position);
    } catch (e) {
      throw new TlsDoctorError(
        'INPUT_UNREADABLE',
        `cannot read capture ${this.path} at offset ${position}: ${oneLine(e)}`,
      );
    }
  }
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
