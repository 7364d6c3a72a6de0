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
import { bundles, ECDHE_GROUPS, suitesByCommonness, TLS13_GROUPS, wideHello } from './hellos.js';
import type { HelloOutcome } from '../model/observations/probe.js';
import type { HelloSender, ProbeSession } from './session.js';
import { confirmClientOrder, probeAlpnProtocols, probeEncryptThenMac } from './scan-extras.js';
import { cipherSuiteName, versionName } from '../wire/registry/index.js';

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
      { varies: { version, suiteBundle: i } },
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

/** Accepted suites for one version: offer a bundle, remove the chosen suite, repeat. */
/**
 * Accepted suites for one version: offer a bundle, remove the chosen suite, repeat. `seed` is what
 * the version probe already learnt (the top suite of one bundle), so that chain starts one step in.
 * Whether the server honours its own order is asked as soon as two suites are known, in parallel
 * with the rest of the chain: offered [second, first], a server-order server still picks `first`.
 */
async function enumerateSuites(
  s: ProbeSession,
  version: number,
  sni: string | undefined,
  seed?: { bundle: number; suite: number },
): Promise<SuiteResult> {
  const chosenFrom = async (offer: number[], id: string): Promise<number | undefined> => {
    if (offer.length === 0) return undefined;
    const o = await s.hello(id, 'suite', wideHello(version, offer, sni ? { serverName: sni } : {}), {
      priority: 'high',
      varies: { version, suiteEnumeration: true },
    });
    if (o.status === 'server-hello' && o.serverHello!.version === version) return o.serverHello!.cipherSuite;
    if (o.status === 'hello-retry' && o.helloRetry!.version === version) return o.helloRetry!.cipherSuite;
    return undefined;
  };
  let orderCheck:
    | { pair: [number, number]; answer: Promise<number | undefined>; settled?: number | undefined | null }
    | undefined;
  const startOrderCheck = (pair: [number, number]): void => {
    const check: NonNullable<typeof orderCheck> = {
      pair,
      answer: chosenFrom([pair[1], pair[0]], `suite-order:${version.toString(16)}:swapped`),
      settled: null,
    };
    void check.answer.then((v) => (check.settled = v));
    orderCheck = check;
  };
  /** a plain removal chain over `items` */
  const chain = async (items: number[], tag: string): Promise<number[]> => {
    const got: number[] = [];
    let left = [...items];
    for (let n = 0; n < items.length; n++) {
      const c = await chosenFrom(left, `${tag}:${n}`);
      if (c === undefined || !left.includes(c)) break;
      got.push(c);
      left = left.filter((x) => x !== c);
    }
    return got;
  };
  const perBundle = await Promise.all(
    bundles(suitesOffered(version)).map(async (bundle, bi) => {
      const found: number[] = [];
      let rest = [...bundle];
      if (seed && seed.bundle === bi && rest.includes(seed.suite)) {
        found.push(seed.suite);
        rest = rest.filter((x) => x !== seed.suite);
      }
      for (let n = found.length; n < bundle.length; n++) {
        const c = await chosenFrom(rest, `suite:${version.toString(16)}:${bi}:${n}`);
        if (c === undefined || found.includes(c) || !rest.includes(c)) break;
        found.push(c);
        rest = rest.filter((x) => x !== c);
        if (found.length === 2 && !orderCheck) startOrderCheck([found[0]!, found[1]!]);
        // a server that follows the client's order has no order to learn: the rest of the bundle
        // can be searched by four independent chains at once instead of one
        if (orderCheck && orderCheck.settled === orderCheck.pair[1] && rest.length > 8) {
          const parts = bundles(rest, Math.ceil(rest.length / 4));
          found.push(
            ...(
              await Promise.all(
                parts.map((part, pi) => chain(part, `suite:${version.toString(16)}:${bi}:split${pi}`)),
              )
            ).flat(),
          );
          break;
        }
      }
      return found;
    }),
  );
  let suites = perBundle.flat();
  let serverOrder: boolean | null = null;
  if (suites.length > 1) {
    // two suites, from two bundles: ask with the pair as found
    if (!orderCheck) startOrderCheck([suites[0]!, suites[1]!]);
    const c = await orderCheck!.answer;
    serverOrder =
      c === undefined ? null : c === orderCheck!.pair[0] ? true : c === orderCheck!.pair[1] ? false : null;
    if (serverOrder !== false && perBundle.filter((b) => b.length > 0).length > 1) {
      // the server's preference across bundles: repeat the removal loop over the accepted set
      const ordered: number[] = [];
      let rest = [...suites];
      while (rest.length > 0) {
        const c = await chosenFrom(rest, `suite-order:${version.toString(16)}:${ordered.length}`);
        if (c === undefined || !rest.includes(c)) break;
        ordered.push(c);
        rest = rest.filter((x) => x !== c);
      }
      suites = [...ordered, ...rest];
    }
  }
  return { version, suites, serverOrder };
}

function seedOf(
  p: { result: VersionResult; first?: HelloOutcome; bundle?: number } | undefined,
): { bundle: number; suite: number } | undefined {
  const suite = p?.first?.serverHello?.cipherSuite ?? p?.first?.helloRetry?.cipherSuite;
  return p && p.bundle !== undefined && suite !== undefined ? { bundle: p.bundle, suite } : undefined;
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
  const tls13 = versions.has(Version.TLS13)
    ? (
        await Promise.all(
          TLS13_GROUPS.map(async (g) => {
            // no key share: a server that supports g answers with a HelloRetryRequest asking for it
            const o = await s.hello(
              `group:tls13:${g.toString(16)}`,
              'group',
              wideHello(Version.TLS13, TLS13_SUITES, { ...name, groups: [g], keyShareGroups: [] }),
              { varies: { version: Version.TLS13, group: g } },
            );
            const sel = o.helloRetry?.selectedGroup ?? o.serverHello?.keyShareGroup;
            return sel === g ? g : undefined;
          }),
        )
      ).filter((g): g is number => g !== undefined)
    : [];
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
    tls12 = (
      await Promise.all(
        ECDHE_GROUPS.map(async (g) => {
          const groups = certCurve !== undefined && certCurve !== g ? [g, certCurve] : [g];
          const o = await s.hello(
            `group:tls12:${g.toString(16)}`,
            'group',
            wideHello(v12, ecdheSuites, { ...name, groups }),
            { until: 'flight', varies: { version: v12, group: g } },
          );
          // the server took the certificate's curve over g: by its own preference, or because g is off
          // (only the recommended curves are worth saying so: the rest are almost never enabled)
          if (
            certCurve !== undefined &&
            g !== certCurve &&
            o.serverKeyExchange?.group === certCurve &&
            namedGroup(g)?.ianaRecommended
          )
            tls12Undetermined.push(g);
          return o.serverKeyExchange?.group === g ? g : undefined;
        }),
      )
    ).filter((g): g is number => g !== undefined);
  }
  return { tls13, tls12, tls12Undetermined: tls12Undetermined.sort((a, b) => a - b) };
}

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

  let versionProbes = await Promise.all(SCAN_VERSIONS.map((v) => probeVersion(s, v, sni)));
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
    Promise.all(
      tlsVersions.map((v) =>
        enumerateSuites(s, v, sni, seedOf(versionProbes.find((p) => p.result.version === v))),
      ),
    ),
    enumerateGroups(s, accepted, sni, chainP),
    probeAlpnProtocols(s, tlsVersions, sni),
    probeFeatures(s, tlsVersions, sni, versionProbes),
    o.compareSni !== false && sni
      ? chainP.then((chain) => compareSni(s, tlsVersions, sni, chain))
      : Promise.resolve(null),
  ]);
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
