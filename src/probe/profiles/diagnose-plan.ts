// The diagnose flow's handshakes, as data (src/probe/plan.ts runs them): every version alone, the
// client profiles, a small and a large hello, and — when the target has a name — the same modern
// hello with the real name, with none and with a name no server has. Adding a probe is one entry.
import { Version } from '../../wire/index.js';
import type { HelloShape, PlanStep } from '../plan.js';
import { SCAN_VERSIONS } from '../scan.js';

/** An SNI value no server is configured for (RFC 2606 .invalid), to tell SNI handling from a middlebox. */
export const OTHER_SNI = 'tlsdoctor-probe.invalid';

/** what a current client offers: TLS 1.3 and 1.2, the TLS 1.3 suites and the common TLS 1.2 ones */
const MODERN: HelloShape = { shape: 'wide', version: Version.TLS13, alsoTls12: true, suites: 'modern' };

/**
 * The patient probe's hello (what a current client sends, with the target's name): sent once, beside
 * the plan, waiting up to the user's --timeout, to tell a slow server from a silent one.
 */
export const PATIENT_HELLO: HelloShape = MODERN;

export const DIAGNOSE_PLAN: readonly PlanStep[] = [
  { step: 'each-version', versions: SCAN_VERSIONS },
  { step: 'each-profile', until: 'flight' },
  // size variants: a minimal TLS 1.2 hello (< 256 bytes) and one padded past 1500 bytes (two TCP segments)
  {
    step: 'hello',
    id: 'size:small',
    purpose: 'size',
    varies: { size: 'small' },
    sni: 'name',
    hello: {
      shape: 'explicit',
      legacyVersion: Version.TLS12,
      cipherSuites: [0xc02f, 0xc030, 0xc02b, 0xc02c, 0x009c, 0x009d, 0x002f, 0x0035],
      groups: [0x001d, 0x0017],
      ecPointFormats: [0],
      signatureAlgorithms: [0x0401, 0x0403, 0x0804, 0x0501, 0x0201],
    },
  },
  {
    step: 'hello',
    id: 'size:large',
    purpose: 'size',
    varies: { size: 'large' },
    sni: 'name',
    hello: { ...MODERN, padding: 1600 },
  },
  // SNI variants: the same hello without SNI, with another name, with the real name
  {
    step: 'hello',
    id: 'sni:none',
    purpose: 'sni',
    varies: { sni: 'none' },
    sni: 'none',
    onlyWithServerName: true,
    hello: MODERN,
  },
  {
    step: 'hello',
    id: 'sni:other',
    purpose: 'sni',
    varies: { sni: 'other' },
    sni: 'other',
    onlyWithServerName: true,
    hello: MODERN,
  },
  {
    step: 'hello',
    id: 'sni:name',
    purpose: 'sni',
    varies: { sni: 'name' },
    sni: 'name',
    onlyWithServerName: true,
    hello: MODERN,
  },
];
