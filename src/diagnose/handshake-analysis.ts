// Shared, pure reading of the handshake observations for the network/tls rules: which probes got a
// ServerHello, which versions the server accepts, how each client profile fared. No I/O, no judgement.
import { Version } from '../wire/index.js';
import { alertName, cipherSuiteName, versionName } from '../wire/registry/index.js';
import { CLIENT_PROFILES } from '../probe/profiles/index.js';
import type { ClientProfile } from '../probe/profiles/index.js';
import type {
  FullHandshakeObservation,
  HelloObservation,
  HelloOutcome,
  HttpObservation,
  ProbeVaries,
  TcpObservation,
} from '../model/observations/probe.js';
import type { ObservationSet } from '../model/observation.js';
import type { CertificateObservation } from '../model/observations/x509.js';
import type { Evidence } from '../model/finding.js';
import type { ContextObservation } from '../model/observations/diagnose.js';
import { describeOutcome } from '../probe/outcome.js';
import type { HandshakeAttemptObservation } from '../model/observations/handshake.js';

export const answered = (o: HelloOutcome): boolean =>
  o.status === 'server-hello' || o.status === 'hello-retry';
export const negotiatedVersion = (o: HelloOutcome): number | undefined =>
  o.serverHello?.version ?? o.helloRetry?.version;

/** Current clients: they refuse anything below TLS 1.2. */
export function isModern(p: ClientProfile): boolean {
  return p.acceptsVersions.every((v) => v >= Version.TLS12);
}

export interface ProfileResult {
  profile: ClientProfile;
  probe: HelloObservation;
  ok: boolean;
  reason: string;
}

export interface HandshakeAnalysis {
  context: ContextObservation | undefined;
  hellos: HelloObservation[];
  anyAnswered: boolean;
  /** versions the server accepted when offered alone */
  acceptedVersions: number[];
  /** the version probes (each version alone), by version */
  versionProbes: Map<number, HelloObservation[]>;
  profiles: ProfileResult[];
  failing: ProfileResult[];
  modernFailing: ProfileResult[];
  modernProfiles: ProfileResult[];
  full: FullHandshakeObservation | undefined;
  http: HttpObservation | undefined;
  tcp: TcpObservation | undefined;
}

export function analyze(set: ObservationSet): HandshakeAnalysis {
  const hellos = set.of<HelloObservation>('probe.hello');
  const byProfile = new Map(CLIENT_PROFILES.map((p) => [p.id, p]));
  const versionProbes = new Map<number, HelloObservation[]>();
  const accepted = new Set<number>();
  for (const h of hellos) {
    if (h.purpose !== 'version') continue;
    const v = h.offer.maxVersion;
    versionProbes.set(v, [...(versionProbes.get(v) ?? []), h]);
    // an SSLv2 SERVER-HELLO with no cipher kinds in common is a refusal, not acceptance
    if (
      answered(h.outcome) &&
      negotiatedVersion(h.outcome) === v &&
      (v !== Version.SSL2 || (h.outcome.sslv2?.cipherKinds.length ?? 0) > 0)
    )
      accepted.add(v);
  }
  const profiles: ProfileResult[] = [];
  for (const h of hellos) {
    if (h.purpose !== 'profile' || !h.profileId) continue;
    const profile = byProfile.get(h.profileId);
    if (!profile) continue;
    const v = negotiatedVersion(h.outcome);
    const ok =
      answered(h.outcome) &&
      v !== undefined &&
      profile.acceptsVersions.includes(v) &&
      !(h.outcome.alert && h.outcome.alert.level === 2);
    const reason = ok
      ? describeOutcome(h.outcome)
      : answered(h.outcome) && v !== undefined && !profile.acceptsVersions.includes(v)
        ? `server chose ${versionName(v)}, which this client refuses`
        : describeOutcome(h.outcome);
    profiles.push({ profile, probe: h, ok, reason });
  }
  const failing = profiles.filter((p) => !p.ok);
  return {
    context: set.of<ContextObservation>('diagnose.context')[0],
    hellos,
    anyAnswered: hellos.some((h) => answered(h.outcome)),
    acceptedVersions: [...accepted].sort((a, b) => a - b),
    versionProbes,
    profiles,
    failing,
    modernFailing: failing.filter((p) => isModern(p.profile)),
    modernProfiles: profiles.filter((p) => isModern(p.profile)),
    full: set.of<FullHandshakeObservation>('probe.full-handshake')[0],
    http: set.of<HttpObservation>('probe.http')[0],
    tcp: set.of<TcpObservation>('probe.tcp')[0],
  };
}

export function helloEvidence(h: HelloObservation, prefix?: string): Evidence {
  const offer = h.offer.sslv2
    ? 'SSLv2 hello'
    : `${h.offer.versions.map(versionName).join('+')} hello with ${h.offer.cipherSuites.length} suites${h.offer.serverName ? `, SNI ${h.offer.serverName}` : ', no SNI'} (${h.offer.size} bytes)`;
  return {
    from: { ...h.from },
    text: `${prefix ? prefix + ': ' : ''}${offer} → ${describeOutcome(h.outcome)}${h.outcome.timings.totalMs ? ` after ${Math.round(h.outcome.timings.totalMs)} ms` : ''}`,
  };
}

export function profileEvidence(p: ProfileResult): Evidence {
  const e = helloEvidence(p.probe, p.profile.name);
  return p.ok || p.reason === describeOutcome(p.probe.outcome)
    ? e
    : { ...e, text: `${e.text} — ${p.reason}` };
}

export function versionList(vs: readonly number[]): string {
  return vs.length ? vs.map(versionName).join(', ') : 'none';
}

export function outcomeKind(o: HelloOutcome): string {
  return o.status === 'alert'
    ? `alert ${o.alert!.description} (${alertName(o.alert!.description)})`
    : o.status;
}

export function suiteList(codes: readonly number[], max = 6): string {
  const names = codes.slice(0, max).map(cipherSuiteName);
  return names.join(', ') + (codes.length > max ? ` and ${codes.length - max} more` : '');
}

/**
 * The hello that varied exactly these dimensions (its `varies` has these fields with these values
 * and no other): rules select probes by what a probe did, never by the id the flow gave it.
 */
export function probeWhere(
  a: Pick<HandshakeAnalysis, 'hellos'>,
  want: ProbeVaries,
): HelloObservation | undefined {
  const keys = Object.keys(want) as Array<keyof ProbeVaries>;
  return a.hellos.find((h) => {
    const v = h.varies;
    if (!v) return false;
    const have = (Object.keys(v) as Array<keyof ProbeVaries>).filter((k) => v[k] !== undefined);
    return have.length === keys.length && keys.every((k) => v[k] === want[k]);
  });
}

/** The hellos of the flow's SNI variants. */
export function sniVariants(a: HandshakeAnalysis): {
  name?: HelloObservation;
  none?: HelloObservation;
  other?: HelloObservation;
} {
  const r: { name?: HelloObservation; none?: HelloObservation; other?: HelloObservation } = {};
  for (const sni of ['name', 'none', 'other'] as const) {
    const h = probeWhere(a, { sni });
    if (h) r[sni] = h;
  }
  return r;
}

/** The served leaf's SHA-1 thumbprint (as netsh/certutil show it), when the chain was checked. */
export function servedThumbprint(set: ObservationSet): string | undefined {
  return set.of<CertificateObservation>('x509.certificate').find((c) => c.leaf)?.thumbprintSha1;
}

export const NO_ANSWER = new Set(['timeout', 'reset', 'closed']);

// ---- the same readings over handshake attempts (model/observations/handshake.ts) ----

/** The server answered the hello (a ServerHello or a HelloRetryRequest). */
export const attemptAnswered = (a: HandshakeAttemptObservation): boolean =>
  a.outcome === 'server-hello' || a.outcome === 'hello-retry';

/** A client completes the handshake: an answer in a version it accepts, and no fatal alert from the server. */
export function attemptSucceeds(a: HandshakeAttemptObservation): boolean {
  return (
    attemptAnswered(a) &&
    a.serverHello !== undefined &&
    a.client.accepts.includes(a.serverHello.version) &&
    !a.alerts.some((x) => x.sender === 'server' && x.level === 2)
  );
}

/** A current client: it refuses anything below TLS 1.2. */
export const isModernAttempt = (a: HandshakeAttemptObservation): boolean =>
  a.client.accepts.every((v) => v >= Version.TLS12);

/** A client profile's probe as evidence, with why it failed when the outcome alone does not say. */
export function profileAttemptEvidence(a: HandshakeAttemptObservation): Evidence {
  const e = helloEvidence(a.origin as HelloObservation, a.client.name);
  const v = a.serverHello?.version;
  return attemptAnswered(a) && v !== undefined && !a.client.accepts.includes(v)
    ? { ...e, text: `${e.text} — server chose ${versionName(v)}, which this client refuses` }
    : e;
}
