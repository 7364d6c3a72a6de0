// The server platform a diagnosis speaks to (src/diagnose/platform.ts): --platform wins, then the
// Server header of the site's HTTPS answer, of its plain-HTTP port, then a Windows bundle; and each
// fix ordered for it — its own and the generic steps/commands in their written order, the others
// after, marked — while client-side fixes stay as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  detectPlatform,
  orderFindingsForPlatform,
  orderFix,
  platformFromServerHeader,
} from '../../src/diagnose/platform.js';
import type { ObservationBase } from '../../src/model/observation.js';
import type { Finding, Fix } from '../../src/model/finding.js';

const full = (server?: string): ObservationBase =>
  ({
    kind: 'probe.full-handshake',
    from: { source: 'probe', origin: '127.0.0.1:8443' },
    result: {
      ok: true,
      address: '127.0.0.1',
      port: 8443,
      chain: [],
      ocspStapled: false,
      sessionTicket: false,
      durationMs: 1,
      ...(server ? { request: { status: 'ok', protocol: 'http/1.1', httpStatus: 200, server } } : {}),
    },
  }) as ObservationBase;
const http = (server: string): ObservationBase =>
  ({
    kind: 'probe.http',
    from: { source: 'probe', origin: 'http://127.0.0.1:8080/' },
    url: 'http://127.0.0.1:8080/',
    result: { address: '127.0.0.1', port: 8080, status: 'ok', httpStatus: 301, server, durationMs: 1 },
  }) as ObservationBase;

test('Server header products (RFC 9110 §10.2.4) name the platform; unknown products name none', () => {
  assert.equal(platformFromServerHeader('Microsoft-IIS/10.0'), 'iis');
  assert.equal(platformFromServerHeader('Microsoft-HTTPAPI/2.0'), 'iis');
  assert.equal(platformFromServerHeader('nginx/1.22.1'), 'nginx');
  assert.equal(platformFromServerHeader('openresty'), 'nginx');
  assert.equal(platformFromServerHeader('Apache/2.4.62 (Debian)'), 'apache');
  assert.equal(platformFromServerHeader('lighttpd/1.4.69'), 'lighttpd');
  assert.equal(platformFromServerHeader('gws'), undefined);
});

test('detection order: --platform, the HTTPS Server header, the plain-HTTP one, a Windows bundle, else unknown', () => {
  assert.deepEqual(detectPlatform([full('nginx/1.22.1')], 'iis'), {
    id: 'iis',
    name: 'IIS / HTTP.sys (Windows)',
    source: 'option',
    evidence: '--platform iis',
  });
  const https = detectPlatform([full('Apache/2.4.62 (Debian)'), http('nginx')]);
  assert.equal(https.id, 'apache');
  assert.match(
    https.evidence!,
    /^Server: Apache\/2\.4\.62 \(Debian\) \(HTTPS answer from 127\.0\.0\.1:8443\)$/,
  );
  assert.equal(detectPlatform([full(), http('Microsoft-IIS/10.0')]).id, 'iis');
  const bundle = detectPlatform([
    full(),
    {
      kind: 'windows.iis-binding',
      from: { source: 'windows', origin: 'bundle/appcmd.txt' },
    } as ObservationBase,
  ]);
  assert.deepEqual([bundle.id, bundle.source], ['iis', 'windows-bundle']);
  assert.deepEqual(detectPlatform([full('gws')]), { id: 'unknown', name: 'unknown', source: 'none' });
});

const fix: Fix = {
  steps: [
    'Enable TLS 1.2 on the server.',
    'Windows/IIS: set SCHANNEL\\Protocols\\TLS 1.2\\Server Enabled=1, then reboot.',
    'nginx: ssl_protocols TLSv1.2 TLSv1.3;',
    'Apache: SSLProtocol -all +TLSv1.2 +TLSv1.3',
  ],
  commands: [
    { platform: 'registry', command: 'reg add …' },
    { platform: 'windows-cmd', command: 'shutdown /r /t 0' },
    { platform: 'nginx', command: 'ssl_protocols TLSv1.2 TLSv1.3;' },
    { platform: 'apache', command: 'SSLProtocol -all +TLSv1.2 +TLSv1.3' },
    { platform: 'shell', command: 'nginx -t' },
  ],
};

test('nginx: no registry key or shutdown /r first; generic steps keep their place; the rest after a mark', () => {
  const o = orderFix(fix, 'nginx');
  assert.deepEqual(o.steps, [fix.steps[0], fix.steps[2], fix.steps[1], fix.steps[3]]);
  assert.deepEqual(
    o.commands!.map((c) => c.platform),
    ['nginx', 'shell', 'registry', 'windows-cmd', 'apache'],
  );
  assert.deepEqual(o.otherPlatformsFrom, { steps: 2, commands: 2 });
});

test('iis: the SCHANNEL step and its commands first; unknown platform: the fix as written', () => {
  const o = orderFix(fix, 'iis');
  assert.deepEqual(o.steps.slice(0, 2), [fix.steps[0], fix.steps[1]]);
  assert.deepEqual(
    o.commands!.map((c) => c.platform),
    ['registry', 'windows-cmd', 'shell', 'nginx', 'apache'],
  );
  assert.deepEqual(orderFix(fix, 'unknown'), fix);
});

test('client-side fixes (trusting a root on the clients) are not reordered by the server platform', () => {
  const f = (id: string): Finding => ({
    id,
    severity: 'blocker',
    confidence: 'certain',
    title: 't',
    summary: 's',
    evidence: [],
    fix,
  });
  const [root, proto] = orderFindingsForPlatform(
    [f('chain.untrusted-root'), f('protocol.no-common-version')],
    'nginx',
  );
  assert.deepEqual(root!.fix, fix);
  assert.notDeepEqual(proto!.fix, fix);
});
