// Regressions found on a real capture: dumpcap on lo while curl 7.88 (OpenSSL 3) fetched four lab
// servers (healthy, tls10-only, untrusted-root, middlebox-sni). Made by
// test/fixtures/capture/make-lab-curl.sh; kept as a fixture because it needs the lab, curl and dumpcap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { captureReport } from '../../src/app/capture-report.js';
import { analyzeCapture } from '../../src/capture/analyze.js';
import { compareWithTshark } from './tshark-oracle.js';

const FILE = fileURLToPath(new URL('../fixtures/capture/lab-curl.pcapng', import.meta.url));

test('curl against the lab: each failed handshake gets the right cause', async () => {
  const r = await captureReport(FILE, { checkChains: false });
  const ids = r.findings.map((f) => f.id).sort();
  assert.deepEqual(ids, ['chain.client-rejected', 'handshake.no-server-hello', 'protocol.no-common-version']);
  // regression: a TLS 1.3-capable client that aborts (internal_error 80) after the server picked TLS 1.0
  // is a version mismatch, not a generic client abort
  const v = r.findings.find((f) => f.id === 'protocol.no-common-version')!;
  assert.match(v.summary, /the server chose TLS 1\.0, which the client refused/);
  // regression: on a silent server the client gave up first (its FIN precedes the server's)
  const s = r.findings.find((f) => f.id === 'handshake.no-server-hello')!;
  assert.ok(
    s.evidence.some((e) => /stayed silent; the client gave up after 2\.\d+ s/.test(e.text)),
    s.evidence.map((e) => e.text).join('\n'),
  );
});

test('tshark agrees with the lab capture per TCP stream', async () => {
  const r = compareWithTshark(FILE, (await analyzeCapture(FILE)).connections);
  assert.equal(r.compared, 4);
  assert.deepEqual(r.disagreements, []);
});
