// Every common spelling of the key codes resolves to the same entry (table-driven).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain, explainCode, explainEvent, normalizeCode } from '../../src/knowledge/index.js';

const SPELLINGS: Array<{ id: string; spellings: string[] }> = [
  {
    id: 'hresult.CERT_E_UNTRUSTEDROOT',
    spellings: [
      '0x800B0109',
      '0x800b0109',
      '800b0109',
      '800B0109',
      '-2146762487',
      '2148204809',
      'CERT_E_UNTRUSTEDROOT',
      'cert_e_untrustedroot',
      'error 0x800B0109',
      'HRESULT: 0x800B0109',
      '(0x800B0109)',
    ],
  },
  {
    id: 'hresult.CERT_E_WRONG_USAGE',
    spellings: ['0x800B0110', '800b0110', '-2146762480', '2148204816', 'CERT_E_WRONG_USAGE'],
  },
  {
    id: 'hresult.NTE_BAD_KEYSET',
    spellings: [
      '0x80090016',
      '80090016',
      '-2146893802',
      '2148073494',
      'NTE_BAD_KEYSET',
      'Keyset does not exist',
    ],
  },
  {
    id: 'hresult.NTE_KEYSET_ENTRY_BAD',
    spellings: ['0x8009001A', '0x8009001a', '8009001a', '-2146893798', '2148073498', 'NTE_KEYSET_ENTRY_BAD'],
  },
  {
    id: 'hresult.SEC_E_ILLEGAL_MESSAGE',
    spellings: [
      '0x80090326',
      '80090326',
      '-2146893018',
      '2148074278',
      'SEC_E_ILLEGAL_MESSAGE',
      'The message received was unexpected or badly formatted',
    ],
  },
  { id: 'hresult.SEC_E_UNTRUSTED_ROOT', spellings: ['0x80090325', '-2146893019', 'SEC_E_UNTRUSTED_ROOT'] },
  {
    id: 'hresult.SEC_E_ALGORITHM_MISMATCH',
    spellings: [
      '0x80090331',
      '-2146893007',
      'The client and server cannot communicate, because they do not possess a common algorithm.',
    ],
  },
  {
    id: 'tls-alert.handshake_failure',
    spellings: [
      '40',
      'alert 40',
      'Alert 40',
      'handshake_failure',
      'handshake failure',
      'Handshake Failure',
      'HandshakeFailure',
      'HANDSHAKE_FAILURE',
      '0x28',
      'SSL alert number 40',
    ],
  },
  {
    id: 'tls-alert.protocol_version',
    spellings: ['70', 'alert 70', 'protocol_version', 'protocol version', 'ProtocolVersion'],
  },
  {
    id: 'tls-alert.unknown_ca',
    spellings: ['48', 'unknown_ca', 'unknown ca', 'tlsv1 alert unknown ca', 'AlertDesc 48'],
  },
  {
    id: 'tls-alert.user_canceled',
    spellings: ['90', 'user_canceled', 'user cancelled', 'tlsv1 alert user cancelled'],
  },
  {
    id: 'schannel-event.36888',
    spellings: [
      '36888',
      'Event ID 36888',
      'event 36888',
      'EventID: 36888',
      'A fatal alert was generated and sent to the remote endpoint.',
    ],
  },
  { id: 'schannel-event.36870', spellings: ['36870', 'Event ID: 36870'] },
  {
    id: 'schannel-state.36888-1205',
    spellings: [
      '1205',
      'state 1205',
      'error state 1205',
      'The Windows SChannel error state is 1205.',
      'internal error state is 1205',
    ],
  },
  {
    id: 'browser.ERR_SSL_VERSION_OR_CIPHER_MISMATCH',
    spellings: [
      'ERR_SSL_VERSION_OR_CIPHER_MISMATCH',
      'net::ERR_SSL_VERSION_OR_CIPHER_MISMATCH',
      'err_ssl_version_or_cipher_mismatch',
      '-113',
    ],
  },
  {
    id: 'browser.ERR_CERT_AUTHORITY_INVALID',
    spellings: ['NET::ERR_CERT_AUTHORITY_INVALID', 'ERR_CERT_AUTHORITY_INVALID', '-202'],
  },
  {
    id: 'openssl.sslv3-alert-handshake-failure',
    spellings: [
      '0A000410',
      'error:0A000410:SSL routines::sslv3 alert handshake failure',
      'error:14094410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure',
      'sslv3 alert handshake failure',
    ],
  },
  {
    id: 'curl.35',
    spellings: ['curl: (35)', 'curl (35)', 'curl 35', 'curl error 35', 'CURLE_SSL_CONNECT_ERROR'],
  },
  {
    id: 'curl.60',
    spellings: ['curl: (60)', 'curl 60', 'curl exit code 60', 'CURLE_PEER_FAILED_VERIFICATION'],
  },
  {
    id: 'win32.10054',
    spellings: [
      '10054',
      'WSAECONNRESET',
      '0x80072746',
      'An existing connection was forcibly closed by the remote host',
    ],
  },
];

for (const { id, spellings } of SPELLINGS) {
  for (const s of spellings) {
    test(`"${s}" → ${id}`, () => {
      const got = explain(s).map((m) => m.entry.id);
      assert.equal(got[0], id, `got ${got.join(', ')}`);
    });
  }
}

test('normalizeCode: canonical forms', () => {
  const cases: Array<[string, string[]]> = [
    ['0x800B0109', ['0x800b0109']],
    ['800b0109', ['0x800b0109']],
    ['-2146762487', ['0x800b0109']],
    ['2148204809', ['0x800b0109']],
    ['  HRESULT: 0x80090326 ', ['0x80090326']],
    ['0A000410', ['0x0a000410']],
    ['40', ['40']],
    ['alert 40', ['40']],
    ['0x28', ['0x00000028', '40']],
    ['-113', ['-113']],
    ['Event ID: 36888', ['36888']],
    ['curl: (35)', ['35']],
    ['(0x80092013)', ['0x80092013']],
    ['handshake_failure', []],
    ['4294967296', []],
    ['-2147483649', []],
    ['', []],
    ['x'.repeat(100), []],
  ];
  for (const [input, want] of cases) assert.deepEqual(normalizeCode(input), want, input);
});

test('explainCode: numbers and strings alike; ambiguous numbers give every family, most likely first', () => {
  assert.deepEqual(
    explainCode(40).map((e) => e.id),
    ['tls-alert.handshake_failure'],
  );
  assert.deepEqual(explainCode(-2146762487), explainCode('0x800B0109'));
  assert.deepEqual(
    explainCode(60).map((e) => e.id),
    ['tls-alert.export_restriction', 'curl.60'],
  );
  assert.deepEqual(
    explainCode('10013').map((e) => e.id),
    ['schannel-state.36871-10013', 'win32.10013'],
  );
  assert.deepEqual(
    explainCode('0x80070020').map((e) => e.id),
    ['hresult.ERROR_SHARING_VIOLATION', 'win32.32'],
  );
  // OpenSSL 1.1.1 codes with another function part map by reason to the 3.x entry
  assert.deepEqual(
    explainCode('0x141A318A').map((e) => e.id),
    ['openssl.dh-key-too-small'],
  );
  assert.deepEqual(
    explainCode('1417A0C1').map((e) => e.id),
    ['openssl.no-shared-cipher'],
  );
  assert.equal(
    explain(
      'SSL_do_handshake() failed (SSL: error:1417A0C1:SSL routines:tls_post_process_client_hello:no shared cipher)',
    )[0]?.entry.id,
    'openssl.no-shared-cipher',
  );
  assert.deepEqual(explainCode('nothing'), []);
  assert.deepEqual(explainCode(999999), []);
});

test('an explicit label decides the family of an ambiguous number', () => {
  assert.equal(explain('curl 60')[0]?.entry.id, 'curl.60');
  assert.equal(explain('alert 60')[0]?.entry.id, 'tls-alert.export_restriction');
  assert.deepEqual(explain('alert 87'), [], 'no alert 87: not Win32 error 87');
  assert.equal(explain('state 10013')[0]?.entry.id, 'schannel-state.36871-10013');
  assert.equal(explain('10013')[0]?.entry.id, 'schannel-state.36871-10013');
});

test('explainEvent: the Windows event parser hands over id and EventData', () => {
  assert.deepEqual(
    explainEvent(36888, { alertDesc: 40, errorState: 1205 }).map((e) => e.id),
    ['schannel-event.36888', 'tls-alert.handshake_failure', 'schannel-state.36888-1205'],
  );
  assert.deepEqual(
    explainEvent('36870', { errorCode: '0x8009030D', errorState: 10001 }).map((e) => e.id),
    ['schannel-event.36870', 'hresult.SEC_E_UNKNOWN_CREDENTIALS'],
  );
  assert.deepEqual(
    explainEvent(36871, { errorState: '10013' }).map((e) => e.id),
    ['schannel-event.36871', 'schannel-state.36871-10013'],
  );
  assert.deepEqual(
    explainEvent(15021).map((e) => e.id),
    ['httpevent.15021'],
  );
  assert.deepEqual(explainEvent(1), []);
});
