// The render-neutral tree (DESIGN convention 11): the sections a report is shown with besides its
// verdict, findings, warnings and checks. Built from the typed report by src/report/sections;
// the text and HTML renderers walk it. Presentation only: not part of the JSON contract.
import type { Report } from '../model/report.js';

export type Tone = 'good' | 'bad' | 'warn' | 'info' | 'plain';

export interface Cell {
  text: string;
  tone?: Tone;
  /** a relative link to a page written beside the report (`folder/file.html`) */
  href?: string;
}

export interface TimelineEvent {
  atMs: number;
  who: 'client' | 'server' | 'note';
  text: string;
  tone?: Tone;
}

export type Block =
  | { type: 'kv'; rows: Array<{ key: string; value: string; tone?: Tone }> }
  | { type: 'table'; columns: string[]; rows: Cell[][]; caption?: string }
  | { type: 'text'; text: string; tone?: Tone }
  | { type: 'list'; items: Array<{ text: string; tone?: Tone }> }
  | { type: 'timeline'; events: TimelineEvent[] };

export interface Section {
  title: string;
  blocks: Block[];
  /** nested sections, e.g. one per certificate */
  sections?: Section[];
}

/** A report with the sections it is shown with. */
export interface ReportTree {
  report: Report;
  sections: Section[];
}
