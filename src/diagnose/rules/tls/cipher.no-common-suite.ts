// The server speaks a version clients offer, but only with cipher suites they do not offer.
// One rule for every source of handshake attempts: the client profiles a probe imitated (can current
// clients connect at all?) and the real clients of a capture (why was this connection refused?) are
// judged by the same per-attempt reading, suiteMismatch(): which of the suites the server chooses
// for other clients this client did not offer, and whether the server refused the hello the way a
// server without a common suite does (handshake_failure or insufficient_security, RFC 8446 §4.1.1,
// RFC 5246 §7.4.1.3).
import { AlertDescription, Version } from '../../../wire/index.js';
import { cipherSuiteName, versionName } from '../../../wire/registry/index.js';
import { attemptsByRole, capturedEvidence, explainFailedByServer } from '../../attempts.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import type { HandshakeAttemptObservation } from '../../../model/observations/handshake.js';
import type { HelloObservation } from '../../../model/observations/probe.js';
import {
  attemptAnswered,
  attemptSucceeds,
  helloEvidence,
  isModernAttempt,
  profileAttemptEvidence,
  suiteList,
} from '../../handshake-analysis.js';
import { alertText, suiteList as capturedSuiteList } from '../capture/shared/describe.js';
import { countText } from '../capture/shared/explain.js';

const meta: RuleMeta = {
  id: 'cipher.no-common-suite',
  title: 'No cipher suite in common with current clients',
  scenario: 'cipher',
  severity: 'blocker',
  needs: ['handshake.attempt'],
  references: [
    'ERR_SSL_VERSION_OR_CIPHER_MISMATCH',
    'SSL_ERROR_NO_CYPHER_OVERLAP',
    'SChannel event 36874',
    'Mozilla Server Side TLS',
  ],
  fix: {
    steps: [
      'Enable the AEAD suites with forward secrecy that current clients offer (ECDHE with AES-GCM or ChaCha20-Poly1305).',
      'Windows: remove the restrictive list from the cipher suite order policy (gpedit: Computer Configuration > Administrative Templates > Network > SSL Configuration Settings > SSL Cipher Suite Order) or enable the suites with Enable-TlsCipherSuite; reboot.',
      'nginx: ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;',
    ],
    commands: [
      {
        platform: 'powershell',
        command: 'Enable-TlsCipherSuite -Name TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 -Position 0',
      },
      {
        platform: 'powershell',
        command: 'Enable-TlsCipherSuite -Name TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 -Position 1',
      },
      {
        platform: 'nginx',
        command:
          'ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;',
      },
      {
        platform: 'apache',
        command:
          'SSLCipherSuite ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384',
      },
    ],
  },
  description:
    'The server accepts a protocol version that current clients offer (TLS 1.2), but only with cipher suites none of them offers (3DES, CAMELLIA, ARIA, static RSA, …), so it answers their hellos with handshake_failure. Browsers show ERR_SSL_VERSION_OR_CIPHER_MISMATCH / SSL_ERROR_NO_CYPHER_OVERLAP; Windows logs SChannel 36874.',
};

/** what a capture adds to the references: the specs and the SChannel code of a refused hello */
const CAPTURED_REFERENCES = ['RFC 5246 §7.4.1.3', 'RFC 8446 §4.1.1', 'SEC_E_ALGORITHM_MISMATCH 0x80090331'];

type Attempt = HandshakeAttemptObservation;

export interface SuiteMismatch {
  /** the suites the server chose for other clients that this client did not offer */
  notOffered: number[];
  /** the server refused the hello as a server without a common suite does, told in one line */
  refusal?: {
    description: number;
    reason: string;
    /** frames that show it, for a captured attempt */
    frames: number[];
    confidence: Finding['confidence'];
  };
}

const firstFatalFromServer = (a: Attempt) =>
  a.alerts.find((x) => (x.level === 2 || x.description >= 0x10000) && x.sender === 'server');

/**
 * Whether this attempt's offer shares a suite with what the same server chooses elsewhere, whatever
 * saw it: the suites chosen elsewhere that it did not offer, and — when the server answered the hello
 * with handshake_failure (40) or insufficient_security (71) and no ServerHello — the refusal, certain
 * when none of the suites chosen elsewhere was offered, possible when one was (then the refusal is
 * about something else in the hello), likely when nothing was chosen elsewhere.
 */
export function suiteMismatch(
  a: Attempt,
  /** suites the same server chose for other clients (a capture shows them; probes offering every suite) */
  chosenElsewhere: readonly number[],
): SuiteMismatch {
  const chosen = [...new Set(chosenElsewhere)];
  const overlap = chosen.filter((s) => a.offer.cipherSuites.includes(s));
  const notOffered = chosen.filter((s) => !a.offer.cipherSuites.includes(s));
  const alert = firstFatalFromServer(a);
  if (
    a.outcome === 'server-hello' ||
    !alert ||
    (alert.description !== AlertDescription.handshake_failure &&
      alert.description !== AlertDescription.insufficient_security)
  )
    return { notOffered };
  const cmp =
    chosen.length === 0
      ? ''
      : overlap.length === 0
        ? `; with other clients it chose ${chosen.map(cipherSuiteName).join(', ')}, which this client did not offer`
        : `; with other clients it chose ${overlap.map(cipherSuiteName).join(', ')}, which this client did offer — so the refusal is about something else in the hello (groups, signature algorithms, SNI)`;
  return {
    notOffered,
    refusal: {
      description: alert.description,
      reason: `client offered ${a.offer.cipherSuites.length} suites (${capturedSuiteList(a.offer.cipherSuites, 4)}); the server answered ${alertText(alert.description)}${alert.frame !== undefined ? ` in frame ${alert.frame}` : ''}${cmp}`,
      frames: [a.helloFrame, alert.frame].filter((f): f is number => f !== undefined),
      confidence:
        chosen.length > 0 && overlap.length === 0 ? 'certain' : overlap.length > 0 ? 'possible' : 'likely',
    },
  };
}

const hello = (a: Attempt) => a.origin as HelloObservation;

/** The probe's question: does the server accept current versions only with suites current clients lack? */
function simulated(attempts: readonly Attempt[]): Finding[] {
  if (!attempts.some(attemptAnswered)) return [];
  const modern = attempts.filter((a) => a.client.role === 'profile' && isModernAttempt(a));
  if (modern.length === 0 || modern.some(attemptSucceeds)) return [];
  // the version probes (each version alone, every suite), by version
  const versionProbes = (v: number) =>
    attempts.filter((a) => hello(a).purpose === 'version' && hello(a).offer.maxVersion === v);
  const negotiatedAlone = (v: number) => versionProbes(v).find((a) => a.serverHello?.version === v);
  const accepted = new Set<number>();
  for (const a of attempts) {
    if (hello(a).purpose !== 'version') continue;
    const v = hello(a).offer.maxVersion;
    if (attemptAnswered(a) && a.serverHello?.version === v) accepted.add(v);
  }
  const shared = [...accepted].sort((x, y) => x - y).filter((v) => v >= Version.TLS12);
  if (shared.length === 0) return [];
  // the suites the server chose when offered everything, per shared version
  const chosen = new Map<number, number>();
  for (const v of shared) {
    const s = negotiatedAlone(v)?.serverHello?.cipherSuite;
    if (s !== undefined) chosen.set(v, s);
  }
  const readings = modern.map((a) => suiteMismatch(a, [...chosen.values()]));
  const unusable = [...chosen.values()].filter((s) => readings.every((r) => r.notOffered.includes(s)));
  if (unusable.length === 0) return [];
  const v = shared[0]!;
  const proof = negotiatedAlone(v);
  return [
    finding(meta, {
      summary: `The server accepts ${shared.map(versionName).join(' and ')}, but only with cipher suites current clients do not offer (it chose ${suiteList(unusable)} when offered every suite), so their handshakes fail.`,
      evidence: [
        ...(proof ? [helloEvidence(hello(proof), `${versionName(v)} with every suite`)] : []),
        ...modern.slice(0, 3).map(profileAttemptEvidence),
      ],
      codes: [
        'ERR_SSL_VERSION_OR_CIPHER_MISMATCH',
        'SSL_ERROR_NO_CYPHER_OVERLAP',
        'SChannel 36874',
        'TLS alert 40',
      ],
    }),
  ];
}

/** The capture's question: which of these clients' hellos did the server refuse for want of a common suite? */
function captured(attempts: readonly Attempt[]): Finding[] {
  const byServer = explainFailedByServer(
    attempts,
    (a, elsewhere) => suiteMismatch(a, elsewhere.suites).refusal,
  );
  return [...byServer].map(([server, hits]) => {
    const { count, evidence } = capturedEvidence(server, hits);
    return finding(meta, {
      subject: server,
      summary: `${countText(count)} to ${server} failed with ${alertText(hits[0]!.why.description)} right after the ClientHello: the server found no cipher suite it accepts in the client's offer (${capturedSuiteList(hits[0]!.a.offer.cipherSuites, 3)}).`,
      evidence,
      confidence: hits[0]!.why.confidence,
      references: [...meta.references, ...CAPTURED_REFERENCES],
      codes: ['ERR_SSL_VERSION_OR_CIPHER_MISMATCH', 'SEC_E_ALGORITHM_MISMATCH'],
    });
  });
}

function evaluate(set: ObservationSet): Finding[] {
  const { simulated: probed, captured: seen } = attemptsByRole(set);
  return [...simulated(probed), ...captured(seen)];
}

export const rule = defineRule({ meta, evaluate });
