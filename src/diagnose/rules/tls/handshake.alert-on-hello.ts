// The server answers every hello with a fatal alert: it refuses all handshakes outright.
import { alertName } from '../../../wire/registry/index.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { Version } from '../../../wire/index.js';
import { analyze, helloEvidence, probeWhere } from '../../handshake-analysis.js';

const meta: RuleMeta = {
  id: 'handshake.alert-on-hello',
  title: 'The server refuses every handshake with an alert',
  scenario: 'handshake',
  severity: 'blocker',
  needs: ['probe.hello'],
  uses: ['diagnose.context', 'probe.full-handshake', 'probe.http', 'probe.tcp'],
  references: ['RFC 8446 §6.2', 'SChannel event 36874 / 36888'],
  fix: {
    steps: [
      'The server answers every ClientHello — every version, every cipher suite we know, with and without SNI — with the same fatal alert. It has no usable configuration: no usable certificate/key for the handshake, all suites disabled, or a policy that rejects everything.',
      'Windows: check SChannel events 36870/36874/36888 and the certificate binding (`netsh http show sslcert`), and that the certificate has its private key (`certutil -store my`).',
      'OpenSSL-based servers: check the error log at the time of the test.',
    ],
    commands: [
      { platform: 'windows-cmd', command: 'certutil -store my' },
      { platform: 'windows-cmd', command: 'netsh http show sslcert' },
    ],
  },
  description:
    'Every ClientHello got a fatal alert (often 40 handshake_failure) instead of a ServerHello, whatever we offered, so no client can connect. Browsers show ERR_SSL_VERSION_OR_CIPHER_MISMATCH or ERR_SSL_PROTOCOL_ERROR.',
};

function evaluate(set: ObservationSet): Finding[] {
  const a = analyze(set);
  if (a.hellos.length === 0 || a.anyAnswered) return [];
  const alerts = a.hellos.filter((h) => h.outcome.status === 'alert');
  if (alerts.length === 0 || alerts.length < a.hellos.length / 2) return [];
  const counts = new Map<number, number>();
  for (const h of alerts)
    counts.set(h.outcome.alert!.description, (counts.get(h.outcome.alert!.description) ?? 0) + 1);
  const [top] = [...counts].sort((x, y) => y[1] - x[1]);
  const d = top![0];
  const sample = [
    { profile: 'chrome-current' },
    { version: Version.TLS12, suiteBundle: 0 },
    { version: Version.TLS13, suiteBundle: 0 },
    { sni: 'none' as const },
  ]
    .map((want) => probeWhere(a, want))
    .filter((h) => h !== undefined);
  return [
    finding(meta, {
      summary: `${a.hellos[0]!.from.origin} never sends a ServerHello: it answers ClientHellos with fatal alert ${d} (${alertName(d)}) — ${counts.get(d)} of ${a.hellos.length} probes, whatever version, suites or SNI we offered.`,
      evidence: sample.map((h) => helloEvidence(h)),
      codes: ['ERR_SSL_VERSION_OR_CIPHER_MISMATCH', 'ERR_SSL_PROTOCOL_ERROR', `TLS alert ${d}`],
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
