// TLS after a plaintext preamble, on real traffic: openssl s_client -starttls smtp|postgres against
// tiny local servers (127.0.0.1, port 0) that speak just enough of each protocol, an SMTP server that
// refuses STARTTLS, all captured by dumpcap on lo. The handshake is found after the preamble by
// content, the protocol is named, and a refused STARTTLS is reported, not called "no TLS".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { once } from 'node:events';
import { join } from 'node:path';
import { analyzeCapture, type CaptureAnalysis } from '../../src/capture/analyze.js';
import { captureReport } from '../../src/app/capture-report.js';
import { makeCert, run, startCapture, tempDir } from './helpers.js';
import { compareWithTshark } from './tshark-oracle.js';

let tmp: ReturnType<typeof tempDir>;
let file: string;
let analysis: CaptureAnalysis;
const ports = { smtp: 0, refuse: 0, pg: 0 };

function lines(s: net.Socket, onLine: (l: string) => void): void {
  let buf = '';
  const onData = (d: Buffer): void => {
    buf += d.toString('latin1');
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const l = buf.slice(0, i).replace(/\r$/, '');
      buf = buf.slice(i + 1);
      onLine(l);
    }
  };
  s.on('data', onData);
  (s as net.Socket & { stopLines?: () => void }).stopLines = () => s.off('data', onData);
}

before(async () => {
  tmp = tempDir('tlsdoctor-starttls-');
  const { key, cert } = makeCert(tmp.dir);
  const open = new Set<net.Socket>();
  const track = (s: net.Socket): void => {
    open.add(s);
    s.on('close', () => open.delete(s));
    s.on('error', () => undefined);
  };
  // RFC 3207: 220 banner, EHLO → 250-… STARTTLS, STARTTLS → 220, then TLS on the same connection
  const smtp = net.createServer((s) => {
    track(s);
    s.write('220 mail.test ESMTP\r\n');
    lines(s, (l) => {
      if (/^EHLO/i.test(l)) s.write('250-mail.test\r\n250 STARTTLS\r\n');
      else if (/^STARTTLS/i.test(l)) {
        (s as net.Socket & { stopLines: () => void }).stopLines();
        s.write('220 2.0.0 Ready to start TLS\r\n');
        const t = new tls.TLSSocket(s, { isServer: true, key, cert });
        t.on('error', () => undefined);
        t.on('data', () => t.end());
      } else if (/^QUIT/i.test(l)) s.end('221 bye\r\n');
    });
  });
  const refuse = net.createServer((s) => {
    track(s);
    s.write('220 mail.test ESMTP\r\n');
    lines(s, (l) => {
      if (/^EHLO/i.test(l)) s.write('250-mail.test\r\n250 STARTTLS\r\n');
      else if (/^STARTTLS/i.test(l)) s.write('454 4.7.0 TLS not available due to local problem\r\n');
      else if (/^QUIT/i.test(l)) s.end('221 bye\r\n');
    });
  });
  // PostgreSQL SSLRequest (int32 8, int32 80877103) → 'S', then TLS
  const pg = net.createServer((s) => {
    track(s);
    s.once('data', () => {
      s.write('S');
      const t = new tls.TLSSocket(s, { isServer: true, key, cert });
      t.on('error', () => undefined);
      t.on('data', () => t.end());
    });
  });
  const servers = [smtp, refuse, pg];
  for (const srv of servers) srv.listen(0, '127.0.0.1');
  await Promise.all(servers.map((srv) => once(srv, 'listening')));
  ports.smtp = (smtp.address() as net.AddressInfo).port;
  ports.refuse = (refuse.address() as net.AddressInfo).port;
  ports.pg = (pg.address() as net.AddressInfo).port;
  file = join(tmp.dir, 'starttls.pcapng');
  const cap = await startCapture(file, Object.values(ports));
  try {
    for (const [port, proto] of [
      [ports.smtp, 'smtp'],
      [ports.refuse, 'smtp'],
      [ports.pg, 'postgres'],
    ] as const)
      await run('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-starttls', proto], 5000, 'Q\n');
  } finally {
    await cap.stop();
    for (const s of open) s.destroy();
    await Promise.all(servers.map((srv) => new Promise((r) => srv.close(r))));
  }
  analysis = await analyzeCapture(file);
});
after(() => tmp?.cleanup());

const at = (port: number) => analysis.connections.find((c) => c.server.port === port);

test('SMTP STARTTLS: the handshake after the preamble is found and the protocol named', () => {
  const c = at(ports.smtp);
  assert.ok(c, 'the SMTP connection is reported');
  assert.equal(c.preamble?.protocol, 'SMTP');
  assert.equal(c.preamble?.upgradeAsked, true);
  assert.ok(c.preamble!.clientBytes > 0 && c.preamble!.serverBytes > 0);
  assert.ok(c.clientHello && c.serverHello);
  assert.equal(c.handshakeEnd, 'complete');
});

test('PostgreSQL SSLRequest: the handshake after the 8-byte request is found', () => {
  const c = at(ports.pg);
  assert.ok(c, 'the PostgreSQL connection is reported');
  assert.equal(c.preamble?.protocol, 'PostgreSQL SSLRequest');
  assert.equal(c.preamble?.clientBytes, 8);
  assert.equal(c.preamble?.serverBytes, 1);
  assert.ok(c.serverHello);
  assert.equal(c.handshakeEnd, 'complete');
});

test('an SMTP server that refuses STARTTLS is a failed connection with its answer, not "no TLS"', async () => {
  const c = at(ports.refuse);
  assert.ok(c, 'the refused session is reported');
  // openssl s_client sends its ClientHello anyway; the server never answers it in TLS
  assert.equal(c.serverHello, undefined);
  assert.equal(c.preamble?.upgradeAsked, true);
  assert.equal(c.handshakeEnd, 'not-tls');
  const r = await captureReport(file, { checkChains: false });
  const row = r.data.handshakes.find((h) => h.id === c.id)!;
  assert.equal(row.status, 'failed');
  assert.match(
    row.reason!,
    /^SMTP: the client asked to start TLS and the server did not; its last answer: ".*454 4\.7\.0 TLS not available/,
  );
  assert.notEqual(r.verdict.status, 'healthy');
});

test('tshark agrees on the streams it dissects as TLS', () => {
  const r = compareWithTshark(file, analysis.connections);
  // tshark finds TLS after STARTTLS only on the ports it knows the protocol for (25/587, 5432): on
  // these ephemeral ports it sees no hello where we do — that is the difference the test expects
  const expected = [ports.smtp, ports.pg].map((p) => {
    const c = at(p)!;
    return `${c.client.port}>${c.server.port}: we see a hello, tshark sees no TLS hello`;
  });
  assert.deepEqual(
    r.disagreements.filter((d) => !expected.includes(d)),
    [],
  );
});
