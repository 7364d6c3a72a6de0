// `tasklist`, `tasklist /svc` and `tasklist /fo csv`: PID → image name (and services).
// Image names contain spaces ('System Idle Process'), so the table is cut at the columns of the
// '=====' ruler line when there is one; CSV is read as CSV.
import type { ProcessObservation } from '../../model/observations/windows.js';
import type { Line } from '../text.js';
import { defineParser } from '../define-parser.js';

export interface RawTask {
  line: number;
  image: string;
  pid: number;
  services?: string[];
}
export interface RawTasklist {
  tasks: RawTask[];
  notes: string[];
}

function csvFields(s: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"]|"")*)"|([^,]+)|(?<=,)(?=,|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    out.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : (m[2] ?? ''));
    if (m[0] === '') re.lastIndex++;
  }
  return out;
}

export function parseTasklistRaw(lines: readonly Line[]): RawTasklist {
  const out: RawTasklist = { tasks: [], notes: [] };
  let cols: Array<[number, number]> | undefined;
  let svcCol = -1;
  for (const { n, text } of lines) {
    const t = text.trim();
    if (t === '') continue;
    if (t.startsWith('"')) {
      const f = csvFields(t);
      if (f.length >= 2 && /^\d+$/.test(f[1]!)) {
        const task: RawTask = { line: n, image: f[0]!, pid: Number(f[1]) };
        if (f.length === 3 && f[2] !== 'N/A')
          task.services = f[2]!
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
        out.tasks.push(task);
      }
      continue;
    }
    if (/^=+(?:\s+=+)+$/.test(t)) {
      cols = [];
      const re = /=+/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text)) !== null) cols.push([m.index, m.index + m[0].length]);
      continue;
    }
    if (/^Image Name\b|^Abbildname\b|^Nom de l'image\b/i.test(t)) {
      svcCol = /Services|Dienste/i.test(t) ? 2 : -1;
      continue;
    }
    if (/^INFO:/i.test(t)) continue;
    if (cols && cols.length >= 2) {
      const cut = (i: number): string => {
        const c = cols![i];
        if (!c) return '';
        const end = i + 1 < cols!.length ? cols![i + 1]![0] : text.length;
        return text.slice(c[0], Math.max(end, c[1])).trim();
      };
      const image = cut(0);
      const pidText = cut(1);
      if (image === '' && svcCol === 2 && out.tasks.length > 0) {
        // /svc continuation line: more services of the previous process
        const more = cut(2)
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const prev = out.tasks[out.tasks.length - 1]!;
        prev.services = [...(prev.services ?? []), ...more];
        continue;
      }
      if (/^\d+$/.test(pidText)) {
        const task: RawTask = { line: n, image, pid: Number(pidText) };
        if (svcCol === 2) {
          const s = cut(2);
          if (s && s !== 'N/A')
            task.services = s
              .split(',')
              .map((x) => x.trim())
              .filter(Boolean);
        }
        out.tasks.push(task);
        continue;
      }
    }
    const m = /^(.+?)\s+(\d+)\s+(?:Services|Console|RDP-Tcp#\d+|\S+)\s+\d+\s+[\d.,]+\s*K$/.exec(t);
    if (m) {
      out.tasks.push({ line: n, image: m[1]!, pid: Number(m[2]) });
      continue;
    }
    out.notes.push(`line ${n}: not a tasklist row: ${t.slice(0, 80)}`);
  }
  return out;
}

export function observeTasklist(raw: RawTasklist, origin: string): ProcessObservation[] {
  return raw.tasks.map((t) => {
    const o: ProcessObservation = {
      kind: 'windows.process',
      from: { source: 'windows', origin, line: t.line },
      pid: t.pid,
      image: t.image,
    };
    if (t.services && t.services.length > 0) o.services = t.services;
    return o;
  });
}

export const parser = defineParser({
  id: 'tasklist',
  title: '`tasklist` (table, `/svc`, `/fo csv`)',
  kinds: ['tasklist'],
  files: ['tasklist.txt', 'tasklist*.txt', 'tasklist*.csv'],
  collect: [{ file: 'tasklist.txt', cmd: 'tasklist', args: ['/svc'], what: 'PID → image and services' }],
  detectedBy: '`Image Name … PID` + `====` ruler, or CSV',
  detect: (head) =>
    /^[ \t]*"Image Name","PID"/m.test(head) ||
    (/^[ \t]*Image Name\s+PID\b/m.test(head) && /^=+\s+=+/m.test(head)) ||
    /^[ \t]*"[^"]+\.exe","\d+"/m.test(head)
      ? 35
      : 0,
  raw: ({ lines }) => parseTasklistRaw(lines),
  observe: (raw, { origin }) => observeTasklist(raw, origin),
});
