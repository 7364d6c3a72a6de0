// protocol.no-common-version from a capture: the server refused every version the client offered
// (protocol_version alert after the ClientHello), or chose one the client never offered.
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, type RuleMeta } from '../../rule.js';
import {
  alertText,
  clientOffers,
  fatalAlert,
  offeredText,
  otherSuccesses,
  versionList,
} from './shared/describe.js';
import { versionName } from '../../../wire/registry/index.js';
import { countText, groupedFindings, type Explainer } from './shared/explain.js';

/** the finding id, shared with the live probe's rule */
export const FINDING_ID = 'protocol.no-common-version';

const meta: RuleMeta = {
  id: 'capture.no-common-version',
  emits: [FINDING_ID],
  title: 'Client and server have no TLS version in common',
  scenario: 'protocol',
  severity: 'blocker',
  needs: ['capture.connection'],
  uses: ['capture.summary'],
  references: [
    'RFC 8446 §4.1.3, §6.2 (protocol_version)',
    'RFC 8996 (TLS 1.0 and 1.1 deprecated)',
    'ERR_SSL_VERSION_OR_CIPHER_MISMATCH',
    'SEC_E_UNSUPPORTED_FUNCTION 0x80090302',
  ],
  fix: {
    steps: [
      'Enable TLS 1.2 (and TLS 1.3) on the server, or update the client so it offers TLS 1.2 or later.',
      'On Windows/SChannel the enabled protocols live under HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols; .NET clients need SchUseStrongCrypto.',
    ],
    commands: [
      { platform: 'nginx', command: 'ssl_protocols TLSv1.2 TLSv1.3;' },
      { platform: 'shell', command: 'openssl s_client -connect HOST:443 -tls1_2' },
    ],
  },
  description:
    'A ClientHello answered by a protocol_version alert (or a ServerHello choosing a version the client did not offer, which the client then refuses) means the two sides share no protocol version. The finding names what the client offered and what the server chose for other clients in the same capture.',
};

export const explain: Explainer = (c, ctx) => {
  const ch = c.clientHello;
  if (!ch) return undefined;
  const offered = offeredText(ch);
  const serverAlert = fatalAlert(c, 'server');
  if (serverAlert?.description === 70 && !c.serverHello) {
    const others = otherSuccesses(ctx.all, c);
    const chosen = versionList(others.map((o) => o.serverHello!.version));
    return {
      reason: `client offered ${offered}; the server answered ${alertText(70)} in frame ${serverAlert.frame}${others.length > 0 ? ` (it negotiated ${chosen} with other clients)` : ''}`,
      frames: [ch.frame, serverAlert.frame],
    };
  }
  const clientAlert = fatalAlert(c, 'client');
  if (clientAlert?.description === 70 && c.serverHello) {
    return {
      reason: `client offered ${offered}; the server chose ${versionName(c.serverHello.version)} and the client refused it with ${alertText(70)} in frame ${clientAlert.frame}`,
      frames: [ch.frame, c.serverHello.frame, clientAlert.frame],
    };
  }
  // a current client offered TLS 1.2+ and the server chose TLS 1.1 or older: the client refuses it
  // (OpenSSL 3 at its default security level answers internal_error 80, others protocol_version 70)
  if (
    clientAlert &&
    c.serverHello &&
    c.serverHello.version < 0x0303 &&
    ch.format === 'tls' &&
    clientOffers(ch, 0x0303)
  ) {
    return {
      reason: `client offered ${offered}; the server chose ${versionName(c.serverHello.version)}, and the client aborted with ${alertText(clientAlert.description)} in frame ${clientAlert.frame} — current clients refuse TLS 1.1 and older`,
      frames: [ch.frame, c.serverHello.frame, clientAlert.frame],
      confidence: 'likely',
    };
  }
  if (c.serverHello && ch.format === 'tls' && !clientOffers(ch, c.serverHello.version)) {
    return {
      reason: `client offered ${offered}; the server chose ${versionName(c.serverHello.version)}, which the client never offered`,
      frames: [ch.frame, c.serverHello.frame],
    };
  }
  return undefined;
};

export const rule = defineRule({
  meta,
  evaluate(set: ObservationSet) {
    return groupedFindings(meta, FINDING_ID, set, explain, (server, hits, ctx) => {
      const offered = [
        ...new Set(hits.map((h) => (h.c.clientHello ? offeredText(h.c.clientHello) : '?'))),
      ].join(' / ');
      const others = otherSuccesses(ctx.all, hits[0]!.c);
      const works =
        others.length > 0
          ? ` The same server negotiated ${versionList(others.map((o) => o.serverHello!.version))} with other clients in this capture.`
          : '';
      const chose = [
        ...new Set(hits.map((h) => h.c.serverHello?.version).filter((v): v is number => v !== undefined)),
      ];
      const how =
        chose.length > 0
          ? `the server chose ${versionList(chose)}, which the client refused`
          : 'the server refused it (protocol_version)';
      return {
        summary: `${countText(hits.length)} to ${server} failed: the client offered ${offered} and ${how}.${works}`,
        codes: ['ERR_SSL_VERSION_OR_CIPHER_MISMATCH', 'ERR_SSL_PROTOCOL_ERROR', 'SEC_E_UNSUPPORTED_FUNCTION'],
      };
    });
  },
});
