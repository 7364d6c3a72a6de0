// The facts two reports are compared on. Each report (any command's, live or saved) and each
// Windows bundle becomes a map of facets: one compared fact each, with a stable key, the value as
// shown, the value as compared and where it came from. Different sources of the same fact share a
// key, so a live probe's "versions accepted" compares with a registry export's effective SCHANNEL
// protocols. Pure: observations in, facets out.
import { ObservationSet } from '../model/observation.js';
import type { ObservationBase, SourceRef } from '../model/observation.js';
import type {
  DnsObservation,
  FullHandshakeObservation,
  HelloObservation,
  HelloOutcome,
  HttpObservation,
  ScanResult,
  TcpObservation,
} from '../model/observations/probe.js';
import type { CertificateObservation, ChainObservation } from '../model/observations/x509.js';
import type {
  CertStoreEntryObservation,
  CipherSuiteOrderObservation,
  EventObservation,
  IisBindingObservation,
  IpListenObservation,
  PortOwnerObservation,
  ProcessObservation,
  SchannelAlgorithmObservation,
  SchannelProtocolObservation,
  SslCertBindingObservation,
  WindowsOsObservation,
} from '../model/observations/windows.js';
import type { DiffArea } from '../model/report.js';
import { cipherSuiteName, groupName, versionName } from '../wire/registry/index.js';
import { Version } from '../wire/index.js';
import { CLIENT_PROFILES } from '../probe/profiles/index.js';
import { describeOutcome } from '../probe/outcome.js';

/** Where a facet comes from: two sides are compared on a family only when both have it. */
export type FacetFamily = 'network' | 'handshake' | 'scan' | 'certificate' | 'windows' | 'protocols';

export interface Facet {
  key: string;
  area: DiffArea;
  family: FacetFamily;
  title: string;
  /** as shown */
  display: string;
  /** as compared (defaults to display) */
  compare: string;
  /** a difference here can decide whether a client connects */
  matters: boolean;
  from?: SourceRef;
  /** typed facts the fix writers and the client matrix read */
  detail?: FacetDetail;
}

export type FacetDetail =
  | { type: 'versions'; versions: number[] }
  | { type: 'suites'; version: number; suites: number[] }
  | { type: 'client'; profile: string; ok: boolean; offered: number[]; negotiated?: number; outcome: string }
  | { type: 'schannel'; protocol: string; side: string; effective: string }
  | { type: 'algorithm'; category: string; name: string; enabledValue: number | null }
  | { type: 'cipher-order'; source: string; suites: string[] }
  | {
      type: 'sslcert';
      keyType: string;
      endpoint: string;
      certHash?: string;
      appId?: string;
      store?: string;
      flags: Record<string, boolean | undefined>;
    }
  | { type: 'iplisten'; addresses: string[] }
  | { type: 'port-owner'; port: number; pid?: number; image?: string }
  | { type: 'chain'; subjects: string[] }
  | { type: 'sni'; variant: string; ok: boolean };

export type FacetMap = Map<string, Facet>;

const ok = (o: HelloOutcome): boolean => o.status === 'server-hello' || o.status === 'hello-retry';
const negotiatedVersion = (o: HelloOutcome): number | undefined =>
  o.serverHello?.version ?? o.helloRetry?.version;

/** SCHANNEL protocol key names ↔ wire versions (the key names Schannel reads, Microsoft Learn "TLS registry settings") */
export const SCHANNEL_PROTOCOLS: ReadonlyArray<[string, number]> = [
  ['SSL 2.0', Version.SSL2],
  ['SSL 3.0', Version.SSL3],
  ['TLS 1.0', Version.TLS10],
  ['TLS 1.1', Version.TLS11],
  ['TLS 1.2', Version.TLS12],
  ['TLS 1.3', Version.TLS13],
];

function add(map: FacetMap, f: Omit<Facet, 'compare'> & { compare?: string }): void {
  if (map.has(f.key)) return; // the first source of a fact wins (a probe before a registry export)
  map.set(f.key, { ...f, compare: f.compare ?? f.display });
}

const list = (xs: readonly string[], empty = 'none'): string => (xs.length ? xs.join(', ') : empty);

/** Every facet of one report's observations (and its scan data, when it has one). */
export function facetsOf(observations: readonly ObservationBase[], scan?: ScanResult): FacetMap {
  const map: FacetMap = new Map();
  const set = new ObservationSet(observations);
  networkFacets(map, set);
  if (scan) scanFacets(map, scan);
  handshakeFacets(map, set);
  certificateFacets(map, set);
  windowsFacets(map, set);
  return map;
}

function networkFacets(map: FacetMap, set: ObservationSet): void {
  const dns = set.of<DnsObservation>('probe.dns')[0];
  if (dns)
    add(map, {
      key: 'reachability.dns',
      area: 'reachability',
      family: 'network',
      title: 'Name resolution',
      display: dns.status === 'failed' ? `fails: ${dns.error ?? 'no address'}` : 'resolves',
      matters: true,
      from: dns.from,
    });
  const http = set.of<HttpObservation>('probe.http')[0];
  if (http) {
    const r = http.result;
    add(map, {
      key: 'reachability.http',
      area: 'reachability',
      family: 'network',
      title: 'Plain HTTP',
      display:
        r.status === 'ok'
          ? `answers HTTP ${r.httpStatus ?? '?'}${r.server ? ` (${r.server})` : ''}`
          : `${r.status}${r.error ? ` (${r.error})` : ''}`,
      compare: r.status,
      matters: false,
      from: http.from,
    });
  }
  const tcps = set.of<TcpObservation>('probe.tcp');
  if (tcps.length) {
    const open = tcps.find((t) => t.state === 'open');
    add(map, {
      key: 'reachability.tcp',
      area: 'reachability',
      family: 'network',
      title: 'TCP connect to the HTTPS port',
      display: open ? 'open' : (tcps[0]!.state as string),
      matters: true,
      from: (open ?? tcps[0]!).from,
    });
  }
}

function scanFacets(map: FacetMap, scan: ScanResult): void {
  const from: SourceRef = { source: 'probe', origin: scan.endpoint };
  const accepted = scan.versions.filter((v) => v.accepted).map((v) => v.version);
  add(map, {
    key: 'protocol.versions',
    area: 'protocol',
    family: 'protocols',
    title: 'Protocol versions accepted',
    display: list(accepted.map(versionName)),
    matters: true,
    from,
    detail: { type: 'versions', versions: accepted },
  });
  for (const s of scan.suites) {
    if (s.version === Version.SSL2) continue;
    add(map, {
      key: `cipher.suites.${versionName(s.version)}`,
      area: 'cipher',
      family: 'scan',
      title: `${versionName(s.version)} cipher suites${s.serverOrder ? ' (server order)' : ''}`,
      display: list(s.suites.map(cipherSuiteName)),
      matters: true,
      from,
      detail: { type: 'suites', version: s.version, suites: s.suites },
    });
  }
  add(map, {
    key: 'cipher.server-order',
    area: 'cipher',
    family: 'scan',
    title: 'Server picks the suite by its own order',
    display: list(
      scan.suites
        .filter((s) => s.serverOrder !== null)
        .map((s) => `${versionName(s.version)}: ${s.serverOrder ? 'yes' : 'no'}`),
      'n/a',
    ),
    matters: false,
    from,
  });
  add(map, {
    key: 'groups.tls13',
    area: 'cipher',
    family: 'scan',
    title: 'TLS 1.3 groups',
    display: list(scan.groups.tls13.map(groupName)),
    matters: true,
    from,
  });
  add(map, {
    key: 'groups.tls12',
    area: 'cipher',
    family: 'scan',
    title: 'TLS 1.2 groups',
    display: list(scan.groups.tls12.map(groupName)),
    matters: true,
    from,
  });
  const f = scan.features;
  const yn = (b: boolean | null): string => (b === null ? 'n/a' : b ? 'yes' : 'no');
  const feature = (key: string, title: string, v: boolean | null): void =>
    add(map, { key, area: 'features', family: 'handshake', title, display: yn(v), matters: false, from });
  feature('features.renegotiation', 'Secure renegotiation (RFC 5746)', f.secureRenegotiation);
  feature('features.ems', 'Extended master secret (RFC 7627)', f.extendedMasterSecret);
  feature('features.tickets', 'Session tickets (RFC 5077)', f.sessionTicket);
  feature('features.ocsp', 'OCSP stapling (RFC 6066)', f.ocspStapling);
  add(map, {
    key: 'features.alpn',
    area: 'features',
    family: 'handshake',
    title: 'ALPN protocols',
    display: list(f.alpn),
    matters: false,
    from,
  });
  if (scan.sni)
    add(map, {
      key: 'sni.none',
      area: 'sni',
      family: 'handshake',
      title: 'Handshake without SNI',
      display: scan.sni.withoutSni,
      compare: scan.sni.sameOutcome ? 'same as with SNI' : 'differs from with SNI',
      matters: true,
      from,
    });
}

function handshakeFacets(map: FacetMap, set: ObservationSet): void {
  const hellos = set.of<HelloObservation>('probe.hello');
  if (hellos.length === 0) return;
  const from = hellos[0]!.from;
  // what answers on the port: TLS, or what else
  const answering = hellos.find((h) => ok(h.outcome));
  const counts = new Map<string, number>();
  for (const h of hellos) counts.set(h.outcome.status, (counts.get(h.outcome.status) ?? 0) + 1);
  const commonest = [...counts].sort((x, y) => y[1] - x[1])[0]?.[0];
  const other = hellos.find((h) => h.outcome.status === commonest);
  add(map, {
    key: 'reachability.answer',
    area: 'reachability',
    family: 'handshake',
    title: 'What answers a ClientHello',
    display: answering ? 'a TLS server (ServerHello)' : other ? describeOutcome(other.outcome) : 'nothing',
    compare: answering ? 'tls' : (commonest ?? 'nothing'),
    matters: true,
    from: (answering ?? other ?? hellos[0]!).from,
  });

  // each version alone
  const probed = hellos.filter((h) => h.purpose === 'version' && (h.varies?.suiteBundle ?? 0) === 0);
  if (probed.length) {
    const accepted = new Set<number>();
    for (const h of probed) {
      const v = negotiatedVersion(h.outcome);
      if (ok(h.outcome) && v !== undefined && v === (h.varies?.version ?? h.offer.maxVersion))
        accepted.add(v);
    }
    const versions = [...accepted].sort((x, y) => x - y);
    add(map, {
      key: 'protocol.versions',
      area: 'protocol',
      family: 'protocols',
      title: 'Protocol versions accepted',
      display: list(versions.map(versionName)),
      matters: true,
      from,
      detail: { type: 'versions', versions },
    });
    for (const h of probed) {
      const v = negotiatedVersion(h.outcome);
      if (!ok(h.outcome) || v === undefined || !h.outcome.serverHello) continue;
      add(map, {
        key: `cipher.chosen.${versionName(v)}`,
        area: 'cipher',
        family: 'handshake',
        title: `Suite chosen for a ${versionName(v)} hello`,
        display: cipherSuiteName(h.outcome.serverHello.cipherSuite),
        matters: false,
        from: h.from,
      });
    }
  }

  // the SNI variants, each compared with the hello that carries the site's name: a server that
  // fails every hello fails these too, and that is not an SNI difference
  const sniProbes = hellos.filter((x) => x.purpose === 'sni' && x.varies?.sni);
  const withName = sniProbes.find((x) => x.varies!.sni === 'name');
  for (const h of sniProbes) {
    const variant = h.varies!.sni!;
    const good = ok(h.outcome);
    const relative =
      variant === 'name' || !withName
        ? good
          ? 'answers'
          : h.outcome.status
        : good === ok(withName.outcome)
          ? 'as with the name'
          : good
            ? 'answers, unlike with the name'
            : `${h.outcome.status}, unlike with the name`;
    add(map, {
      key: `sni.${variant}`,
      area: 'sni',
      family: 'handshake',
      title:
        variant === 'name'
          ? 'Handshake with the site name as SNI'
          : variant === 'none'
            ? 'Handshake without SNI'
            : 'Handshake with another name as SNI',
      display: describeOutcome(h.outcome),
      compare: relative,
      // with the name: a modern client's hello, which the client matrix already compares
      matters: variant !== 'name',
      from: h.from,
      detail: { type: 'sni', variant, ok: good },
    });
  }

  // the client matrix
  const byId = new Map(CLIENT_PROFILES.map((p) => [p.id, p]));
  for (const h of hellos.filter((x) => x.purpose === 'profile')) {
    const id = h.profileId ?? h.varies?.profile ?? h.id;
    const p = byId.get(id);
    const v = negotiatedVersion(h.outcome);
    const good = ok(h.outcome) && (!p || (v !== undefined && p.acceptsVersions.includes(v)));
    add(map, {
      key: `client.${id}`,
      area: 'clients',
      family: 'handshake',
      title: p?.name ?? id,
      display: `${good ? 'works' : 'fails'}: ${describeOutcome(h.outcome)}`,
      compare: good ? 'works' : 'fails',
      matters: true,
      from: h.from,
      detail: {
        type: 'client',
        profile: id,
        ok: good,
        offered: h.offer.versions,
        ...(v !== undefined ? { negotiated: v } : {}),
        outcome: describeOutcome(h.outcome),
      },
    });
  }

  // features a TLS 1.2 hello shows
  const t12 = hellos.find((h) => ok(h.outcome) && h.outcome.serverHello?.version === Version.TLS12);
  if (t12?.outcome.serverHello) {
    const sh = t12.outcome.serverHello;
    const feature = (key: string, title: string, v: boolean): void =>
      add(map, {
        key,
        area: 'features',
        family: 'handshake',
        title,
        display: v ? 'yes' : 'no',
        matters: false,
        from: t12.from,
      });
    feature('features.renegotiation', 'Secure renegotiation (RFC 5746)', sh.renegotiationInfo);
    feature('features.ems', 'Extended master secret (RFC 7627)', sh.extendedMasterSecret);
  }
  const full = set.of<FullHandshakeObservation>('probe.full-handshake')[0];
  if (full) {
    const r = full.result;
    add(map, {
      key: 'handshake.full',
      area: 'certificate',
      family: 'handshake',
      title: 'Full handshake with certificate checks (Node/OpenSSL)',
      display: r.ok
        ? `completes: ${r.protocol ?? ''} ${r.cipher?.standardName ?? ''}`.trim()
        : `fails: ${r.error ?? 'unknown'}`,
      compare: r.ok ? 'completes' : `fails: ${r.errorCode ?? r.error ?? ''}`,
      matters: true,
      from: full.from,
    });
    if (r.ok) {
      add(map, {
        key: 'features.ocsp',
        area: 'features',
        family: 'handshake',
        title: 'OCSP stapling (RFC 6066)',
        display: r.ocspStapled ? 'yes' : 'no',
        matters: false,
        from: full.from,
      });
      add(map, {
        key: 'features.alpn',
        area: 'features',
        family: 'handshake',
        title: 'ALPN protocol chosen',
        display: r.alpn ?? 'none',
        matters: false,
        from: full.from,
      });
    }
  }
}

const EKU_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

function certificateFacets(map: FacetMap, set: ObservationSet): void {
  const served = set.of<CertificateObservation>('x509.certificate').filter((c) => c.served);
  const leaf = served.find((c) => c.index === 0) ?? served.find((c) => c.leaf);
  if (leaf) {
    const cert = (key: string, title: string, display: string, matters: boolean, compare?: string): void =>
      add(map, {
        key,
        area: 'certificate',
        family: 'certificate',
        title,
        display,
        ...(compare !== undefined ? { compare } : {}),
        matters,
        from: leaf.from,
      });
    const checked = Date.parse(leaf.checkedAt);
    const validity =
      checked > Date.parse(leaf.notAfter)
        ? 'expired'
        : checked < Date.parse(leaf.notBefore)
          ? 'not yet valid'
          : 'valid';
    cert(
      'cert.validity',
      'Leaf certificate validity',
      `${validity} (until ${leaf.notAfter})`,
      true,
      validity,
    );
    cert('cert.subject', 'Leaf subject', leaf.subject || '(empty)', false);
    cert('cert.issuer', 'Leaf issuer', leaf.issuer, true);
    cert(
      'cert.eku',
      'Leaf extended key usage',
      leaf.eku === null ? '(no EKU: any purpose)' : list(leaf.eku.map((o) => EKU_NAMES[o] ?? o)),
      true,
      leaf.eku === null || leaf.eku.includes('1.3.6.1.5.5.7.3.1') || leaf.eku.includes('2.5.29.37.0')
        ? 'server-auth'
        : `no server-auth: ${list(leaf.eku)}`,
    );
    cert(
      'cert.key',
      'Leaf key',
      `${leaf.keyType}${leaf.keyBits ? ` ${leaf.keyBits} bits` : ''}${leaf.curve ? ` ${leaf.curve}` : ''}`,
      true,
    );
    cert('cert.signature', 'Leaf signature algorithm', leaf.signatureAlgorithm.name, true);
    cert(
      'cert.san',
      'Leaf subject alternative names',
      leaf.san ? list([...leaf.san.dns, ...leaf.san.ip.map((i) => `IP:${i}`)], '(empty)') : '(no SAN)',
      false,
    );
    cert('cert.not-after', 'Leaf expiry', leaf.notAfter, false);
    cert('cert.serial', 'Leaf serial number', leaf.serialNumber, false);
    cert('cert.thumbprint', 'Leaf SHA-1 thumbprint', leaf.thumbprintSha1, false);
    const subjects = served.sort((x, y) => x.index - y.index).map((c) => c.subject || '(empty)');
    add(map, {
      key: 'chain.sent',
      area: 'chain',
      family: 'certificate',
      title: 'Certificates the server sends',
      display: `${served.length}: ${subjects.join(' ← ')}`,
      compare: `${served.length}: ${subjects.slice(1).join(' ← ')}`,
      matters: true,
      from: leaf.from,
      detail: { type: 'chain', subjects },
    });
  }
  const chain = set.of<ChainObservation>('x509.chain').find((c) => c.served);
  if (chain) {
    const root = chain.path[chain.path.length - 1];
    add(map, {
      key: 'chain.trust',
      area: 'chain',
      family: 'certificate',
      title: 'Chain as built',
      display: chain.trusted
        ? `trusted (${chain.path.length} certificates, root ${chain.anchor?.subject ?? root?.subject ?? '?'})`
        : `not trusted: ${chain.end}${chain.missingIssuer ? ` (issuer ${chain.missingIssuer.name} not sent)` : ''}`,
      compare: chain.trusted ? 'trusted' : chain.end,
      matters: true,
      from: chain.from,
    });
    add(map, {
      key: 'chain.root',
      area: 'chain',
      family: 'certificate',
      title: 'Root of the built chain',
      display: root ? `${root.subject} (${root.thumbprintSha1})` : '(none)',
      matters: false,
      from: chain.from,
    });
  }
}

function windowsFacets(map: FacetMap, set: ObservationSet): void {
  const w = (f: Omit<Facet, 'compare' | 'family'> & { compare?: string }): void =>
    add(map, { ...f, family: 'windows' });
  const os = set.of<WindowsOsObservation>('windows.os')[0];
  if (os)
    w({
      key: 'windows.os',
      area: 'windows',
      title: 'Windows version',
      display: os.name ?? os.version ?? os.family ?? 'unknown',
      matters: false,
      from: os.from,
    });

  const protocols = set.of<SchannelProtocolObservation>('windows.schannel-protocol');
  for (const p of protocols) {
    w({
      key: `windows.schannel.${p.protocol}.${p.side}`,
      area: 'windows',
      title: `SCHANNEL ${p.protocol} ${p.side}`,
      display: `${p.effective} (${p.reason})`,
      compare: p.effective,
      matters: p.side === 'server',
      from: p.from,
      detail: { type: 'schannel', protocol: p.protocol, side: p.side, effective: p.effective },
    });
  }
  const serverOn = SCHANNEL_PROTOCOLS.filter(([name]) =>
    protocols.some((p) => p.side === 'server' && p.protocol === name && p.effective === 'enabled'),
  );
  if (protocols.some((p) => p.side === 'server'))
    add(map, {
      key: 'protocol.versions',
      area: 'protocol',
      family: 'protocols',
      title: 'Protocol versions accepted',
      display: `${list(serverOn.map(([name]) => name))} (SCHANNEL server, effective)`,
      compare: list(serverOn.map(([, v]) => versionName(v))),
      matters: true,
      from: protocols.find((p) => p.side === 'server')!.from,
      detail: { type: 'versions', versions: serverOn.map(([, v]) => v) },
    });

  for (const a of set.of<SchannelAlgorithmObservation>('windows.schannel-algorithm'))
    w({
      key: `windows.schannel-algorithm.${a.category}.${a.name}`,
      area: 'windows',
      title: `SCHANNEL ${a.category} ${a.name}`,
      display:
        a.enabledValue === null
          ? '(no Enabled value)'
          : a.enabledValue === 0
            ? 'Enabled=0 (off)'
            : `Enabled=0x${a.enabledValue.toString(16)} (on)`,
      compare: a.enabledValue === null ? 'default' : a.enabledValue === 0 ? 'off' : 'on',
      matters: true,
      from: a.from,
      detail: { type: 'algorithm', category: a.category, name: a.name, enabledValue: a.enabledValue },
    });

  // the cipher-suite order in force: the policy list wins over the local one (Microsoft Learn,
  // "Prioritizing Schannel cipher suites")
  const orders = set.of<CipherSuiteOrderObservation>('windows.cipher-suite-order');
  const inForce =
    orders.find((o) => o.source === 'policy') ??
    orders.find((o) => o.source === 'get-tlsciphersuite') ??
    orders.find((o) => o.source === 'local');
  if (inForce)
    w({
      key: 'windows.cipher-order',
      area: 'windows',
      title: 'Cipher-suite order in force',
      display: `${inForce.source === 'policy' ? 'policy (SSL\\00010002 Functions)' : inForce.source}: ${list(inForce.suites)}`,
      compare: inForce.suites.map((s) => s.toUpperCase()).join(','),
      matters: true,
      from: inForce.from,
      detail: { type: 'cipher-order', source: inForce.source, suites: inForce.suites },
    });

  const store = set.of<CertStoreEntryObservation>('windows.cert-store-entry');
  for (const b of set.of<SslCertBindingObservation>('windows.sslcert-binding')) {
    const base = `windows.sslcert.${b.endpoint.toLowerCase()}`;
    const at = (label: string): SourceRef =>
      b.fieldLines[label] !== undefined ? { ...b.from, line: b.fieldLines[label] } : b.from;
    const detail: FacetDetail = {
      type: 'sslcert',
      keyType: b.keyType,
      endpoint: b.endpoint,
      ...(b.certHash !== undefined ? { certHash: b.certHash } : {}),
      ...(b.appId !== undefined ? { appId: b.appId } : {}),
      ...(b.certStoreName !== undefined ? { store: b.certStoreName } : {}),
      flags: b.flags,
    };
    w({
      key: base,
      area: 'windows',
      title: `HTTP.sys binding ${b.endpoint}`,
      display: 'present',
      matters: true,
      from: b.from,
      detail,
    });
    w({
      key: `${base}.appid`,
      detail,
      area: 'windows',
      title: `HTTP.sys binding ${b.endpoint}: Application ID`,
      display: b.appId ?? '(none)',
      matters: true,
      from: at('Application ID'),
    });
    w({
      key: `${base}.store`,
      detail,
      area: 'windows',
      title: `HTTP.sys binding ${b.endpoint}: certificate store`,
      display: b.certStoreName ?? '(none)',
      compare: (b.certStoreName ?? '').toLowerCase().replace('(null)', 'my'),
      matters: true,
      from: at('Certificate Store Name'),
    });
    const flags = Object.entries(b.flags)
      .filter(([, v]) => v === true)
      .map(([k]) => k)
      .sort();
    w({
      key: `${base}.flags`,
      detail,
      area: 'windows',
      title: `HTTP.sys binding ${b.endpoint}: switches set`,
      display: list(flags),
      matters: true,
      from: b.from,
    });
    w({
      key: `${base}.hash`,
      detail,
      area: 'windows',
      title: `HTTP.sys binding ${b.endpoint}: certificate hash`,
      display: b.certHash || '(empty)',
      matters: false,
      from: at('Certificate Hash'),
    });
    if (store.length) {
      const entry = store.find((e) => e.thumbprint && b.certHash && e.thumbprint === b.certHash);
      w({
        key: `${base}.cert`,
        detail,
        area: 'windows',
        title: `HTTP.sys binding ${b.endpoint}: bound certificate`,
        display: !entry
          ? 'not in the certificate store read'
          : `in ${entry.store}${entry.hasPrivateKey ? ' with its private key' : ' WITHOUT a usable private key'} (${entry.subject ?? '?'})`,
        compare: !entry ? 'missing' : entry.hasPrivateKey ? 'with key' : 'no key',
        matters: true,
        from: at('Certificate Hash'),
      });
    }
  }

  const iplisten = set.of<IpListenObservation>('windows.iplisten')[0];
  if (iplisten)
    w({
      key: 'windows.iplisten',
      area: 'windows',
      title: 'HTTP.sys IP listen list',
      display: iplisten.addresses.length ? list(iplisten.addresses) : '(empty: every address)',
      compare: [...iplisten.addresses].sort().join(','),
      matters: true,
      from: iplisten.from,
      detail: { type: 'iplisten', addresses: iplisten.addresses },
    });

  // who owns the HTTPS ports: 443 and the port of every binding
  const owners = set.of<PortOwnerObservation>('windows.port-owner');
  const processes = set.of<ProcessObservation>('windows.process');
  if (owners.length) {
    const ports = new Set<number>([443]);
    for (const b of set.of<SslCertBindingObservation>('windows.sslcert-binding'))
      if (b.port !== undefined) ports.add(b.port);
    for (const b of set.of<IisBindingObservation>('windows.iis-binding'))
      if (b.protocol === 'https') ports.add(b.port);
    for (const port of [...ports].sort((x, y) => x - y)) {
      const listening = owners.filter(
        (o) => o.protocol === 'TCP' && o.localPort === port && o.state === 'LISTENING',
      );
      const owner = listening.find((o) => o.pid !== 4) ?? listening[0];
      const image = owner?.image ?? processes.find((p) => p.pid === owner?.pid)?.image;
      const who = !owner
        ? 'nothing listening'
        : owner.pid === 4
          ? 'System (PID 4: HTTP.sys)'
          : `${image ?? 'a process'} (PID ${owner.pid})`;
      w({
        key: `windows.port-owner.${port}`,
        area: 'windows',
        title: `Who listens on TCP ${port}`,
        display: who,
        compare: !owner ? 'none' : owner.pid === 4 ? 'http.sys' : (image ?? 'other').toLowerCase(),
        matters: true,
        ...(owner ? { from: owner.from } : {}),
        detail: {
          type: 'port-owner',
          port,
          ...(owner ? { pid: owner.pid } : {}),
          ...(image ? { image } : {}),
        },
      });
    }
  }

  for (const b of set.of<IisBindingObservation>('windows.iis-binding').filter((x) => x.protocol === 'https'))
    w({
      key: `windows.iis.${b.site}.${b.bindingInformation}`,
      area: 'windows',
      title: `IIS site '${b.site}' https binding ${b.bindingInformation}`,
      display: `sslFlags=${b.sslFlags}${b.sni ? ' (SNI)' : ''}${b.centralCertStore ? ' (CCS)' : ''}`,
      matters: true,
      from: b.from,
    });

  const events = set.of<EventObservation>('windows.event');
  if (set.has('windows.event') || set.has('windows.input')) {
    const inputs = set.all.filter(
      (o) =>
        o.kind === 'windows.input' && (o as unknown as { inputKind: string }).inputKind.includes('event'),
    );
    if (events.length || inputs.length) {
      const counts = new Map<string, number>();
      for (const e of events) {
        const name = `${e.provider.replace(/^Microsoft-Windows-/, '')} ${e.eventId}`;
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
      const names = [...counts.keys()].sort();
      w({
        key: 'windows.events',
        area: 'windows',
        title: 'SChannel and HTTP.sys events',
        display: list(
          names.map((n) => `${n} ×${counts.get(n)}`),
          'none',
        ),
        compare: names.join(','),
        matters: false,
        ...(events[0] ? { from: events[0].from } : {}),
      });
    }
  }
}
