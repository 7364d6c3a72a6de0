// Client and server share no protocol version (e.g. the server speaks only TLS 1.0; clients need 1.2+).
// One rule for every source of handshake attempts: the client profiles a probe imitated (is the
// server reachable for current clients at all?) and the real clients of a capture (why did this
// connection fail?) are judged by the same per-attempt reading, versionMismatch().
import { AlertDescription, Version } from '../../../wire/index.js';
import { versionName } from '../../../wire/registry/index.js';
import { attemptsByRole, capturedEvidence, explainFailedByServer } from '../../attempts.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Evidence, Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import type { SchannelProtocolObservation } from '../../../model/observations/windows.js';
import { protocolStateEvidence } from '../windows/shared/support.js';
import { helloEvidence, versionList } from '../../handshake-analysis.js';
import type { HandshakeAttemptObservation } from '../../../model/observations/handshake.js';
import type { CaptureConnectionObservation } from '../../../model/observations/capture.js';
import type { HelloObservation } from '../../../model/observations/probe.js';
import {
  alertText,
  offeredText,
  successesAt,
  versionList as capturedVersionList,
} from '../capture/shared/describe.js';
import { countText } from '../capture/shared/explain.js';

const meta: RuleMeta = {
  id: 'protocol.no-common-version',
  title: 'No protocol version in common with current clients',
  scenario: 'protocol',
  severity: 'blocker',
  needs: ['handshake.attempt'],
  uses: ['windows.schannel-protocol'],
  references: [
    'RFC 8996 (TLS 1.0/1.1 deprecated)',
    'RFC 8446',
    'ERR_SSL_VERSION_OR_CIPHER_MISMATCH',
    'SChannel registry Protocols\\<ver>\\Server',
    'RFC 8446 §4.1.3, §6.2 (protocol_version)',
    'SEC_E_UNSUPPORTED_FUNCTION 0x80090302',
  ],
  fix: {
    steps: [
      'Enable TLS 1.2 (and TLS 1.3 where the server supports it) on the server.',
      'Windows/IIS: set SCHANNEL\\Protocols\\TLS 1.2\\Server Enabled=1 and DisabledByDefault=0, then reboot.',
      'nginx: ssl_protocols TLSv1.2 TLSv1.3;  Apache: SSLProtocol -all +TLSv1.2 +TLSv1.3',
    ],
    commands: [
      {
        platform: 'registry',
        command:
          'reg add "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server" /v Enabled /t REG_DWORD /d 1 /f',
      },
      {
        platform: 'registry',
        command:
          'reg add "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server" /v DisabledByDefault /t REG_DWORD /d 0 /f',
      },
      { platform: 'windows-cmd', command: 'shutdown /r /t 0' },
      { platform: 'nginx', command: 'ssl_protocols TLSv1.2 TLSv1.3;' },
      { platform: 'apache', command: 'SSLProtocol -all +TLSv1.2 +TLSv1.3' },
    ],
  },
  description:
    'The server accepts only versions that current clients no longer offer (SSL 3.0, TLS 1.0, TLS 1.1), so browsers, curl and modern Java fail with ERR_SSL_VERSION_OR_CIPHER_MISMATCH / "unsupported protocol" / protocol_version alerts. On Windows the usual cause is SCHANNEL\\Protocols\\TLS 1.2\\Server Enabled=0 (or an old OS without TLS 1.2 enabled).',
};

type Attempt = HandshakeAttemptObservation;

export interface VersionMismatch {
  /** one line, with the concrete values */
  reason: string;
  /** frames that show it, for a captured attempt */
  frames: number[];
  confidence?: Finding['confidence'];
}

const fatal = (a: Attempt, sender: 'client' | 'server') =>
  a.alerts.find((x) => (x.level === 2 || x.description >= 0x10000) && x.sender === sender);
const frameText = (frame: number | undefined) => (frame !== undefined ? ` in frame ${frame}` : '');
const offered = (a: Attempt): string =>
  a.client.role === 'captured'
    ? offeredText((a.origin as CaptureConnectionObservation).clientHello!)
    : versionList(a.offer.versions);

/**
 * Why this attempt failed for want of a common version, whatever saw it: the server refused every
 * version offered (protocol_version), the client refused the version the server chose, or the
 * server chose one the client does not speak.
 */
export function versionMismatch(
  a: Attempt,
  /** versions the same server negotiated with other clients (a capture shows them) */
  negotiatedElsewhere: readonly number[] = [],
): VersionMismatch | undefined {
  const frames = (...fs: Array<number | undefined>) => fs.filter((f): f is number => f !== undefined);
  const server = fatal(a, 'server');
  if (server?.description === AlertDescription.protocol_version && !a.serverHello)
    return {
      reason: `client offered ${offered(a)}; the server answered ${alertText(AlertDescription.protocol_version)}${frameText(server.frame)}${negotiatedElsewhere.length > 0 ? ` (it negotiated ${capturedVersionList(negotiatedElsewhere)} with other clients)` : ''}`,
      frames: frames(a.helloFrame, server.frame),
    };
  const sh = a.serverHello;
  if (!sh) return undefined;
  const client = fatal(a, 'client');
  if (client?.description === AlertDescription.protocol_version)
    return {
      reason: `client offered ${offered(a)}; the server chose ${versionName(sh.version)} and the client refused it with ${alertText(AlertDescription.protocol_version)}${frameText(client.frame)}`,
      frames: frames(a.helloFrame, sh.frame, client.frame),
    };
  // a current client offered TLS 1.2+ and the server chose TLS 1.1 or older: the client refuses it
  // (OpenSSL 3 at its default security level answers internal_error 80, others protocol_version 70)
  if (
    client &&
    sh.version < Version.TLS12 &&
    a.offer.format === 'tls' &&
    a.offer.versions.includes(Version.TLS12)
  )
    return {
      reason: `client offered ${offered(a)}; the server chose ${versionName(sh.version)}, and the client aborted with ${alertText(client.description)}${frameText(client.frame)} — current clients refuse TLS 1.1 and older`,
      frames: frames(a.helloFrame, sh.frame, client.frame),
      confidence: 'likely',
    };
  if (a.offer.format === 'tls' && !a.client.accepts.includes(sh.version))
    return {
      reason:
        a.client.role === 'captured'
          ? `client offered ${offered(a)}; the server chose ${versionName(sh.version)}, which the client never offered`
          : `server chose ${versionName(sh.version)}, which this client refuses`,
      frames: frames(a.helloFrame, sh.frame),
    };
  return undefined;
}

const answered = (a: Attempt) => a.outcome === 'server-hello' || a.outcome === 'hello-retry';

/** A client completes the handshake: an answer in a version it accepts, and no fatal alert from the server. */
function succeeds(a: Attempt): boolean {
  return (
    answered(a) &&
    a.serverHello !== undefined &&
    a.client.accepts.includes(a.serverHello.version) &&
    !a.alerts.some((x) => x.sender === 'server' && x.level === 2)
  );
}

/** The server accepts version v when an attempt offering v alone was answered in v. */
function acceptedVersions(attempts: readonly Attempt[]): number[] {
  const accepted = new Set<number>();
  for (const a of attempts) {
    if (a.offer.versions.length !== 1 || !answered(a)) continue;
    const v = a.offer.versions[0]!;
    if (a.serverHello?.version !== v) continue;
    // an SSLv2 SERVER-HELLO with no cipher kinds in common is a refusal, not acceptance
    if (v === Version.SSL2 && ((a.origin as HelloObservation).outcome?.sslv2?.cipherKinds.length ?? 0) === 0)
      continue;
    accepted.add(v);
  }
  return [...accepted].sort((x, y) => x - y);
}

const isModern = (a: Attempt) => a.client.accepts.every((v) => v >= Version.TLS12);

function attemptEvidence(a: Attempt, prefix: string): Evidence {
  const e = helloEvidence(a.origin as HelloObservation, prefix);
  const why = versionMismatch(a);
  return why && a.serverHello && !fatal(a, 'server') ? { ...e, text: `${e.text} — ${why.reason}` } : e;
}

/** The probe's question: can current clients connect at all? */
function simulated(set: ObservationSet, attempts: readonly Attempt[]): Finding[] {
  if (!attempts.some(answered)) return [];
  const modern = attempts.filter((a) => a.client.role === 'profile' && isModern(a));
  const modernFailing = modern.filter((a) => !succeeds(a));
  if (modern.length === 0 || modernFailing.length !== modern.length) return [];
  const accepted = acceptedVersions(attempts);
  if (accepted.length === 0 || accepted.some((v) => v >= Version.TLS12)) return [];
  const evidence: Evidence[] = [];
  for (const v of [Version.TLS12, Version.TLS13, accepted[accepted.length - 1]!]) {
    const alone = attempts.find(
      (a) => a.client.role === 'probe' && a.offer.versions.length === 1 && a.offer.versions[0] === v,
    );
    if (alone) evidence.push(helloEvidence(alone.origin as HelloObservation, `${versionName(v)} alone`));
  }
  evidence.push(...modernFailing.slice(0, 3).map((a) => attemptEvidence(a, a.client.name)));
  // corroboration from a Windows bundle: the registry state that explains it
  const reg = set
    .of<SchannelProtocolObservation>('windows.schannel-protocol')
    .filter(
      (o) =>
        o.side === 'server' &&
        (o.protocol === 'TLS 1.2' || o.protocol === 'TLS 1.3') &&
        o.effective === 'disabled',
    );
  evidence.push(...reg.map(protocolStateEvidence));
  return [
    finding(meta, {
      summary: `The server only accepts ${versionList(accepted)}; current clients require TLS 1.2 or 1.3, so they cannot connect.`,
      evidence,
      codes: ['ERR_SSL_VERSION_OR_CIPHER_MISMATCH', 'SSL_ERROR_UNSUPPORTED_VERSION', 'TLS alert 70'],
    }),
  ];
}

/** The capture's question: which of these clients' connections failed for want of a common version? */
function captured(attempts: readonly Attempt[]): Finding[] {
  const byServer = explainFailedByServer(attempts, (a, elsewhere) => versionMismatch(a, elsewhere.versions));
  const all = attempts.map((a) => a.origin as CaptureConnectionObservation);
  return [...byServer].map(([server, hits]) => {
    const first = hits[0]!.a.origin as CaptureConnectionObservation;
    const others = successesAt(all, first);
    const works =
      others.conns.length > 0
        ? ` The same server negotiated ${capturedVersionList(others.versions)} with other clients in this capture.`
        : '';
    const chose = [...new Set(hits.map((h) => h.a.serverHello?.version).filter((v) => v !== undefined))];
    const how =
      chose.length > 0
        ? `the server chose ${capturedVersionList(chose)}, which the client refused`
        : 'the server refused it (protocol_version)';
    const confidence = hits.find((h) => h.why.confidence)?.why.confidence;
    const { count, evidence } = capturedEvidence(server, hits);
    return finding(meta, {
      subject: server,
      summary: `${countText(count)} to ${server} failed: the client offered ${[...new Set(hits.map((h) => offered(h.a)))].join(' / ')} and ${how}.${works}`,
      evidence,
      ...(confidence ? { confidence } : {}),
      codes: ['ERR_SSL_VERSION_OR_CIPHER_MISMATCH', 'ERR_SSL_PROTOCOL_ERROR', 'SEC_E_UNSUPPORTED_FUNCTION'],
    });
  });
}

function evaluate(set: ObservationSet): Finding[] {
  const { simulated: probed, captured: seen } = attemptsByRole(set);
  return [...simulated(set, probed), ...captured(seen)];
}

export const rule = defineRule({ meta, evaluate });
