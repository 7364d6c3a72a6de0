// A URL reservation on the HTTPS port of the site, held by another service (`netsh http show
// urlacl`, or HttpEvent 15007 "Reservation for namespace identified by URL prefix … was
// successfully added"). IIS needs no reservation; a strong wildcard ('+') is matched before any
// host-specific or weak-wildcard ('*') registration (HTTP Server API, "UrlPrefix Strings"), so a
// running service that registered 'https://+:443/' receives every request to 443, and
// 'https://+:443/ReportServer/' takes that path on every host name.
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type {
  EventObservation,
  IisBindingObservation,
  UrlReservationObservation,
} from '../../../model/observations/windows.js';
import { WINDOWS_POLICY } from '../../../windows/policy.js';
import { ev } from './shared/support.js';

const meta: RuleMeta = {
  id: 'windows.url-reservation-conflict',
  title: 'Another service has reserved URLs on the HTTPS port',
  scenario: 'windows-binding',
  severity: 'medium',
  needs: ['windows.input'],
  uses: ['windows.url-reservation', 'windows.event', 'windows.iis-binding'],
  references: [
    'https://learn.microsoft.com/windows/win32/http/urlprefix-strings',
    'https://learn.microsoft.com/windows-server/networking/technologies/netsh/netsh-http',
    'https://learn.microsoft.com/windows-server/manage/windows-admin-center/support/troubleshooting',
  ],
  fix: {
    steps: [
      'Move the other service to another port, or give it its own host name; remove a reservation that is left over: netsh http delete urlacl url=<url>.',
    ],
  },
  description:
    'Reads `netsh http show urlacl` and HttpEvent 15007. An https reservation on 443 (or a port an IIS https binding uses) for the whole port (`https://+:443/`, Windows Admin Center) is high: once its service runs, IIS gets nothing on that port; one for a path (`https://+:443/ReportServer/`, Reporting Services) is low: that path goes to the other service on every host name. WinRM on 5985/5986 is not flagged.',
};

const OWNERS: Array<[RegExp, string]> = [
  [/ReportServer|SQLServerReportingServices|PowerBIReportServer/i, 'SQL Server Reporting Services'],
  [/\/wsman\/?$/i, 'WinRM'],
  [/ServerManagementGateway|WindowsAdminCenter|SmeGateway/i, 'Windows Admin Center'],
];

function ownerOf(url: string, users: readonly string[]): string | undefined {
  for (const [re, name] of OWNERS) if (re.test(url) || users.some((u) => re.test(u))) return name;
  return undefined;
}

function evaluate(obs: ObservationSet): Finding[] {
  const ports = new Set<number>([
    ...WINDOWS_POLICY.httpsPorts,
    ...obs.of<IisBindingObservation>('windows.iis-binding').map((b) => b.port),
  ]);
  type Hit = {
    url: string;
    host: string;
    port: number;
    path: string;
    users: string[];
    from: UrlReservationObservation | EventObservation;
  };
  const hits: Hit[] = [];
  for (const r of obs.of<UrlReservationObservation>('windows.url-reservation'))
    if (r.scheme === 'https' && ports.has(r.port) && (r.host === '+' || r.host === '*'))
      hits.push({
        url: r.url,
        host: r.host,
        port: r.port,
        path: r.path,
        users: r.users.map((u) => u.user),
        from: r,
      });
  for (const e of obs.of<EventObservation>('windows.event')) {
    if (e.eventId !== 15007 || !e.data['Url']) continue;
    const m = /^https:\/\/([+*])(?::(\d+))?(\/.*)?$/i.exec(e.data['Url']);
    if (!m) continue;
    const port = m[2] ? Number(m[2]) : 443;
    const path = m[3] ?? '/';
    if (!ports.has(port) || hits.some((h) => h.url.toLowerCase() === e.data['Url']!.toLowerCase())) continue;
    hits.push({ url: e.data['Url'], host: m[1]!, port, path, users: [], from: e });
  }
  const out: Finding[] = [];
  for (const h of hits) {
    const owner = ownerOf(h.url, h.users);
    if (owner === 'WinRM') continue;
    const whole = h.path === '/';
    const strong = h.host === '+';
    out.push(
      finding(meta, {
        subject: h.url,
        severity: whole && strong ? 'high' : 'low',
        summary: `${h.url} is reserved${h.users.length ? ` for ${h.users.join(', ')}` : ''}${owner ? ` (${owner})` : ''}: ${
          whole
            ? strong
              ? `once that service runs, HTTP.sys gives it every request to port ${h.port} before any IIS site`
              : `it receives the requests to port ${h.port} that no IIS binding claims`
            : `requests for ${h.path} on port ${h.port} go to that service on ${strong ? 'every host name' : 'host names no IIS binding claims'}, not to IIS`
        }.`,
        evidence: [
          ev(
            h.from,
            h.from.kind === 'windows.event'
              ? `HttpEvent 15007 at ${(h.from as EventObservation).time ?? '?'}: reservation ${h.url} added`
              : `Reserved URL : ${h.url}${h.users.length ? `; User: ${h.users.join(', ')}` : ''}`,
          ),
        ],
        fix: {
          steps: [
            owner === 'SQL Server Reporting Services'
              ? 'Report Server Configuration Manager ▸ Web Service URL / Web Portal URL: use another port for its HTTPS URL, or keep 443 and bind the same certificate the site uses.'
              : owner === 'Windows Admin Center'
                ? 'Windows Admin Center: run its setup again and choose another port, or uninstall it; if it is uninstalled already, delete the reservation and its 0.0.0.0:443 certificate binding.'
                : meta.fix.steps[0]!,
            'netsh http show urlacl lists what is left; netsh http show servicestate shows which process registered each URL.',
          ],
          commands: [
            { platform: 'windows-cmd', command: 'netsh http show servicestate view=requestq' },
            { platform: 'windows-cmd', command: `netsh http delete urlacl url=${h.url}` },
            ...(owner === 'Windows Admin Center'
              ? [{ platform: 'windows-cmd', command: `netsh http delete sslcert ipport=0.0.0.0:${h.port}` }]
              : []),
          ],
        },
        codes: ['15007'],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
