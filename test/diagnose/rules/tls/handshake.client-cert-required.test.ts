// handshake.client-cert-required over recorded real servers: fires for the lab's TLS 1.3 server
// (alert 116 certificate_required) and for our TLS 1.2-only server (CertificateRequest in clear,
// then handshake_failure); quiet for a server that asks for a certificate but does not require one.
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/tls/handshake.client-cert-required.js';
import type { Finding } from '../../../../src/model/finding.js';
import type { FullHandshakeObservation } from '../../../../src/model/observations/probe.js';
import { ORIGIN, first, fixturesExcept, hellos, ruleTester } from '../../rule-tester.js';

const finding = {
  id: 'handshake.client-cert-required',
  severity: 'blocker',
  evidence: [{ source: 'probe', origin: ORIGIN }],
  commands: true,
} as const;
const full = (obs: Parameters<typeof first>[0]) =>
  first<FullHandshakeObservation>(obs, 'probe.full-handshake').result;

/** evidence is one readable line (no raw multi-line OpenSSL error with its source path) */
function readableEvidence(f: Finding): void {
  for (const e of f.evidence) {
    assert.ok(!e.text.includes('\n'), JSON.stringify(e.text));
    assert.doesNotMatch(e.text, /deps\/openssl/);
  }
}

ruleTester(rule, {
  valid: [
    ...fixturesExcept('client-cert-required', 'client-cert-tls12'),
    {
      name: 'an optional client certificate: CertificateRequest sent, full handshake succeeds',
      fixture: 'client-cert-optional',
      check: (_, obs) => {
        assert.equal(full(obs).ok, true);
        assert.ok(
          hellos(obs).some((h) => h.outcome.certificateRequest),
          'a TLS 1.2 probe saw the CertificateRequest',
        );
      },
    },
    {
      name: 'the full handshake fails for another reason and nothing asked for a certificate (alert-40)',
      fixture: 'alert-40',
      check: (_, obs) => assert.equal(full(obs).ok, false),
    },
  ],
  invalid: [
    {
      name: 'TLS 1.3 (client-cert-required): names the certificate_required refusal of the full handshake',
      fixture: 'client-cert-required',
      findings: [finding],
      check: ([f]) => {
        assert.match(f!.summary, /requires a client certificate/);
        assert.match(f!.summary, /CERTIFICATE_REQUIRED/);
        assert.match(f!.evidence[0]!.text, /^full handshake without a client certificate: /);
        assert.ok(f!.codes?.includes('TLS alert 116'));
        readableEvidence(f!);
      },
    },
    {
      name: 'TLS 1.2 (client-cert-tls12): cites the CertificateRequest seen in clear in the server flight',
      fixture: 'client-cert-tls12',
      findings: [finding],
      check: ([f]) => {
        assert.match(f!.summary, /HANDSHAKE_FAILURE/);
        const cr = f!.evidence.filter((e) => e.text.startsWith('CertificateRequest in the server flight:'));
        assert.ok(cr.length >= 1 && cr.length <= 2, `${cr.length} CertificateRequest evidence items`);
        readableEvidence(f!);
      },
    },
  ],
});

// the HTTP-layer refusal, derived from the optional recording (the handshake completes) with the
// answers real servers give; the live counterparts run in test/e2e/client-cert-servers.test.ts
const refusedAtHttp = (request: FullHandshakeObservation['result']['request']) => ({
  fixture: 'client-cert-optional',
  edit: (obs: Parameters<typeof first>[0]) => {
    full(obs).request = request;
  },
});
ruleTester(rule, {
  valid: [
    {
      name: 'client-cert-optional, edited: HTTP 400 for another reason is not a certificate refusal',
      ...refusedAtHttp({
        status: 'ok',
        protocol: 'http/1.1',
        httpStatus: 400,
        bodyExcerpt: '400 Bad Request',
      }),
    },
  ],
  invalid: [
    {
      name: 'client-cert-optional, edited: nginx answers 400 "No required SSL certificate was sent"',
      ...refusedAtHttp({
        status: 'ok',
        protocol: 'http/1.1',
        httpStatus: 400,
        server: 'nginx/1.22.1',
        bodyExcerpt:
          '400 No required SSL certificate was sent 400 Bad Request No required SSL certificate was sent',
      }),
      findings: [finding],
      check: ([f]) => {
        assert.match(f!.summary, /the handshake completes without one, then the server answers HTTP 400/);
        assert.ok(f!.evidence.some((e) => /Server: nginx\/1\.22\.1/.test(e.text)));
      },
    },
    {
      name: 'client-cert-optional, edited: IIS answers 403.7',
      ...refusedAtHttp({
        status: 'ok',
        protocol: 'http/1.1',
        httpStatus: 403,
        iisSubstatus: '403.7',
        server: 'Microsoft-IIS/10.0',
        bodyExcerpt:
          'HTTP Error 403.7 - Forbidden The page you are attempting to access requires your browser to have a Secure Sockets Layer (SSL) client certificate',
      }),
      findings: [finding],
      check: ([f]) => assert.match(f!.summary, /HTTP 403\.7/),
    },
  ],
});

ruleTester(rule, {
  valid: [
    {
      name: 'client-cert-tls12, edited: the full handshake only timed out — a CertificateRequest alone is no refusal',
      fixture: 'client-cert-tls12',
      edit: (obs) => {
        const r = full(obs);
        r.error = 'no completed handshake within 1341 ms';
        r.errorCode = 'ETIMEDOUT';
      },
    },
  ],
  invalid: [],
});
