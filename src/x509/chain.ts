// Trust stores and path building: every path from a leaf through the provided certificates (any
// order, with extras) to an anchor. Links are matched by name and confirmed by verifying the
// signature with node:crypto (X509Certificate.verify), so a same-named impostor is not a link.
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { loadFile } from './load.js';
import { extensionFacts, nameOf, publicKeyOf, rawNameOf, timeOf } from './inspect.js';
import { nameKeysOf } from './name-key.js';
import type { ChainElement, TrustStoreName } from '../model/observations/x509.js';
import policy from './policy.json' with { type: 'json' };

export interface ChainNode {
  der: Buffer;
  cert: X509Certificate;
  thumb: string;
  source: 'provided' | 'store';
  store?: TrustStoreName;
  storeFile?: string;
}

export interface TrustStores {
  anchors: ChainNode[];
  stores: Array<{ name: TrustStoreName; file?: string; certificates: number }>;
  warnings: string[];
}

/** Where Linux distributions keep the system bundle (Debian/Ubuntu, RHEL/Fedora, SUSE, Alpine/macOS). */
export const SYSTEM_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

function nodeOf(
  der: Buffer,
  cert: X509Certificate,
  source: ChainNode['source'],
  store?: TrustStoreName,
  storeFile?: string,
): ChainNode {
  return {
    der,
    cert,
    thumb: cert.fingerprint.replace(/:/g, '').toUpperCase(),
    source,
    ...(store ? { store } : {}),
    ...(storeFile ? { storeFile } : {}),
  };
}

let mozillaCache: ChainNode[] | undefined;
const systemCache = new Map<string, ChainNode[]>();

/** SHA-1 of the DER, as X509Certificate.fingerprint without colons */
function sha1Thumb(der: Buffer): string {
  return createHash('sha1').update(der).digest('hex').toUpperCase();
}

/**
 * An anchor whose certificate is parsed when first used: Node's Mozilla roots always parse, and a
 * path check touches only the few whose subject is a name it looks for (parsing all ~150 cost
 * ~40 ms per run). `cert` is an own enumerable getter, so a copy of the node parses it.
 */
function lazyAnchor(
  der: Buffer,
  thumb: string,
  parse: () => X509Certificate,
  store: TrustStoreName,
  storeFile?: string,
): ChainNode {
  let cert: X509Certificate | undefined;
  const node = { der, thumb, source: 'store', store, ...(storeFile ? { storeFile } : {}) } as ChainNode;
  Object.defineProperty(node, 'cert', {
    enumerable: true,
    get: () => (cert ??= parse()),
  });
  return node;
}

function mozillaAnchors(): ChainNode[] {
  if (!mozillaCache) {
    mozillaCache = rootCertificates.map((pem) => {
      const der = Buffer.from(pem.replace(/-----[^-]+-----|\s+/g, ''), 'base64');
      return lazyAnchor(der, sha1Thumb(der), () => new X509Certificate(der), 'mozilla');
    });
  }
  return mozillaCache;
}

/**
 * The system CA bundle (a concatenation of PEM certificates). Most of it repeats Node's Mozilla
 * roots byte for byte: those share the Mozilla node's certificate (parsed when used), so only the
 * others are parsed here, and a block that does not decode anchors nothing.
 * Anything that is not a plain PEM certificate bundle goes through the general loader.
 */
async function systemBundle(file: string, known: readonly ChainNode[]): Promise<ChainNode[]> {
  const text = readFileSync(file, 'latin1');
  const blocks = [
    ...text.matchAll(/-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/g),
  ];
  if (blocks.length === 0 || /-----BEGIN (?!CERTIFICATE-----)/.test(text)) {
    const loaded = await loadFile(file);
    return loaded.certificates.map((c) => nodeOf(c.der, c.cert, 'store', 'system', file));
  }
  // a block whose base64 is a Mozilla root's is that root: no decoding, no hashing
  const byBase64 = new Map(known.map((n) => [n.der.toString('base64'), n]));
  const out: ChainNode[] = [];
  for (const b of blocks) {
    const base64 = b[1]!.replace(/\s+/g, '');
    const same = byBase64.get(base64);
    if (same) {
      out.push(lazyAnchor(same.der, same.thumb, () => same.cert, 'system', file));
      continue;
    }
    const der = Buffer.from(base64, 'base64');
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(der);
    } catch {
      continue; // a block that does not decode anchors nothing
    }
    out.push(nodeOf(der, cert, 'store', 'system', file));
  }
  return out;
}

export async function loadTrustStores(opts: {
  caFiles?: string[];
  useSystemStore?: boolean;
  useMozilla?: boolean;
  password?: string;
}): Promise<TrustStores> {
  const out: TrustStores = { anchors: [], stores: [], warnings: [] };
  if (opts.useMozilla !== false) {
    const m = mozillaAnchors();
    out.anchors.push(...m);
    out.stores.push({ name: 'mozilla', certificates: m.length });
  }
  if (opts.useSystemStore !== false && process.platform !== 'win32') {
    const file = SYSTEM_BUNDLES.find((f) => existsSync(f));
    if (file) {
      let nodes = systemCache.get(file);
      if (!nodes) {
        try {
          nodes = await systemBundle(file, opts.useMozilla !== false ? mozillaAnchors() : []);
          systemCache.set(file, nodes);
        } catch (e) {
          out.warnings.push(`system trust store ${file} could not be read: ${(e as Error).message}`);
          nodes = [];
        }
      }
      out.anchors.push(...nodes);
      out.stores.push({ name: 'system', file, certificates: nodes.length });
    }
  }
  for (const f of opts.caFiles ?? []) {
    const loaded = await loadFile(f, opts.password !== undefined ? { password: opts.password } : {});
    const nodes = loaded.certificates.map((c) => nodeOf(c.der, c.cert, 'store', 'ca-file', f));
    out.anchors.push(...nodes);
    out.stores.push({ name: 'ca-file', file: f, certificates: nodes.length });
  }
  return out;
}

export function providedNode(der: Buffer, cert: X509Certificate): ChainNode {
  return nodeOf(der, cert, 'provided');
}

export interface BuiltPath {
  nodes: ChainNode[];
  end: 'anchor' | 'self-signed' | 'issuer-missing' | 'depth-limit' | 'loop';
}

export interface BuildResult {
  paths: BuiltPath[];
  signatureFailures: Array<{ child: string; candidate: string }>;
}

// Subject + SPKI of a node, memoised: the trust stores hold ~300 anchors and exporting every public
// key on every chain check cost ~100 ms per diagnose.
const nameAndKeyCache = new WeakMap<X509Certificate, string>();
function nameAndKey(n: ChainNode): string {
  let k = nameAndKeyCache.get(n.cert);
  if (k === undefined) {
    // a key that does not load (RFC 5280 §4.1.2.7) matches no anchor: its thumbprint alone decides
    const key = publicKeyOf(n.cert);
    let spki = `undecodable:${n.thumb}`;
    try {
      if (key) spki = key.export({ type: 'spki', format: 'der' }).toString('base64');
    } catch {
      spki = `undecodable:${n.thumb}`;
    }
    k = `${rawNameOf(n.cert, 'subject')}|${spki}`;
    nameAndKeyCache.set(n.cert, k);
  }
  return k;
}

const nameKeysCache = new WeakMap<Buffer, ReturnType<typeof nameKeysOf>>();
function nameKeys(n: ChainNode): ReturnType<typeof nameKeysOf> {
  let k = nameKeysCache.get(n.der);
  if (!k) {
    k = nameKeysOf(n.der);
    nameKeysCache.set(n.der, k);
  }
  return k;
}

/**
 * The anchors indexed by their subject's DER key (src/x509/name-key.ts), so that a look-up parses
 * only the anchors that can bear the name; anchors whose subject has no key are candidates for
 * every name. Each anchor once (the system bundle repeats the Mozilla roots), in store order.
 */
class AnchorIndex {
  private readonly byKey = new Map<number, ChainNode[]>();
  private readonly keyless: ChainNode[] = [];
  readonly all: ChainNode[] = [];
  readonly thumbs = new Set<string>();

  constructor(anchors: readonly ChainNode[]) {
    for (const a of anchors) {
      if (this.thumbs.has(a.thumb)) continue;
      this.thumbs.add(a.thumb);
      this.all.push(a);
      const key = nameKeys(a).subject;
      if (key === undefined) this.keyless.push(a);
      else {
        const list = this.byKey.get(key);
        if (list) list.push(a);
        else this.byKey.set(key, [a]);
      }
    }
  }

  /** the anchors whose subject prints as `name` (`key`: that name's DER key, if it has one) */
  named(name: string, key: number | undefined): ChainNode[] {
    const pool =
      key === undefined
        ? this.all
        : this.keyless.length === 0
          ? (this.byKey.get(key) ?? [])
          : this.all.filter((a) => this.keyless.includes(a) || this.byKey.get(key)?.includes(a));
    return pool.filter((a) => rawNameOf(a.cert, 'subject') === name);
  }
}

/** All paths from `leaf` (bounded by policy.maxChainDepth / maxPaths). */
export function buildPaths(leaf: ChainNode, provided: ChainNode[], anchors: ChainNode[]): BuildResult {
  const bySubject = new Map<string, ChainNode[]>();
  const index = new AnchorIndex(anchors);
  const anchorThumbs = index.thumbs;
  // an anchor is also recognised by name + public key, so a re-encoded copy of a root counts; the
  // keys are exported only for anchors whose subject a certificate shares (exporting all ~300
  // anchors' keys cost ~100 ms per chain check)
  const sameAsAnchor = (n: ChainNode): boolean => {
    const same = index.named(rawNameOf(n.cert, 'subject'), nameKeys(n).subject);
    if (same.length === 0) return false;
    const k = nameAndKey(n);
    return same.some((a) => nameAndKey(a) === k);
  };
  const seen = new Set<string>();
  for (const n of provided) {
    if (seen.has(n.thumb)) continue;
    seen.add(n.thumb);
    // an empty subject names no issuer: a CA's subject MUST be non-empty (RFC 5280 §4.1.2.6)
    const subject = rawNameOf(n.cert, 'subject');
    if (subject === '') continue;
    const list = bySubject.get(subject);
    if (list) list.push(n);
    else bySubject.set(subject, [n]);
  }
  /** the certificates that can have issued `n`: provided ones first, then anchors */
  const issuersNamed = (n: ChainNode): ChainNode[] => {
    const issuer = rawNameOf(n.cert, 'issuer');
    if (issuer === '') return [];
    return [...(bySubject.get(issuer) ?? []), ...index.named(issuer, nameKeys(n).issuer)];
  };
  const isAnchor = (n: ChainNode) => n.source === 'store' || anchorThumbs.has(n.thumb) || sameAsAnchor(n);
  const verified = new Map<string, boolean>();
  const signatureFailures: BuildResult['signatureFailures'] = [];
  const verifies = (child: ChainNode, cand: ChainNode): boolean => {
    const k = `${child.thumb}>${cand.thumb}`;
    let v = verified.get(k);
    if (v === undefined) {
      try {
        const key = publicKeyOf(cand.cert);
        v = key ? child.cert.verify(key) : false;
      } catch {
        v = false;
      }
      verified.set(k, v);
      if (!v) signatureFailures.push({ child: child.thumb, candidate: cand.thumb });
    }
    return v;
  };
  const paths: BuiltPath[] = [];
  const walk = (path: ChainNode[]): void => {
    if (paths.length >= policy.maxPaths) return;
    const cur = path[path.length - 1]!;
    if (isAnchor(cur)) {
      paths.push({ nodes: path, end: 'anchor' });
      return;
    }
    if (path.length >= policy.maxChainDepth) {
      paths.push({ nodes: path, end: 'depth-limit' });
      return;
    }
    const candidates = issuersNamed(cur).filter((c) => c.thumb !== cur.thumb && verifies(cur, c));
    const fresh = candidates.filter((c) => !path.some((p) => p.thumb === c.thumb));
    if (fresh.length === 0) {
      const subject = rawNameOf(cur.cert, 'subject');
      const selfSigned = subject === rawNameOf(cur.cert, 'issuer') && verifies(cur, cur);
      paths.push({
        nodes: path,
        end: selfSigned ? 'self-signed' : candidates.length > 0 ? 'loop' : 'issuer-missing',
      });
      return;
    }
    // provided certificates first, then store anchors; de-duplicate anchors equal to a provided one
    const ordered = [
      ...fresh.filter((c) => c.source === 'provided'),
      ...fresh.filter(
        (c) => c.source === 'store' && !fresh.some((p) => p.source === 'provided' && p.thumb === c.thumb),
      ),
    ];
    for (const c of ordered) walk([...path, c]);
  };
  walk([leaf]);
  return { paths, signatureFailures };
}

/** Trusted first (then shortest); otherwise the longest. */
export function bestPath(paths: BuiltPath[]): BuiltPath | undefined {
  const trusted = paths.filter((p) => p.end === 'anchor').sort((a, b) => a.nodes.length - b.nodes.length);
  if (trusted[0]) return trusted[0];
  return [...paths].sort((a, b) => b.nodes.length - a.nodes.length)[0];
}

export function chainElement(n: ChainNode): ChainElement {
  const ext = extensionFacts(n.der);
  const subject = rawNameOf(n.cert, 'subject');
  const selfIssued = subject === rawNameOf(n.cert, 'issuer');
  let selfSigned = false;
  const key = publicKeyOf(n.cert);
  if (selfIssued && key) {
    try {
      selfSigned = n.cert.verify(key);
    } catch {
      selfSigned = false;
    }
  }
  return {
    thumbprintSha1: n.thumb,
    subject: nameOf(n.cert, 'subject'),
    issuer: nameOf(n.cert, 'issuer'),
    source: n.source,
    ...(n.store ? { store: n.store } : {}),
    ...(n.storeFile ? { storeFile: n.storeFile } : {}),
    ca: ext.basicConstraints ? ext.basicConstraints.ca : null,
    ...(ext.basicConstraints?.pathLength !== undefined
      ? { pathLength: ext.basicConstraints.pathLength }
      : {}),
    selfIssued,
    selfSigned,
    notAfter: timeOf(n.cert, 'validTo') ?? '',
    sanDns: ext.san?.dns ?? [],
    ...(ext.san?.ip.length ? { sanIp: ext.san.ip } : {}),
    nameConstraints: ext.nameConstraints,
    aiaCaIssuers: ext.aia.caIssuers,
  };
}
