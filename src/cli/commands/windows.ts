// `tlsdoctor windows collect | analyze` — the Windows/IIS server side (issue 6).
// analyze: files/folders → observations (src/windows) → windows rules → Report → emitReport.
// collect: runs the Windows commands through an injectable runner into a folder with a manifest.
import { Command } from 'commander';
import { runRules } from '../../diagnose/engine.js';
import { rules as windowsRules } from '../../diagnose/rules/windows/index.js';
import { SCHEMA_VERSION, type Report, type Section } from '../../report/index.js';
import { VERSION } from '../../version.js';
import {
  analyzeWindowsInputs,
  type AnalyzeInputsResult,
  type CipherSuiteOrderObservation,
  type EventObservation,
  type IisBindingObservation,
  type PortOwnerObservation,
  type ProcessObservation,
  type SchannelProtocolObservation,
  type SslCertBindingObservation,
} from '../../windows/index.js';
import { collectWindowsBundle, defaultRunner, type Runner } from '../../windows/collect.js';
import { eventMeaning } from '../../windows/event-catalogue.js';
import { explainEvent } from '../../knowledge/index.js';
import { EXIT, type CommandContext } from '../context.js';
import { emitReport, exitCodeFor, type OutputOptions } from '../output.js';

export interface WindowsCommandDeps {
  /** injected in tests: replays recorded command outputs */
  runner?: Runner;
  readFile?: (path: string) => Promise<Buffer>;
  platform?: NodeJS.Platform;
  now?: () => Date;
}

export function defineWindows(ctx: CommandContext, deps: WindowsCommandDeps = {}): Command {
  const cmd = new Command('windows').description('Windows/IIS server side: collect the evidence on the server, analyze it anywhere');
  cmd
    .command('analyze')
    .description('analyze collected Windows outputs (folders or files: netsh, netstat, reg, applicationHost.config, certutil, events, systeminfo)')
    .argument('<paths...>', 'bundle folders and/or files')
    .option('--os <version>', 'Windows version for the SCHANNEL defaults (2008r2, 2012r2, 2016, 2019, 2022, 2025, win10, win11, 10.0.17763 …)')
    .option('--json', 'JSON report on stdout')
    .option('--html <file>', 'also write a self-contained HTML report')
    .option('--no-color', 'no colours')
    .option('-q, --quiet', 'print nothing when healthy')
    .action(async (paths: string[], opts: OutputOptions & { os?: string }) => {
      const started = Date.now();
      const startedAt = new Date(started).toISOString();
      const analyzed = await analyzeWindowsInputs(paths, opts.os ? { os: opts.os } : {});
      const report = buildWindowsReport(paths, analyzed, { startedAt, durationMs: Date.now() - started });
      emitReport(ctx, report, opts);
      ctx.setExit(exitCodeFor(report));
    });
  cmd
    .command('collect')
    .description('on the Windows server: run netsh/netstat/reg/certutil/wevtutil/systeminfo and copy applicationHost.config into one folder')
    .option('--out <dir>', 'output folder', `tlsdoctor-windows-${new Date().toISOString().slice(0, 10)}`)
    .action(async (opts: { out: string }) => {
      const platform = deps.platform ?? process.platform;
      if (platform !== 'win32' && !deps.runner) {
        ctx.io.stderr.write(
          `tlsdoctor: 'windows collect' runs on Windows only (this is ${platform}); run it on the IIS server, copy the folder here and use 'tlsdoctor windows analyze <folder>'\n`,
        );
        ctx.setExit(EXIT.USAGE);
        return;
      }
      const manifest = await collectWindowsBundle({
        out: opts.out,
        runner: deps.runner ?? defaultRunner(),
        ...(deps.readFile ? { readFile: deps.readFile } : {}),
        ...(deps.now ? { now: deps.now } : {}),
        env: ctx.io.env,
      });
      const failed = manifest.files.filter((f) => f.exitCode === null || f.note);
      ctx.io.stdout.write(`Collected ${manifest.files.length - failed.filter((f) => f.exitCode === null).length} of ${manifest.files.length} items into ${opts.out}${manifest.elevated ? '' : ' (not elevated: netstat without owners)'}\n`);
      for (const f of failed) ctx.io.stdout.write(`  ${f.file}: ${f.note ?? 'failed'}\n`);
      ctx.io.stdout.write(`Next: tlsdoctor windows analyze ${opts.out}\n`);
      ctx.setExit(EXIT.OK);
    });
  return cmd;
}

/** Catalogue causes named by their generic (probe/cert) finding ids → the windows finding that says the same from server evidence. */
const WINDOWS_EQUIVALENT: Record<string, string> = {
  'cert.no-private-key': 'windows.cert-no-private-key',
  'cipher.no-common-suite': 'windows.no-modern-suites',
  'protocol.no-common-version': 'windows.only-legacy-protocols',
};

/** The Report of `windows analyze` (command 'windows-analyze'). Pure: observations in, report out. */
export function buildWindowsReport(paths: readonly string[], a: AnalyzeInputsResult, timing: { startedAt: string; durationMs: number }): Report {
  const engine = runRules(windowsRules, a.observations);
  const warnings = [
    ...a.failures.map((f) => f.error),
    ...a.inputs.flatMap((i) => i.notes.map((n) => `${i.origin}: ${n}`)),
  ];
  const explicitFailures = a.failures.filter((f) => f.explicit);
  const readable = a.inputs.filter((i) => i.kind !== 'manifest');
  let verdict: Report['verdict'];
  if (explicitFailures.length > 0 || readable.length === 0) {
    verdict = { status: 'error', summary: explicitFailures[0]?.error ?? a.failures[0]?.error ?? `no Windows input recognised in ${paths.join(', ')}` };
  } else if (engine.findings.length > 0) {
    verdict = { status: 'problems', summary: engine.findings[0]!.summary };
  } else {
    verdict = { status: 'healthy', summary: `no problems found in ${readable.length} Windows input(s)` };
  }
  if (!a.os && a.observations.some((o) => o.kind === 'windows.schannel-protocol')) {
    warnings.push('Windows version unknown (no systeminfo in the inputs, no --os): protocol states without a registry value are reported as unknown');
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'tlsdoctor', version: VERSION },
    command: 'windows-analyze',
    target: paths.join(' '),
    startedAt: timing.startedAt,
    durationMs: timing.durationMs,
    verdict,
    findings: engine.findings,
    rules: engine.results,
    observations: a.observations,
    data: {
      os: a.os ? { name: a.os.name, version: a.os.version, family: a.os.family, via: a.os.via } : null,
      inputs: a.inputs.map((i) => ({ origin: i.origin, kind: i.kind, encoding: i.encoding, notes: i.notes.length })),
    },
    sections: sectionsFor(a, new Set(engine.findings.map((f) => f.id))),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

function sectionsFor(a: AnalyzeInputsResult, findingIds: ReadonlySet<string>): Section[] {
  const obs = a.observations;
  const of = <T>(k: string): T[] => obs.filter((o) => o.kind === k) as unknown as T[];
  const sections: Section[] = [];
  sections.push({
    title: 'Inputs',
    blocks: [
      ...(a.os ? [{ type: 'kv' as const, rows: [{ key: 'Windows', value: `${a.os.name ?? ''} ${a.os.version ?? ''} (${a.os.via})`.trim() }] }] : []),
      { type: 'table', columns: ['file', 'read as', 'encoding', 'unread lines'], rows: a.inputs.map((i) => [{ text: i.origin }, { text: i.kind }, { text: i.encoding }, { text: String(i.notes.length), tone: i.notes.length ? 'warn' : 'plain' }]) },
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
          rows: ssl.map((s) => [{ text: s.endpoint }, { text: s.certHash || '(empty)', tone: s.certHash ? 'plain' : 'bad' }, { text: s.appId ?? '' }, { text: s.certStoreName ?? '' }]),
        },
      ],
    });
  }
  const iis = of<IisBindingObservation>('windows.iis-binding');
  if (iis.length > 0) {
    sections.push({
      title: 'IIS https bindings',
      blocks: [{ type: 'table', columns: ['site', 'bindingInformation', 'sslFlags', 'kind'], rows: iis.map((b) => [{ text: b.site }, { text: b.bindingInformation }, { text: String(b.sslFlags) }, { text: b.centralCertStore ? 'CCS' : b.sni ? 'SNI' : 'IP:port' }]) }],
    });
  }
  const protos = of<SchannelProtocolObservation>('windows.schannel-protocol').filter((p) => p.side === 'server');
  if (protos.length > 0) {
    sections.push({
      title: 'SCHANNEL protocols (server side, effective)',
      blocks: [
        {
          type: 'table',
          columns: ['protocol', 'effective', 'why'],
          rows: protos.map((p) => [{ text: p.protocol }, { text: p.effective, tone: p.effective === 'enabled' ? (/SSL|TLS 1\.[01]/.test(p.protocol) ? 'warn' : 'good') : p.effective === 'unknown' ? 'info' : 'plain' }, { text: p.reason }]),
        },
      ],
    });
  }
  const orders = of<CipherSuiteOrderObservation>('windows.cipher-suite-order');
  for (const o of orders) {
    sections.push({ title: `Cipher suite order (${o.source})`, blocks: [{ type: 'list', items: o.suites.map((s) => ({ text: s })) }] });
  }
  const procs = of<ProcessObservation>('windows.process');
  const ports = of<PortOwnerObservation>('windows.port-owner').filter((p) => p.protocol === 'TCP' && (p.localPort === 443 || iis.some((b) => b.port === p.localPort)));
  if (ports.length > 0) {
    sections.push({
      title: 'HTTPS port listeners',
      blocks: [{ type: 'table', columns: ['address', 'PID', 'owner'], rows: ports.map((p) => [
            { text: p.localAddress.includes(':') ? `[${p.localAddress}]:${p.localPort}` : `${p.localAddress}:${p.localPort}` },
            { text: String(p.pid), tone: p.pid === 4 ? 'good' : 'bad' },
            { text: p.pid === 4 ? 'System (HTTP.sys)' : (p.image ?? procs.find((x) => x.pid === p.pid)?.image ?? '?') },
          ]) }],
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
              ...(e.data['ErrorState'] ?? e.data['ErrorStatus'] ? { errorState: (e.data['ErrorState'] ?? e.data['ErrorStatus'])! } : {}),
              ...(e.data['ErrorCode'] ? { errorCode: e.data['ErrorCode'] } : {}),
            });
            const local = eventMeaning(e.provider, e.eventId);
            const meaning = known.length > 0 ? known.map((k) => k.title).join('; ') : (local?.title ?? 'not in the catalogue');
            const supports = [...new Set([...known.flatMap((k) => k.causes.map((c) => WINDOWS_EQUIVALENT[c.findingId] ?? c.findingId)), ...(local?.findingId ? [local.findingId] : [])])].filter((id) => findingIds.has(id));
            return [{ text: e.time ?? '' }, { text: e.provider }, { text: String(e.eventId) }, { text: meaning }, { text: supports.join(', ') || '—', tone: supports.length ? 'bad' : 'plain' }];
          }),
        },
      ],
    });
  }
  return sections;
}
