// The sections of a `diff` report (A and B side by side, the deciding differences first, each with
// the change that makes the failing side like the other), of a `history` report (the runs of a
// target), and the "since it last worked" section a failing diagnose shows.
import type { DiffReport, HistoryReport, LastWorked } from '../../model/report.js';
import type { Block, Cell, Section, Tone } from '../tree.js';

const statusTone = (s: string): Tone => (s === 'healthy' ? 'good' : s === 'problems' ? 'bad' : 'warn');

export function diffSections(report: DiffReport): Section[] {
  const d = report.data;
  const sections: Section[] = [];
  const sideRow = (label: 'A' | 'B', s: DiffReport['data']['a']) => ({
    key: label,
    value: `${s.input} — ${s.kind === 'live' ? 'diagnosed now' : `${s.command} report of ${s.takenAt}`} — ${s.verdict.status}${s.rootCause ? ` (${s.rootCause.id})` : ''}${s.platform !== 'unknown' ? ` — ${s.platform}` : ''}`,
    tone: statusTone(s.verdict.status),
  });
  sections.push({
    title: 'Sides',
    blocks: [
      {
        type: 'kv',
        rows: [
          sideRow('A', d.a),
          sideRow('B', d.b),
          { key: 'Compared', value: d.compared.length ? d.compared.join(', ') : 'nothing in common' },
          {
            key: 'Fixes make',
            value:
              d.failing === 'a'
                ? 'A like B (A fails)'
                : d.failing === 'b'
                  ? 'B like A (B fails)'
                  : 'B like A (neither side fails)',
          },
        ],
      },
    ],
  });

  const tone = (side: 'a' | 'b'): Tone => (d.failing === side ? 'bad' : d.failing ? 'good' : 'warn');
  // the clients have their own table below, with the difference that decides each
  const matters = d.differences.filter((x) => x.matters && x.area !== 'clients');
  if (matters.length) {
    const table: Block = {
      type: 'table',
      caption: 'What explains the failure first',
      columns: ['#', 'Fact', 'A', 'B', 'Explains'],
      rows: matters.map((x, i): Cell[] => [
        { text: String(i + 1) },
        { text: x.title },
        { text: x.a, tone: tone('a') },
        { text: x.b, tone: tone('b') },
        { text: x.explains ?? '' },
      ]),
    };
    const fixes: Section[] = matters
      .map((x, i) => ({ x, i }))
      .filter(({ x }) => x.fix && (x.fix.steps.length || x.fix.commands.length))
      .map(({ x, i }) => ({
        title: `${i + 1}. ${x.title}`,
        blocks: [
          ...(x.why ? [{ type: 'text' as const, text: x.why }] : []),
          { type: 'list' as const, items: x.fix!.steps.map((s) => ({ text: s })) },
          ...(x.fix!.commands.length
            ? [
                {
                  type: 'text' as const,
                  text: x.fix!.commands.map((c) => `(${c.platform}) ${c.command}`).join('\n'),
                  tone: 'info' as const,
                },
              ]
            : []),
        ],
      }));
    sections.push({ title: 'Differences that matter', blocks: [table], sections: fixes });
  } else {
    sections.push({
      title: 'Differences that matter',
      blocks: [
        {
          type: 'text',
          text: 'none: A and B are equivalent for every compared fact that matters',
          tone: 'good',
        },
      ],
    });
  }

  if (d.clients.length)
    sections.push({
      title: `Clients that work on ${d.failing === 'a' ? 'B' : 'A'} and fail on ${d.failing === 'a' ? 'A' : 'B'}`,
      blocks: [
        {
          type: 'table',
          columns: ['Client', 'A', 'B', 'Decided by'],
          rows: d.clients.map((c): Cell[] => [
            { text: c.name },
            { text: c.a, tone: tone('a') },
            { text: c.b, tone: tone('b') },
            { text: c.why },
          ]),
        },
      ],
    });

  const rest = d.differences.filter((x) => !x.matters);
  if (rest.length)
    sections.push({
      title: 'Other differences (they decide nothing)',
      blocks: [
        {
          type: 'table',
          columns: ['Fact', 'A', 'B'],
          rows: rest.map((x): Cell[] => [{ text: x.title, tone: 'plain' }, { text: x.a }, { text: x.b }]),
        },
      ],
    });
  if (d.fixScripts?.length)
    sections.push({
      title: 'Fix script (review it; tlsdoctor never runs it)',
      blocks: [{ type: 'list', items: d.fixScripts.map((f) => ({ text: f })) }],
    });
  return sections;
}

export function historySections(report: HistoryReport): Section[] {
  const runs = report.data.runs;
  return [
    {
      title: `Runs of ${report.target} (${report.data.directory})`,
      blocks: runs.length
        ? [
            {
              type: 'table',
              columns: ['When', 'Command', 'Verdict', 'Root cause', 'File'],
              rows: runs.map((r): Cell[] => [
                { text: r.startedAt },
                { text: r.command },
                { text: r.verdict.status, tone: statusTone(r.verdict.status) },
                { text: r.rootCause ?? '' },
                { text: r.file },
              ]),
            },
          ]
        : [{ type: 'text', text: 'no recorded run (diagnose and scan record each run unless --no-history)' }],
    },
  ];
}

/** For a failing diagnose: when it last worked and what changed since. */
export function lastWorkedSections(lw: LastWorked | undefined, target: string): Section[] {
  if (!lw) return [];
  return [
    {
      title: `It last worked at ${lw.at}`,
      blocks: [
        {
          type: 'text',
          text: lw.differences.length
            ? `Since then (tlsdoctor diff ${target}@last-ok ${target} shows every difference and its fix; the run then: ${lw.file}):`
            : 'Since then: no difference that matters in what was compared',
        },
        ...(lw.differences.length
          ? [
              {
                type: 'table' as const,
                columns: ['Fact', 'Then', 'Now', 'Explains'],
                rows: lw.differences.map((x): Cell[] => [
                  { text: x.title },
                  { text: x.a, tone: 'good' },
                  { text: x.b, tone: 'bad' },
                  { text: x.explains ?? '' },
                ]),
              },
            ]
          : []),
      ],
    },
  ];
}
