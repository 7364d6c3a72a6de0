// A real capture with more failed handshakes of a kind than the report lists: dumpcap on lo around
// node:tls clients against local servers (one that resets after the ClientHello, one that answers
// in plain HTTP, one that works). The report lists 3 of each kind (--list 3) and counts the rest;
// every count — the findings', the totals, the per-cause counts and the verdict — must match what
// tshark sees per TCP stream in the same file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import tls from 'node:tls';
import { join } from 'node:path';
import { analyzeCapture } from '../../src/capture/analyze.js';
import { captureReport } from '../../src/app/capture-report.js';
import type { CaptureReport } from '../../src/model/report.js';
import { listenLocal, makeCert, socketTracker, startCapture, tempDir } from './helpers.js';
import { plainHttpServer, resetServer } from './scenarios.js';
import { compareWithTshark, tsharkStreams, type TsharkStream } from './tshark-oracle.js';

const RESETS = 12;
const PLAIN = 9;
const GOOD = 6;

let tmp: ReturnType<typeof tempDir>;
let file: string;
let ports: { reset: number; plain: number; good: number };

/** one node:tls client: talks if the handshake completes, gives up after 3 s at most */
function client(port: number): Promise<void> {
  return new Promise((resolve) => {
    const s = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false });
    const done = (): void => {
      clearTimeout(t);
      s.destroy();
      resolve();
    };
    const t = setTimeout(done, 3000);
    s.on('secureConnect', () => s.write('ping\n'));
    s.on('data', () => s.end());
    s.on('close', done);
    s.on('error', done);
  });
}

before(async () => {
  tmp = tempDir('tlsdoctor-listing-');
  const { key, cert } = makeCert(tmp.dir);
  const sockets = socketTracker();
  const reset = resetServer(sockets.track);
  const plain = plainHttpServer(sockets.track);
  const good = tls.createServer({ key, cert }, (s) => s.on('data', () => s.end('pong\n')));
  good.on('connection', sockets.track);
  good.on('tlsClientError', () => undefined);
  const servers = [reset, plain, good];
  ports = {
    reset: await listenLocal(reset),
    plain: await listenLocal(plain),
    good: await listenLocal(good),
  };
  file = join(tmp.dir, 'many.pcapng');
  const cap = await startCapture(file, Object.values(ports));
  try {
    const jobs: Array<() => Promise<void>> = [];
    for (let i = 0; i < Math.max(RESETS, PLAIN, GOOD); i++) {
      if (i < RESETS) jobs.push(() => client(ports.reset));
      if (i < PLAIN) jobs.push(() => client(ports.plain));
      if (i < GOOD) jobs.push(() => client(ports.good));
    }
    for (const job of jobs) await job();
  } finally {
    await cap.stop();
    sockets.destroyAll();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
});
after(() => tmp?.cleanup());

/** tshark's streams to a server port that carry a ClientHello */
function hellosTo(streams: Map<string, TsharkStream>, port: number): TsharkStream[] {
  return [...streams.values()].filter((s) => s.serverPort === port && s.clientHello);
}

test('past the listing, every count matches tshark per TCP stream', async () => {
  const streams = tsharkStreams(file);
  const resets = hellosTo(streams, ports.reset).filter((s) => s.resetBy === 'server' && !s.serverHello);
  const plain = hellosTo(streams, ports.plain).filter((s) => !s.serverHello);
  const good = hellosTo(streams, ports.good).filter((s) => s.serverHello);
  // the oracle saw every connection the test made, each the way its server answered
  assert.equal(resets.length, RESETS);
  assert.equal(plain.length, PLAIN);
  assert.equal(good.length, GOOD);

  // every connection, listed whole, agrees with tshark stream by stream
  const all = await analyzeCapture(file, { failureSample: 2000, successSample: 2000 });
  assert.equal(all.connections.length, RESETS + PLAIN + GOOD);
  assert.deepEqual(compareWithTshark(file, all.connections).disagreements, []);

  const r: CaptureReport = await captureReport(file, { checkChains: false, list: 3 });
  // listed: 3 of each failure kind, the first completed one and 3 more
  assert.equal(r.data.handshakes.filter((h) => h.status === 'failed').length, 6);
  assert.equal(r.data.handshakes.filter((h) => h.status === 'ok').length, 4);
  // counted: as many as tshark has streams
  assert.equal(r.data.tlsHandshakes, resets.length + plain.length + good.length);
  assert.equal(r.data.ok, good.length);
  assert.equal(r.data.failed, resets.length + plain.length);
  assert.equal(r.data.unfinished, 0);
  assert.deepEqual(r.data.causes, [
    { id: 'handshake.no-server-hello', handshakes: resets.length },
    { id: 'handshake.not-tls', handshakes: plain.length },
  ]);
  const reset = r.findings.find((f) => f.id === 'handshake.no-server-hello')!;
  assert.match(reset.summary, new RegExp(`^${resets.length} handshakes to 127\\.0\\.0\\.1:${ports.reset}: `));
  assert.match(reset.evidence.at(-1)!.text, new RegExp(`^${resets.length - 3} more failed handshake`));
  const notTls = r.findings.find((f) => f.id === 'handshake.not-tls')!;
  assert.match(notTls.summary, new RegExp(`^${plain.length} handshakes to 127\\.0\\.0\\.1:${ports.plain}: `));
  assert.match(
    r.verdict.summary,
    new RegExp(
      `^${resets.length + plain.length} of ${resets.length + plain.length + good.length} TLS handshakes failed: ${resets.length} handshakes .* Also: handshake\\.not-tls ×${plain.length}\\.$`,
    ),
  );
});
