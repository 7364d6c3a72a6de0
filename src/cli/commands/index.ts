// The commands, each loaded only when it runs: `tlsdoctor --help` lists them from this table
// without loading any command's code (start-up time: README "Exit codes" / docs/benchmarks.md).
// `term` is what the help list shows; a test checks it against the loaded command.
import type { DefineCommand } from '../context.js';

export interface CommandEntry {
  name: string;
  term: string;
  summary: string;
  load(): Promise<DefineCommand>;
}

export const COMMAND_ENTRIES: CommandEntry[] = [
  {
    name: 'diagnose',
    term: 'diagnose [options] <target>',
    summary: 'find out why HTTPS does not work for a site, with the evidence and the fix',
    load: async () => (await import('./diagnose.js')).defineDiagnose,
  },
  {
    name: 'scan',
    term: 'scan [options] <target>',
    summary: 'enumerate protocol versions, cipher suites (server order), groups and TLS features of a server',
    load: async () => (await import('./scan.js')).defineScan,
  },
  {
    name: 'cert',
    term: 'cert [options] [files...]',
    summary:
      'check certificate, key, PFX and P7B files: key match, chain, trust, EKU, validity, host name, algorithms',
    load: async () => (await import('./cert.js')).defineCert,
  },
  {
    name: 'capture',
    term: 'capture [options] <file>',
    summary:
      'find every TLS handshake in a packet capture (pcap, pcapng, Network Monitor .cap; gzip ok) and say why the failed ones failed',
    load: async () => (await import('./capture.js')).defineCapture,
  },
  {
    name: 'windows',
    term: 'windows',
    summary: 'Windows/IIS server side: collect the evidence on the server, analyze it anywhere',
    load: async () => (await import('./windows.js')).defineWindows,
  },
  {
    name: 'explain',
    term: 'explain [options] [text...]',
    summary:
      'explain a TLS alert, SChannel/HttpEvent event, HRESULT, browser, OpenSSL, curl, .NET, Java or Node error (code, name or pasted text)',
    load: async () => (await import('./explain.js')).defineExplain,
  },
  {
    name: 'demo',
    term: 'demo [options]',
    summary: 'start the built-in lab of broken HTTPS servers on 127.0.0.1 and diagnose each one',
    load: async () => (await import('./demo.js')).defineDemo,
  },
  {
    name: 'diff',
    term: 'diff [options] <a> [b]',
    summary:
      'compare two servers (or one server now and when it worked): what differs, the deciding difference first, and the change that makes the failing one like the other',
    load: async () => (await import('./diff.js')).defineDiff,
  },
  {
    name: 'history',
    term: 'history [options] <target>',
    summary:
      'list the recorded diagnose and scan runs of a target with their verdicts (diff TARGET@last-ok TARGET compares)',
    load: async () => (await import('./history.js')).defineHistory,
  },
  {
    name: 'fleet',
    term: 'fleet [options] <file>',
    summary:
      'diagnose every target of a list (lines, CSV, nmap output) with bounded concurrency: which are broken, why, and which certificates expire soon',
    load: async () => (await import('./fleet.js')).defineFleet,
  },
  {
    name: 'serve',
    term: 'serve [options]',
    summary:
      'a Prometheus exporter: GET /probe?target=… diagnoses one allowed target and answers with its root cause, expiry and protocols as metrics',
    load: async () => (await import('./serve.js')).defineServe,
  },
];

/** a command's one-line summary, as its own help and the program's help show it */
export function summaryOf(name: string): string {
  const e = COMMAND_ENTRIES.find((c) => c.name === name);
  if (!e) throw new Error(`no command ${name} in COMMAND_ENTRIES`);
  return e.summary;
}
