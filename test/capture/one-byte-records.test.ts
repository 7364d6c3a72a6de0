// Regression: a capture of one connection whose server flight came in 1-byte TLS records
// (~70,000 records) did not finish: the stream reader re-concatenated the message on every record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeCapture } from '../../src/capture/analyze.js';
import {
  ContentType,
  HandshakeType,
  buildClientHello,
  encodeCertificate,
  encodeHandshake,
  encodeRecords,
  encodeServerHello,
} from '../../src/wire/index.js';
import { ethernet, Flow, pcapFile, tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
before(() => {
  tmp = tempDir('tlsdoctor-one-byte-');
});
after(() => tmp.cleanup());

test('a ServerHello and a 70 KB Certificate in 1-byte records: the capture is analysed and the chain read', async () => {
  const hello = buildClientHello({
    legacyVersion: 0x0303,
    cipherSuites: [0xc02f],
    serverName: 'one-byte.test',
  });
  const certs = [randomBytes(1200), randomBytes(68_000)];
  const flight = Buffer.concat([
    encodeHandshake(
      HandshakeType.server_hello,
      encodeServerHello({
        legacyVersion: 0x0303,
        random: Buffer.alloc(32, 7),
        sessionId: Buffer.alloc(0),
        cipherSuite: 0xc02f,
        compressionMethod: 0,
        extensions: [],
      }),
    ),
    encodeHandshake(
      HandshakeType.certificate,
      encodeCertificate({ entries: certs.map((data) => ({ data })) }, { tls13: false }),
    ),
    encodeHandshake(HandshakeType.server_hello_done, Buffer.alloc(0)),
  ]);
  const serverBytes = encodeRecords(ContentType.handshake, 0x0303, flight, 1);
  assert.ok(serverBytes.length > 400_000);
  const f = new Flow();
  f.handshake();
  f.data('c', hello.record);
  f.data('s', serverBytes);
  f.ack('c');
  f.fin('c');
  f.fin('s');
  const path = join(tmp.dir, 'one-byte.pcap');
  writeFileSync(
    path,
    pcapFile(
      1,
      f.packets.map((p, i) => ({ tsSec: 1700000000, tsFrac: i, data: ethernet(p) })),
    ),
  );
  const a = await analyzeCapture(path);
  assert.equal(a.connections.length, 1);
  const c = a.connections[0]!;
  assert.equal(c.serverHello?.cipherSuite, 0xc02f);
  assert.deepEqual(
    c.serverCertificates?.certificates,
    certs.map((d) => d.toString('base64')),
  );
  assert.equal(c.lastMessage?.from, 'server');
});
