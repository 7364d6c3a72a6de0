// The diagnose flow's handshakes, as data (src/probe/plan.ts runs them): every version alone, the
// client profiles, and the narrowing probes — one control hello and, for each factor (SNI, size,
// TLS 1.3 offered, suites), the same hello with only that factor changed. Adding a probe is one entry.
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

/**
 * The narrowing probes vary one factor at a time (size, SNI, TLS 1.3 offered, suites) against one
 * control hello — what a current client sends, with the target's name, padded to CONTROL_SIZE — so
 * that an answer to one and silence to the other names the factor that decides. Sizes are padded
 * equal (RFC 7685) so that only the named factor differs; CONTROL_SIZE is above the natural size of
 * that hello, below one segment and outside 256–511 bytes, the range some load balancers hang on
 * (the reason RFC 7685 exists).
 */
export const CONTROL_SIZE = 1024;
/** past 1500 bytes: the hello needs two TCP segments on an Ethernet path */
export const LARGE_SIZE = 1800;
/** a minimal TLS 1.2 suite list beside the TLS 1.3 suites: ECDHE with AES-GCM only */
const MINIMAL_SUITES = [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f];
const CONTROL: HelloShape = { ...MODERN, padTo: CONTROL_SIZE };

export const DIAGNOSE_PLAN: readonly PlanStep[] = [
  { step: 'each-version', versions: SCAN_VERSIONS },
  { step: 'each-profile', until: 'flight' },
  // the control hello: the target's name (none for an IP target)
  {
    step: 'hello',
    id: 'sni:name',
    purpose: 'sni',
    varies: { sni: 'name' },
    sni: 'name',
    hello: CONTROL,
  },
  // SNI: the control hello without SNI, and with a name no server has
  {
    step: 'hello',
    id: 'sni:none',
    purpose: 'sni',
    varies: { sni: 'none' },
    sni: 'none',
    onlyWithServerName: true,
    hello: CONTROL,
  },
  {
    step: 'hello',
    id: 'sni:other',
    purpose: 'sni',
    varies: { sni: 'other' },
    sni: 'other',
    onlyWithServerName: true,
    hello: CONTROL,
  },
  // size: the control hello padded past one segment
  {
    step: 'hello',
    id: 'size:large',
    purpose: 'size',
    varies: { size: 'large' },
    sni: 'name',
    hello: { ...MODERN, padTo: LARGE_SIZE },
  },
  // TLS 1.3 offered: the control hello without TLS 1.3 in supported_versions
  {
    step: 'hello',
    id: 'tls13:not-offered',
    purpose: 'feature',
    varies: { tls13: 'not-offered' },
    sni: 'name',
    hello: { ...CONTROL, withoutTls13: true },
  },
  // suites: the control hello with a minimal suite list
  {
    step: 'hello',
    id: 'suites:minimal',
    purpose: 'suite',
    varies: { suites: 'minimal' },
    sni: 'name',
    hello: { ...CONTROL, suites: MINIMAL_SUITES },
  },
];
