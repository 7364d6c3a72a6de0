// SChannel and HttpEvent events in the forms admins hand over (Microsoft Learn: wevtutil, Get-WinEvent):
// `wevtutil qe … /f:text` ('Event[N]:' blocks), XML (`/f:xml` bare <Event> elements, Event Viewer
// "Details ▸ XML", Get-WinEvent ToXml), Event Viewer "Copy" text ('Log Name:' … 'Event Xml:'),
// and `Get-WinEvent | Format-List`. Labels are localized, so records are keyed on the ID digits
// and the message text; the EventData numbers are re-read from the message when only text exists.
import { XMLParser } from 'fast-xml-parser';
import { TlsDoctorError } from '../../errors.js';
import type { EventObservation } from '../../model/observations/windows.js';
import type { Line } from '../text.js';
import { defineParser } from '../define-parser.js';
import { checkXml, lineStarts } from '../xml.js';

export interface RawEvent {
  line: number;
  provider?: string;
  eventId?: number;
  level?: string;
  time?: string;
  computer?: string;
  message?: string;
  data: Record<string, string>;
  via: string;
}
export interface RawEvents {
  events: RawEvent[];
  notes: string[];
}

const LEVELS: Record<string, string> = {
  '0': 'Information',
  '1': 'Critical',
  '2': 'Error',
  '3': 'Warning',
  '4': 'Information',
  '5': 'Verbose',
};

type XmlNode = Record<string, unknown>;
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const textOf = (v: unknown): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') {
    const t = (v as XmlNode)['#text'];
    return t === undefined ? undefined : String(t);
  }
  return String(v);
};

/** XML events: bare <Event> elements or an <Events> root; `- ` collapse markers of old viewers stripped. */
export function parseEventsXmlRaw(text: string, origin: string, lineBase = 0): RawEvents {
  const notes: string[] = [];
  if (/<!DOCTYPE|<!ENTITY/i.test(text))
    throw new TlsDoctorError(
      'INPUT_FORMAT',
      `${origin}: XML with a DOCTYPE/ENTITY declaration is not an event export`,
    );
  // checked as written (a fragment: bare <Event> elements, '- ' markers), so the line and offset
  // of a problem are the file's own
  const problem = checkXml(text, { fragment: true });
  if (problem)
    throw new TlsDoctorError(
      'INPUT_FORMAT',
      `${origin}: event XML is not well-formed near line ${problem.line + lineBase} (offset ${problem.offset}): ${problem.message}`,
    );
  // well-formed from here on: every '<?' has its '?>', so the declaration pattern stops there
  let body = text.replace(/^[ \t]*-[ \t](?=<)/gm, '').replace(/<\?xml[^>]*\?>/g, '');
  if (!/^\s*<Events[\s>]/.test(body)) body = `<Events>${body}</Events>`;
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    processEntities: true,
    htmlEntities: false,
    parseTagValue: false,
  }).parse(body) as XmlNode;
  const lines = lineStarts(text, /<Event[\s>]/g).map((l) => l + lineBase);
  const events: RawEvent[] = [];
  const root = doc['Events'] as XmlNode | undefined;
  let i = 0;
  for (const ev of asArray(root?.['Event'])) {
    const line = lines[i++] ?? lineBase + 1;
    const sys = ((ev as XmlNode)['System'] ?? {}) as XmlNode;
    const prov = (sys['Provider'] ?? {}) as XmlNode;
    const r: RawEvent = { line, data: {}, via: 'xml' };
    const name = prov['@Name'] ?? prov['@EventSourceName'];
    if (name !== undefined) r.provider = String(name);
    const id = textOf(sys['EventID']);
    if (id !== undefined && /^\d+$/.test(id.trim())) r.eventId = Number(id.trim());
    const level = textOf(sys['Level']);
    if (level !== undefined) r.level = LEVELS[level.trim()] ?? level.trim();
    const tc = (sys['TimeCreated'] ?? {}) as XmlNode;
    if (tc['@SystemTime'] !== undefined) r.time = String(tc['@SystemTime']);
    const comp = textOf(sys['Computer']);
    if (comp !== undefined) r.computer = comp;
    const data = ((ev as XmlNode)['EventData'] ?? {}) as XmlNode;
    let j = 0;
    for (const d of asArray(data['Data'])) {
      if (d && typeof d === 'object') {
        const n = (d as XmlNode)['@Name'];
        const v = textOf(d) ?? '';
        r.data[n !== undefined ? String(n) : `param${++j}`] = v;
      } else r.data[`param${++j}`] = String(d);
    }
    const ri = ((ev as XmlNode)['RenderingInfo'] ?? {}) as XmlNode;
    const msg = textOf(ri['Message']);
    if (msg !== undefined) r.message = msg;
    events.push(r);
  }
  return { events, notes };
}

type Field =
  'provider' | 'eventId' | 'level' | 'time' | 'clock' | 'computer' | 'message' | 'logName' | 'skip';
const LABELS: Array<[RegExp, Field]> = [
  [/^(?:Source|Quelle|Event Source|ProviderName|Source de l'événement|Origen)$/i, 'provider'],
  [/^(?:Event ID|Ereignis-ID|Id|ID de l'événement|Id\. del evento)$/i, 'eventId'],
  [/^(?:Level|Ebene|LevelDisplayName|Niveau|Nivel|Event Type)$/i, 'level'],
  [/^(?:Date|Datum|TimeCreated|Logged|Protokolliert)$/i, 'time'],
  // the Windows 2000/2003 Event Viewer gives the date and the time on two lines
  [/^(?:Time|Zeit|Uhrzeit)$/i, 'clock'],
  [/^(?:Computer|MachineName|Ordinateur|Equipo)$/i, 'computer'],
  [/^(?:Description|Beschreibung|Message|Meldung)$/i, 'message'],
  [/^(?:Log Name|Protokollname|LogName|Journal)$/i, 'logName'],
  [
    /^(?:Task|Aufgabe|Aufgabenkategorie|Task Category|Event Category|Category|Kategorie|Opcode|Keyword|Keywords|Schlüsselwörter|User|Benutzer|User Name|Benutzername|RecordId|ProcessId|ThreadId|Type)$/i,
    'skip',
  ],
];

/** The fields a record holds once: meeting one again starts the next record. */
const ONCE: ReadonlySet<Field> = new Set(['provider', 'eventId', 'level', 'time', 'computer', 'message']);

const LABEL_RE = /^[A-Za-zÀ-ÿ][\w .'À-ÿ-]*$/;

/**
 * 'Label : value' → [whole, label, value] (the label is what stands before the first ':', without
 * its trailing blanks). Split at the colon by index: a lazy label pattern followed by `\s*:` tries
 * every blank of a long line against every other one.
 */
function labelled(t: string): [string, string, string] | undefined {
  const colon = t.indexOf(':');
  if (colon < 0) return undefined;
  const label = t.slice(0, colon).trimEnd();
  if (!LABEL_RE.test(label)) return undefined;
  return [t, label, t.slice(colon + 1).trimStart()];
}

/** A row of a Markdown table as web pages quote the old Event Viewer text: '| Event ID: 36870 |'. */
function unpiped(t: string): string {
  return t.length > 1 && t.startsWith('|') && t.endsWith('|') ? t.slice(1, -1).trim() : t;
}

function isSet(e: RawEvent, f: Field): boolean {
  switch (f) {
    case 'provider':
      return e.provider !== undefined;
    case 'eventId':
      return e.eventId !== undefined;
    case 'level':
      return e.level !== undefined;
    case 'time':
      return e.time !== undefined;
    case 'computer':
      return e.computer !== undefined;
    case 'message':
      return e.message !== undefined;
    default:
      return false;
  }
}

/**
 * Text forms: wevtutil /f:text, Event Viewer copy ('Log Name:' …), Format-List, and the labelled
 * block of the Windows 2000/2003 Event Viewer ('Event Type:' / 'Event Source:' / 'Event ID:' …
 * 'Description:'), which web pages and knowledge-base articles quote to this day. A record starts
 * at its header ('Event[N]:', 'Log Name:', an unindented 'TimeCreated'), or at a field the current
 * record already has; an unlabelled line after the fields (a message pasted without its
 * 'Description:' label) is the message.
 */
export function parseEventsTextRaw(lines: readonly Line[], origin: string): RawEvents {
  const out: RawEvents = { events: [], notes: [] };
  let cur: RawEvent | undefined;
  let inMessage = false;
  let xmlLines: Line[] | undefined;
  const finishXml = (): void => {
    if (!xmlLines || !cur) {
      xmlLines = undefined;
      return;
    }
    const text = xmlLines.map((l) => l.text).join('\n');
    try {
      const x = parseEventsXmlRaw(text, origin, (xmlLines[0]?.n ?? 1) - 1);
      const first = x.events[0];
      if (first) {
        cur.data = { ...cur.data, ...first.data };
        if (cur.eventId === undefined && first.eventId !== undefined) cur.eventId = first.eventId;
        if (cur.provider === undefined && first.provider !== undefined) cur.provider = first.provider;
      }
    } catch (e) {
      out.notes.push(`line ${xmlLines[0]?.n ?? 0}: embedded Event Xml unreadable: ${(e as Error).message}`);
    }
    xmlLines = undefined;
  };
  const start = (n: number, via: string): RawEvent => {
    finishXml();
    cur = { line: n, data: {}, via };
    out.events.push(cur);
    inMessage = false;
    return cur;
  };
  for (const l of lines) {
    const { n, text } = l;
    const t = unpiped(text.trim());
    if (xmlLines) {
      if (/^(?:Log Name|Protokollname)\s*:/i.test(t)) finishXml();
      else {
        xmlLines.push(l);
        continue;
      }
    }
    if (/^(?:Event|Ereignis|Événement|Evento)\[\d+\]:?$/i.test(t)) {
      start(n, 'wevtutil-text');
      continue;
    }
    if (/^(?:Event Xml|Ereignis-XML):$/i.test(t)) {
      xmlLines = [];
      inMessage = false;
      continue;
    }
    const kv = labelled(t);
    const field = kv ? LABELS.find(([re]) => re.test(kv[1]!.trim()))?.[1] : undefined;
    if (field === 'logName') {
      // Event Viewer copy: 'Log Name: …' begins a record
      if (!cur || cur.eventId !== undefined || inMessage || cur.provider !== undefined)
        start(n, 'eventviewer-copy');
    } else if (field && kv![1] === 'TimeCreated' && !/^\s/.test(text)) {
      // Format-List: an unindented 'TimeCreated : …' begins a record
      if (!cur || cur.eventId !== undefined || inMessage) start(n, 'format-list');
    } else if (
      field &&
      ONCE.has(field) &&
      (!cur || ((cur.via === 'eventviewer-legacy' || cur.via === 'event-text') && isSet(cur, field)))
    ) {
      start(n, /^Event (?:Type|Source|Category)$/i.test(kv![1]!) ? 'eventviewer-legacy' : 'event-text');
    }
    if (field && cur && !(inMessage && field === 'skip')) {
      const v = kv![2]!.trim();
      inMessage = false;
      switch (field) {
        case 'provider':
          cur.provider = v;
          break;
        case 'eventId':
          if (/^\d+$/.test(v)) cur.eventId = Number(v);
          break;
        case 'level':
          cur.level = v;
          break;
        case 'time':
          cur.time = cur.time ? `${v} ${cur.time}` : v;
          break;
        case 'clock':
          if (v !== '') cur.time = cur.time ? `${cur.time} ${v}` : v;
          break;
        case 'computer':
          if (v !== '') cur.computer = v;
          break;
        case 'message':
          if (v === '') delete cur.message;
          else cur.message = v;
          inMessage = true;
          break;
        default:
          break;
      }
      continue;
    }
    if (inMessage && cur) {
      if (t !== '') cur.message = cur.message ? `${cur.message} ${t}` : t;
      continue;
    }
    // a message pasted without its label, right after the record's fields
    if (
      cur &&
      cur.eventId !== undefined &&
      cur.message === undefined &&
      t !== '' &&
      !field &&
      (!kv || kv[1].split(' ').length >= 4)
    ) {
      cur.message = t;
      inMessage = true;
      continue;
    }
    if (t !== '' && !/^[-=]+$/.test(t))
      out.notes.push(`line ${n}: not part of an event record: ${t.slice(0, 80)}`);
  }
  finishXml();
  return out;
}

const NUM = (re: RegExp, s: string): string | undefined => re.exec(s)?.[1];

/** Re-read the EventData numbers from the message text (text forms carry no EventData). */
export function dataFromMessage(id: number, msg: string): Record<string, string> {
  const d: Record<string, string> = {};
  const alert = NUM(
    /(?:fatal (?:error|alert) code is|fatal alert was (?:generated|received):?)\s*(\d+)/i,
    msg,
  );
  if (alert && (id === 36887 || id === 36888)) d['AlertDesc'] = alert;
  const state = NUM(/(?:error state is|internal (?:error )?state is)\s*(\d+)/i, msg);
  if (state) d[id === 36888 ? 'ErrorState' : 'ErrorStatus'] = state;
  const code = NUM(
    /(?:error code returned from the cryptographic module is|error code is|CM error)\s*(0x[0-9a-fA-F]{8})/i,
    msg,
  );
  if (code) d['ErrorCode'] = code.toLowerCase();
  const type = NUM(/(?:TLS|SSL) (client|server) credential/i, msg);
  if (type) d['Type'] = type.toLowerCase();
  if (id === 36874) {
    const p = NUM(/An? (TLS \d\.\d|SSL \d\.\d|DTLS \d\.\d|unknown) connection request/i, msg);
    if (p) d['Protocol'] = p;
  }
  const ep = NUM(/(?:for endpoint|transport for|for Port\s*:)\s+(\S+?)\.?(?:\s|$)/i, msg);
  if (ep && (id === 15021 || id === 15005 || id === 15300 || id === 15301)) d['Endpoint'] = ep;
  const prefix = NUM(/URL prefix\s+(\S+?)\s+was\b/i, msg);
  if (prefix && (id === 15007 || id === 15008)) d['Url'] = prefix;
  return d;
}

export function observeEvents(raw: RawEvents, origin: string): EventObservation[] {
  const out: EventObservation[] = [];
  for (const e of raw.events) {
    if (e.eventId === undefined) {
      raw.notes.push(`line ${e.line}: event record without an event ID`);
      continue;
    }
    const data = { ...(e.message ? dataFromMessage(e.eventId, e.message) : {}), ...e.data };
    const o: EventObservation = {
      kind: 'windows.event',
      from: { source: 'windows', origin, line: e.line, ...(e.time ? { time: e.time } : {}) },
      provider: normalizeProvider(e.provider ?? ''),
      eventId: e.eventId,
      data,
      via: e.via,
    };
    if (e.level) o.level = e.level;
    if (e.time) o.time = e.time;
    if (e.computer) o.computer = e.computer;
    if (e.message) o.message = e.message;
    out.push(o);
  }
  return out;
}

function normalizeProvider(p: string): string {
  if (/^schannel$/i.test(p)) return 'Schannel';
  if (/^(?:Microsoft-Windows-)?HttpEvent$|^HTTP$/i.test(p)) return 'Microsoft-Windows-HttpEvent';
  return p;
}

export const parser = defineParser({
  id: 'events',
  title: 'SChannel / HttpEvent events',
  kinds: ['events-text', 'events-xml'],
  files: ['events.xml', 'events*.txt', 'events*.xml', '*.evtx.xml'],
  collect: [
    {
      file: 'events.xml',
      cmd: 'wevtutil',
      args: [
        'qe',
        'System',
        "/q:*[System[Provider[@Name='Schannel' or @Name='Microsoft-Windows-HttpEvent' or @Name='HTTP']]]",
        '/f:xml',
        '/c:300',
        '/rd:true',
      ],
      what: 'recent SChannel and HttpEvent events',
    },
  ],
  detectedBy:
    '`Event[N]:` (wevtutil text), `<Event>` XML (bare or wrapped), Event Viewer "Copy" text (`Log Name:` … `Event Xml:`), `Get-WinEvent | Format-List`',
  details: 'alert/state/error code re-read from the message when only text exists',
  detect: (head) => {
    // XML events (a container: messages may quote anything); Event Viewer copy text carries its
    // XML after 'Event Xml:', and the text form leads then
    // '<Event' and a later '<System', looked for separately: `<Event[\s>][\s\S]*<System` re-scans the
    // rest of the text from every '<Event'
    const event = head.search(/<Event[\s>]/);
    if (event >= 0 && /<System[\s>]/.test(head.slice(event + 7))) {
      if (/^[ \t]*(?:Log Name|Protokollname)\s*:/im.test(head) && /^(?:Event Xml|Ereignis-XML):/im.test(head))
        return { kind: 'events-text', score: 90 };
      return { kind: 'events-xml', score: 90 };
    }
    // wevtutil /f:text record headers
    if (/^[ \t]*(?:Event|Ereignis|Événement|Evento)\[\d+\]:?\s*$/im.test(head)) return 80;
    // Get-WinEvent | Format-List and other labelled forms
    if (
      /^[ \t]*(?:Event ID|Ereignis-ID)\s*:\s*\d+/im.test(head) ||
      (/^[ \t]*Id\s*:\s*\d+\s*$/im.test(head) && /^[ \t]*ProviderName\s*:/im.test(head))
    )
      return 75;
    return 0;
  },
  raw: ({ text, lines, origin }, kind) =>
    kind === 'events-xml' ? parseEventsXmlRaw(text, origin) : parseEventsTextRaw(lines, origin),
  observe: (raw, { origin }) => observeEvents(raw, origin),
});
