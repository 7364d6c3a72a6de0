// Answers that depend on what no server configuration explains — the SNI value being silently
// dropped, the hello's size, the TLS 1.3 offer — point to a firewall, proxy, IPS or load balancer.
import { Version } from '../../../wire/index.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Evidence, Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import {
  analyze,
  answered,
  helloEvidence,
  NO_ANSWER,
  probeWhere,
  sniVariants,
} from '../../handshake-analysis.js';

const meta: RuleMeta = {
  id: 'network.middlebox-suspected',
  title: 'A middlebox (firewall, proxy, IPS, load balancer) interferes with the handshake',
  scenario: 'middlebox',
  severity: 'blocker',
  confidence: 'likely',
  needs: ['probe.hello'],
  uses: ['diagnose.context', 'probe.full-handshake', 'probe.http', 'probe.tcp'],
  references: [
    'RFC 8446 §D.4 (middlebox compatibility)',
    'RFC 7685 (padding, hello-size bugs)',
    'The missing Server Hello',
  ],
  fix: {
    steps: [
      "Test from a machine on the server's own network segment (or on the server: `tlsdoctor diagnose https://<name> --ip 127.0.0.1`). If it works there, the device in between is the cause.",
      'Check URL/SNI filtering, TLS inspection, IPS signatures and "SSL profiles" on firewalls, proxies and load balancers in the path; look for the blocked host name or drops of large/TLS 1.3 hellos in their logs.',
      'For hello-size problems: check the MTU/MSS on the path (a hello over ~1400 bytes needs two segments).',
    ],
  },
  description:
    'A server that does not serve a host name sends an alert (unrecognized_name) — it does not go silent or reset only for that name. When the same server answers hellos without SNI (or for another name) but never for the real name, or answers small hellos but not large ones, or TLS 1.2 but silently drops TLS 1.3 offers, the behaviour matches no server configuration: something on the path inspects and drops the hello.',
};

function evaluate(set: ObservationSet): Finding[] {
  const a = analyze(set);
  const out: Finding[] = [];
  const blocker = a.modernProfiles.length > 0 && a.modernFailing.length === a.modernProfiles.length;
  const severity = blocker ? 'blocker' : 'medium';
  const v = sniVariants(a);
  // silence only: a server that refuses a name alerts, resets (HTTP.sys) or closes — that is sni.name-rejected
  if (v.name && v.name.outcome.status === 'timeout') {
    const works = [v.none, v.other].filter((h) => h && answered(h.outcome));
    if (works.length > 0) {
      out.push(
        finding(meta, {
          severity,
          summary: `Hellos carrying the name ${a.context?.serverName ?? v.name.offer.serverName} get no answer at all, while the same hello ${v.none && answered(v.none.outcome) ? 'without SNI' : 'with another name'} gets a ServerHello: something on the path filters by SNI.`,
          evidence: [
            helloEvidence(v.name, 'with the real name'),
            ...works.map((h) => helloEvidence(h!, h!.offer.serverName ? 'another name' : 'no SNI')),
          ],
          codes: ['ERR_CONNECTION_RESET', 'ERR_TIMED_OUT'],
        }),
      );
    }
  }
  const small = probeWhere(a, { size: 'small' });
  const large = probeWhere(a, { size: 'large' });
  if (small && large && answered(small.outcome) && NO_ANSWER.has(large.outcome.status)) {
    out.push(
      finding(meta, {
        severity,
        summary: `A small ClientHello (${small.offer.size} bytes) is answered but a large one (${large.offer.size} bytes) gets ${large.outcome.status}: a device on the path mishandles large or fragmented hellos (MTU/MSS, or a hello-size bug).`,
        evidence: [helloEvidence(small, 'small hello'), helloEvidence(large, 'large hello')],
      }),
    );
  }
  const v13 = a.versionProbes.get(Version.TLS13)?.[0];
  const v12 = a.versionProbes.get(Version.TLS12)?.find((h) => answered(h.outcome));
  if (v13 && v12 && NO_ANSWER.has(v13.outcome.status)) {
    const ev: Evidence[] = [helloEvidence(v13, 'TLS 1.3 alone'), helloEvidence(v12, 'TLS 1.2 alone')];
    out.push(
      finding(meta, {
        severity: 'medium',
        summary: `A TLS 1.3-only hello gets ${v13.outcome.status} instead of an alert or a TLS 1.2 answer, while TLS 1.2 works: a server that does not speak TLS 1.3 still answers; silence points to a device on the path.`,
        evidence: ev,
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
