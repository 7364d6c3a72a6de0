// The symmetric writer: small encoders compose messages (DESIGN convention 7).
// One growing buffer: a ClientHello of 362 suites is one allocation, not one per field.
export class ByteWriter {
  private buf: Buffer = Buffer.allocUnsafe(256);
  private len = 0;

  get length(): number {
    return this.len;
  }
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  private lengthAt(at: number, lenBytes: 1 | 2 | 3 | 4, v: number): void {
    if (lenBytes === 1) this.buf.writeUInt8(v & 0xff, at);
    else if (lenBytes === 2) this.buf.writeUInt16BE(v & 0xffff, at);
    else if (lenBytes === 3) this.buf.writeUIntBE(v & 0xffffff, at, 3);
    else this.buf.writeUInt32BE(v >>> 0, at);
  }
  u8(v: number): this {
    this.room(1);
    this.buf[this.len++] = v & 0xff;
    return this;
  }
  u16(v: number): this {
    this.room(2);
    this.buf.writeUInt16BE(v & 0xffff, this.len);
    this.len += 2;
    return this;
  }
  u24(v: number): this {
    this.room(3);
    this.buf.writeUIntBE(v & 0xffffff, this.len, 3);
    this.len += 3;
    return this;
  }
  u32(v: number): this {
    this.room(4);
    this.buf.writeUInt32BE(v >>> 0, this.len);
    this.len += 4;
    return this;
  }
  bytes(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }
  /** `opaque v<min..max>` with a lenBytes-wide length prefix; throws if the body breaks the bounds (nothing written). */
  vector(
    lenBytes: 1 | 2 | 3 | 4,
    body: Uint8Array | ((w: ByteWriter) => void),
    bounds: { min?: number; max?: number } = {},
  ): this {
    const mark = this.len;
    this.room(lenBytes);
    this.len += lenBytes;
    try {
      if (typeof body === 'function') body(this);
      else this.bytes(body);
    } catch (e) {
      this.len = mark;
      throw e;
    }
    const n = this.len - mark - lenBytes;
    const max = bounds.max ?? 2 ** (8 * lenBytes) - 1;
    if (n > max || n < (bounds.min ?? 0)) {
      this.len = mark;
      throw new RangeError(`vector length ${n} outside <${bounds.min ?? 0}..${max}>`);
    }
    this.lengthAt(mark, lenBytes, n);
    return this;
  }
  /** the bytes written (a copy: the writer may go on) */
  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len));
  }
}
