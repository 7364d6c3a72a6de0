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
import { WINDOWS_POLICY, knownPortOwner } from '../../../windows/policy.js';
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
    '0x80070020 ERROR_SHARING_VIOLATION (winerror.h)',
    'WSAEADDRINUSE 10048 (winerror.h)',
  ],
  fix: { steps: ['Stop or reconfigure the program that holds the port, then start the IIS site again.'] },
  description:
    'Reads `netstat -ano`/`-anob` (or Get-NetTCPConnection) and tasklist. A TCP listener on 443 (or a port an IIS https binding uses) whose PID is not 4 (System, i.e. HTTP.sys) is a conflict: Skype, VMware hostd, Apache/XAMPP, Tomcat, Docker…',
};

function evaluate(obs: ObservationSet): Finding[] {
  const iisPorts = obs.of<IisBindingObservation>('windows.iis-binding').map((b) => b.port);
  const ports = new Set<number>([...WINDOWS_POLICY.httpsPorts, ...iisPorts]);
  const procs = obs.of<ProcessObservation>('windows.process');
  const owners = obs.of<PortOwnerObservation>('windows.port-owner').filter(
    (o) =>
      o.protocol === 'TCP' &&
      o.state === 'LISTENING' &&
      ports.has(o.localPort) &&
      o.pid !== WINDOWS_POLICY.systemPid &&
      o.pid !== 0 &&
      // without a PID column, a kernel listener is the line that says so
      !(o.pid === undefined && (o.ownershipUnavailable || /^System$/i.test(o.image ?? ''))),
  );
  // one finding per process: by PID, or by image when the output has no PID column
  const groups = new Map<string, PortOwnerObservation[]>();
  for (const o of owners) {
    const key = o.pid !== undefined ? `pid ${o.pid}` : `image ${o.image ?? o.service ?? '?'}`;
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  const out: Finding[] = [];
  for (const list of groups.values()) {
    const pid = list[0]!.pid;
    const proc = pid !== undefined ? procs.find((p) => p.pid === pid) : undefined;
    const image = list.find((o) => o.image)?.image ?? proc?.image;
    const services = [
      ...new Set([...list.flatMap((o) => (o.service ? [o.service] : [])), ...(proc?.services ?? [])]),
    ];
    const known =
      knownPortOwner(image) ??
      services.map((sv) => knownPortOwner(undefined, sv)).find((k) => k !== undefined);
    const endpoints = list.map((o) =>
      o.localAddress.includes(':')
        ? `[${o.localAddress}]:${o.localPort}`
        : `${o.localAddress}:${o.localPort}`,
    );
    const who = [
      pid !== undefined ? `PID ${pid}` : undefined,
      services.length ? `service ${services.join(', ')}` : undefined,
      known?.name,
    ].filter((x): x is string => x !== undefined);
    const label = image
      ? `${image}${who.length ? ` (${who.join(', ')})` : ''}`
      : who.join(', ') || 'an unknown process';
    const pidText = pid !== undefined ? String(pid) : '<pid>';
    out.push(
      finding(meta, {
        subject: endpoints.join(', '),
        summary: `${label} listens on ${endpoints.join(', ')}; HTTP.sys/IIS cannot use ${[...new Set(list.map((o) => o.localPort))].join(', ')} while it does.`,
        evidence: [
          ...list.map((o, i) =>
            ev(
              o,
              `${o.via}: ${o.protocol} ${endpoints[i]} LISTENING${o.pid !== undefined ? ` PID ${o.pid}` : ''}${o.service ? ` ${o.service}` : ''}${o.image ? ` [${o.image}]` : ''}`,
            ),
          ),
          ...(proc ? [ev(proc, `tasklist: ${proc.image} PID ${proc.pid}`)] : []),
        ],
        fix: {
          steps: [
            known?.advice ??
              `Find what ${pid !== undefined ? `PID ${pid}` : (image ?? 'the process')} is (tasklist /svc${pid !== undefined ? ` /fi "PID eq ${pid}"` : ''}) and change its port or stop it.`,
            'Then start the IIS site again (iisreset).',
          ],
          commands: [
            {
              platform: 'windows-cmd',
              command: pid !== undefined ? `tasklist /svc /fi "PID eq ${pid}"` : 'netstat -anob',
            },
            {
              platform: 'powershell',
              command:
                pid !== undefined
                  ? `Get-Process -Id ${pidText} | Format-List Id,ProcessName,Path`
                  : `Get-Process -Name ${(image ?? '<name>').replace(/\.exe$/i, '')} | Format-List Id,ProcessName,Path`,
            },
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
