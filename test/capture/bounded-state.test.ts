// Memory is bounded by the connections tracked at once, whatever the capture holds: a capture of
// many SYN-only connections (a busy server's, or a SYN flood) is generated here and the connection
// table's peak is checked against its limit (counts, not timings); failed handshakes are listed up to
// a sample per kind and counted per kind past it. The RSS for 1,500,000 such
// connections is measured by scripts/bench-capture.mjs (--syn-flood).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyzeCapture } from '../../src/capture/analyze.js';
import { LINKTYPE } from '../../src/capture/decode.js';
import { captureReport } from '../../src/app/capture-report.js';
import { buildClientHello, encodeAlertRecord } from '../../src/wire/index.js';
import { Flow, pcapFile, tempDir, writeFile, type PcapRecord } from './helpers.js';

/** n SYN-only connections, 127.0.0.1 to 127.0.0.1, each on its own 4-tuple, `gapUs` apart */
function synFlood(n: number, gapUs: number): Buffer {
  const records: PcapRecord[] = [];
  for (let i = 0; i < n; i++) {
    const ip = Buffer.alloc(40);
    ip.writeUInt8(0x45, 0);
    ip.writeUInt16BE(40, 2);
    ip.writeUInt16BE(i & 0xffff, 4);
    ip.writeUInt8(64, 8);
    ip.writeUInt8(6, 9);
    ip.writeUInt32BE(0x7f000001, 12);
    ip.writeUInt32BE(0x7f000001, 16);
    ip.writeUInt16BE(1024 + (i % 64512), 20);
    ip.writeUInt16BE(443 + Math.floor(i / 64512), 22);
    ip.writeUInt32BE((i * 2654435761) >>> 0, 24);
    ip.writeUInt16BE((5 << 12) | 0x02, 32);
    const us = i * gapUs;
    records.push({ tsSec: 1700000000 + Math.floor(us / 1e6), tsFrac: us % 1e6, data: ip });
  }
  return pcapFile(LINKTYPE.IPV4, records);
}

test('many SYN-only connections: the table never holds more than its limit, every SYN is counted', async () => {
  const t = tempDir();
  try {
    const file = writeFile(join(t.dir, 'flood.pcap'), synFlood(40000, 1));
    const a = await analyzeCapture(file, { maxLive: 1000 });
    assert.equal(a.summary.tcpConnections, 40000);
    assert.equal(a.summary.unansweredSyns, 40000);
    assert.equal(a.summary.tlsConnections, 0);
    const live = a.summary.liveConnections!;
    assert.ok(live.peak <= 1001, `peak ${live.peak}`);
    // all but those still tracked at the end were closed out early
    assert.ok(live.closedOut >= 40000 - 1001, `closed out ${live.closedOut}`);
    assert.match(a.summary.warnings.join('\n'), /closed out before their end/);
  } finally {
    t.cleanup();
  }
});

test('a SYN retransmitted on the same 4-tuple is one connection, not a new one', async () => {
  const t = tempDir();
  try {
    const one = synFlood(1, 1).subarray(24).subarray(16);
    const records: PcapRecord[] = [0, 1, 3, 7].map((s) => ({ tsSec: 1700000000 + s, tsFrac: 0, data: one }));
    const a = await analyzeCapture(writeFile(join(t.dir, 'retx.pcap'), pcapFile(LINKTYPE.IPV4, records)));
    assert.equal(a.summary.tcpConnections, 1);
    assert.equal(a.summary.unansweredSyns, 1);
  } finally {
    t.cleanup();
  }
});

test('connections idle for longer than the idle timeout are closed out, even under the limit', async () => {
  const t = tempDir();
  try {
    // 10000 SYNs 0.1 s apart: 1000 s of capture, swept every 8192 new connections
    const file = writeFile(join(t.dir, 'slow.pcap'), synFlood(10000, 100000));
    const a = await analyzeCapture(file, { idleTimeoutSec: 60 });
    const live = a.summary.liveConnections!;
    assert.equal(a.summary.tcpConnections, 10000);
    assert.equal(a.summary.unansweredSyns, 10000);
    // at the sweep, the SYNs older than 60 s (all but the last ~600) went
    assert.ok(live.closedOut >= 8192 - 601, `closed out ${live.closedOut}`);
    assert.ok(live.closedOut < 10000);
  } finally {
    t.cleanup();
  }
});

test('failed handshakes are listed up to a sample per kind and counted per kind past it', async () => {
  const t = tempDir();
  try {
    const hello = buildClientHello({
      legacyVersion: 0x0303,
      cipherSuites: [0xc02f],
      serverName: 'shop.test',
    });
    const records: PcapRecord[] = [];
    let us = 0;
    // 300 handshakes answered with internal_error (80), 30 reset after the hello: two kinds
    for (let i = 0; i < 330; i++) {
      const f = new Flow({ ip: '127.0.0.1', port: 20000 + i }, { ip: '127.0.0.2', port: 443 });
      f.handshake();
      f.data('c', hello.record);
      f.ack('s');
      if (i < 300) {
        f.data('s', encodeAlertRecord(80));
        f.fin('s');
        f.fin('c');
      } else f.rst('s');
      for (const data of f.packets) records.push({ tsSec: 1700000000, tsFrac: (us += 10), data });
    }
    const file = writeFile(join(t.dir, 'failures.pcap'), pcapFile(LINKTYPE.IPV4, records));
    const a = await analyzeCapture(file, { failureSample: 20 });
    assert.equal(a.summary.tlsConnections, 330);
    assert.equal(a.connections.length, 40);
    assert.equal(a.summary.connectionsOverCap, 290);
    const kinds = a.summary.failureKinds!;
    assert.deepEqual(
      kinds.map((k) => [k.server, k.handshakeEnd, k.alert?.description, k.listed, k.notListed]),
      [
        ['127.0.0.2:443', 'alert', 80, 20, 280],
        ['127.0.0.2:443', 'reset', undefined, 20, 10],
      ],
    );
    // the report (default: 10 listed per kind) counts every failure, and each finding counts the
    // unlisted handshakes of its kinds with the listed ones
    const r = await captureReport(file, { checkChains: false });
    assert.equal(r.data.failed, 330);
    assert.equal(r.data.tlsHandshakes, 330);
    assert.equal(r.data.handshakes.length, 20);
    assert.deepEqual(r.data.causes, [
      { id: 'capture.server-alert', handshakes: 300 },
      { id: 'handshake.no-server-hello', handshakes: 30 },
    ]);
    const f = r.findings.find((x) => x.id === 'capture.server-alert')!;
    assert.match(f.summary, /^300 handshakes to 127\.0\.0\.2:443 ended with a fatal alert/);
    assert.match(
      f.evidence.at(-1)!.text,
      /^290 more failed handshake\(s\) to 127\.0\.0\.2:443 ended the same way/,
    );
    const reset = r.findings.find((x) => x.id === 'handshake.no-server-hello')!;
    assert.match(reset.summary, /^30 handshakes to 127\.0\.0\.2:443: /);
    assert.match(reset.evidence.at(-1)!.text, /^20 more failed handshake\(s\) to 127\.0\.0\.2:443/);
    assert.match(
      r.verdict.summary,
      /^330 of 330 TLS handshakes failed: 300 handshakes .* Also: handshake\.no-server-hello ×30\.$/,
    );
    // --list 50: more listed, the same counts
    const wide = await captureReport(file, { checkChains: false, list: 50 });
    assert.equal(wide.data.handshakes.length, 80);
    assert.deepEqual(wide.data.causes, r.data.causes);
    assert.match(wide.findings.find((x) => x.id === 'capture.server-alert')!.summary, /^300 handshakes/);
  } finally {
    t.cleanup();
  }
});

test('handshakes counted past the sample are unfinished, not failed, when their kind was joined mid-stream', async () => {
  const t = tempDir();
  try {
    const records: PcapRecord[] = [];
    let us = 0;
    // 40 connections already open when the capture started: no SYN, no hello, only records of
    // application data each way, then the close; and one failure (an alert after the hello)
    const appData = Buffer.concat([Buffer.from([0x17, 3, 3, 0, 32]), Buffer.alloc(32, 0x5a)]);
    for (let i = 0; i < 40; i++) {
      const f = new Flow({ ip: '127.0.0.1', port: 30000 + i }, { ip: '127.0.0.2', port: 443 });
      f.data('c', appData);
      f.data('s', appData);
      f.fin('c');
      f.fin('s');
      for (const data of f.packets) records.push({ tsSec: 1700000000, tsFrac: (us += 10), data });
    }
    const f = new Flow({ ip: '127.0.0.1', port: 40000 }, { ip: '127.0.0.2', port: 443 });
    f.handshake();
    f.data('c', buildClientHello({ legacyVersion: 0x0303, cipherSuites: [0xc02f] }).record);
    f.data('s', encodeAlertRecord(40));
    f.fin('s');
    for (const data of f.packets) records.push({ tsSec: 1700000000, tsFrac: (us += 10), data });
    const file = writeFile(join(t.dir, 'midstream.pcap'), pcapFile(LINKTYPE.IPV4, records));
    const r = await captureReport(file, { checkChains: false });
    assert.equal(r.data.handshakes.length, 11);
    assert.equal(r.data.unfinished, 40);
    assert.equal(r.data.failed, 1);
    assert.match(r.verdict.summary, /^1 of 41 TLS handshakes failed/);
  } finally {
    t.cleanup();
  }
});
