// capture.starttls-refused: a plaintext session whose client asked to start TLS and whose server never
// spoke TLS; sessions that did upgrade, and plain sessions that never asked, stay quiet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/capture/capture.starttls-refused.js';
import type { CaptureConnectionObservation } from '../../../../src/model/observations/capture.js';
import { at, conn, noServerHello, set } from './fixtures.js';

function refused(
  preamble: NonNullable<CaptureConnectionObservation['preamble']>,
  over: Partial<CaptureConnectionObservation> & { serverPort?: number } = {},
): CaptureConnectionObservation {
  const { serverPort, ...rest } = over;
  const c = noServerHello({ handshakeEnd: 'not-tls', preamble, ...rest });
  c.server = { ip: '127.0.0.1', port: serverPort ?? 25 };
  if (!preamble.tlsFollowed) delete c.clientHello;
  return c;
}

const smtp = {
  protocol: 'SMTP',
  upgradeAsked: true,
  clientBytes: 33,
  serverBytes: 100,
  tlsFollowed: true,
  serverLast: '454 4.7.0 TLS not available due to local problem',
};

test('SMTP 454 to STARTTLS: one finding per server with the answer quoted and the Postfix fix', () => {
  const f = rule.evaluate(set(refused(smtp), refused(smtp)));
  assert.equal(f.length, 1);
  assert.equal(f[0]!.id, 'starttls.refused');
  assert.equal(f[0]!.severity, 'blocker');
  assert.equal(f[0]!.subject, '127.0.0.1:25');
  assert.equal(f[0]!.evidence.length, 2);
  assert.match(f[0]!.summary, /^2 SMTP sessions to 127\.0\.0\.1:25: the server refused to start TLS/);
  assert.match(
    f[0]!.evidence[0]!.text,
    /asked for STARTTLS; the server answered "454 4\.7\.0 TLS not available/,
  );
  assert.ok(f[0]!.fix.commands?.some((c) => /smtpd_tls_security_level = may/.test(c.command)));
});

test('PostgreSQL N and a MySQL greeting without CLIENT_SSL get their own fixes', () => {
  const pg = refused(
    {
      protocol: 'PostgreSQL SSLRequest',
      upgradeAsked: true,
      clientBytes: 8,
      serverBytes: 1,
      tlsFollowed: false,
      serverLast: 'N',
    },
    { serverPort: 5432 },
  );
  const my = refused(
    {
      protocol: 'MySQL',
      upgradeAsked: true,
      tlsOffered: false,
      clientBytes: 0,
      serverBytes: 83,
      tlsFollowed: false,
    },
    { serverPort: 3306 },
  );
  const [a, b] = rule.evaluate(set(pg, my));
  assert.match(a!.evidence[0]!.text, /asked for SSLRequest; the server answered "N"/);
  assert.match(a!.fix.steps.join(' '), /ssl = on/);
  assert.match(
    b!.evidence[0]!.text,
    /greeting does not offer SSL \(no CLIENT_SSL capability\) and the client left/,
  );
  assert.match(b!.fix.steps.join(' '), /require_secure_transport/);
});

test('quiet: the upgrade happened, the client never asked, or the server answered in TLS', () => {
  const upgraded = conn({ preamble: { ...smtp, serverLast: '220 2.0.0 Ready to start TLS' } });
  const plain = refused({ ...smtp, upgradeAsked: false });
  const alerted = refused(smtp, {
    handshakeEnd: 'alert',
    alerts: [
      {
        ...at(310),
        from: 'server',
        level: 2,
        description: 40,
        after: 'ClientHello',
        afterFrom: 'client',
        afterServerCertificate: false,
      },
    ],
  });
  assert.deepEqual(rule.evaluate(set(upgraded, plain, alerted)), []);
});
