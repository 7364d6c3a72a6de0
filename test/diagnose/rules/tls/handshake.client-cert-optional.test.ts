// handshake.client-cert-optional over recorded real servers: fires for the server that asks for a
// certificate and serves clients without one (CertificateRequest seen in a TLS 1.2 flight, full
// handshake completed); quiet where the certificate is required (in the handshake, or — derived case
// from nginx's answer — at the HTTP layer) and where nothing asks for one.
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/tls/handshake.client-cert-optional.js';
import type { FullHandshakeObservation, HelloObservation } from '../../../../src/model/observations/probe.js';
import { ORIGIN, first, fixturesExcept, ruleTester } from '../../rule-tester.js';

/** DER of the Name "CN=Example Client CA, O=tlsdoctor test", as a CertificateRequest lists it. */
const CA_DN = Buffer.from(
  '3035311a3018060355040313114578616d706c6520436c69656e7420434131173015060355040a130e746c73646f63746f722074657374',
  'hex',
).toString('base64');

ruleTester(rule, {
  valid: [
    ...fixturesExcept('client-cert-optional'),
    {
      name: 'client-cert-optional, edited: nginx then refuses at the HTTP layer (400 "No required SSL certificate was sent") → required, not optional',
      fixture: 'client-cert-optional',
      edit: (obs) => {
        first<FullHandshakeObservation>(obs, 'probe.full-handshake').result.request = {
          status: 'ok',
          protocol: 'http/1.1',
          httpStatus: 400,
          server: 'nginx/1.22.1',
          bodyExcerpt:
            '400 No required SSL certificate was sent 400 Bad Request No required SSL certificate was sent nginx/1.22.1',
        };
      },
    },
  ],
  invalid: [
    {
      fixture: 'client-cert-optional',
      findings: [
        {
          id: 'handshake.client-cert-optional',
          severity: 'info',
          evidence: [{ source: 'probe', origin: ORIGIN }],
        },
      ],
      check: ([f]) => {
        assert.match(f!.summary, /asks for a client certificate but serves clients without one/);
        assert.ok(f!.evidence.some((e) => e.text.startsWith('CertificateRequest in the server flight:')));
      },
    },
    {
      name: 'client-cert-optional, edited: the CertificateRequest names a CA → the finding names it',
      fixture: 'client-cert-optional',
      edit: (obs) => {
        for (const o of obs)
          if (o.kind === 'probe.hello' && (o as HelloObservation).outcome.certificateRequest)
            (o as HelloObservation).outcome.certificateAuthorities = [CA_DN];
      },
      findings: [
        {
          id: 'handshake.client-cert-optional',
          severity: 'info',
          evidence: [{ source: 'probe', origin: ORIGIN }],
        },
      ],
      check: ([f]) => assert.match(f!.summary, /from "CN=Example Client CA, O=tlsdoctor test"/),
    },
  ],
});
