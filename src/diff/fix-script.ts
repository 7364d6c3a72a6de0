// The fixes of a diff as files to review and run by hand (tlsdoctor never runs them): for Windows a
// `.reg` file (Registry Editor 5.00 format, written as regedit writes it: UTF-16LE with BOM, CRLF)
// and a `.ps1` with the netsh and PowerShell commands; for nginx and Apache a config snippet. Pure:
// the diff in, file names and contents out.
import type { DiffData, RegistryChange } from '../model/report.js';

export interface ScriptFile {
  path: string;
  /** text; `encoding` says how to write it */
  content: string;
  encoding: 'utf16le-bom' | 'utf8';
}

/** `"…"` of a .reg string value: backslash and quote escaped */
const regString = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function regValue(c: RegistryChange): string {
  if (c.type === 'delete') return '-';
  if (c.type === 'REG_DWORD') return `dword:${(c.value as number).toString(16).padStart(8, '0')}`;
  if (c.type === 'REG_SZ') return regString(String(c.value));
  // REG_MULTI_SZ: hex(7), UTF-16LE strings each NUL-terminated, then a final NUL
  const bytes = Buffer.from((c.value as string[]).map((s) => s + '\0').join('') + '\0', 'utf16le');
  return `hex(7):${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join(',')}`;
}

/** The script files for the fixes that make the failing side like the working one. */
export function fixScripts(data: DiffData, base: string): ScriptFile[] {
  const stem = base.replace(/\.(ps1|reg|conf|txt|sh)$/i, '');
  const failing = data.failing === 'a' ? data.a : data.b;
  const working = data.failing === 'a' ? data.b : data.a;
  const fixes = data.differences.filter(
    (d) => d.matters && d.fix && (d.fix.commands.length > 0 || (d.fix.registry?.length ?? 0) > 0),
  );
  const header = [
    `tlsdoctor diff: make ${failing.input} like ${working.input}`,
    `Review every line before running it; tlsdoctor never runs it. Differences, deciding first:`,
    ...fixes.map((d) => `  ${d.facet}: ${d.title}`),
  ];
  const files: ScriptFile[] = [];

  // registry values, once each, in the order of the differences
  const registry = new Map<string, RegistryChange>();
  for (const d of fixes) for (const c of d.fix!.registry ?? []) registry.set(`${c.key}\0${c.name}`, c);
  if (registry.size > 0) {
    const byKey = new Map<string, RegistryChange[]>();
    for (const c of registry.values()) byKey.set(c.key, [...(byKey.get(c.key) ?? []), c]);
    const lines = ['Windows Registry Editor Version 5.00', '', ...header.map((h) => `; ${h}`), ''];
    for (const [key, changes] of byKey) {
      lines.push(`[${key}]`);
      for (const c of changes) lines.push(`"${c.name}"=${regValue(c)}`);
      lines.push('');
    }
    files.push({ path: `${stem}.reg`, content: lines.join('\r\n'), encoding: 'utf16le-bom' });
  }

  // netsh and PowerShell commands (the .reg file holds the `reg add` / `reg delete` changes)
  const seen = new Set<string>();
  const ps: string[] = [];
  for (const d of fixes) {
    const cmds = d.fix!.commands.filter(
      (c) =>
        (c.platform === 'windows-cmd' || c.platform === 'powershell') &&
        !/^reg (add|delete) /.test(c.command),
    );
    // PowerShell passes {…} to netsh only quoted (netsh http add sslcert appid='{…}')
    const fresh = [
      ...new Set(cmds.map((c) => c.command.replace(/appid=(\{[0-9a-fA-F-]+\})/g, "appid='$1'"))),
    ].filter((c) => !seen.has(c));
    if (fresh.length === 0) continue;
    ps.push('', `# ${d.title}: A ${d.a} | B ${d.b}`);
    for (const c of fresh) {
      seen.add(c);
      ps.push(c);
    }
  }
  if (registry.size > 0) ps.push('', `# registry values: reg import "${stem.replace(/^.*[\\/]/, '')}.reg"`);
  if (ps.length > 0 || registry.size > 0) {
    const lines = [...header.map((h) => `# ${h}`), '#requires -RunAsAdministrator', ...ps, ''];
    files.push({ path: `${stem}.ps1`, content: lines.join('\r\n'), encoding: 'utf8' });
  }

  // nginx / Apache directives
  for (const server of ['nginx', 'apache'] as const) {
    const lines: string[] = [];
    const seenS = new Set<string>();
    for (const d of fixes)
      for (const c of d.fix!.commands.filter((x) => x.platform === server && !seenS.has(x.command))) {
        seenS.add(c.command);
        lines.push('', `# ${d.title}`, c.command);
      }
    if (lines.length)
      files.push({
        path: `${stem}.${server}.conf`,
        content: [...header.map((h) => `# ${h}`), ...lines, ''].join('\n'),
        encoding: 'utf8',
      });
  }
  return files;
}
