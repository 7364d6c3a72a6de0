// Test helpers: real loopback captures (dumpcap), real certificates (openssl), and a small pcap
// writer for hand-built edge cases. Only 127.0.0.1 is ever used.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type net from 'node:net';
import { ByteWriter } from '../../src/wire/byte-writer.js';

export function tempDir(prefix = 'tlsdoctor-capture-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function makeCert(
  dir: string,
  cn = 'localhost',
): { key: Buffer; cert: Buffer; keyPath: string; certPath: string } {
  const keyPath = join(dir, `${cn}.key`);
  const certPath = join(dir, `${cn}.crt`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${cn}`,
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyPath), cert: readFileSync(certPath), keyPath, certPath };
}

/** Starts a test server on 127.0.0.1, on a port the system picks; resolves to the port. */
export async function listenLocal(server: net.Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as net.AddressInfo).port;
}

/**
 * The sockets of a session's test servers, kept to be destroyed when the session ends (a silent
 * server's never close by themselves); their errors are expected (resets) and ignored.
 */
export function socketTracker(): { track(s: net.Socket): void; destroyAll(): void } {
  const open = new Set<net.Socket>();
  return {
    track(s) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined);
    },
    destroyAll() {
      for (const s of open) s.destroy();
    },
  };
}

export interface RunningCapture {
  file: string;
  stop(): Promise<void>;
}

/** Starts dumpcap on lo for the given ports and resolves once it reports "Capturing on". */
export async function startCapture(file: string, ports: number[]): Promise<RunningCapture> {
  const filter = ports.map((p) => `tcp port ${p}`).join(' or ');
  return startDumpcap(file, ['-i', 'lo', '-f', filter]);
}

/** Starts dumpcap with these arguments (interface, filter), optionally inside a network namespace. */
export async function startDumpcap(file: string, args: string[], netns?: string): Promise<RunningCapture> {
  const cmd = [...(netns ? ['ip', 'netns', 'exec', netns] : []), 'dumpcap', '-q', ...args, '-w', file];
  const child: ChildProcess = spawn(cmd[0]!, cmd.slice(1), {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`dumpcap did not start: ${err}`)), 15000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('Capturing on')) {
        clearTimeout(t);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`dumpcap exited with ${code}: ${err}`));
    });
  });
  child.removeAllListeners('exit');
  // dumpcap says "Capturing on" a few hundred ms before its filter sees packets (measured: ~280 ms
  // on an idle machine); give it a safe margin
  await new Promise((r) => setTimeout(r, 1200));
  return {
    file,
    async stop() {
      // let the last packets reach the capture file before asking dumpcap to finish (under load dumpcap
      // lags; a SIGINT right after the last client lost its packets in 1 of 3 runs with 200 ms)
      await new Promise((r) => setTimeout(r, 1000));
      const exited = once(child, 'exit');
      child.kill('SIGINT');
      const t = setTimeout(() => child.kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** Runs a command to completion (bounded), stdin closed; resolves with its exit code. */
export async function run(
  cmd: string,
  args: string[],
  timeoutMs = 10000,
  input = '',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(input);
  const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(t);
  return { code, stdout, stderr };
}

export function editcap(args: string[]): void {
  execFileSync('editcap', args, { stdio: 'ignore' });
}

// ---- a tiny pcap writer for hand-built files ----
export interface PcapRecord {
  tsSec: number;
  tsFrac: number;
  data: Buffer;
  origLen?: number;
}

export function pcapFile(
  linkType: number,
  records: PcapRecord[],
  opts: { bigEndian?: boolean; nano?: boolean; snaplen?: number } = {},
): Buffer {
  const w = new ByteWriter();
  const u32 = (v: number): void => {
    if (opts.bigEndian) w.u32(v);
    else w.bytes(le32(v));
  };
  const u16 = (v: number): void => {
    if (opts.bigEndian) w.u16(v);
    else w.bytes(Buffer.from([v & 0xff, (v >> 8) & 0xff]));
  };
  u32(opts.nano ? 0xa1b23c4d : 0xa1b2c3d4);
  u16(2);
  u16(4);
  u32(0);
  u32(0);
  u32(opts.snaplen ?? 262144);
  u32(linkType);
  for (const r of records) {
    u32(r.tsSec);
    u32(r.tsFrac);
    u32(r.data.length);
    u32(r.origLen ?? r.data.length);
    w.bytes(r.data);
  }
  return w.toBuffer();
}

function le32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b;
}

/** pcapng with the given interfaces (link types) and EPB packets. */
export function pcapngFile(
  ifaces: Array<{ linkType: number; tsresol?: number }>,
  packets: Array<{ iface: number; ts: bigint; data: Buffer; origLen?: number }>,
  extraBlocks: Buffer[] = [],
): Buffer {
  const blocks: Buffer[] = [];
  const block = (type: number, body: Buffer): Buffer => {
    const pad = (4 - (body.length % 4)) % 4;
    const total = 12 + body.length + pad;
    const b = Buffer.alloc(total);
    b.writeUInt32LE(type, 0);
    b.writeUInt32LE(total, 4);
    body.copy(b, 8);
    b.writeUInt32LE(total, total - 4);
    return b;
  };
  const shb = Buffer.alloc(16);
  shb.writeUInt32LE(0x1a2b3c4d, 0);
  shb.writeUInt16LE(1, 4);
  shb.writeUInt16LE(0, 6);
  shb.writeBigInt64LE(-1n, 8);
  blocks.push(block(0x0a0d0d0a, shb));
  for (const i of ifaces) {
    const opts: Buffer[] = [];
    if (i.tsresol !== undefined) {
      const o = Buffer.alloc(8);
      o.writeUInt16LE(9, 0);
      o.writeUInt16LE(1, 2);
      o.writeUInt8(i.tsresol, 4);
      opts.push(o);
    }
    const end = Buffer.alloc(4);
    const idb = Buffer.alloc(8);
    idb.writeUInt16LE(i.linkType, 0);
    idb.writeUInt32LE(262144, 4);
    blocks.push(block(1, Buffer.concat([idb, ...opts, ...(opts.length ? [end] : [])])));
  }
  blocks.push(...extraBlocks);
  for (const p of packets) {
    const h = Buffer.alloc(20);
    h.writeUInt32LE(p.iface, 0);
    h.writeUInt32LE(Number(p.ts >> 32n), 4);
    h.writeUInt32LE(Number(p.ts & 0xffffffffn), 8);
    h.writeUInt32LE(p.data.length, 12);
    h.writeUInt32LE(p.origLen ?? p.data.length, 16);
    const pad = Buffer.alloc((4 - (p.data.length % 4)) % 4);
    blocks.push(block(6, Buffer.concat([h, p.data, pad])));
  }
  return Buffer.concat(blocks);
}

/** IPv4 + TCP packet bytes (no link header), checksums left zero. */
export function ipv4Tcp(o: {
  src: string;
  dst: string;
  sport: number;
  dport: number;
  seq: number;
  ack?: number;
  flags: number;
  payload?: Buffer;
  ttl?: number;
  id?: number;
  df?: boolean;
}): Buffer {
  const payload = o.payload ?? Buffer.alloc(0);
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(o.sport, 0);
  tcp.writeUInt16BE(o.dport, 2);
  tcp.writeUInt32BE(o.seq >>> 0, 4);
  tcp.writeUInt32BE((o.ack ?? 0) >>> 0, 8);
  tcp.writeUInt16BE((5 << 12) | o.flags, 12);
  tcp.writeUInt16BE(65535, 14);
  const ip = Buffer.alloc(20);
  ip.writeUInt8(0x45, 0);
  ip.writeUInt16BE(20 + 20 + payload.length, 2);
  ip.writeUInt16BE(o.id ?? 0, 4);
  ip.writeUInt16BE(o.df === false ? 0 : 0x4000, 6);
  ip.writeUInt8(o.ttl ?? 64, 8);
  ip.writeUInt8(6, 9);
  Buffer.from(o.src.split('.').map(Number)).copy(ip, 12);
  Buffer.from(o.dst.split('.').map(Number)).copy(ip, 16);
  return Buffer.concat([ip, tcp, payload]);
}

export function ethernet(payload: Buffer, etherType = 0x0800, vlans: number[] = []): Buffer {
  const h = Buffer.alloc(12);
  const tags = vlans.map((v) => {
    const t = Buffer.alloc(4);
    t.writeUInt16BE(0x8100, 0);
    t.writeUInt16BE(v, 2);
    return t;
  });
  const et = Buffer.alloc(2);
  et.writeUInt16BE(etherType, 0);
  return Buffer.concat([h, ...tags, et, payload]);
}

export function writeFile(path: string, data: Buffer): string {
  writeFileSync(path, data);
  return path;
}

/** A hand-driven TCP conversation: every call appends one IPv4 packet with correct seq/ack. */
export class Flow {
  readonly packets: Buffer[] = [];
  private seq = { c: 1000, s: 5000000 };
  private readonly ends: { c: { ip: string; port: number }; s: { ip: string; port: number } };
  ttl = { c: 64, s: 64 };
  constructor(
    client = { ip: '127.0.0.1', port: 50000 },
    server = { ip: '127.0.0.2', port: 443 },
    isn?: { c: number; s: number },
  ) {
    this.ends = { c: client, s: server };
    if (isn) this.seq = { ...isn };
  }
  private pkt(
    from: 'c' | 's',
    flags: number,
    payload: Buffer = Buffer.alloc(0),
    seqOverride?: number,
  ): Buffer {
    const to = from === 'c' ? 's' : 'c';
    const p = ipv4Tcp({
      src: this.ends[from].ip,
      dst: this.ends[to].ip,
      sport: this.ends[from].port,
      dport: this.ends[to].port,
      seq: seqOverride ?? this.seq[from],
      ack: flags & 0x10 ? this.seq[to] : 0,
      flags,
      payload,
      ttl: this.ttl[from],
    });
    this.packets.push(p);
    return p;
  }
  handshake(): this {
    this.pkt('c', 0x02);
    this.seq.c = (this.seq.c + 1) >>> 0;
    this.pkt('s', 0x12);
    this.seq.s = (this.seq.s + 1) >>> 0;
    this.pkt('c', 0x10);
    return this;
  }
  /** data in segments of at most `mss` bytes; returns the packets appended */
  data(from: 'c' | 's', bytes: Buffer, mss = 1460): Buffer[] {
    const out: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += mss) {
      const part = bytes.subarray(i, i + mss);
      out.push(this.pkt(from, 0x18, part));
      this.seq[from] = (this.seq[from] + part.length) >>> 0;
    }
    return out;
  }
  ack(from: 'c' | 's'): Buffer {
    return this.pkt(from, 0x10);
  }
  fin(from: 'c' | 's'): Buffer {
    const p = this.pkt(from, 0x11);
    this.seq[from] = (this.seq[from] + 1) >>> 0;
    return p;
  }
  rst(from: 'c' | 's'): Buffer {
    return this.pkt(from, 0x14);
  }
  /** the sequence number the side will use next */
  next(from: 'c' | 's'): number {
    return this.seq[from];
  }
}
