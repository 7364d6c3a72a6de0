// The shape of one capture format in the registry (src/capture/formats/index.ts): its name, the
// bytes that open a file of that format (detection is by content, never by file name) and its reader.
import type { SequentialSource } from '../source.js';
import type { PacketCallback, ReadOptions, ReadSummary } from './types.js';

/** What a reader is handed: the opened file, positioned at offset 0 with the magic still unread. */
export interface CaptureInput {
  path: string;
  /** the (possibly gunzipped) byte stream; a reader that needs random access closes it and reopens `path` */
  source: SequentialSource;
}

export interface CaptureFormatDefinition {
  /** registry key: the format's file name in src/capture/formats/ and its test's in test/capture/formats/ */
  name: string;
  /**
   * The byte strings a file of this format starts with; a file is this format when it starts with any
   * of them. Magics of different formats never overlap (a meta-test checks it).
   */
  magic: readonly Buffer[];
  /** how the "not a capture file" error names this format, e.g. 'pcapng (0a0d0d0a)' */
  expected: string;
  read(input: CaptureInput, onPacket: PacketCallback, opts: ReadOptions): Promise<ReadSummary>;
}

export type CaptureFormatEntry = Readonly<CaptureFormatDefinition>;

/** Declares one capture format; validates its magic at load time so a typo fails loudly. */
export function defineCaptureFormat(def: CaptureFormatDefinition): CaptureFormatEntry {
  if (!/^[a-z0-9-]+$/.test(def.name)) throw new Error(`capture format name "${def.name}" is not kebab-case`);
  if (def.magic.length === 0 || def.magic.some((m) => m.length === 0))
    throw new Error(`capture format ${def.name}: every format declares at least one non-empty magic`);
  return Object.freeze({ ...def, magic: Object.freeze([...def.magic]) });
}

/** Does `head` (the first bytes of a file) start with one of the format's magics? */
export function matchesMagic(format: CaptureFormatEntry, head: Buffer): boolean {
  return format.magic.some((m) => head.length >= m.length && head.subarray(0, m.length).equals(m));
}
