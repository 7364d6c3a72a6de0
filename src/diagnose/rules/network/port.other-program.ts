// Another program owns the HTTPS port: it answers the ClientHello with its own protocol's greeting
// or error (an SSH or SMTP banner, a database's error line), neither TLS nor HTTP. Plain HTTP on
// the port is handshake.not-tls (the site's web server without TLS); this is a different program,
// so the fix is to find it, and to try the site on a port nothing else holds.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { FixCommand, Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import type { HelloObservation } from '../../../model/observations/probe.js';
import { answered } from '../../handshake-analysis.js';
import { isHttpText, readableBytes } from '../../answer-text.js';
import type { ContextObservation } from '../../../model/observations/diagnose.js';

const meta: RuleMeta = {
  id: 'port.other-program',
  emits: ['port.other-program'],
  title: 'Another program (not a TLS or web server) answers on the HTTPS port',
  scenario: 'tcp',
  severity: 'blocker',
  needs: ['probe.hello'],
  uses: ['diagnose.context'],
  references: [
    'RFC 8446 §5.1 (a TLS peer answers with TLS records)',
    'netstat /? (-a -n -o -b: owning process and program)',
    'Get-NetTCPConnection (Microsoft docs)',
    'ss(8) -l -t -n -p',
  ],
  fix: {
    steps: [
      'Find the program that listens on the port (commands below: the owning process id and its name). A program installed later (a remote-support tool, Skype-era software, an SSH or mail server, a database, a VPN or proxy agent) often takes a port the site needs.',
      'Stop that program or move it to another port, then restart the web server so that it binds the port again.',
      'To confirm that the site itself works, bind it to another port (for example 444) and diagnose that port: `tlsdoctor diagnose https://<host>:444/`.',
    ],
    commands: [],
  },
  confidence: 'likely',
  description:
    'The server answered the ClientHello with bytes that are neither TLS nor HTTP: another program holds the port, and browsers report ERR_SSL_PROTOCOL_ERROR or SSL_ERROR_RX_RECORD_TOO_LONG. What it sent is shown as text (escaped, at most 64 bytes), which usually names it (SSH-2.0-…, 220 … ESMTP, a database error). Plain HTTP on the port is handshake.not-tls instead.',
};

/** The commands that show which program holds this port, on each platform. */
export function portOwnerCommands(port: number): FixCommand[] {
  return [
    { platform: 'windows-cmd', command: `netstat -anob | findstr :${port}` },
    {
      platform: 'windows-powershell',
      command: `Get-Process -Id (Get-NetTCPConnection -LocalPort ${port} -State Listen).OwningProcess`,
    },
    { platform: 'linux', command: `ss -ltnp 'sport = :${port}'` },
  ];
}

function evaluate(set: ObservationSet): Finding[] {
  const hellos = set.of<HelloObservation>('probe.hello');
  if (hellos.some((h) => answered(h.outcome))) return [];
  const other = hellos.filter(
    (h) => h.outcome.status === 'not-tls' && h.outcome.firstBytes && !isHttpText(h.outcome.firstBytes),
  );
  if (other.length === 0) return [];
  const first = other[0]!;
  const port = first.outcome.port;
  const text = readableBytes(first.outcome.firstBytes!);
  return [
    finding(meta, {
      summary: `Another program answers on port ${port} of ${first.outcome.address}: it sent "${text}" — neither TLS nor HTTP (${other.length} of ${hellos.length} probes). The web server does not own this port.`,
      evidence: [
        { from: first.from, text: `what answered the ClientHello, as text: "${text}"` },
        {
          from: first.from,
          text: `the same bytes in hex: ${Buffer.from(first.outcome.firstBytes!, 'hex')
            .toString('hex')
            .replace(/(..)(?!$)/g, '$1 ')}`,
        },
      ],
      fix: {
        steps: meta.fix.steps.map((s) =>
          s.replace(
            '<host>',
            set.of<ContextObservation>('diagnose.context')[0]?.host ?? first.outcome.address,
          ),
        ),
        commands: portOwnerCommands(port),
      },
      codes: ['ERR_SSL_PROTOCOL_ERROR', 'SSL_ERROR_RX_RECORD_TOO_LONG', 'ERR_SSL_WRONG_VERSION_NUMBER'],
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
