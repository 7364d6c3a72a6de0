// TLS 1.3 drafts on the wire. No server here speaks them, so the flights are built from the drafts'
// structs (src/wire/tls13-drafts.ts cites them): draft 18 (0x7f12, ServerHello without session id or
// compression), draft 21 (0x7f15, HelloRetryRequest as handshake type 6) and draft 22 (0x7f16,
// HelloRetryRequest as a ServerHello with the special random, compatibility ChangeCipherSpec, then a
// second ClientHello and the ServerHello in clear). Each is checked as we read it and against tshark's
// dissector on the same bytes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyzeCapture, type CaptureAnalysis } from '../../src/capture/analyze.js';
import { LINKTYPE } from '../../src/capture/decode.js';
import { HELLO_RETRY_REQUEST_RANDOM } from '../../src/wire/constants.js';
import { buildClientHello, encodeHandshake, encodeRecord } from '../../src/wire/index.js';
import { parseDraftHelloRetryRequest, parseServerHello } from '../../src/wire/server-hello.js';
import { isTls13Family } from '../../src/wire/tls13-drafts.js';
import { Flow, pcapFile, tempDir, writeFile, type PcapRecord } from './helpers.js';
import { compareWithTshark } from './tshark-oracle.js';

const u16 = (n: number): Buffer => Buffer.from([n >> 8, n & 0xff]);
const ext = (type: number, data: Buffer): Buffer => Buffer.concat([u16(type), u16(data.length), data]);
const exts = (...e: Buffer[]): Buffer => {
  const all = Buffer.concat(e);
  return Buffer.concat([u16(all.length), all]);
};
/** key_share was extension 40 until draft 23 renumbered it to 51 */
const KEY_SHARE_DRAFT = 40;
const share = Buffer.concat([u16(29), u16(32), Buffer.alloc(32, 7)]);
const hs = (type: number, body: Buffer): Buffer => encodeRecord(22, 0x0301, encodeHandshake(type, body));
const encrypted = (n: number): Buffer => encodeRecord(23, 0x0301, Buffer.alloc(n, 0x5a));
const ccs = encodeRecord(20, 0x0303, Buffer.from([1]));
const hello = (version: number, port: number) =>
  buildClientHello({
    legacyVersion: 0x0303,
    cipherSuites: [0x1301, 0x1302],
    serverName: `draft-${port}.test`,
    supportedVersions: [version],
    groups: [29, 23],
    keyShareGroups: [23],
    signatureAlgorithms: [0x0804],
  });

/** draft-ietf-tls-tls13-18 §4.1.3: version, random, cipher_suite, extensions */
const draftServerHello = (version: number): Buffer =>
  Buffer.concat([u16(version), Buffer.alloc(32, 3), u16(0x1301), exts(ext(KEY_SHARE_DRAFT, share))]);

function finish(f: Flow): void {
  f.data('s', encrypted(900)); // EncryptedExtensions … Finished
  f.data('c', encrypted(53)); // the client's Finished
  f.data('c', encrypted(100));
  f.data('s', encrypted(300));
  f.fin('c');
  f.fin('s');
  f.ack('c');
}

const flows: Record<string, (f: Flow) => void> = {
  // draft 18: one round trip
  draft18(f) {
    f.data('c', hello(0x7f12, 1).record);
    f.data('s', hs(2, draftServerHello(0x7f12)));
    finish(f);
  },
  // draft 21: HelloRetryRequest (type 6: server_version, cipher_suite, extensions), then the draft ServerHello
  draft21(f) {
    f.data('c', hello(0x7f15, 2).record);
    f.data('s', hs(6, Buffer.concat([u16(0x7f15), u16(0x1301), exts(ext(KEY_SHARE_DRAFT, u16(29)))])));
    f.data('c', hello(0x7f15, 2).record);
    f.data('s', hs(2, draftServerHello(0x7f15)));
    finish(f);
  },
  // draft 22: HRR as a ServerHello with the special random, compatibility CCS on both sides
  draft22(f) {
    const ch = hello(0x7f16, 3);
    f.data('c', ch.record);
    const sh = (random: Buffer, keyShare: Buffer): Buffer =>
      Buffer.concat([
        u16(0x0303),
        random,
        Buffer.from([ch.hello.sessionId.length]),
        ch.hello.sessionId,
        u16(0x1301),
        Buffer.from([0]),
        exts(ext(43, u16(0x7f16)), ext(KEY_SHARE_DRAFT, keyShare)),
      ]);
    f.data('s', Buffer.concat([hs(2, sh(HELLO_RETRY_REQUEST_RANDOM, u16(29))), ccs]));
    f.data('c', Buffer.concat([ccs, hello(0x7f16, 3).record]));
    f.data('s', hs(2, sh(Buffer.alloc(32, 4), share)));
    finish(f);
  },
};

let tmp: ReturnType<typeof tempDir>;
let file: string;
let analysis: CaptureAnalysis;
const PORTS = { draft18: 4418, draft21: 4421, draft22: 4422 };

before(async () => {
  tmp = tempDir('tlsdoctor-drafts-');
  const records: PcapRecord[] = [];
  let us = 0;
  for (const [name, build] of Object.entries(flows)) {
    const f = new Flow(
      { ip: '127.0.0.1', port: 40000 + PORTS[name as keyof typeof PORTS] },
      { ip: '127.0.0.1', port: PORTS[name as keyof typeof PORTS] },
    );
    f.handshake();
    build(f);
    for (const data of f.packets) records.push({ tsSec: 1700000000, tsFrac: (us += 100), data });
  }
  file = writeFile(join(tmp.dir, 'drafts.pcap'), pcapFile(LINKTYPE.IPV4, records));
  analysis = await analyzeCapture(file);
});
after(() => tmp?.cleanup());

const at = (port: number) => analysis.connections.find((c) => c.server.port === port)!;

test('the draft-18 ServerHello layout (no session id, no compression) is read', () => {
  const sh = parseServerHello(draftServerHello(0x7f12));
  assert.equal(sh.draftLayout, true);
  assert.equal(sh.negotiatedVersion, 0x7f12);
  assert.equal(sh.cipherSuite, 0x1301);
  assert.equal(sh.sessionId.length, 0);
  assert.deepEqual(
    sh.extensions!.map((e) => e.type),
    [KEY_SHARE_DRAFT],
  );
  const c = at(PORTS.draft18);
  assert.equal(c.serverHello?.version, 0x7f12);
  assert.equal(c.serverHello?.cipherSuite, 0x1301);
  assert.deepEqual(c.parseErrors, []);
  assert.equal(c.handshakeEnd, 'complete');
});

test('draft 21: the HelloRetryRequest of its own type, then the second ClientHello and the ServerHello', () => {
  const c = at(PORTS.draft21);
  assert.deepEqual(
    { version: c.helloRetryRequest?.version, suite: c.helloRetryRequest?.cipherSuite },
    { version: 0x7f15, suite: 0x1301 },
  );
  assert.ok(c.secondClientHello);
  assert.equal(c.serverHello?.version, 0x7f15);
  assert.deepEqual(c.parseErrors, []);
  assert.equal(c.handshakeEnd, 'complete');
});

test('draft 22: after the HRR and the compatibility CCS, the ServerHello is read in clear (not as encrypted data)', () => {
  const c = at(PORTS.draft22);
  assert.equal(c.helloRetryRequest?.version, 0x7f16);
  assert.ok(c.secondClientHello, 'the second ClientHello after the client CCS');
  assert.equal(c.serverHello?.version, 0x7f16);
  assert.equal(c.serverHello?.legacyVersion, 0x0303);
  assert.deepEqual(c.parseErrors, []);
  assert.equal(c.handshakeEnd, 'complete');
});

test('tshark dissects the same bytes the same way', () => {
  const r = compareWithTshark(file, analysis.connections);
  assert.equal(r.compared, 3);
  assert.deepEqual(r.disagreements, []);
});

test('a draft-18 HelloRetryRequest has no cipher_suite (added in draft 19); drafts count as TLS 1.3', () => {
  const hrr = parseDraftHelloRetryRequest(Buffer.concat([u16(0x7f12), exts(ext(KEY_SHARE_DRAFT, u16(29)))]));
  assert.deepEqual(hrr, { version: 0x7f12 });
  for (const v of [0x0304, 0x7f10, 0x7f1c, 0x7e01, 0xfb17])
    assert.equal(isTls13Family(v), true, v.toString(16));
  for (const v of [0x0303, 0x0300, 0x7d01]) assert.equal(isTls13Family(v), false, v.toString(16));
});
