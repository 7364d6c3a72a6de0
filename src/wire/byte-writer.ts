// The symmetric writer: small encoders compose messages (DESIGN convention 7).
export class ByteWriter {
  private chunks: Buffer[] = [];
  private len = 0;

  get length(): number {
    return this.len;
  }
  private push(b: Buffer): this {
    this.chunks.push(b);
    this.len += b.length;
    return this;
  }
  u8(v: number): this {
    const b = Buffer.allocUnsafe(1);
    b.writeUInt8(v & 0xff);
    return this.push(b);
  }
  u16(v: number): this {
    const b = Buffer.allocUnsafe(2);
    b.writeUInt16BE(v & 0xffff);
    return this.push(b);
  }
  u24(v: number): this {
    const b = Buffer.allocUnsafe(3);
    b.writeUIntBE(v & 0xffffff, 0, 3);
    return this.push(b);
  }
  u32(v: number): this {
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32BE(v >>> 0);
    return this.push(b);
  }
  bytes(b: Uint8Array): this {
    return this.push(Buffer.from(b));
  }
  /** `opaque v<min..max>` with a lenBytes-wide length prefix; throws if the body breaks the bounds. */
  vector(
    lenBytes: 1 | 2 | 3 | 4,
    body: Uint8Array | ((w: ByteWriter) => void),
    bounds: { min?: number; max?: number } = {},
  ): this {
    let b: Buffer;
    if (typeof body === 'function') {
      const w = new ByteWriter();
      body(w);
      b = w.toBuffer();
    } else b = Buffer.from(body);
    const max = bounds.max ?? 2 ** (8 * lenBytes) - 1;
    if (b.length > max || b.length < (bounds.min ?? 0)) {
      throw new RangeError(`vector length ${b.length} outside <${bounds.min ?? 0}..${max}>`);
    }
    if (lenBytes === 1) this.u8(b.length);
    else if (lenBytes === 2) this.u16(b.length);
    else if (lenBytes === 3) this.u24(b.length);
    else this.u32(b.length);
    return this.push(b);
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.len);
  }
}
