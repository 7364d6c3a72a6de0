// Comparing two reports (two servers, or one server at two times): each report becomes a side
// (its facts as facets, its findings, its verdict), and the sides are compared with the failing
// side's root cause first. Pure: reports in, the diff's data out.
import type { Finding } from '../model/finding.js';
import type { ObservationBase } from '../model/observation.js';
import type { HttpObservation, ScanResult } from '../model/observations/probe.js';
import type { DiffData, DiffPlatform, DiffSide, DiffSideKind, LastWorked, Report } from '../model/report.js';
import { facetsOf } from './facets.js';
import { compareSides, type SideInput } from './compare.js';

export { facetsOf, type Facet, type FacetMap } from './facets.js';
export { compareSides, failingSide, type SideInput } from './compare.js';
export { fixScripts, type ScriptFile } from './fix-script.js';
export { regAdd } from './fixes.js';
export { RELATES, relatedPatterns } from './relates.js';

/** The server software a side runs, from what it showed: Windows inputs, or the HTTP Server header. */
export function platformOf(observations: readonly ObservationBase[], kind: DiffSideKind): DiffPlatform {
  if (kind === 'windows-bundle' || observations.some((o) => o.kind.startsWith('windows.'))) return 'windows';
  const http = observations.find((o): o is HttpObservation => o.kind === 'probe.http');
  const server = http?.result.server ?? '';
  if (/Microsoft-(IIS|HTTPAPI)/i.test(server)) return 'windows';
  if (/nginx/i.test(server)) return 'nginx';
  if (/apache/i.test(server)) return 'apache';
  return 'unknown';
}

/** A report (any command's) as one side of a diff. */
export function sideOf(report: Report, input: string, kind: DiffSideKind): SideInput {
  const scan = report.command === 'scan' ? (report.data as { scan: ScanResult }).scan : undefined;
  const findings: Finding[] = report.findings;
  const root = findings.find((f) => f.severity !== 'info');
  const side: DiffSide = {
    input,
    kind,
    target: report.target,
    takenAt: report.startedAt,
    command: report.command,
    verdict: report.verdict,
    ...(root ? { rootCause: { id: root.id, summary: root.summary } } : {}),
    platform: platformOf(report.observations, kind),
  };
  return { side, facets: facetsOf(report.observations, scan), findings };
}

/** The diff's data for two sides. */
export function diffSides(a: SideInput, b: SideInput): DiffData {
  return { a: a.side, b: b.side, ...compareSides(a, b) };
}

/** What changed since the run that worked: the differences that matter, deciding first. */
export function lastWorked(before: Report, beforeFile: string, now: Report): LastWorked {
  const d = diffSides(sideOf(before, beforeFile, 'history'), sideOf(now, now.target, 'live'));
  return {
    at: before.startedAt,
    file: beforeFile,
    differences: d.differences
      // the clients follow from these (diff TARGET@last-ok TARGET lists them)
      .filter((x) => x.matters && x.area !== 'clients')
      .slice(0, 8)
      .map((x) => ({
        facet: x.facet,
        title: x.title,
        a: x.a,
        b: x.b,
        ...(x.explains ? { explains: x.explains } : {}),
      })),
  };
}
