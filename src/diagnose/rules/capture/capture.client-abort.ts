// capture.client-abort: the client gave up on a handshake the server was answering — a client-side
// alert that is not about the certificate, or a close/reset after the server's hello.
import { isTls13Family } from '../../../wire/tls13-drafts.js';
import { AlertDescription } from '../../../wire/index.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, type RuleMeta } from '../../rule.js';
import { alertText, clientOffers, fatalAlert } from './shared/describe.js';
import { CERTIFICATE_ALERTS } from './capture.chain-rejected.js';
import { countText, groupedFindings, type Explainer } from './shared/explain.js';

export const FINDING_ID = 'capture.client-abort';

const meta: RuleMeta = {
  id: 'capture.client-abort',
  title: 'The client aborted the handshake',
  scenario: 'clients',
  severity: 'medium',
  needs: ['capture.connection'],
  uses: ['capture.summary'],
  references: ['RFC 8446 §6.2'],
  confidence: 'likely',
  fix: {
    steps: [
      "The server answered, and the client ended the handshake: look at the client's error message at that time (browser console, application log, SChannel events on a Windows client).",
      'Typical causes: the client disliked a parameter the server chose (weak DH group, signature algorithm), a timeout in the client, or a user/application cancel.',
    ],
  },
  description:
    'The client closed, reset or alerted after the server had answered (ServerHello seen), for a reason other than the certificate or the protocol version.',
};

export const explain: Explainer = (c) => {
  if (!c.serverHello || c.handshakeEnd === 'complete' || c.notTls) return undefined;
  // a version the client never offered is protocol.no-common-version
  if (c.clientHello?.format === 'tls' && !clientOffers(c.clientHello, c.serverHello.version))
    return undefined;
  // a TLS 1.2+ client aborting after the server chose TLS 1.1 or older: protocol.no-common-version
  if (
    c.clientHello?.format === 'tls' &&
    c.serverHello.version < 0x0303 &&
    clientOffers(c.clientHello, 0x0303) &&
    fatalAlert(c, 'client')
  )
    return undefined;
  const a = fatalAlert(c, 'client');
  if (a) {
    if (a.description === AlertDescription.protocol_version) return undefined;
    if (
      CERTIFICATE_ALERTS.has(a.description) &&
      (a.afterServerCertificate || c.serverHello.version >= 0x0304)
    )
      return undefined;
    return {
      reason: `the client sent ${alertText(a.description)} in frame ${a.frame} after the server's ${a.after ?? 'hello'}`,
      frames: [a.frame],
    };
  }
  if (fatalAlert(c, 'server')) return undefined;
  const fe = c.firstEncrypted.client;
  if (isTls13Family(c.serverHello.version) && fe?.length === 19 && c.encryptedRecords.client === 1)
    return undefined; // chain.client-rejected (possible)
  const r = c.tcp.reset;
  if (r?.by === 'client')
    return {
      reason: `the client reset the connection in frame ${r.frame} after the server's ${c.lastMessage?.name ?? 'hello'}`,
      frames: [r.frame],
    };
  if (c.tcp.clientFin && (!c.tcp.serverFin || c.tcp.clientFin.rel <= c.tcp.serverFin.rel)) {
    return {
      reason: `the client closed the connection in frame ${c.tcp.clientFin.frame} after the server's ${c.lastMessage?.name ?? 'hello'}, before the handshake completed`,
      frames: [c.tcp.clientFin.frame],
    };
  }
  return undefined;
};

export const rule = defineRule({
  meta,
  evaluate(set: ObservationSet) {
    return groupedFindings(meta, meta.id, set, explain, (server, hits, _ctx, count) => ({
      summary: `${countText(count)} to ${server}: the server answered but the client ended the handshake.`,
    }));
  },
});
