// TCP reassembly for one direction of one connection (RFC 9293 sequence space, modulo 2^32).
// In-order bytes go to the sink as views (no copy); only segments that arrive ahead of a hole
// are copied, and only up to a bounded amount. A hole that the capture never fills is reported as
// a gap — the bytes on either side are never glued together silently.

export interface StreamSink {
  /** in-order bytes, a view valid only during the call */
  data(chunk: Buffer, frame: number): void;
  /** `bytes` bytes of the stream are missing before the next data() */
  gap(bytes: number, frame: number, reason: GapReason): void;
}

export type GapReason = 'not-captured' | 'snaplen' | 'buffer-limit' | 'capture-ended';

/** signed distance a − b in the 32-bit sequence space */
export function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}
function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

interface Pending {
  seq: number;
  data: Buffer;
  frame: number;
}

/** bytes held out of order per direction before a hole is declared a gap */
export const MAX_OOO_BYTES = 1 << 20;
const MAX_OOO_SEGMENTS = 512;

export class HalfStream {
  initialized = false;
  /** next expected sequence number */
  next = 0;
  /** true once the caller no longer wants the bytes (handshake settled): only the counters move */
  skipping = false;
  retransmissions = 0;
  outOfOrder = 0;
  gaps = 0;
  gapBytes = 0;
  /** bytes delivered in order so far (the stream offset of the next byte) */
  delivered = 0;
  /** sequence number of the FIN, once seen: the peer's ACK of it covers no data */
  private finSeq: number | undefined;
  private pending: Pending[] = [];
  private pendingBytes = 0;
  private readonly sink: StreamSink;

  constructor(sink: StreamSink) {
    this.sink = sink;
  }

  /** a SYN fixes the initial sequence number; data starts at ISN + 1 */
  syn(seq: number): void {
    if (this.initialized && this.delivered > 0) return;
    this.initialized = true;
    this.next = seqAdd(seq, 1);
  }

  /**
   * One segment's payload. `wireLength` is the payload length on the wire; when the snaplen cut the
   * packet, payload is shorter and the missing tail is a gap.
   */
  segment(seq: number, payload: Buffer, wireLength: number, frame: number): void {
    if (wireLength === 0) return;
    if (!this.initialized) {
      // a stream already open when the capture started: take its first byte as the start
      this.initialized = true;
      this.next = seq;
    }
    const d = seqDiff(seq, this.next);
    if (d === 0) {
      this.take(seq, payload, wireLength, frame);
      this.drain();
      return;
    }
    if (d < 0) {
      // retransmission or overlap: only bytes beyond `next` are new
      this.retransmissions++;
      const skip = -d;
      if (skip >= wireLength) return;
      this.take(this.next, payload.subarray(Math.min(skip, payload.length)), wireLength - skip, frame);
      this.drain();
      return;
    }
    // ahead of a hole
    this.outOfOrder++;
    if (this.skipping) return;
    if (this.pendingBytes + payload.length > MAX_OOO_BYTES || this.pending.length >= MAX_OOO_SEGMENTS) {
      this.forceGap(frame, 'buffer-limit');
      if (seqDiff(seq, this.next) <= 0) {
        this.segment(seq, payload, wireLength, frame);
        return;
      }
    }
    // only the captured part is held; a snaplen-cut tail becomes a gap when it is reached
    this.insert({ seq, data: Buffer.from(payload), frame });
  }

  /** The sender's FIN sits at `seq` (after its last data byte). */
  fin(seq: number): void {
    this.finSeq ??= seq;
  }

  /** The peer acknowledged up to `ack`: bytes before it that we never saw were not captured. */
  acked(ackIn: number, frame: number): void {
    if (!this.initialized) return;
    // a FIN takes one sequence number but carries no byte
    const ack = this.finSeq !== undefined && seqDiff(ackIn, this.finSeq) > 0 ? this.finSeq : ackIn;
    if (seqDiff(ack, this.next) <= 0) return;
    // bytes up to `ack` were received by the peer: whatever we hold below it can be delivered,
    // whatever we lack is a gap
    while (seqDiff(ack, this.next) > 0) {
      const first = this.pending[0];
      if (first && seqDiff(first.seq, this.next) <= 0) {
        this.drain();
        continue;
      }
      const upTo = first && seqDiff(first.seq, ack) < 0 ? first.seq : ack;
      const missing = seqDiff(upTo, this.next);
      if (missing <= 0) break;
      this.emitGap(missing, frame, 'not-captured');
      this.drain();
    }
  }

  /** End of capture: whatever is held behind a hole is delivered after a gap. */
  flush(frame: number): void {
    while (this.pending.length > 0) this.forceGap(frame, 'capture-ended');
  }

  private take(seq: number, payload: Buffer, wireLength: number, frame: number): void {
    this.next = seqAdd(seq, wireLength);
    this.delivered += wireLength;
    if (this.skipping) return;
    if (payload.length > 0) this.sink.data(payload, frame);
    if (payload.length < wireLength) {
      this.gaps++;
      this.gapBytes += wireLength - payload.length;
      this.sink.gap(wireLength - payload.length, frame, 'snaplen');
    }
  }

  private drain(): void {
    while (this.pending.length > 0) {
      const p = this.pending[0]!;
      const d = seqDiff(p.seq, this.next);
      if (d > 0) return;
      this.pending.shift();
      this.pendingBytes -= p.data.length;
      const skip = -d;
      if (skip < p.data.length) this.take(this.next, p.data.subarray(skip), p.data.length - skip, p.frame);
    }
  }

  private forceGap(frame: number, reason: GapReason): void {
    const first = this.pending[0];
    if (!first) return;
    const missing = seqDiff(first.seq, this.next);
    if (missing > 0) this.emitGap(missing, frame, reason);
    this.drain();
  }

  private emitGap(bytes: number, frame: number, reason: GapReason): void {
    this.gaps++;
    this.gapBytes += bytes;
    this.next = seqAdd(this.next, bytes);
    this.delivered += bytes;
    if (!this.skipping) this.sink.gap(bytes, frame, reason);
  }

  private insert(p: Pending): void {
    // keep sorted by sequence; duplicates of a held segment are dropped
    let i = this.pending.length;
    while (i > 0 && seqDiff(this.pending[i - 1]!.seq, p.seq) > 0) i--;
    if (i > 0 && this.pending[i - 1]!.seq === p.seq && this.pending[i - 1]!.data.length >= p.data.length) {
      this.retransmissions++;
      return;
    }
    this.pending.splice(i, 0, p);
    this.pendingBytes += p.data.length;
  }

  /** drop held bytes (handshake settled) */
  release(): void {
    this.skipping = true;
    this.pending = [];
    this.pendingBytes = 0;
  }
}
