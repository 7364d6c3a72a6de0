// Scan features that one ServerHello in clear cannot show: ALPN on TLS 1.3 (it travels in the
// encrypted EncryptedExtensions message, RFC 8446 §4.3.1) and Encrypt-then-MAC (a server sends it
// only when it picks a CBC suite, RFC 7366 §2).
import { Version } from '../wire/index.js';
import { cipherSuite } from '../wire/registry/index.js';
import type { SuiteResult } from '../model/observations/probe.js';
import { fullHandshake } from './full-handshake.js';
import { bundles, suitesByCommonness, wideHello } from './hellos.js';
import type { ProbeSession } from './session.js';

const ALPN_PROTOCOLS: readonly string[] = ['h2', 'http/1.1'];

/**
 * The ALPN protocols the server selects, each offered alone. Up to TLS 1.2 the choice is in the
 * ServerHello (RFC 7301 §3.1), so a one-hello probe at the best such version reads it. A server
 * that only speaks TLS 1.3 sends it in EncryptedExtensions: a full handshake offering that one
 * protocol reads it.
 */
export async function probeAlpnProtocols(
  s: ProbeSession,
  versions: readonly number[],
  sni: string | undefined,
): Promise<string[]> {
  const legacy = Math.max(...versions.filter((v) => v >= Version.TLS10 && v <= Version.TLS12), 0);
  const name = sni ? { serverName: sni } : {};
  if (legacy) {
    const suites = bundles(suitesByCommonness(legacy))[0]!;
    const got = await Promise.all(
      ALPN_PROTOCOLS.map(async (p) => {
        const o = await s.hello(`alpn:${p}`, 'feature', wideHello(legacy, suites, { ...name, alpn: [p] }), {
          varies: { alpn: p },
        });
        return o.serverHello?.alpn === p ? p : undefined;
      }),
    );
    return got.filter((p): p is string => p !== undefined);
  }
  if (!versions.includes(Version.TLS13)) return [];
  const got = await Promise.all(
    ALPN_PROTOCOLS.map(async (p) => {
      const r = await fullHandshake({
        address: s.endpoint.address,
        port: s.endpoint.port,
        ...name,
        alpn: [p],
        timeoutMs: s.deadlines.totalMs,
      });
      return r.ok && r.alpn === p ? p : undefined;
    }),
  );
  return got.filter((p): p is string => p !== undefined);
}

/** A CBC suite: a block cipher with a separate MAC, the only kind Encrypt-then-MAC applies to. */
export function isCbcSuite(code: number): boolean {
  const info = cipherSuite(code);
  return !!info && !info.aead && /CBC/.test(info.cipher);
}

/**
 * Encrypt-then-MAC: offer only the CBC suites the server accepted, at the best version below
 * TLS 1.3 where it accepted one, with the extension, and read the ServerHello. null when the server
 * accepts no CBC suite (the extension cannot apply) or did not answer.
 */
export async function probeEncryptThenMac(
  s: ProbeSession,
  suites: readonly SuiteResult[],
  sni: string | undefined,
): Promise<boolean | null> {
  const best = suites
    .filter((r) => r.version >= Version.TLS10 && r.version <= Version.TLS12)
    .map((r) => ({ version: r.version, cbc: r.suites.filter(isCbcSuite) }))
    .filter((r) => r.cbc.length > 0)
    .sort((a, b) => b.version - a.version)[0];
  if (!best) return null;
  const o = await s.hello(
    `etm:${best.version.toString(16)}`,
    'feature',
    wideHello(best.version, best.cbc, sni ? { serverName: sni } : {}),
    { varies: { version: best.version, suiteEnumeration: true } },
  );
  return o.status === 'server-hello' && isCbcSuite(o.serverHello!.cipherSuite)
    ? o.serverHello!.encryptThenMac
    : null;
}

/**
 * ChaCha20-Poly1305 suites. A server with OpenSSL's SSL_OP_PRIORITIZE_CHACHA (HAProxy's default)
 * keeps its own order but takes a ChaCha20 suite the client lists first (for clients without AES
 * hardware): offered [ChaCha20, AES], it picks ChaCha20 and looks like a client-order server.
 */
const isChaCha = (code: number): boolean => /CHACHA20/.test(cipherSuite(code)?.cipher ?? '');

/**
 * A client-order verdict checked again without ChaCha20 in the way: two other accepted suites,
 * offered in both orders. When the server picks the same one both times it imposes its order,
 * which is then read again by the removal loop with ChaCha20 suites offered last.
 */
export async function confirmClientOrder(
  s: ProbeSession,
  r: SuiteResult,
  sni: string | undefined,
): Promise<SuiteResult> {
  if (r.serverOrder !== false || r.version < Version.TLS10 || !r.suites.some(isChaCha)) return r;
  const pair = r.suites.filter((c) => !isChaCha(c)).slice(0, 2);
  if (pair.length < 2) return r;
  const name = sni ? { serverName: sni } : {};
  const v = r.version;
  const chosen = async (offer: number[], id: string): Promise<number | undefined> => {
    const o = await s.hello(id, 'suite', wideHello(v, offer, name), {
      priority: 'high',
      varies: { version: v, suiteEnumeration: true },
    });
    const sh = o.serverHello ?? o.helloRetry;
    return sh && sh.version === v ? sh.cipherSuite : undefined;
  };
  const tag = `suite-order:${v.toString(16)}:without-chacha`;
  const [a, b] = await Promise.all([
    chosen([pair[0]!, pair[1]!], `${tag}:0`),
    chosen([pair[1]!, pair[0]!], `${tag}:1`),
  ]);
  if (a === undefined || a !== b) return r;
  const ordered: number[] = [];
  let rest = [...r.suites];
  while (rest.length > 0) {
    const offer = [...rest.filter((c) => !isChaCha(c)), ...rest.filter(isChaCha)];
    const c = await chosen(offer, `${tag}:order:${ordered.length}`);
    if (c === undefined || !rest.includes(c)) break;
    ordered.push(c);
    rest = rest.filter((x) => x !== c);
  }
  return { ...r, suites: [...ordered, ...rest], serverOrder: true };
}
