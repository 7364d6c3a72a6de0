// The sections of a `fleet` report: how many targets in each state, the root causes worst first
// (with the first targets of each), the certificates expiring soon, the clients that fail most,
// and every target that is not healthy, linked to its own report when one was written.
import type { FleetReport } from '../../model/report.js';
import type { Cell, Section, Tone } from '../tree.js';

const statusTone = (s: string): Tone => (s === 'healthy' ? 'good' : s === 'problems' ? 'bad' : 'warn');
const sevTone = (s: string): Tone =>
  s === 'blocker' || s === 'high' ? 'bad' : s === 'info' ? 'info' : 'warn';

export function fleetSections(report: FleetReport): Section[] {
  const d = report.data;
  const sections: Section[] = [
    {
      title: 'Targets',
      blocks: [
        {
          type: 'kv',
          rows: [
            { key: 'Input', value: `${d.input.origin} (${d.input.format}, ${d.input.targets} targets)` },
            { key: 'Mode', value: d.mode },
            {
              key: 'Done',
              value: `${d.done} now${d.resumed ? `, ${d.resumed} from the earlier run` : ''}${d.interrupted ? ' — interrupted' : ''}`,
              ...(d.interrupted ? { tone: 'warn' as const } : {}),
            },
            ...(['healthy', 'problems', 'unreachable', 'error'] as const).map((s) => ({
              key: s[0]!.toUpperCase() + s.slice(1),
              value: String(d.byStatus[s]),
              ...(d.byStatus[s] > 0 ? { tone: statusTone(s) } : {}),
            })),
          ],
        },
      ],
    },
  ];
  sections.push({
    title: 'Root causes',
    blocks: d.causes.length
      ? [
          {
            type: 'table',
            columns: ['Cause', 'Severity', 'Targets', 'First targets'],
            rows: d.causes.map((c): Cell[] => [
              { text: `${c.id} — ${c.title}` },
              { text: c.severity, tone: sevTone(c.severity) },
              { text: String(c.count) },
              { text: c.targets.join(', ') + (c.count > c.targets.length ? ', …' : '') },
            ]),
          },
        ]
      : [{ type: 'text', text: 'no target has a problem above info', tone: 'good' }],
  });
  sections.push({
    title: `Certificates expiring within ${d.warnDays} days`,
    blocks: d.expiring.length
      ? [
          {
            type: 'table',
            columns: ['Target', 'Certificate', 'Not after', 'Days left'],
            rows: d.expiring.map((e): Cell[] => [
              { text: e.target },
              { text: `${e.position === 'leaf' ? '' : 'chain: '}${e.subject}` },
              { text: e.notAfter },
              { text: String(e.daysLeft), tone: e.daysLeft < 0 ? 'bad' : 'warn' },
            ]),
          },
        ]
      : [{ type: 'text', text: 'none', tone: 'good' }],
  });
  if (d.clients.length)
    sections.push({
      title: 'Clients that fail most',
      blocks: [
        {
          type: 'table',
          columns: ['Client profile', 'Targets it fails on'],
          rows: d.clients.slice(0, 10).map((c): Cell[] => [{ text: c.profile }, { text: String(c.targets) }]),
        },
      ],
    });
  const bad = d.results.filter((r) => r.status !== 'healthy');
  if (bad.length)
    sections.push({
      title: 'Targets that fail',
      blocks: [
        {
          type: 'table',
          columns: ['Target', 'Status', 'Root cause', 'Summary'],
          rows: bad.map((r): Cell[] => [
            { text: r.target, ...(r.report ? { href: r.report } : {}) },
            { text: r.status + (r.timedOut ? ' (timeout)' : ''), tone: statusTone(r.status) },
            { text: r.rootCause?.id ?? '' },
            { text: r.summary },
          ]),
        },
      ],
    });
  return sections;
}
