// Enumeration built from many one-hello probes: versions, suites in server preference order,
// groups, ALPN, features, TLS_FALLBACK_SCSV, SNI dependence; plus one full handshake for the chain.
import { Version, canGenerateKeyShare } from '../wire/index.js';
import { SSLV2_CIPHER_KINDS, TLS13_SUITES, cipherSuite, namedGroup } from '../wire/registry/index.js';
import { fullHandshake } from './full-handshake.js';
import type {
  FullHandshakeResult,
  ScanFeatures,
  ScanResult,
  SniComparison,
  SuiteResult,
  VersionResult,
} from '../model/observations/probe.js';
import { X509Certificate } from 'node:crypto';
import { DEFAULT_WIDTH, discoverSuiteOrder, searchParts, type SuiteOrderOptions } from './scan-order.js';
import { bundles, ECDHE_GROUPS, suitesByCommonness, TLS13_GROUPS, wideHello } from './hellos.js';
import type { HelloOutcome } from '../model/observations/probe.js';
import type { HelloSender, ProbeSession } from './session.js';
import { confirmClientOrder, probeAlpnProtocols, probeEncryptThenMac } from './scan-extras.js';
import { cipherSuiteName, versionName } from '../wire/registry/index.js';
import type { Priority } from './runner.js';

export const SCAN_VERSIONS = [
  Version.SSL2,
  Version.SSL3,
  Version.TLS10,
  Version.TLS11,
  Version.TLS12,
  Version.TLS13,
] as const;

const sig = (o: HelloOutcome): string =>
  o.status === 'server-hello'
    ? `${versionName(o.serverHello!.version)} ${cipherSuiteName(o.serverHello!.cipherSuite)}`
    : o.status === 'alert'
      ? `alert ${o.alert!.description}`
      : o.status;

function suitesOffered(version: number): number[] {
  return version === Version.TLS13 ? [...TLS13_SUITES] : suitesByCommonness(version);
}

/** Is `version` accepted? Tries each suite bundle until one is answered with that version. */
export async function probeVersion(
  s: HelloSender,
  version: number,
  sni: string | undefined,
  priority?: Priority,
): Promise<{ result: VersionResult; first?: HelloOutcome; bundle?: number }> {
  if (version === Version.SSL2) {
    const o = await s.sslv2(
      'version:ssl2',
      SSLV2_CIPHER_KINDS.map((k) => k.code),
      { version },
    );
    const accepted = o.status === 'server-hello' && (o.sslv2?.cipherKinds.length ?? 0) > 0;
    return {
      result: { version, accepted, outcome: o.status, ...(o.error ? { detail: o.error } : {}) },
      ...(accepted ? { first: o } : {}),
    };
  }
  const all = bundles(suitesOffered(version));
  let last: HelloOutcome | undefined;
  for (let i = 0; i < all.length; i++) {
    const o = await s.hello(
      `version:${version.toString(16)}:${i}`,
      'version',
      wideHello(version, all[i]!, sni ? { serverName: sni } : {}),
      { ...(priority ? { priority } : {}), varies: { version, suiteBundle: i } },
    );
    last = o;
    const v = o.serverHello?.version ?? o.helloRetry?.version;
    if (o.status === 'hello-retry' && v === version) {
      // A HelloRetryRequest asks for another key share (RFC 8446 §4.1.4): send the hello again with
      // the group it names. A server that then answers is accepting the version; one that asks again
      // (or names no group we can send) never lets a client in.
      const group = o.helloRetry?.selectedGroup;
      // a group we cannot make a key for (a post-quantum hybrid): the retry cannot be checked
      if (group !== undefined && !canGenerateKeyShare(group))
        return { result: { version, accepted: true, outcome: o.status }, first: o, bundle: i };
      const again =
        group !== undefined
          ? await s.hello(
              `version:${version.toString(16)}:${i}:retry`,
              'version',
              wideHello(version, all[i]!, {
                ...(sni ? { serverName: sni } : {}),
                groups: [group],
                keyShareGroups: [group],
              }),
              { varies: { version, suiteBundle: i } },
            )
          : undefined;
      if (again?.status === 'server-hello' && again.serverHello?.version === version)
        return { result: { version, accepted: true, outcome: 'server-hello' }, first: again, bundle: i };
      return {
        result: {
          version,
          accepted: false,
          outcome: 'hello-retry',
          detail:
            group === undefined
              ? 'HelloRetryRequest without a key_share group'
              : `HelloRetryRequest for group 0x${group.toString(16)}, then ${again ? (again.status === 'hello-retry' ? 'another HelloRetryRequest' : again.status) : 'nothing'} when that key share was sent`,
        },
      };
    }
    if (o.status === 'server-hello' && v === version) {
      return { result: { version, accepted: true, outcome: o.status }, first: o, bundle: i };
    }
    if (o.status === 'server-hello' || o.status === 'hello-retry') {
      return {
        result: {
          version,
          accepted: false,
          outcome: o.status,
          detail: `answered with ${versionName(v ?? 0)} instead`,
        },
      };
    }
    // only a handshake_failure / insufficient_security alert can mean "none of these suites": try the next bundle
    if (!(o.status === 'alert' && (o.alert!.description === 40 || o.alert!.description === 71))) break;
  }
  const detail = last?.alert ? `alert ${last.alert.description}` : last?.error;
  return {
    result: { version, accepted: false, outcome: last?.status ?? 'closed', ...(detail ? { detail } : {}) },
  };
}

/**
 * Accepted suites for one version, in the server's order when it enforces one: interleaved parts
 * searched at once, then a merge by speculation (scan-order.ts).
 */
export async function enumerateSuites(
  s: ProbeSession,
  version: number,
  sni: string | undefined,
  o: SuiteOrderOptions = {},
): Promise<SuiteResult> {
  const r = await discoverSuiteOrder(
    suitesOffered(version),
    async (offer, id) => {
      const h = await s.hello(id, 'suite', wideHello(version, offer, sni ? { serverName: sni } : {}), {
        priority: 'high',
        varies: { version, suiteEnumeration: true },
      });
      if (h.status === 'server-hello' && h.serverHello!.version === version)
        return h.serverHello!.cipherSuite;
      if (h.status === 'hello-retry' && h.helloRetry!.version === version) return h.helloRetry!.cipherSuite;
      return undefined;
    },
    // TLS 1.3 has 5 suites (RFC 8446 §B.4): three parts find them in two round trips
    {
      tag: `suite:${version.toString(16)}`,
      // one merge round fits the per-server cap: it goes out as one wave
      width: Math.min(DEFAULT_WIDTH, s.runner.perTargetCap),
      ...(version === Version.TLS13 ? { parts: 3 } : {}),
      ...o,
    },
  );
  return { version, suites: r.suites, serverOrder: r.serverOrder };
}

/** The named curve of an ECDSA leaf as a TLS group code (RFC 8422 §5.1.1), when the chain is known. */
async function ecdsaCurveOf(chainP: Promise<FullHandshakeResult>): Promise<number | undefined> {
  const chain = await chainP;
  if (!chain.ok || !chain.chain[0]) return undefined;
  try {
    const key = new X509Certificate(Buffer.from(chain.chain[0], 'base64')).publicKey;
    if (key.asymmetricKeyType !== 'ec') return undefined;
    return ({ prime256v1: 0x0017, secp384r1: 0x0018, secp521r1: 0x0019 } as Record<string, number>)[
      key.asymmetricKeyDetails?.namedCurve ?? ''
    ];
  } catch {
    return undefined;
  }
}

async function enumerateGroups(
  s: ProbeSession,
  versions: Set<number>,
  sni: string | undefined,
  chainP: Promise<FullHandshakeResult>,
): Promise<{ tls13: number[]; tls12: number[]; tls12Undetermined: number[] }> {
  const name = sni ? { serverName: sni } : {};
  // no key share: a server answers with a HelloRetryRequest naming the group it wants of those
  // offered (RFC 8446 §4.1.4), so removal chains over interleaved parts find the whole set
  const tls13P = versions.has(Version.TLS13)
    ? searchParts(TLS13_GROUPS, GROUP_PARTS, async (offer, pi, n) => {
        const o = await s.hello(
          `group:tls13:${pi}:${n}`,
          'group',
          wideHello(Version.TLS13, TLS13_SUITES, { ...name, groups: [...offer], keyShareGroups: [] }),
          {
            priority: 'high',
            varies: { version: Version.TLS13, ...(offer.length === 1 ? { group: offer[0]! } : {}) },
          },
        );
        return o.helloRetry?.selectedGroup ?? o.serverHello?.keyShareGroup;
      }).then((found) => found.flat().sort((a, b) => TLS13_GROUPS.indexOf(a) - TLS13_GROUPS.indexOf(b)))
    : Promise.resolve([]);
  const v12 = [Version.TLS12, Version.TLS11, Version.TLS10].find((v) => versions.has(v));
  let tls12: number[] = [];
  const tls12Undetermined: number[] = [];
  if (v12 !== undefined) {
    const ecdheSuites = suitesByCommonness(v12)
      .filter((c) => isEcdhe(c))
      .slice(0, 128);
    // In TLS ≤ 1.2 supported_groups also limits the curves of ECDSA certificates (RFC 8422 §5.1): for
    // an ECDSA server, list the certificate's curve after the one under test, or only that curve works.
    // (A server that picks by its own group order may then choose the certificate's curve: a miss.)
    const certCurve = await ecdsaCurveOf(chainP);
    const probe = (offer: readonly number[], id: string) =>
      s.hello(id, 'group', wideHello(v12, ecdheSuites, { ...name, groups: [...offer] }), {
        until: 'flight',
        priority: 'high',
        varies: { version: v12, ...(offer.length === 1 ? { group: offer[0]! } : {}) },
      });
    if (certCurve === undefined) {
      // the server's ServerKeyExchange names the curve it chose of those offered (RFC 8422 §5.4)
      tls12 = (
        await searchParts(
          ECDHE_GROUPS,
          GROUP_PARTS,
          async (offer, pi, n) => (await probe(offer, `group:tls12:${pi}:${n}`)).serverKeyExchange?.group,
        )
      )
        .flat()
        .sort((a, b) => ECDHE_GROUPS.indexOf(a) - ECDHE_GROUPS.indexOf(b));
    } else {
      tls12 = (
        await Promise.all(
          ECDHE_GROUPS.map(async (g) => {
            const o = await probe(g !== certCurve ? [g, certCurve] : [g], `group:tls12:${g.toString(16)}`);
            // the server took the certificate's curve over g: by its own preference, or because g is off
            // (only the recommended curves are worth saying so: the rest are almost never enabled)
            if (g !== certCurve && o.serverKeyExchange?.group === certCurve && namedGroup(g)?.ianaRecommended)
              tls12Undetermined.push(g);
            return o.serverKeyExchange?.group === g ? g : undefined;
          }),
        )
      ).filter((g): g is number => g !== undefined);
    }
  }
  return { tls13: await tls13P, tls12, tls12Undetermined: tls12Undetermined.sort((a, b) => a - b) };
}

/** parts searched at once for the groups: ~10 of 29 TLS 1.3 groups enabled → 2–3 round trips */
const GROUP_PARTS = 4;

function isEcdhe(code: number): boolean {
  return cipherSuite(code)?.kx === 'ECDHE';
}

export interface ScanOptions {
  serverName: string | undefined;
  /** also compare with/without SNI */
  compareSni?: boolean;
  fullHandshakeTimeoutMs?: number;
}

export async function runScan(s: ProbeSession, o: ScanOptions): Promise<ScanResult> {
  const t0 = performance.now();
  const sni = o.serverName;
  const name = sni ? { serverName: sni } : {};
  const chainP = fullHandshake({
    address: s.endpoint.address,
    port: s.endpoint.port,
    ...name,
    timeoutMs: o.fullHandshakeTimeoutMs ?? s.deadlines.totalMs,
  });

  // the version probes gate the rest (groups, ALPN, features): they are queued first. TLS 1.2 and
  // 1.3, which almost every server speaks, have their suites searched from the start beside them
  // (a version found refused costs each part one refused probe)
  const versionsP = Promise.all(SCAN_VERSIONS.map((v) => probeVersion(s, v, sni, 'high')));
  const early = new Map<number, Promise<SuiteResult>>(
    [Version.TLS12, Version.TLS13].map((v) => [v, enumerateSuites(s, v, sni)]),
  );
  let versionProbes = await versionsP;
  // the version probes all start before any answer: one that was dropped (reset, or closed without a
  // byte) while another version was accepted is asked again, now that the session knows the server
  // answers (and retries a flaky connection itself)
  if (versionProbes.some((p) => p.result.accepted))
    versionProbes = await Promise.all(
      versionProbes.map((p) =>
        !p.result.accepted && (p.result.outcome === 'reset' || p.result.outcome === 'closed')
          ? probeVersion(s, p.result.version, sni)
          : p,
      ),
    );
  const versions = versionProbes.map((p) => p.result);
  const accepted = new Set(versions.filter((v) => v.accepted).map((v) => v.version));
  const tlsVersions = [...accepted].filter((v) => v !== Version.SSL2);

  // everything that only needs the accepted versions runs at once; the suite chains are the long pole
  const [suites, groups, alpn, extra, sniCmp] = await Promise.all([
    Promise.all(tlsVersions.map((v) => early.get(v) ?? enumerateSuites(s, v, sni))),
    enumerateGroups(s, accepted, sni, chainP),
    probeAlpnProtocols(s, tlsVersions, sni),
    probeFeatures(s, tlsVersions, sni, versionProbes),
    o.compareSni !== false && sni
      ? chainP.then((chain) => compareSni(s, tlsVersions, sni, chain))
      : Promise.resolve(null),
  ]);
  // a version found refused still has its early search to finish: the session records every probe
  await Promise.all(early.values());
  suites.splice(0, suites.length, ...(await Promise.all(suites.map((r) => confirmClientOrder(s, r, sni)))));
  if (accepted.has(Version.SSL2)) {
    const v2 = versionProbes.find((p) => p.result.version === Version.SSL2)?.first;
    suites.unshift({ version: Version.SSL2, suites: v2?.sslv2?.cipherKinds ?? [], serverOrder: null });
  }
  const chain = await chainP;
  const encryptThenMac = await probeEncryptThenMac(s, suites, sni);
  const features: ScanFeatures = {
    ...extra.features,
    encryptThenMac,
    sessionTicket:
      extra.features.sessionTicket === true || chain.sessionTicket ? true : extra.features.sessionTicket,
    ocspStapling:
      extra.features.ocspStapling === true || chain.ocspStapled
        ? true
        : chain.ok
          ? false
          : extra.features.ocspStapling,
    alpn,
  };
  suites.sort((a, b) => b.version - a.version);
  return {
    endpoint: s.origin,
    serverName: sni,
    versions,
    suites,
    groups,
    features,
    sni: sniCmp,
    chain,
    connections: s.runner.connections + 1 + (sniCmp?.differentCertificate !== null && sniCmp ? 1 : 0),
    ...(s.flaky > 0 ? { droppedThenAnswered: s.flaky } : {}),
    durationMs: Math.round(performance.now() - t0),
  };
}

async function probeFeatures(
  s: ProbeSession,
  versions: number[],
  sni: string | undefined,
  versionProbes: Array<{ result: VersionResult; first?: HelloOutcome }>,
): Promise<{ features: Omit<ScanFeatures, 'alpn'> }> {
  const legacy = versions.filter((v) => v <= Version.TLS12 && v >= Version.TLS10).sort((a, b) => b - a);
  const legacySh = legacy.length
    ? versionProbes.find((p) => p.result.version === legacy[0])?.first?.serverHello
    : undefined;
  const sorted = [...versions].sort((a, b) => b - a);
  let fallbackScsv: ScanFeatures['fallbackScsv'] = null;
  let downgradeSentinel: boolean | null = null;
  const tasks: Array<Promise<void>> = [];
  if (sorted.length >= 2 && sorted[1]! >= Version.TLS10) {
    const lower = sorted[1]!;
    tasks.push(
      s
        .hello(
          'fallback-scsv',
          'feature',
          wideHello(lower, bundles(suitesByCommonness(lower))[0]!, {
            ...(sni ? { serverName: sni } : {}),
            fallbackScsv: true,
          }),
          { varies: { version: lower, fallbackScsv: true } },
        )
        .then((o) => {
          fallbackScsv =
            o.status === 'alert' && o.alert!.description === 86
              ? 'supported'
              : o.status === 'server-hello'
                ? 'not-supported'
                : null;
        }),
    );
  }
  if (versions.includes(Version.TLS13) && versions.includes(Version.TLS12)) {
    downgradeSentinel =
      versionProbes.find((p) => p.result.version === Version.TLS12)?.first?.serverHello?.downgradeSentinel ===
      'tls12';
  }
  await Promise.all(tasks);
  return {
    features: {
      secureRenegotiation: legacySh ? legacySh.renegotiationInfo : null,
      extendedMasterSecret: legacySh ? legacySh.extendedMasterSecret : null,
      encryptThenMac: legacySh ? legacySh.encryptThenMac : null,
      sessionTicket: legacySh ? legacySh.sessionTicket : null,
      ocspStapling: legacySh ? legacySh.statusRequest : null,
      fallbackScsv,
      downgradeSentinel,
    },
  };
}

async function compareSni(
  s: ProbeSession,
  versions: number[],
  sni: string,
  withChain: FullHandshakeResult,
): Promise<SniComparison | null> {
  const top = Math.max(...versions.filter((v) => v >= Version.TLS10), 0);
  if (!top) return null;
  const suites = top === Version.TLS13 ? [...TLS13_SUITES] : bundles(suitesByCommonness(top))[0]!;
  const [a, b, noSniChain] = await Promise.all([
    s.hello('sni:with', 'sni', wideHello(top, suites, { serverName: sni }), { varies: { sni: 'name' } }),
    s.hello('sni:without', 'sni', wideHello(top, suites, {}), { varies: { sni: 'none' } }),
    fullHandshake({ address: s.endpoint.address, port: s.endpoint.port, timeoutMs: s.deadlines.totalMs }),
  ]);
  const differentCertificate =
    withChain.ok && noSniChain.ok ? withChain.chain[0] !== noSniChain.chain[0] : null;
  return { sameOutcome: sig(a) === sig(b), withSni: sig(a), withoutSni: sig(b), differentCertificate };
}
