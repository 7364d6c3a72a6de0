// Pasted real-format texts (test/knowledge/fixtures, see its README for provenance) resolve to
// the right entries: the best match first, and every code/name/message in the text found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { explain } from '../../src/knowledge/index.js';

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');

interface Case {
  file: string;
  first: string;
  includes: string[];
  excludes?: string[];
}

const CASES: Case[] = [
  {
    file: 'schannel-36888-wevtutil.txt',
    first: 'schannel-event.36888',
    includes: ['tls-alert.handshake_failure', 'schannel-state.36888-1205'],
  },
  {
    file: 'schannel-36888-eventviewer.txt',
    first: 'schannel-event.36888',
    includes: ['tls-alert.protocol_version', 'schannel-state.36888-105'],
    excludes: ['hresult.SEC_E_ILLEGAL_MESSAGE'],
  },
  {
    file: 'schannel-36888-2008r2.txt',
    first: 'schannel-event.36888',
    includes: ['tls-alert.unexpected_message', 'schannel-state.36888-1203'],
  },
  {
    file: 'schannel-36870.xml',
    first: 'schannel-event.36870',
    includes: ['hresult.SEC_E_UNKNOWN_CREDENTIALS'],
    excludes: ['schannel-state.36871-10013'],
  },
  {
    file: 'schannel-36870-text.txt',
    first: 'schannel-event.36870',
    includes: ['hresult.SEC_E_UNKNOWN_CREDENTIALS'],
  },
  { file: 'schannel-36874.txt', first: 'schannel-event.36874', includes: [] },
  {
    file: 'schannel-36871.txt',
    first: 'schannel-event.36871',
    includes: ['schannel-state.36871-10013'],
    excludes: ['win32.10013'],
  },
  { file: 'schannel-36887.txt', first: 'schannel-event.36887', includes: ['tls-alert.unknown_ca'] },
  { file: 'httpevent-15021.txt', first: 'httpevent.15021', includes: [] },
  {
    file: 'curl-openssl-alert40.txt',
    first: 'openssl.sslv3-alert-handshake-failure',
    includes: ['tls-alert.handshake_failure', 'curl.35'],
  },
  {
    file: 'curl-openssl111-alert70.txt',
    first: 'openssl.tlsv1-alert-protocol-version',
    includes: ['tls-alert.protocol_version', 'curl.35'],
  },
  {
    file: 'curl-local-issuer.txt',
    first: 'openssl.verify-unable-to-get-local-issuer',
    includes: ['curl.60'],
  },
  {
    file: 'curl-schannel-illegal.txt',
    first: 'hresult.SEC_E_ILLEGAL_MESSAGE',
    includes: ['curl.schannel-isc-failed', 'curl.35'],
  },
  {
    file: 'curl-schannel-revocation.txt',
    first: 'hresult.CRYPT_E_NO_REVOCATION_CHECK',
    includes: ['curl.schannel-isc-failed'],
  },
  { file: 'curl-wrong-version.txt', first: 'openssl.wrong-version-number', includes: ['curl.35'] },
  { file: 'dotnet-webexception.txt', first: 'dotnet.could-not-create-secure-channel', includes: [] },
  {
    file: 'dotnet-httpclient.txt',
    first: 'hresult.SEC_E_ILLEGAL_MESSAGE',
    includes: ['dotnet.httpclient-ssl-not-established'],
  },
  {
    file: 'dotnet-underlying-closed.txt',
    first: 'dotnet.underlying-connection-closed',
    includes: ['dotnet.remote-party-closed'],
  },
  { file: 'powershell-secure-channel.txt', first: 'dotnet.could-not-create-secure-channel', includes: [] },
  { file: 'java-pkix.txt', first: 'java.pkix-path-building-failed', includes: [] },
  {
    file: 'java-handshake-failure.txt',
    first: 'java.received-fatal-alert',
    includes: ['tls-alert.handshake_failure'],
  },
  {
    file: 'chrome-version-cipher.txt',
    first: 'browser.ERR_SSL_VERSION_OR_CIPHER_MISMATCH',
    includes: [],
    excludes: ['openssl.unsupported-protocol'],
  },
  { file: 'chrome-protocol-error.txt', first: 'browser.ERR_SSL_PROTOCOL_ERROR', includes: [] },
  { file: 'chrome-authority-invalid.txt', first: 'browser.ERR_CERT_AUTHORITY_INVALID', includes: [] },
  { file: 'firefox-no-cypher-overlap.txt', first: 'browser.SSL_ERROR_NO_CYPHER_OVERLAP', includes: [] },
  { file: 'firefox-record-too-long.txt', first: 'browser.SSL_ERROR_RX_RECORD_TOO_LONG', includes: [] },
  { file: 'ie-turn-on-tls.txt', first: 'windows-ui.ie-turn-on-tls', includes: [] },
  { file: 'netsh-1312.txt', first: 'win32.1312', includes: [] },
  { file: 'certutil-bad-keyset.txt', first: 'hresult.NTE_BAD_KEYSET', includes: [] },
  { file: 's_client-reset.txt', first: 'openssl.s_client-no-peer-certificate', includes: [] },
  {
    file: 'node-leaf-signature.txt',
    first: 'openssl.verify-unable-to-verify-first',
    includes: ['node.UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
  },
];

for (const c of CASES) {
  test(`pasted ${c.file} → ${c.first}`, () => {
    const ids = explain(fixture(c.file)).map((m) => m.entry.id);
    assert.equal(ids[0], c.first, `best match for ${c.file}; got ${ids.join(', ')}`);
    for (const id of c.includes)
      assert.ok(ids.includes(id), `${c.file} should also match ${id}; got ${ids.join(', ')}`);
    for (const id of c.excludes ?? [])
      assert.ok(!ids.includes(id), `${c.file} must not match ${id}; got ${ids.join(', ')}`);
  });
}

test('CRLF, UTF-16 decoded text and typographic quotes give the same answer as plain text', () => {
  const plain = explain(fixture('chrome-version-cipher.txt').replace(/\u2019/g, "'")).map((m) => m.entry.id);
  const crlf = explain(fixture('chrome-version-cipher.txt').replace(/\n/g, '\r\n')).map((m) => m.entry.id);
  assert.deepEqual(crlf, plain);
});

test('a whole event log export with several events finds every event', () => {
  const all = [
    'schannel-36888-wevtutil.txt',
    'schannel-36870-text.txt',
    'schannel-36874.txt',
    'httpevent-15021.txt',
  ]
    .map(fixture)
    .join('\n');
  const ids = explain(all).map((m) => m.entry.id);
  for (const id of [
    'schannel-event.36888',
    'schannel-event.36870',
    'schannel-event.36874',
    'httpevent.15021',
    'tls-alert.handshake_failure',
    'schannel-state.36888-1205',
    'hresult.SEC_E_UNKNOWN_CREDENTIALS',
  ]) {
    assert.ok(ids.includes(id), `missing ${id}; got ${ids.join(', ')}`);
  }
});

test('matches carry how they matched and the fragment, trimmed', () => {
  const [m] = explain(fixture('curl-openssl-alert40.txt'));
  assert.ok(m);
  assert.equal(m.matchedBy, 'code');
  assert.equal(m.matched, 'error:0A000410:');
  const msg = explain(fixture('dotnet-webexception.txt'))[0]!;
  assert.equal(msg.matchedBy, 'message');
  assert.match(msg.matched, /could not create ssl\/tls secure channel/);
  for (const x of explain(fixture('schannel-36888-eventviewer.txt'))) assert.ok(x.matched.length <= 120);
});

test('localized (German) wevtutil labels: the event id and AlertDesc still count', () => {
  const text =
    'Ereignis[0]:\n  Protokollname: System\n  Quelle: Schannel\n  Ereignis-ID: 36887\n  Ebene: Fehler\n  Beschreibung:\n<Data Name="AlertDesc">46</Data>\n';
  const ids = explain(text).map((m) => m.entry.id);
  assert.deepEqual(ids.slice(0, 2), ['schannel-event.36887', 'tls-alert.certificate_unknown']);
});

test('ordinary text matches nothing', () => {
  assert.deepEqual(explain('The quick brown fox jumps over the lazy dog. Meeting at 10:40, room 36.'), []);
  assert.deepEqual(explain('   \n\t  '), []);
});
