// Answers that depend on what no server configuration explains — the SNI value being silently
// dropped, the hello's size, the TLS 1.3 offer — point to a firewall, proxy, IPS or load balancer.
import { versionName } from '../../../wire/registry/index.js';
import type { HelloObservation } from '../../../model/observations/probe.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { analyze, answered, helloEvidence, NO_ANSWER, sniVariants } from '../../handshake-analysis.js';

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
      'size decides: check the MTU/MSS on the path (a hello over ~1400 bytes needs two segments; post-quantum key shares make browser hellos that large); ICMP "fragmentation needed" must pass.',
      'tls13 decides: update the firewall, IPS or TLS-inspection box (or exempt this site from inspection); devices that cannot parse TLS 1.3 hellos drop them. Disabling TLS 1.3 on the server does not help: the clients still offer it.',
      'suites decides: look for a rule on the device that matches on cipher suites (some "SSL profiles" reject hellos listing suites they do not know).',
    ],
  },
  description:
    'The narrowing probes send one control hello (what a current client sends, padded to a fixed size) and, for each factor — SNI, size, TLS 1.3 offered, cipher suites — the same hello with only that factor changed. When one is answered and the other gets silence, a reset or a close, that factor decides, and no server configuration explains it: a server that does not serve a name alerts (unrecognized_name), a server without TLS 1.3 answers with TLS 1.2, and no server cares how long a hello is. Something on the path inspects and drops the hello; the finding names the deciding factor.',
};

function evaluate(set: ObservationSet): Finding[] {
  const a = analyze(set);
  const out: Finding[] = [];
  const blocker = a.modernProfiles.length > 0 && a.modernFailing.length === a.modernProfiles.length;
  const severity = blocker ? 'blocker' : 'medium';
  const v = sniVariants(a);
  // silence only: a server that refuses a name alerts, resets (HTTP.sys) or closes — that is sni.name-rejected
  const pairs = singleFactorPairs(a.hellos);
  // silence for the name, and the name alone explains it (see singleFactorPairs)
  const sniDecides = !v.name || pairs.some((p) => p.factor === 'sni' && p.fails === v.name);
  if (v.name && v.name.outcome.status === 'timeout' && sniDecides) {
    const works = [v.none, v.other].filter((h) => h && answered(h.outcome));
    if (works.length > 0) {
      out.push(
        finding(meta, {
          severity,
          summary: `Hellos carrying the name ${a.context?.serverName ?? v.name.offer.serverName} get no answer at all, while the same hello ${v.none && answered(v.none.outcome) ? 'without SNI' : 'with another name'} gets a ServerHello: something on the path filters by SNI.`,
          evidence: [
            {
              from: { ...v.name.from },
              text: `deciding factor: sni — the same hello ${works.some((h) => !h!.offer.serverName) ? 'without SNI' : 'with another name'} is answered; nothing else differs`,
            },
            helloEvidence(v.name, 'with the real name'),
            ...works.map((h) => helloEvidence(h!, h!.offer.serverName ? 'another name' : 'no SNI')),
          ],
          codes: ['ERR_CONNECTION_RESET', 'ERR_TIMED_OUT'],
        }),
      );
    }
  }
  // one factor at a time: two hellos that differ in exactly one factor, one answered, the other not
  for (const pair of pairs) {
    const { factor, works, fails } = pair;
    if (factor === 'sni') continue; // above: silence for the name (a close or reset is the server's)
    out.push(
      finding(meta, {
        severity,
        summary: FACTOR_SUMMARY[factor](works, fails),
        evidence: [
          {
            from: { ...fails.from },
            text: `deciding factor: ${factor} — ${FACTOR_WORDS[factor](works, fails)}; nothing else differs between the two hellos`,
          },
          helloEvidence(works, 'answered'),
          helloEvidence(fails, 'dropped'),
        ],
        codes: ['ERR_CONNECTION_RESET', 'ERR_TIMED_OUT'],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });

type Factor = 'size' | 'sni' | 'tls13' | 'suites';

const TLS13 = 0x0304;
const hasTls13 = (h: HelloObservation) => h.offer.versions.includes(TLS13);

/** The factors in which two hellos differ; anything else that differs counts as 'other'. */
function differences(a: HelloObservation, b: HelloObservation): Array<Factor | 'other'> {
  const out: Array<Factor | 'other'> = [];
  const same = (x: readonly unknown[] | undefined, y: readonly unknown[] | undefined) =>
    (x ?? []).join(',') === (y ?? []).join(',');
  if (a.offer.size !== b.offer.size) out.push('size');
  if ((a.offer.serverName ?? '') !== (b.offer.serverName ?? '')) out.push('sni');
  if (hasTls13(a) !== hasTls13(b)) out.push('tls13');
  if (
    !same(
      a.offer.versions.filter((v) => v !== TLS13),
      b.offer.versions.filter((v) => v !== TLS13),
    ) ||
    !same(a.offer.groups, b.offer.groups) ||
    !same(a.offer.alpn, b.offer.alpn) ||
    Boolean(a.offer.sslv2) !== Boolean(b.offer.sslv2)
  )
    out.push('other');
  if (!same(a.offer.cipherSuites, b.offer.cipherSuites)) out.push('suites');
  return out;
}

/**
 * Pairs of narrowing hellos (those that vary SNI, size, TLS 1.3 or suites) that differ in exactly one
 * factor, where one got a ServerHello and the other no answer at all (silence, reset, close).
 */
function singleFactorPairs(
  hellos: readonly HelloObservation[],
): Array<{ factor: Factor; works: HelloObservation; fails: HelloObservation }> {
  const narrowing = hellos.filter(
    (h) =>
      h.varies?.sni !== undefined ||
      h.varies?.size !== undefined ||
      h.varies?.tls13 !== undefined ||
      h.varies?.suites !== undefined,
  );
  const out: Array<{ factor: Factor; works: HelloObservation; fails: HelloObservation }> = [];
  const seen = new Set<Factor>();
  for (const fails of narrowing.filter((h) => NO_ANSWER.has(h.outcome.status))) {
    const pairs = narrowing
      .filter((h) => answered(h.outcome))
      .map((works) => ({ works, d: differences(works, fails) }))
      .filter((p) => p.d.length === 1 && p.d[0] !== 'other')
      .map((p) => ({ works: p.works, factor: p.d[0] as Factor }));
    // One factor must explain the dropped hello: when hellos that each change a different factor are
    // all answered, no factor decides (a dropped connection, not a pattern).
    const factors = new Set(pairs.map((p) => p.factor));
    if (factors.size !== 1) continue;
    const [{ factor, works }] = pairs as [{ factor: Factor; works: HelloObservation }];
    // a path drops large hellos, never small ones only
    if (factor === 'size' && works.offer.size > fails.offer.size) continue;
    if (seen.has(factor)) continue;
    seen.add(factor);
    out.push({ factor, works, fails });
  }
  return out;
}

const FACTOR_WORDS: Record<Factor, (works: HelloObservation, fails: HelloObservation) => string> = {
  size: (w, f) => `${w.offer.size} bytes answered, ${f.offer.size} bytes dropped`,
  sni: (w, f) => `SNI ${w.offer.serverName ?? '(none)'} answered, ${f.offer.serverName ?? '(none)'} dropped`,
  tls13: (w) =>
    `offering TLS 1.3 ${hasTls13(w) ? 'answered' : 'dropped'}, without it ${hasTls13(w) ? 'dropped' : 'answered'}`,
  suites: (w, f) =>
    `${w.offer.cipherSuites.length} suites answered, ${f.offer.cipherSuites.length} suites dropped`,
};

const FACTOR_SUMMARY: Record<Factor, (works: HelloObservation, fails: HelloObservation) => string> = {
  size: (w, f) =>
    `A ClientHello of ${w.offer.size} bytes is answered but the same hello padded to ${f.offer.size} bytes gets ${f.outcome.status}: only the size differs, so a device on the path mishandles large or fragmented hellos (MTU/MSS, or a hello-size bug).`,
  sni: (w, f) =>
    `The same ClientHello is answered with SNI ${w.offer.serverName ?? '(none)'} and gets ${f.outcome.status} with SNI ${f.offer.serverName ?? '(none)'}: something on the path filters by SNI.`,
  tls13: (w, f) =>
    hasTls13(f)
      ? `The same ClientHello gets ${f.outcome.status} when it offers TLS 1.3 and a ServerHello (${versionName(w.outcome.serverHello?.version ?? 0x0303)}) when it does not; nothing else differs. A server without TLS 1.3 answers such a hello with TLS 1.2, so a device on the path (firewall, IPS, TLS inspection) drops hellos offering TLS 1.3.`
      : `The same ClientHello gets ${f.outcome.status} when it leaves TLS 1.3 out and a ServerHello when it offers it; nothing else differs: something on the path drops hellos without TLS 1.3.`,
  suites: (w, f) =>
    `The same ClientHello is answered with ${w.offer.cipherSuites.length} cipher suites and gets ${f.outcome.status} with ${f.offer.cipherSuites.length}; nothing else differs (same size): a device on the path filters on the suite list.`,
};
