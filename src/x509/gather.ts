// The x509 gatherer: files or a served chain → observations (certificates, keys, sources, chains,
// the policy in force). Reading files and trust stores is its only I/O; rules judge.
import { X509Certificate } from 'node:crypto';
import type { ObservationBase, SourceRef } from '../model/observation.js';
import { TlsDoctorError, oneLine } from '../errors.js';
import { loadBuffer, loadFile, type LoadedFile } from './load.js';
import { certFacts, privateKeyFacts, publicKeyOf, rawNameOf } from './inspect.js';
import {
  bestPath,
  buildPaths,
  chainElement,
  loadTrustStores,
  providedNode,
  type ChainNode,
} from './chain.js';
import { fetchAiaCertificates, type AiaFetchOptions } from './aia.js';
import type {
  CertificateObservation,
  ChainObservation,
  KeyObservation,
  LoadErrorObservation,
  PolicyObservation,
  SourceObservation,
} from '../model/observations/x509.js';
import policy from './policy.json' with { type: 'json' };

export interface CommonOptions {
  host?: string;
  caFiles?: string[];
  now?: Date;
  /** default true (not on Windows, where the machine stores are read by the windows gatherer) */
  useSystemStore?: boolean;
  /** Node's bundled Mozilla roots; default true */
  useMozillaStore?: boolean;
  warnDays?: number;
  /** download a missing issuer from the AIA caIssuers URL (http/https) to name it and see whether the chain then completes */
  fetchAia?: boolean;
  /** with fetchAia: also fetch from private, loopback and link-local addresses */
  fetchAiaPrivate?: boolean;
  fetchTimeoutMs?: number;
}

export interface FileOptions extends CommonOptions {
  /** never logged or reported */
  password?: string;
  keyFiles?: string[];
  /** record unreadable files as x509.load-error observations instead of throwing */
  continueOnError?: boolean;
  /** contents already read (stdin), by the name given in `paths`; never written to disk */
  contents?: ReadonlyMap<string, Buffer>;
}

export function policyObservation(now: Date, warnDays?: number): PolicyObservation {
  return {
    kind: 'x509.policy',
    from: { source: 'input', origin: 'src/x509/policy.json', time: now.toISOString() },
    minRsaBits: policy.minRsaBits,
    allowedCurves: policy.allowedCurves,
    weakSignatureHashes: policy.weakSignatureHashes,
    maxLifetimeDays: policy.maxLifetimeDays,
    lifetimeRuleFrom: policy.lifetimeRuleFrom,
    warnDays: warnDays ?? policy.warnDays,
    clockSkewHintHours: policy.clockSkewHintHours,
  };
}

interface Input {
  der: Buffer;
  cert: X509Certificate;
  from: SourceRef;
  index: number;
  /** which source (file, or the served chain) */
  sourceId: string;
}

/** The chain a live server sent, leaf first (as in its Certificate message). */
export async function observeServedChain(
  ders: Buffer[],
  opts: {
    origin: SourceRef;
    host?: string;
    caFiles?: string[];
    now?: Date;
    useSystemStore?: boolean;
    useMozillaStore?: boolean;
    warnDays?: number;
    fetchAia?: boolean;
    fetchAiaPrivate?: boolean;
    fetchTimeoutMs?: number;
  },
): Promise<ObservationBase[]> {
  const now = opts.now ?? new Date();
  const inputs: Input[] = [];
  const out: ObservationBase[] = [policyObservation(now, opts.warnDays)];
  // a certificate sent more than once is one certificate (counted): a hostile list of copies must
  // not become a finding per copy
  const seen = new Map<string, number>();
  const warnings: string[] = [];
  ders.forEach((der, index) => {
    const key = der.toString('base64');
    const copies = seen.get(key);
    if (copies !== undefined) {
      seen.set(key, copies + 1);
      return;
    }
    seen.set(key, 1);
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(der);
      certFacts(der, cert);
    } catch (e) {
      const err: LoadErrorObservation = {
        kind: 'x509.load-error',
        from: opts.origin,
        status: 'failed',
        code: 'INPUT_FORMAT',
        error: `certificate ${index} sent by ${opts.origin.origin} cannot be parsed: ${oneLine(e)}`,
      };
      out.push(err);
      return;
    }
    inputs.push({ der, cert, from: { ...opts.origin }, index, sourceId: opts.origin.origin });
  });
  const source: SourceObservation = {
    kind: 'x509.source',
    from: opts.origin,
    format: 'served',
    certificates: inputs.length,
    keys: 0,
    certificateThumbprints: inputs.map((i) => thumb(i.cert)),
    warnings,
  };
  for (const i of inputs) {
    const n = seen.get(i.der.toString('base64')) ?? 1;
    if (n > 1) warnings.push(`${opts.origin.origin} sent certificate ${thumb(i.cert)} ${n} times`);
  }
  out.push(source);
  if (inputs.length === 0) return out;
  const leafThumbs = new Set([thumb(inputs[0]!.cert)]);
  out.push(...inputs.map((i) => certificateObservation(i, true, leafThumbs.has(thumb(i.cert)), now)));
  out.push(...(await chainObservations(inputs, leafThumbs, true, 'served', opts, now)));
  return out;
}

/** Certificate, key, PFX and P7B files (content-detected). Throws TlsDoctorError for an unreadable file unless continueOnError. */
export async function observeFiles(paths: string[], opts: FileOptions = {}): Promise<ObservationBase[]> {
  const now = opts.now ?? new Date();
  const out: ObservationBase[] = [policyObservation(now, opts.warnDays)];
  const loaded: LoadedFile[] = [];
  const all = [
    ...paths.map((p) => ({ p, isKey: false })),
    ...(opts.keyFiles ?? []).map((p) => ({ p, isKey: true })),
  ];
  for (const { p } of all) {
    try {
      const lo = opts.password !== undefined ? { password: opts.password } : {};
      const given = opts.contents?.get(p);
      loaded.push(given ? loadBuffer(given, p, lo) : await loadFile(p, lo));
    } catch (e) {
      if (!opts.continueOnError || !(e instanceof TlsDoctorError)) throw e;
      const err: LoadErrorObservation = {
        kind: 'x509.load-error',
        from: { source: 'file', origin: p },
        status: 'failed',
        code: e.code,
        error: oneLine(e),
      };
      out.push(err);
    }
  }
  const inputs: Input[] = [];
  const seen = new Set<string>();
  for (const f of loaded) {
    const src: SourceObservation = {
      kind: 'x509.source',
      from: { source: 'file', origin: f.file },
      format: f.format,
      certificates: f.certificates.length,
      keys: f.keys.length,
      certificateThumbprints: f.certificates.map((c) => thumb(c.cert)),
      ...(f.pfx ? { pfx: f.pfx } : {}),
      warnings: f.warnings,
    };
    out.push(src);
    for (const c of f.certificates) {
      const t = thumb(c.cert);
      if (seen.has(t)) continue; // the same certificate in two files is one certificate
      seen.add(t);
      inputs.push({
        der: c.der,
        cert: c.cert,
        from: { source: 'file', origin: f.file, ...(c.line !== undefined ? { line: c.line } : {}) },
        index: c.index,
        sourceId: f.file,
      });
    }
  }
  // keys: which certificate each one belongs to, by public key
  const certSpki = inputs.map((i) => ({ t: thumb(i.cert), spki: certFacts(i.der, i.cert).spkiSha256 }));
  const keyObs: KeyObservation[] = [];
  for (const f of loaded) {
    for (const k of f.keys) {
      const facts = privateKeyFacts(k.key);
      keyObs.push({
        kind: 'x509.key',
        from: { source: 'file', origin: f.file, ...(k.line !== undefined ? { line: k.line } : {}) },
        index: k.index,
        format: k.format,
        keyType: facts.keyType,
        ...(facts.keyBits !== undefined ? { keyBits: facts.keyBits } : {}),
        ...(facts.curve ? { curve: facts.curve } : {}),
        spkiSha256: facts.spkiSha256,
        matches: certSpki.filter((c) => c.spki === facts.spkiSha256).map((c) => c.t),
      });
    }
  }
  // leaves: the certificates a key belongs to; else, per file, the first certificate that is not
  // a CA (a bundle's extra leaf is an extra, not a second server); else none
  // (a CA file alone: its chain is still built, to say whether it is trusted)
  const matched = new Set(keyObs.flatMap((k) => k.matches));
  let leafThumbs = new Set(inputs.filter((i) => matched.has(thumb(i.cert))).map((i) => thumb(i.cert)));
  if (leafThumbs.size === 0) {
    leafThumbs = new Set();
    for (const id of new Set(inputs.map((i) => i.sourceId))) {
      const inFile = inputs.filter((i) => i.sourceId === id);
      const first = inFile.find((i) => certFacts(i.der, i.cert).basicConstraints?.ca !== true);
      if (first) leafThumbs.add(thumb(first.cert));
      else if (inFile.length === 1) {
        // `openssl req -x509` marks self-signed server certificates CA:TRUE; a SAN or serverAuth says what it is for
        const f = certFacts(inFile[0]!.der, inFile[0]!.cert);
        if (f.selfSigned && (f.san !== null || f.eku?.includes('1.3.6.1.5.5.7.3.1')))
          leafThumbs.add(f.thumbprintSha1);
      }
    }
  }
  out.push(...inputs.map((i) => certificateObservation(i, false, leafThumbs.has(thumb(i.cert)), now)));
  out.push(...keyObs);
  if (inputs.length > 0) {
    const sources = new Set(inputs.map((i) => i.sourceId));
    const chainStarts = leafThumbs.size > 0 ? leafThumbs : new Set([thumb(inputs[0]!.cert)]);
    out.push(
      ...(await chainObservations(
        inputs,
        chainStarts,
        false,
        sources.size === 1 ? 'file' : 'files',
        opts,
        now,
      )),
    );
  }
  return out;
}

function thumb(c: X509Certificate): string {
  return c.fingerprint.replace(/:/g, '').toUpperCase();
}

function certificateObservation(i: Input, served: boolean, leaf: boolean, now: Date): CertificateObservation {
  const f = certFacts(i.der, i.cert);
  const { malformed, ...facts } = f;
  return {
    kind: 'x509.certificate',
    from: i.from,
    served,
    index: i.index,
    leaf,
    checkedAt: now.toISOString(),
    ...facts,
    ...(malformed.length > 0 ? { malformed } : {}),
  };
}

async function chainObservations(
  inputs: Input[],
  starts: Set<string>,
  served: boolean,
  orderSource: ChainObservation['orderSource'],
  opts: CommonOptions & { password?: string },
  _now: Date,
): Promise<ChainObservation[]> {
  const stores = await loadTrustStores({
    ...(opts.caFiles ? { caFiles: opts.caFiles } : {}),
    ...(opts.useSystemStore !== undefined ? { useSystemStore: opts.useSystemStore } : {}),
    ...(opts.useMozillaStore !== undefined ? { useMozilla: opts.useMozillaStore } : {}),
  });
  const provided: ChainNode[] = inputs.map((i) => providedNode(i.der, i.cert));
  const providedOrder = provided.map((p) => p.thumb);
  const results: ChainObservation[] = [];
  const onPath = new Set<string>();
  for (const t of starts) {
    const leafNode = provided.find((p) => p.thumb === t)!;
    const built = buildPaths(leafNode, provided, stores.anchors);
    const best = bestPath(built.paths)!;
    for (const p of built.paths) for (const n of p.nodes) onPath.add(n.thumb);
    const path = best.nodes.map(chainElement);
    const last = best.nodes[best.nodes.length - 1]!;
    const lastFacts = path[path.length - 1]!;
    if (best.end === 'anchor' && last.source === 'provided') {
      // a provided certificate that is itself a trust anchor: say which store holds it
      const spki = (n: ChainNode): string => {
        try {
          return publicKeyOf(n.cert)?.export({ type: 'spki', format: 'der' }).toString('base64') ?? '';
        } catch {
          return '';
        }
      };
      const a =
        stores.anchors.find((x) => x.thumb === last.thumb) ??
        stores.anchors.find(
          (x) =>
            rawNameOf(x.cert, 'subject') === rawNameOf(last.cert, 'subject') &&
            spki(last) !== '' &&
            spki(x) === spki(last),
        );
      if (a?.store) lastFacts.store = a.store;
      if (a?.storeFile) lastFacts.storeFile = a.storeFile;
    }
    const leafInput = inputs.find((i) => thumb(i.cert) === t)!;
    const obs: ChainObservation = {
      kind: 'x509.chain',
      from: leafInput.from,
      served,
      leafThumbprint: t,
      ...(opts.host ? { host: opts.host } : {}),
      stores: stores.stores,
      path,
      trusted: best.end === 'anchor',
      ...(best.end === 'anchor' ? { anchor: lastFacts } : {}),
      end: best.end,
      ...(best.end === 'issuer-missing'
        ? {
            missingIssuer: {
              name: lastFacts.issuer,
              ...(authorityKeyId(last) ? { authorityKeyId: authorityKeyId(last)! } : {}),
              aiaCaIssuers: lastFacts.aiaCaIssuers,
            },
          }
        : {}),
      providedOrder,
      orderSource,
      unused: [],
      alternatives: built.paths
        .filter((p) => p !== best && p.end === 'anchor')
        .map((p) => p.nodes.map((n) => n.thumb)),
      signatureFailures: built.signatureFailures,
    };
    if (best.end === 'issuer-missing' && opts.fetchAia)
      obs.aia = await completeViaAia(best.nodes, provided, stores.anchors, {
        timeoutMs: opts.fetchTimeoutMs ?? 5000,
        allowPrivate: opts.fetchAiaPrivate === true,
      });
    results.push(obs);
  }
  const unused = providedOrder.filter((t) => !onPath.has(t));
  for (const r of results) r.unused = unused;
  if (stores.warnings.length > 0) for (const r of results) r.error = stores.warnings.join('; ');
  return results;
}

function authorityKeyId(n: ChainNode): string | undefined {
  return certFacts(n.der, n.cert).authorityKeyId;
}

/** Follow caIssuers URLs from the end of an incomplete path (at most 4 downloads), then rebuild it. */
async function completeViaAia(
  path: ChainNode[],
  provided: ChainNode[],
  anchors: ChainNode[],
  fetchOptions: AiaFetchOptions,
): Promise<NonNullable<ChainObservation['aia']>> {
  const fetched: NonNullable<ChainObservation['aia']>['fetched'] = [];
  const extra: ChainNode[] = [];
  let cur = path[path.length - 1]!;
  let best = { nodes: path, end: 'issuer-missing' as ChainObservation['end'] };
  for (let hop = 0; hop < 4 && best.end === 'issuer-missing'; hop++) {
    const urls = certFacts(cur.der, cur.cert).aia.caIssuers;
    if (urls.length === 0) break;
    let got = false;
    for (const url of urls) {
      try {
        const got0 = await fetchAiaCertificates(url, fetchOptions);
        const certs = got0.certificates;
        for (const c of certs) {
          const node = providedNode(c.der, c.cert);
          if (!extra.some((e) => e.thumb === node.thumb)) extra.push(node);
          fetched.push({
            url,
            status: 'ok',
            subject: certFacts(c.der, c.cert).subject,
            thumbprintSha1: node.thumb,
            address: got0.address,
            ...(got0.fetchedFrom !== url ? { fetchedFrom: got0.fetchedFrom } : {}),
          });
        }
        got = certs.length > 0;
        if (got) break;
      } catch (e) {
        fetched.push({ url, status: 'failed', error: oneLine(e) });
      }
    }
    if (!got) break;
    const rebuilt = bestPath(buildPaths(path[0]!, [...provided, ...extra], anchors).paths)!;
    best = rebuilt;
    const last = rebuilt.nodes[rebuilt.nodes.length - 1]!;
    if (last.thumb === cur.thumb) break; // the download did not extend the path
    cur = last;
  }
  const aiaThumbs = new Set(extra.map((e) => e.thumb));
  const elements = best.nodes.map((n) => {
    const el = chainElement(n);
    if (n.source === 'provided' && aiaThumbs.has(n.thumb) && !provided.some((p) => p.thumb === n.thumb))
      el.source = 'aia';
    return el;
  });
  return { fetched, path: elements, trusted: best.end === 'anchor', end: best.end };
}
