// The section builders, one per command: the typed report in, the render-neutral sections out.
// Adding a command: its builder in its own file here and one line in SECTIONS.
import type { CommandName, Report, ReportOf } from '../../model/report.js';
import type { ReportTree, Section } from '../tree.js';
import { captureSections } from './capture.js';
import { certSections } from './cert.js';
import { diagnoseSections } from './diagnose.js';
import { diffSections, historySections } from './diff.js';
import { explainSections } from './explain.js';
import { fleetSections } from './fleet.js';
import { scanSections } from './scan.js';
import { windowsAnalyzeSections } from './windows.js';

const none = (): Section[] => [];

export const SECTIONS: { readonly [C in CommandName]: (report: ReportOf<C>) => Section[] } = {
  capture: captureSections,
  cert: certSections,
  // the demo's text is its own table of scenarios; --details renders each diagnose report
  demo: none,
  diagnose: diagnoseSections,
  diff: diffSections,
  history: historySections,
  explain: explainSections,
  fleet: fleetSections,
  scan: scanSections,
  'windows-analyze': windowsAnalyzeSections,
  // collect writes a bundle folder, not a report to show
  'windows-collect': none,
};

/** The sections a report is shown with (none for a command this version does not know). */
export function sectionsFor(report: Report): Section[] {
  const build = SECTIONS[report.command] as ((r: Report) => Section[]) | undefined;
  return build ? build(report) : [];
}

/** The report with its sections: what the text and HTML renderers walk. */
export function treeOf(report: Report): ReportTree {
  return { report, sections: sectionsFor(report) };
}
