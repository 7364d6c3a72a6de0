// The HTTPS port answers, but not with TLS (typically plain HTTP on 443).
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { analyze, helloEvidence } from '../../handshake-analysis.js';

const meta: RuleMeta = {
  id: 'handshake.not-tls',
  title: 'The port answers, but not with TLS',
  scenario: 'handshake',
  severity: 'blocker',
  needs: ['probe.hello'],
  uses: ['diagnose.context', 'probe.full-handshake', 'probe.http', 'probe.tcp'],
  references: ['ERR_SSL_PROTOCOL_ERROR', 'SSL_ERROR_RX_RECORD_TOO_LONG', 'OpenSSL: wrong version number'],
  fix: {
    steps: [
      'The service on this port is not configured for TLS: a plain-HTTP listener (or another protocol) holds the HTTPS port.',
      'IIS: make the binding on this port an https binding with a certificate; nginx: `listen 443 ssl;` (not just `listen 443;`); Apache: `SSLEngine on` in the 443 virtual host.',
      'Or use http:// for this port, and the right port for https://.',
    ],
    commands: [
      { platform: 'nginx', command: 'listen 443 ssl;' },
      { platform: 'apache', command: 'SSLEngine on' },
    ],
  },
  description:
    'The server sent bytes that are not a TLS record in answer to a ClientHello — usually an HTTP 400 response because a plain-HTTP server listens on the TLS port. OpenSSL clients report "wrong version number", Firefox SSL_ERROR_RX_RECORD_TOO_LONG, Chrome ERR_SSL_PROTOCOL_ERROR.',
};

function evaluate(set: ObservationSet): Finding[] {
  const a = analyze(set);
  if (a.anyAnswered) return [];
  const notTls = a.hellos.filter((h) => h.outcome.status === 'not-tls');
  if (notTls.length === 0) return [];
  const first = notTls[0]!;
  const http = /plain HTTP/.test(first.outcome.error ?? '');
  const text = Buffer.from(first.outcome.firstBytes ?? '', 'hex')
    .toString('latin1')
    .split('\r')[0];
  return [
    finding(meta, {
      summary: http
        ? `${first.from.origin} speaks plain HTTP on the TLS port ("${text}"): a plain-HTTP listener holds the HTTPS port.`
        : `${first.from.origin} answers ClientHellos with bytes that are not TLS: ${first.outcome.error ?? 'unknown protocol'} (${notTls.length} of ${a.hellos.length} probes).`,
      evidence: [
        helloEvidence(first),
        { from: first.from, text: `first bytes: ${first.outcome.firstBytes?.slice(0, 64) ?? '(none)'}` },
      ],
      codes: ['ERR_SSL_PROTOCOL_ERROR', 'SSL_ERROR_RX_RECORD_TOO_LONG', 'ERR_SSL_WRONG_VERSION_NUMBER'],
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
