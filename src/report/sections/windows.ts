// The sections of a `windows analyze` report: inputs, bindings, listeners, SCHANNEL, cipher
// order, and the events explained through the knowledge catalogue.
import type {
  CertStoreEntryObservation,
  CipherSuiteOrderObservation,
  EventObservation,
  IisBindingObservation,
  PortOwnerObservation,
  ProcessObservation,
  SchannelProtocolObservation,
  SslCertBindingObservation,
} from '../../model/observations/windows.js';
import type { WindowsAnalyzeReport } from '../../model/report.js';
import { eventMeaning } from '../../windows/event-catalogue.js';
import { explainEvent } from '../../knowledge/index.js';
import { knownPortOwner } from '../../windows/policy.js';
import type { Section } from '../tree.js';

export function windowsAnalyzeSections(report: WindowsAnalyzeReport): Section[] {
  const a = report.data;
  const findingIds: ReadonlySet<string> = new Set(report.findings.map((f) => f.id));
  const obs = report.observations;
  const of = <T>(k: string): T[] => obs.filter((o) => o.kind === k) as unknown as T[];
  const sections: Section[] = [];
  sections.push({
    title: 'Inputs',
    blocks: [
      ...(a.os
        ? [
            {
              type: 'kv' as const,
              rows: [
                { key: 'Windows', value: `${a.os.name ?? ''} ${a.os.version ?? ''} (${a.os.via})`.trim() },
              ],
            },
          ]
        : []),
      {
        type: 'table',
        columns: ['file', 'read as', 'encoding', 'unread lines'],
        rows: a.inputs.map((i) => [
          { text: i.origin },
          { text: i.kind },
          { text: i.encoding },
          { text: String(i.notes), tone: i.notes ? 'warn' : 'plain' },
        ]),
      },
    ],
  });
  const ssl = of<SslCertBindingObservation>('windows.sslcert-binding');
  if (ssl.length > 0) {
    sections.push({
      title: 'HTTP.sys SSL bindings',
      blocks: [
        {
          type: 'table',
          columns: ['endpoint', 'certificate hash', 'application id', 'store'],
          rows: ssl.map((s) => [
            { text: s.endpoint },
            { text: s.certHash || '(empty)', tone: s.certHash ? 'plain' : 'bad' },
            { text: s.appId ?? '' },
            { text: s.certStoreName ?? '' },
          ]),
        },
      ],
    });
  }
  const certs = of<CertStoreEntryObservation>('windows.cert-store-entry');
  if (certs.length > 0) {
    sections.push({
      title: 'Certificates (certutil)',
      blocks: [
        {
          type: 'table',
          columns: ['store', 'thumbprint', 'subject', 'valid until', 'private key'],
          rows: certs.map((c) => {
            const key = c.missingStoredKeyset
              ? 'Missing stored keyset'
              : c.noKeyProviderInfo
                ? 'no key provider information'
                : c.keyTest === 'failed'
                  ? 'key test FAILED'
                  : c.hasPrivateKey
                    ? c.keyTest === 'passed'
                      ? 'yes (test passed)'
                      : 'yes'
                    : 'none listed';
            return [
              { text: `${c.scope === 'user' ? 'CurrentUser' : 'LocalMachine'}\\${c.store}` },
              { text: c.thumbprint ?? '?' },
              { text: c.subject ?? '' },
              { text: c.notAfter ?? '' },
              {
                text: c.root ? `${key} (CA certificate)` : key,
                tone: c.hasPrivateKey ? 'good' : c.root ? 'plain' : 'bad',
              },
            ];
          }),
        },
      ],
    });
  }
  const iis = of<IisBindingObservation>('windows.iis-binding');
  if (iis.length > 0) {
    sections.push({
      title: 'IIS https bindings',
      blocks: [
        {
          type: 'table',
          columns: ['site', 'bindingInformation', 'sslFlags', 'kind'],
          rows: iis.map((b) => [
            { text: b.site },
            { text: b.bindingInformation },
            { text: String(b.sslFlags) },
            { text: b.centralCertStore ? 'CCS' : b.sni ? 'SNI' : 'IP:port' },
          ]),
        },
      ],
    });
  }
  const protos = of<SchannelProtocolObservation>('windows.schannel-protocol').filter(
    (p) => p.side === 'server',
  );
  if (protos.length > 0) {
    sections.push({
      title: 'SCHANNEL protocols (server side, effective)',
      blocks: [
        {
          type: 'table',
          columns: ['protocol', 'effective', 'why'],
          rows: protos.map((p) => [
            { text: p.protocol },
            {
              text: p.effective,
              tone:
                p.effective === 'enabled'
                  ? /SSL|TLS 1\.[01]/.test(p.protocol)
                    ? 'warn'
                    : 'good'
                  : p.effective === 'unknown'
                    ? 'info'
                    : 'plain',
            },
            { text: p.reason },
          ]),
        },
      ],
    });
  }
  const orders = of<CipherSuiteOrderObservation>('windows.cipher-suite-order');
  for (const o of orders) {
    sections.push({
      title: `Cipher suite order (${o.source})`,
      blocks: [{ type: 'list', items: o.suites.map((s) => ({ text: s })) }],
    });
  }
  const procs = of<ProcessObservation>('windows.process');
  const ports = of<PortOwnerObservation>('windows.port-owner').filter(
    (p) => p.protocol === 'TCP' && (p.localPort === 443 || iis.some((b) => b.port === p.localPort)),
  );
  if (ports.length > 0) {
    sections.push({
      title: 'HTTPS port listeners',
      blocks: [
        {
          type: 'table',
          columns: ['address', 'PID', 'owner'],
          rows: ports.map((p) => [
            {
              text: p.localAddress.includes(':')
                ? `[${p.localAddress}]:${p.localPort}`
                : `${p.localAddress}:${p.localPort}`,
            },
            { text: p.pid !== undefined ? String(p.pid) : '—', tone: p.pid === 4 ? 'good' : 'bad' },
            { text: ownerName(p, procs) },
          ]),
        },
      ],
    });
  }
  const events = of<EventObservation>('windows.event');
  if (events.length > 0) {
    sections.push({
      title: 'SChannel / HTTP.sys events',
      blocks: [
        {
          type: 'table',
          columns: ['time', 'source', 'id', 'meaning', 'supports'],
          rows: events.slice(0, 50).map((e) => {
            // the knowledge catalogue (tlsdoctor explain) first; the local table when it has nothing
            const known = explainEvent(e.eventId, {
              ...(e.data['AlertDesc'] ? { alertDesc: e.data['AlertDesc'] } : {}),
              ...((e.data['ErrorState'] ?? e.data['ErrorStatus'])
                ? { errorState: (e.data['ErrorState'] ?? e.data['ErrorStatus'])! }
                : {}),
              ...(e.data['ErrorCode'] ? { errorCode: e.data['ErrorCode'] } : {}),
            });
            const local = eventMeaning(e.provider, e.eventId);
            const meaning =
              known.length > 0
                ? known.map((k) => k.title).join('; ')
                : (local?.title ?? 'not in the catalogue');
            const supports = [
              ...new Set([
                ...known.flatMap((k) => k.causes.flatMap((c) => (c.findingId ? [c.findingId] : []))),
                ...(local?.findingId ? [local.findingId] : []),
              ]),
            ].filter((id) => findingIds.has(id));
            return [
              { text: e.time ?? '' },
              { text: e.provider },
              { text: String(e.eventId) },
              { text: meaning },
              { text: supports.join(', ') || '—', tone: supports.length ? 'bad' : 'plain' },
            ];
          }),
        },
      ],
    });
  }
  return sections;
}

/** 'System (HTTP.sys)', 'httpd.exe — Apache httpd (…)', 'svchost.exe [TermService]'. */
function ownerName(p: PortOwnerObservation, procs: readonly ProcessObservation[]): string {
  if (p.pid === 4 || (p.pid === undefined && p.ownershipUnavailable)) return 'System (HTTP.sys)';
  const proc = p.pid !== undefined ? procs.find((x) => x.pid === p.pid) : undefined;
  const image = p.image ?? proc?.image;
  const services = p.service ? [p.service] : (proc?.services ?? []);
  const known = knownPortOwner(image) ?? services.map((s) => knownPortOwner(undefined, s)).find(Boolean);
  const base = `${image ?? '?'}${services.length ? ` [${services.join(', ')}]` : ''}`;
  return known ? `${base} — ${known.name}` : base;
}
