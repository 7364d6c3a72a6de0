// The catalogue as data: every entry valid, every code / name / pattern of every entry reachable
// through the public API, and the codes the issue names all present.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOGUE, explain, explainCode, findEntry, validateCatalogue } from '../../src/knowledge/index.js';
import type { KnowledgeEntry } from '../../src/knowledge/index.js';
import { RULES } from '../../src/diagnose/rules/index.js';
import { emittedIds } from '../../src/diagnose/rule.js';

/** every finding id a rule may emit: the catalogue may promise no other */
const FINDING_IDS = [...new Set(RULES.flatMap((r) => emittedIds(r.meta)))].sort();

test('the catalogue passes its own validation, checked against the finding ids the rules emit', () => {
  assert.deepEqual(validateCatalogue(undefined, FINDING_IDS), []);
  assert.ok(CATALOGUE.length >= 150, `catalogue has ${CATALOGUE.length} entries`);
});

test('ids are unique and every cause that names a finding names one a rule emits', () => {
  const ids = new Set(CATALOGUE.map((e) => e.id));
  assert.equal(ids.size, CATALOGUE.length);
  const orphans: string[] = [];
  for (const e of CATALOGUE) {
    assert.ok(e.meaning.trim().length > 0, e.id);
    for (const c of e.causes)
      if (c.findingId !== undefined && !FINDING_IDS.includes(c.findingId))
        orphans.push(`${e.id}: ${c.findingId}`);
  }
  assert.deepEqual(orphans, []);
});

test('validation catches broken entries', () => {
  const good = findEntry('tls-alert.handshake_failure')!;
  const bad: KnowledgeEntry[] = [
    good,
    { ...good },
    { ...good, id: 'tls-alert.x', names: ['HANDSHAKE FAILURE'] },
    {
      ...good,
      id: 'hresult.y',
      kind: 'hresult',
      codes: ['0x800B0109'],
      names: [],
      causes: [{ findingId: 'client.whatever', text: 'x' }],
    },
    { ...good, id: 'schannel-state.z', kind: 'schannel-state', codes: ['1'], names: [], meaning: 'short' },
    {
      ...good,
      id: 'curl.w',
      kind: 'curl',
      codes: [],
      names: [],
      patterns: ['Mixed Case  pattern'],
      run: ['curl https://192.0.2.1/'],
    },
  ];
  const problems = validateCatalogue(bad, FINDING_IDS).join('\n');
  assert.match(problems, /duplicate id/);
  assert.match(problems, /name "HANDSHAKE FAILURE" also belongs to tls-alert.handshake_failure/);
  assert.match(problems, /code 0x800B0109 is not canonical/);
  assert.match(problems, /"client.whatever" is emitted by no rule/);
  assert.match(problems, /meaning too short/);
  assert.match(problems, /appliesTo/);
  assert.match(problems, /must be written lower-case/);
  assert.match(problems, /non-loopback address/);
});

test('every code of every entry resolves to that entry', () => {
  for (const e of CATALOGUE) {
    for (const c of e.codes) {
      assert.ok(explainCode(c).includes(e), `${e.id}: code ${c}`);
      assert.ok(
        explain(c).some((m) => m.entry === e && m.matchedBy === 'code'),
        `${e.id}: explain(${c})`,
      );
    }
  }
});

test('every name of every entry resolves to that entry, as the best match', () => {
  for (const e of CATALOGUE) {
    for (const n of e.names) {
      const [best] = explain(n);
      assert.equal(best?.entry.id, e.id, `name ${n}`);
      assert.equal(best?.matchedBy, 'name');
    }
  }
});

test('every pattern of every entry, pasted alone, resolves to that entry', () => {
  for (const e of CATALOGUE) {
    for (const p of e.patterns ?? []) {
      const ids = explain(p).map((m) => m.entry.id);
      assert.ok(ids.includes(e.id), `pattern "${p}" → ${ids.join(', ')}`);
    }
  }
});

test('the codes and messages the issue names are all present', () => {
  const mustExplain: Array<[string, string]> = [
    ['36870', 'schannel-event.36870'],
    ['36871', 'schannel-event.36871'],
    ['36874', 'schannel-event.36874'],
    ['36887', 'schannel-event.36887'],
    ['36888', 'schannel-event.36888'],
    ['0x80090016', 'hresult.NTE_BAD_KEYSET'],
    ['0x8009001a', 'hresult.NTE_KEYSET_ENTRY_BAD'],
    ['0x800b0109', 'hresult.CERT_E_UNTRUSTEDROOT'],
    ['0x800b0110', 'hresult.CERT_E_WRONG_USAGE'],
    ['ERR_SSL_PROTOCOL_ERROR', 'browser.ERR_SSL_PROTOCOL_ERROR'],
    ['ERR_SSL_VERSION_OR_CIPHER_MISMATCH', 'browser.ERR_SSL_VERSION_OR_CIPHER_MISMATCH'],
    ['ERR_CERT_AUTHORITY_INVALID', 'browser.ERR_CERT_AUTHORITY_INVALID'],
    ['ERR_CONNECTION_RESET', 'browser.ERR_CONNECTION_RESET'],
    ['ERR_CERT_COMMON_NAME_INVALID', 'browser.ERR_CERT_COMMON_NAME_INVALID'],
    ['ERR_CERT_DATE_INVALID', 'browser.ERR_CERT_DATE_INVALID'],
    ['ERR_BAD_SSL_CLIENT_AUTH_CERT', 'browser.ERR_BAD_SSL_CLIENT_AUTH_CERT'],
    ['SSL_ERROR_NO_CYPHER_OVERLAP', 'browser.SSL_ERROR_NO_CYPHER_OVERLAP'],
    ['SEC_ERROR_UNKNOWN_ISSUER', 'browser.SEC_ERROR_UNKNOWN_ISSUER'],
    ['SSL_ERROR_RX_RECORD_TOO_LONG', 'browser.SSL_ERROR_RX_RECORD_TOO_LONG'],
    ['SSL_ERROR_PROTOCOL_VERSION_ALERT', 'browser.SSL_ERROR_PROTOCOL_VERSION_ALERT'],
    [
      "This page can't be displayed. Turn on TLS 1.0, TLS 1.1, and TLS 1.2 in Advanced settings",
      'windows-ui.ie-turn-on-tls',
    ],
    ['wrong version number', 'openssl.wrong-version-number'],
    ['sslv3 alert handshake failure', 'openssl.sslv3-alert-handshake-failure'],
    ['error:0A000102:SSL routines::unsupported protocol', 'openssl.unsupported-protocol'],
    ['no protocols available', 'openssl.no-protocols-available'],
    ['certificate verify failed', 'openssl.certificate-verify-failed'],
    ['unable to get local issuer certificate', 'openssl.verify-unable-to-get-local-issuer'],
    ['tlsv1 alert protocol version', 'openssl.tlsv1-alert-protocol-version'],
    ['unexpected eof while reading', 'openssl.unexpected-eof'],
    ['curl: (35)', 'curl.35'],
    ['curl: (51)', 'curl.51'],
    ['curl: (58)', 'curl.58'],
    ['curl: (60)', 'curl.60'],
    [
      'The request was aborted: Could not create SSL/TLS secure channel.',
      'dotnet.could-not-create-secure-channel',
    ],
    [
      'The underlying connection was closed: An unexpected error occurred on a send.',
      'dotnet.underlying-connection-closed',
    ],
    ['PKIX path building failed', 'java.pkix-path-building-failed'],
    [
      'javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure',
      'java.received-fatal-alert',
    ],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'node.ERR_SSL_WRONG_VERSION_NUMBER'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'node.DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'node.UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
    ['CERT_HAS_EXPIRED', 'node.CERT_HAS_EXPIRED'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'node.ERR_TLS_CERT_ALTNAME_INVALID'],
  ];
  for (const [q, id] of mustExplain) assert.equal(explain(q)[0]?.entry.id, id, q);
});

test('all IANA TLS alerts are present with their numbers', () => {
  const iana: Record<number, string> = {
    0: 'close_notify',
    10: 'unexpected_message',
    20: 'bad_record_mac',
    21: 'decryption_failed',
    22: 'record_overflow',
    30: 'decompression_failure',
    40: 'handshake_failure',
    41: 'no_certificate',
    42: 'bad_certificate',
    43: 'unsupported_certificate',
    44: 'certificate_revoked',
    45: 'certificate_expired',
    46: 'certificate_unknown',
    47: 'illegal_parameter',
    48: 'unknown_ca',
    49: 'access_denied',
    50: 'decode_error',
    51: 'decrypt_error',
    52: 'too_many_cids_requested',
    60: 'export_restriction',
    70: 'protocol_version',
    71: 'insufficient_security',
    80: 'internal_error',
    86: 'inappropriate_fallback',
    90: 'user_canceled',
    100: 'no_renegotiation',
    109: 'missing_extension',
    110: 'unsupported_extension',
    111: 'certificate_unobtainable',
    112: 'unrecognized_name',
    113: 'bad_certificate_status_response',
    114: 'bad_certificate_hash_value',
    115: 'unknown_psk_identity',
    116: 'certificate_required',
    120: 'no_application_protocol',
    121: 'ech_required',
  };
  for (const [n, name] of Object.entries(iana)) {
    const alert = explainCode(n).find((e) => e.kind === 'tls-alert');
    assert.ok(alert, `alert ${n}`);
    assert.equal(alert.id, `tls-alert.${name}`);
    assert.ok(alert.names.includes(name));
  }
});

test('unsure facts are not presented as certain', () => {
  for (const e of CATALOGUE.filter((x) => x.kind === 'schannel-state'))
    assert.equal(e.confidence, 'inferred', e.id);
  assert.equal(findEntry('windows-ui.ie-turn-on-tls')?.confidence, 'inferred');
  for (const e of CATALOGUE)
    if (e.confidence === 'inferred')
      assert.ok(
        /field|report|not documented|not confirmed|memory|hint|single|verify/i.test(e.meaning),
        `${e.id} should say why it is unsure`,
      );
});
