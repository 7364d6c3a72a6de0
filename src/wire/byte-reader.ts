// The one bounds-checked reader (DESIGN convention 4). Nothing else indexes a Buffer
// when parsing wire or file formats. A failed read consumes nothing and throws a ParseError
// with the absolute offset and the path of structures being read.
import { ParseError } from '../errors.js';

export interface VectorBounds {
  /** minimum length in bytes, as the spec writes it (`<2..2^16-2>` → min 2) */
  min?: number;
  /** maximum length in bytes */
  max?: number;
}

export class ByteReader {
  private readonly buf: Buffer;
  private pos: number;
  private readonly end: number;
  /** absolute offset of buf[0] in the enclosing stream or file */
  readonly base: number;
  private readonly pathParts: string[];

  constructor(
    buf: Buffer | Uint8Array,
    opts: { base?: number; path?: string[]; start?: number; end?: number } = {},
  ) {
    this.buf = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = opts.start ?? 0;
    this.end = opts.end ?? this.buf.length;
    this.base = opts.base ?? 0;
    this.pathParts = opts.path ?? [];
  }

  /** absolute offset of the next byte */
  get offset(): number {
    return this.base + this.pos;
  }
  get remaining(): number {
    return this.end - this.pos;
  }
  get path(): string {
    return this.pathParts.join(' > ');
  }
  atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** Run fn with `name` pushed onto the path; errors thrown inside carry it. */
  within<T>(name: string, fn: (r: this) => T): T {
    this.pathParts.push(name);
    try {
      return fn(this);
    } finally {
      this.pathParts.pop();
    }
  }

  fail(
    message: string,
    code: 'PARSE_MALFORMED' | 'PARSE_LIMIT' = 'PARSE_MALFORMED',
    at = this.offset,
  ): never {
    throw new ParseError(code, message, at, this.path);
  }

  private need(n: number, what: string): void {
    if (n < 0) this.fail(`negative length for ${what}`);
    if (this.end - this.pos < n) {
      throw new ParseError(
        'PARSE_TRUNCATED',
        `need ${n} bytes for ${what}, have ${this.end - this.pos}`,
        this.offset,
        this.path,
        n - (this.end - this.pos),
      );
    }
  }

  u8(what = 'u8'): number {
    this.need(1, what);
    return this.buf[this.pos++]!;
  }
  u16(what = 'u16'): number {
    this.need(2, what);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  u24(what = 'u24'): number {
    this.need(3, what);
    const v = this.buf.readUIntBE(this.pos, 3);
    this.pos += 3;
    return v;
  }
  u32(what = 'u32'): number {
    this.need(4, what);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  u16le(what = 'u16le'): number {
    this.need(2, what);
    const v = this.buf.readUInt16LE(this.pos);
    this.pos += 2;
    return v;
  }
  u32le(what = 'u32le'): number {
    this.need(4, what);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }
  u64le(what = 'u64le'): bigint {
    this.need(8, what);
    const v = this.buf.readBigUInt64LE(this.pos);
    this.pos += 8;
    return v;
  }
  u64(what = 'u64'): bigint {
    this.need(8, what);
    const v = this.buf.readBigUInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  /** n bytes, as a view (no copy) */
  bytes(n: number, what = 'bytes'): Buffer {
    this.need(n, what);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  skip(n: number, what = 'skip'): void {
    this.need(n, what);
    this.pos += n;
  }

  peekU8(at = 0): number | undefined {
    return this.pos + at < this.end ? this.buf[this.pos + at] : undefined;
  }

  /** the unread bytes, without consuming them */
  peekRest(): Buffer {
    return this.buf.subarray(this.pos, this.end);
  }

  /**
   * A length-prefixed vector `T v<min..max>`: reads the length (lenBytes wide), checks it against
   * the bounds, and returns the body bytes. Nothing is consumed if any check fails.
   */
  vector(lenBytes: 1 | 2 | 3 | 4, bounds: VectorBounds = {}, what = 'vector'): Buffer {
    const start = this.pos;
    try {
      const len =
        lenBytes === 1
          ? this.u8(what)
          : lenBytes === 2
            ? this.u16(what)
            : lenBytes === 3
              ? this.u24(what)
              : this.u32(what);
      if (bounds.min !== undefined && len < bounds.min)
        this.fail(`${what} length ${len} below minimum ${bounds.min}`, 'PARSE_MALFORMED', this.base + start);
      if (bounds.max !== undefined && len > bounds.max)
        this.fail(`${what} length ${len} above maximum ${bounds.max}`, 'PARSE_LIMIT', this.base + start);
      return this.bytes(len, what);
    } catch (e) {
      this.pos = start;
      throw e;
    }
  }

  /** A child reader over the next n bytes, bounded by a length field; consumes them. */
  sub(n: number, name?: string): ByteReader {
    this.need(n, name ?? 'sub');
    const child = new ByteReader(this.buf, {
      base: this.base,
      start: this.pos,
      end: this.pos + n,
      path: name ? [...this.pathParts, name] : [...this.pathParts],
    });
    this.pos += n;
    return child;
  }

  /** A child reader over a length-prefixed vector. */
  subVector(lenBytes: 1 | 2 | 3 | 4, bounds: VectorBounds = {}, name = 'vector'): ByteReader {
    const startOffset = this.offset;
    const body = this.vector(lenBytes, bounds, name);
    return new ByteReader(body, { base: startOffset + lenBytes, path: [...this.pathParts, name] });
  }

  expectEnd(what = 'structure'): void {
    if (this.pos !== this.end) {
      throw new ParseError(
        'PARSE_TRAILING',
        `${this.end - this.pos} unexpected trailing bytes after ${what}`,
        this.offset,
        this.path,
      );
    }
  }
}
