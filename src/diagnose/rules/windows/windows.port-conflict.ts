// A process other than HTTP.sys (PID 4 = System) listens on an HTTPS port IIS needs. HTTP.sys
// cannot share the port with a user-mode listener; the site fails to start (0x80070020) or the
// other program answers instead (often plain HTTP: ERR_SSL_PROTOCOL_ERROR / "wrong version number").
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type {
  IisBindingObservation,
  PortOwnerObservation,
  ProcessObservation,
} from '../../../model/observations/windows.js';
import { PORT_GRABBERS, WINDOWS_POLICY } from '../../../windows/policy.js';
import { ev } from './shared/support.js';

const meta: RuleMeta = {
  id: 'windows.port-conflict',
  title: 'Another program holds the HTTPS port',
  scenario: 'windows-port',
  severity: 'blocker',
  needs: ['windows.port-owner'],
  uses: ['windows.iis-binding', 'windows.process'],
  references: [
    'https://learn.microsoft.com/windows-server/administration/windows-commands/netstat',
    '0x80070020',
    'WSAEADDRINUSE 10048',
  ],
  fix: { steps: ['Stop or reconfigure the program that holds the port, then start the IIS site again.'] },
  description:
    'Reads `netstat -ano`/`-anob` (or Get-NetTCPConnection) and tasklist. A TCP listener on 443 (or a port an IIS https binding uses) whose PID is not 4 (System, i.e. HTTP.sys) is a conflict: Skype, VMware hostd, Apache/XAMPP, Tomcat, Docker…',
};

function evaluate(obs: ObservationSet): Finding[] {
  const iisPorts = obs.of<IisBindingObservation>('windows.iis-binding').map((b) => b.port);
  const ports = new Set<number>([...WINDOWS_POLICY.httpsPorts, ...iisPorts]);
  const procs = obs.of<ProcessObservation>('windows.process');
  const owners = obs
    .of<PortOwnerObservation>('windows.port-owner')
    .filter(
      (o) =>
        o.protocol === 'TCP' &&
        o.state === 'LISTENING' &&
        ports.has(o.localPort) &&
        o.pid !== WINDOWS_POLICY.systemPid &&
        o.pid !== 0,
    );
  const byPid = new Map<number, PortOwnerObservation[]>();
  for (const o of owners) byPid.set(o.pid, [...(byPid.get(o.pid) ?? []), o]);
  const out: Finding[] = [];
  for (const [pid, list] of byPid) {
    const proc = procs.find((p) => p.pid === pid);
    const image = list.find((o) => o.image)?.image ?? proc?.image;
    const known = image ? PORT_GRABBERS.find((g) => g.image.test(image)) : undefined;
    const endpoints = list.map((o) =>
      o.localAddress.includes(':')
        ? `[${o.localAddress}]:${o.localPort}`
        : `${o.localAddress}:${o.localPort}`,
    );
    out.push(
      finding(meta, {
        summary: `${image ? `${image} (PID ${pid}${known ? `, ${known.name}` : ''})` : `PID ${pid}`} listens on ${endpoints.join(', ')}; HTTP.sys/IIS cannot use ${[...new Set(list.map((o) => o.localPort))].join(', ')} while it does.`,
        evidence: [
          ...list.map((o) =>
            ev(
              o,
              `${o.via}: ${o.protocol} ${endpoints[list.indexOf(o)]} LISTENING PID ${pid}${o.image ? ` [${o.image}]` : ''}`,
            ),
          ),
          ...(proc ? [ev(proc, `tasklist: ${proc.image} PID ${pid}`)] : []),
        ],
        fix: {
          steps: [
            known?.advice ??
              `Find what PID ${pid} is (tasklist /svc /fi "PID eq ${pid}") and change its port or stop it.`,
            'Then start the IIS site again (iisreset).',
          ],
          commands: [
            { platform: 'windows-cmd', command: `tasklist /svc /fi "PID eq ${pid}"` },
            { platform: 'powershell', command: `Get-Process -Id ${pid} | Format-List Id,ProcessName,Path` },
            { platform: 'windows-cmd', command: 'iisreset' },
          ],
        },
        codes: ['0x80070020', '10048'],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
