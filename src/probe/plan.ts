// A probe plan is data: each step says what it sends and what it varies; runPlan executes it
// against a session. The diagnose flow's plan is src/probe/profiles/diagnose-plan.ts.
import { Version, buildClientHello, type ClientHelloOptions } from '../wire/index.js';
import { TLS13_SUITES } from '../wire/registry/index.js';
import type { HelloObservation, ProbeVaries, SniVariant } from '../model/observations/probe.js';
import { CLIENT_PROFILES, helloForProfile } from './profiles/index.js';
import { bundles, suitesByCommonness, wideHello } from './hellos.js';
import { probeVersion } from './scan.js';
import type { ReadUntil } from './hello-probe.js';
import type { HelloSender } from './session.js';

/** Which cipher suites a hello offers. */
export type SuiteSelection =
  /** the TLS 1.3 suites, then the most common bundle of TLS 1.2 suites (what a current client offers) */
  | 'modern'
  /** exactly these codes, in this order */
  | readonly number[];

/** How a planned hello is built. */
export type HelloShape =
  | {
      /** wideHello: every extension a modern client sends, for one version */
      shape: 'wide';
      version: number;
      /** a TLS 1.3 hello that also allows TLS 1.2 */
      alsoTls12?: boolean;
      suites: SuiteSelection;
      /** padding extension length (RFC 7685) */
      padding?: number;
      /** pad (RFC 7685) so that the hello's record is exactly this many bytes */
      padTo?: number;
      /** leave TLS 1.3 out of supported_versions (the rest of the TLS 1.3 hello unchanged) */
      withoutTls13?: true;
    }
  | {
      /** the ClientHello fields as given, nothing added */
      shape: 'explicit';
      legacyVersion: number;
      cipherSuites: readonly number[];
      groups: readonly number[];
      ecPointFormats: readonly number[];
      signatureAlgorithms: readonly number[];
    };

/** One hello, sent as described. */
export interface PlannedHello {
  step: 'hello';
  /** stable id within one run (observations carry it; rules select by `varies`, not by this) */
  id: string;
  purpose: HelloObservation['purpose'];
  /** what this probe varies, recorded on its observation */
  varies: ProbeVaries;
  /** the server_name sent: the target's name (none when the target has no name), none, or another name */
  sni: SniVariant;
  /** sent only when the target has a server name (an SNI comparison needs one) */
  onlyWithServerName?: boolean;
  hello: HelloShape;
}

/**
 * Each version alone (probeVersion): ids 'version:ssl2' and 'version:<hex>:<bundle>', trying suite
 * bundles until one is answered; varies { version, suiteBundle }.
 */
export interface PlannedVersions {
  step: 'each-version';
  versions: readonly number[];
}

/** Each client profile as that client sends it: ids 'profile:<id>'; varies { profile }. */
export interface PlannedProfiles {
  step: 'each-profile';
  until?: ReadUntil;
}

export type PlanStep = PlannedVersions | PlannedProfiles | PlannedHello;

export interface PlanTarget {
  /** the name the target is reached by, if any */
  serverName: string | undefined;
  /** the name sent for SNI variant 'other' */
  otherServerName: string;
}

/**
 * Starts every step of the plan, in plan order, and returns their promises in that order (so probes
 * are queued on the session's runner in plan order).
 */
export function runPlan(s: HelloSender, plan: readonly PlanStep[], t: PlanTarget): Array<Promise<unknown>> {
  let modern: number[] | undefined;
  const suitesOf = (sel: SuiteSelection): number[] =>
    sel === 'modern'
      ? (modern ??= [...TLS13_SUITES, ...bundles(suitesByCommonness(Version.TLS12))[0]!])
      : [...sel];
  const out: Array<Promise<unknown>> = [];
  for (const step of plan) {
    if (step.step === 'each-version') {
      out.push(...step.versions.map((v) => probeVersion(s, v, t.serverName)));
    } else if (step.step === 'each-profile') {
      out.push(
        ...CLIENT_PROFILES.map((p) =>
          s.hello(`profile:${p.id}`, 'profile', helloForProfile(p, t.serverName), {
            ...(step.until ? { until: step.until } : {}),
            profileId: p.id,
            varies: { profile: p.id },
          }),
        ),
      );
    } else {
      if (step.onlyWithServerName && !t.serverName) continue;
      const sni = step.sni === 'name' ? t.serverName : step.sni === 'other' ? t.otherServerName : undefined;
      out.push(
        s.hello(step.id, step.purpose, buildHello(step.hello, sni, suitesOf), { varies: step.varies }),
      );
    }
  }
  return out;
}

/** The ClientHello a planned shape stands for, with this server_name (or none). */
export function helloOf(h: HelloShape, sni: string | undefined): ClientHelloOptions {
  return buildHello(h, sni, (sel) =>
    sel === 'modern' ? [...TLS13_SUITES, ...bundles(suitesByCommonness(Version.TLS12))[0]!] : [...sel],
  );
}

function buildHello(
  h: HelloShape,
  sni: string | undefined,
  suitesOf: (sel: SuiteSelection) => number[],
): ClientHelloOptions {
  const name = sni ? { serverName: sni } : {};
  if (h.shape === 'explicit')
    return {
      legacyVersion: h.legacyVersion,
      cipherSuites: [...h.cipherSuites],
      ...name,
      groups: [...h.groups],
      ecPointFormats: [...h.ecPointFormats],
      signatureAlgorithms: [...h.signatureAlgorithms],
    };
  const wide: ClientHelloOptions = {
    ...wideHello(h.version, suitesOf(h.suites), { ...name, ...(h.alsoTls12 ? { alsoTls12: true } : {}) }),
    ...(h.padding !== undefined ? { padding: h.padding } : {}),
    ...(h.withoutTls13 ? { supportedVersions: [Version.TLS12] } : {}),
  };
  if (h.padTo === undefined) return wide;
  // the padding extension adds 4 bytes of header to its data (RFC 7685 §3)
  const { padding: _none, ...bare } = wide;
  const size = buildClientHello(bare).record.length;
  if (size + 4 > h.padTo) return bare;
  return { ...bare, padding: h.padTo - size - 4 };
}
