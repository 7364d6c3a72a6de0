// Pure helpers the windows rules share: matching IIS bindings to HTTP.sys bindings, finding the
// bound certificate in the store, the effective cipher-suite list. No I/O.
import type { Evidence } from '../../../../model/finding.js';
import type { ObservationBase, ObservationSet, SourceRef } from '../../../../model/observation.js';
import type {
  CertStoreEntryObservation,
  CipherSuiteOrderObservation,
  IisBindingObservation,
  SchannelProtocolObservation,
  SslCertBindingObservation,
  WindowsInputObservation,
} from '../../../../model/observations/windows.js';

export function ev(o: ObservationBase | SourceRef, text: string, line?: number): Evidence {
  const from = 'kind' in o ? { ...o.from } : { ...o };
  if (line !== undefined) from.line = line;
  return { from, text };
}

/**
 * The effective state of one Schannel protocol side, worded once: every rule that cites it (the
 * Windows rules, and the handshake rules corroborating with a registry export) gives the same
 * evidence, so merged findings carry it once.
 */
export function protocolStateEvidence(p: SchannelProtocolObservation): Evidence {
  return ev(p, `${p.protocol} ${p.side}: ${p.effective} (${p.reason})`);
}

/** Was an input of this kind read (even if it produced no observations, e.g. an empty sslcert list)? */
export function inputRead(obs: ObservationSet, kind: string): boolean {
  return obs
    .of<WindowsInputObservation>('windows.input')
    .some((i) => i.inputKind === kind && i.status !== 'failed');
}

/** The HTTP.sys binding HTTP.sys would use for an IIS https binding (exact key, then the IPv4/IPv6 wildcard fallback). */
export function httpSysBindingFor(
  b: IisBindingObservation,
  sslcerts: readonly SslCertBindingObservation[],
): {
  binding?: SslCertBindingObservation;
  expected: { keyType: 'ipport' | 'hostnameport' | 'ccs'; endpoint: string };
  viaFallback: boolean;
} {
  if (b.centralCertStore) {
    const expected = { keyType: 'ccs' as const, endpoint: String(b.port) };
    const binding = sslcerts.find((s) => s.keyType === 'ccs' && s.port === b.port);
    return binding ? { binding, expected, viaFallback: false } : { expected, viaFallback: false };
  }
  if (b.sni && b.host !== '') {
    const expected = { keyType: 'hostnameport' as const, endpoint: `${b.host}:${b.port}` };
    const binding = sslcerts.find(
      (s) => s.keyType === 'hostnameport' && s.address === b.host && s.port === b.port,
    );
    return binding ? { binding, expected, viaFallback: false } : { expected, viaFallback: false };
  }
  const ip = b.ip === '*' ? '0.0.0.0' : b.ip;
  const endpoint = ip.includes(':') ? `[${ip}]:${b.port}` : `${ip}:${b.port}`;
  const expected = { keyType: 'ipport' as const, endpoint };
  const exact = sslcerts.find((s) => s.keyType === 'ipport' && s.address === ip && s.port === b.port);
  if (exact) return { binding: exact, expected, viaFallback: false };
  const wildcard = ip.includes(':') ? '::' : '0.0.0.0';
  const fb = sslcerts.find((s) => s.keyType === 'ipport' && s.address === wildcard && s.port === b.port);
  return fb ? { binding: fb, expected, viaFallback: true } : { expected, viaFallback: false };
}

/** Store entry for a thumbprint; undefined when not in the store that was read. */
export function storeEntryFor(
  hash: string,
  store: readonly CertStoreEntryObservation[],
): CertStoreEntryObservation | undefined {
  return store.find((c) => c.thumbprint === hash);
}

/** certutil read the machine 'My' store: binding stores My/MY/(null)/empty are checkable against it. */
export function bindingUsesMyStore(b: SslCertBindingObservation): boolean {
  const s = (b.certStoreName ?? '').trim().toLowerCase();
  return s === '' || s === 'my' || s === '(null)';
}

/** The list Schannel uses: GPO policy wins over the local list; Get-TlsCipherSuite shows the local list. */
export function effectiveSuiteOrder(obs: ObservationSet): CipherSuiteOrderObservation | undefined {
  const all = obs.of<CipherSuiteOrderObservation>('windows.cipher-suite-order');
  return (
    all.find((o) => o.source === 'policy') ??
    all.find((o) => o.source === 'local') ??
    all.find((o) => o.source === 'get-tlsciphersuite')
  );
}

/** 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P384' → 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384' (≤ 2012 R2 curve suffixes). */
export function stripCurveSuffix(name: string): string {
  return name
    .trim()
    .toUpperCase()
    .replace(/_P(?:256|384|521)$/, '');
}
