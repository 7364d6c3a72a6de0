// Matching a pasted code, name or message against the catalogue. Pure and synchronous; every
// regular expression is linear (bounded quantifiers, no nested repetition) because the input is
// whatever a user pastes — a whole Event Viewer export included.
import { TlsDoctorError } from '../errors.js';
import type { KnowledgeEntry, KnowledgeMatch, MatchHow } from './types.js';
import { KIND_ORDER, OPENSSL_VERIFY_CODES, indexes, nameKey, patternKey } from './catalogue.js';

/** Pasted text above this size is refused (an Event Viewer export of a few hundred events fits). */
export const MAX_QUERY_CHARS = 1024 * 1024;

const TWO_32 = 0x1_0000_0000;

function hex8(v: number): string {
  return '0x' + v.toString(16).padStart(8, '0');
}

/**
 * Canonical spellings of one code: '0x800B0109', '800b0109', '-2146762487' and '2148204809' all
 * give ['0x800b0109']; '40' and 'alert 40' give ['40']; '0x28' gives ['0x00000028', '40'];
 * '-113' gives ['-113']; 'Event ID: 36888' gives ['36888']. Not a code → [].
 */
export function normalizeCode(text: string): string[] {
  return parseCode(text).codes;
}

type CodeLabel = 'event' | 'alert' | 'state' | 'curl' | 'hresult' | 'error';

const LABEL_KINDS: Record<CodeLabel, readonly KnowledgeEntry['kind'][]> = {
  event: ['schannel-event', 'httpevent'],
  alert: ['tls-alert'],
  state: ['schannel-state'],
  curl: ['curl'],
  hresult: ['hresult', 'win32'],
  error: [],
};

function labelOf(word: string): CodeLabel {
  const w = word.toLowerCase();
  if (w.startsWith('event') || w === 'id') return 'event';
  if (w.startsWith('alert')) return 'alert';
  if (w.includes('state')) return 'state';
  if (w.startsWith('curl') || w.startsWith('exit')) return 'curl';
  if (w.startsWith('hr')) return 'hresult';
  return 'error';
}

function parseCode(text: string): { codes: string[]; label?: CodeLabel } {
  let t = String(text).trim();
  if (t.length === 0 || t.length > 64) return { codes: [] };
  t = t.replace(/^[("'[]+/, '').trim();
  // one leading label: "Event ID:", "error", "HRESULT", "alert", "state", "exit code", "curl: (35)"
  let label: CodeLabel | undefined;
  t = t
    .replace(
      /^(event\s{0,3}id|eventid|event|id|error\s{0,3}code|error|hresult|hr|code|status|alert(?:\s{0,3}(?:number|desc|description))?|(?:internal\s{0,3})?(?:error\s{0,3})?state|exit\s{0,3}(?:code|status)|curl)\s{0,3}[:#=]?\s{0,3}/i,
      (_m, w: string) => {
        label = labelOf(w);
        return '';
      },
    )
    .replace(/^[("'[]+|[)"'\].,;:]+$/g, '')
    .trim();
  const codes = ((): string[] => {
    let m = /^0x([0-9a-f]{1,8})$/i.exec(t);
    if (m) {
      const v = parseInt(m[1]!, 16);
      return v < 0x10000 ? [hex8(v), String(v)] : [hex8(v)];
    }
    // bare 8 hex digits: HRESULTs ('800b0109', '80090326') and OpenSSL codes ('0A000410')
    m = /^([0-9a-f]{8})$/i.exec(t);
    if (m && (/[a-f]/i.test(t) || /^[80]/.test(t))) return [hex8(parseInt(m[1]!, 16))];
    m = /^([+-]?)(\d{1,10})$/.exec(t);
    if (m) {
      let v = Number(m[2]);
      if (m[1] === '-') v = -v;
      if (v < 0) {
        if (v < -0x8000_0000) return [];
        return v <= -0x10000 ? [hex8(v + TWO_32)] : [String(v)];
      }
      if (v >= 0x8000_0000) return v < TWO_32 ? [hex8(v)] : [];
      return [String(v)];
    }
    return [];
  })();
  return label ? { codes, label } : { codes };
}

function kindRank(e: KnowledgeEntry): number {
  const i = KIND_ORDER.indexOf(e.kind);
  return i < 0 ? KIND_ORDER.length : i;
}

/** HRESULT_FROM_WIN32: 0x8007xxxx carries Win32 error xxxx (0x80072746 = 10054 WSAECONNRESET). */
function win32FromHresult(canonical: string): string | undefined {
  const m = /^0x8007([0-9a-f]{4})$/.exec(canonical);
  return m ? String(parseInt(m[1]!, 16)) : undefined;
}

/** OpenSSL 1.x SSL-library code (0x14 func reason) → the 3.x code with the same reason. */
function openssl3FromOpenssl1(canonical: string): string | undefined {
  const m = /^0x14[0-9a-f]{3}([0-9a-f]{3})$/.exec(canonical);
  return m ? `0x0a000${m[1]}` : undefined;
}

function lookupCanonical(canonical: string): KnowledgeEntry[] {
  const ix = indexes();
  const out = [...(ix.byCode.get(canonical) ?? [])];
  const v3 = openssl3FromOpenssl1(canonical);
  if (v3 !== undefined && !out.some((e) => e.kind === 'openssl'))
    for (const e of ix.byCode.get(v3) ?? []) if (e.kind === 'openssl') out.push(e);
  const w = win32FromHresult(canonical);
  if (w !== undefined)
    for (const e of ix.byCode.get(w) ?? []) if (e.kind === 'win32' && !out.includes(e)) out.push(e);
  return out;
}

/** Every entry one code can mean, the most likely family first (see KIND_ORDER). */
export function explainCode(code: string | number): KnowledgeEntry[] {
  const out: KnowledgeEntry[] = [];
  for (const c of normalizeCode(String(code)))
    for (const e of lookupCanonical(c)) if (!out.includes(e)) out.push(e);
  return out.sort((a, b) => kindRank(a) - kindRank(b));
}

/**
 * The entries for one SChannel / HttpEvent event and its data, as the Windows event parser
 * has them: `explainEvent(36888, { alertDesc: 40, errorState: 1205 })` → [event 36888,
 * alert 40, state 1205]; `explainEvent(36870, { errorCode: '0x8009030D' })` → [36870, SEC_E_UNKNOWN_CREDENTIALS].
 */
export function explainEvent(
  eventId: number | string,
  data: { alertDesc?: number | string; errorState?: number | string; errorCode?: number | string } = {},
): KnowledgeEntry[] {
  const ix = indexes();
  const id = String(eventId).trim();
  const out: KnowledgeEntry[] = [];
  const add = (list: readonly KnowledgeEntry[] | undefined): void => {
    for (const e of list ?? []) if (!out.includes(e)) out.push(e);
  };
  add((ix.byCode.get(id) ?? []).filter((e) => e.kind === 'schannel-event' || e.kind === 'httpevent'));
  if (data.alertDesc !== undefined)
    add((ix.byCode.get(String(data.alertDesc).trim()) ?? []).filter((e) => e.kind === 'tls-alert'));
  if (data.errorState !== undefined) add(stateEntries(String(data.errorState).trim(), [id]));
  if (data.errorCode !== undefined)
    add(explainCode(data.errorCode).filter((e) => e.kind === 'hresult' || e.kind === 'win32'));
  return out;
}

function stateEntries(state: string, events: readonly string[]): KnowledgeEntry[] {
  const all = (indexes().byCode.get(state) ?? []).filter((e) => e.kind === 'schannel-state');
  if (events.length === 0) return all;
  return all.filter((e) => (e.appliesTo ?? []).some((a) => events.includes(a)));
}

// ---------------------------------------------------------------------------------------------
// explain(): every code, name and message fragment in a pasted text

const SCORE = {
  wholeCode: 100,
  wholeName: 100,
  event: 86,
  opensslCode: 84,
  token: 80,
  hresult: 78,
  verify: 77,
  alertNumber: 76,
  win32: 76,
  alertName: 75,
  state: 74,
  curlExit: 72,
  messageBase: 72,
  genericPenalty: 25,
} as const;

interface Hit {
  entry: KnowledgeEntry;
  how: MatchHow;
  matched: string;
  score: number;
  pos: number;
}

class Collector {
  private readonly hits = new Map<string, Hit>();
  add(entry: KnowledgeEntry, how: MatchHow, matched: string, score: number, pos: number): void {
    // a generic wrapper ranks below specific matches, unless it is exactly what was asked
    const s = score - (entry.generic && score < SCORE.wholeCode - 10 ? SCORE.genericPenalty : 0);
    const prev = this.hits.get(entry.id);
    if (!prev || s > prev.score || (s === prev.score && pos < prev.pos)) {
      this.hits.set(entry.id, { entry, how, matched: fragment(matched), score: s, pos });
    }
  }
  addAll(
    entries: readonly KnowledgeEntry[],
    how: MatchHow,
    matched: string,
    score: number,
    pos: number,
  ): void {
    entries.forEach((e, i) => this.add(e, how, matched, score - i, pos));
  }
  result(): KnowledgeMatch[] {
    return [...this.hits.values()]
      .sort((a, b) => b.score - a.score || a.pos - b.pos || a.entry.id.localeCompare(b.entry.id))
      .map((h) => ({ entry: h.entry, matchedBy: h.how, matched: h.matched, score: h.score }));
  }
}

function fragment(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 120 ? t.slice(0, 117) + '...' : t;
}

function* matchAll(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    yield m;
    if (m[0].length === 0) re.lastIndex++;
  }
}

// SChannel event ids live in 36864–36912; HTTP.sys ids in 15000–15400 need an "event" nearby.
const RE_SCHANNEL_EVENT = /(?<![\w.:/-])(36[89]\d\d)(?![\w.:/])/g;
const RE_HTTP_EVENT = /(?<![\w.:/-])(15\d\d\d)(?![\w.:/])/g;
const RE_EVENT_CONTEXT = /event|httpevent|http\.sys|ereignis|schannel/i;
const RE_HEX = /(?<![\w])0x([0-9a-f]{8})(?![\w])/gi;
const RE_BARE_HRESULT = /(?<![\w:-])(800[79b][0-9a-f]{4}|8009[0-9a-f]{4})(?![\w:])/gi;
const RE_SIGNED = /(?<![\w.-])-(2\d{9})(?![\d.])/g;
const RE_UNSIGNED = /(?<![\w.-])(2[1-4]\d{8})(?![\d.])/g;
const RE_OPENSSL = /error:([0-9a-f]{8}):/gi;
const RE_SSL_ALERT_NUMBER = /ssl alert number (\d{1,3})\b/gi;
const RE_ALERT_NUMBER = [
  /fatal alert (?:was )?(?:received|generated)[^0-9\n]{0,40}?(\d{1,3})\b/gi,
  /(?:fatal )?(?:error|alert) code is (\d{1,3})\b/gi,
  /alertdesc["'\s]{0,3}(?:>|:|=)?\s{0,3}["']?(\d{1,3})\b/gi,
  /\balert\s{0,3}(?:number|code|description|desc)?\s{0,3}[:#=(]?\s{0,3}(\d{1,3})\b/gi,
  /description:\s{0,3}[a-z ]{1,40}\((\d{1,3})\)/gi,
];
const RE_ALERT_WORDS = [
  /\b(?:sslv3|tlsv1|tlsv13)\s(?:alert\s)?([a-z][a-z _]{2,60})/gi,
  /\balert\b[\s:'"(]{0,4}(?:description:\s{0,3})?([a-z][a-z _]{2,60})/gi,
];
const RE_STATE = [
  /(?:internal |schannel )?(?:error )?state (?:is )?(\d{1,5})\b/gi,
  /errorstate["'\s]{0,3}(?:>|:|=)?\s{0,3}["']?(\d{1,5})\b/gi,
];
const RE_CURL = [
  /\bcurl(?:\.exe)?:?\s{0,3}\((\d{1,3})\)/gi,
  /\bcurl(?:\.exe)?\s(?:error|exit code|exit status|returned)\s{0,3}:?\s{0,3}\(?(\d{1,3})\)?/gi,
];
const RE_WIN32 = /failed,?\s{0,3}error:?\s{0,3}(\d{1,5})\b/gi;
const RE_VERIFY = [
  /verify error:num=(\d{1,3})\b/gi,
  /verify return code:\s{0,3}(\d{1,3})\b/gi,
  /x509 verify error[^0-9\n]{0,20}(\d{1,3})\b/gi,
];
const RE_TOKEN = /[A-Za-z][A-Za-z0-9_]{2,80}/g;

/**
 * Everything in `query` the catalogue knows: a bare code or name, or any number of codes, names
 * and message fragments inside pasted text (an Event Viewer entry, a curl error, a stack trace).
 * Best first. Throws INPUT_TOO_LARGE above MAX_QUERY_CHARS.
 */
export function explain(query: string): KnowledgeMatch[] {
  if (typeof query !== 'string') throw new TlsDoctorError('USAGE', 'explain: the query must be text');
  if (query.length > MAX_QUERY_CHARS) {
    throw new TlsDoctorError(
      'INPUT_TOO_LARGE',
      `explain: the text is ${query.length} characters; at most ${MAX_QUERY_CHARS} are read — paste only the error or event`,
    );
  }
  const ix = indexes();
  const hits = new Collector();
  const clean = query
    .replace(/[\u2018\u2019\u02bc\u2032]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  if (clean.length === 0) return [];

  // 1. the whole query is one code or one name
  const whole = parseCode(clean);
  if (whole.codes.length > 0) {
    let list = explainCode(clean);
    const kinds = whole.label ? LABEL_KINDS[whole.label] : [];
    // an explicit label ('alert 87', 'curl 60', 'event 36888') names the family: no guessing outside it
    if (kinds.length > 0) list = list.filter((e) => kinds.includes(e.kind));
    hits.addAll(list, 'code', clean, SCORE.wholeCode, 0);
  }
  const wholeName = ix.byName.get(nameKey(clean.replace(/^net::/i, '')));
  if (wholeName && clean.length <= 80) hits.addAll(wholeName, 'name', clean, SCORE.wholeName, 0);

  // 2. message fragments; a fragment inside a longer matched fragment of another entry is dropped
  const lower = patternKey(clean);
  const spans: Array<{ start: number; end: number; entry: KnowledgeEntry; text: string }> = [];
  for (const [p, entry] of ix.patterns) {
    const at = lower.indexOf(p);
    if (at < 0) continue;
    const inside = spans.some((s) => s.entry !== entry && s.start <= at && at + p.length <= s.end);
    if (!inside) spans.push({ start: at, end: at + p.length, entry, text: p });
  }
  for (const s of spans)
    hits.add(s.entry, 'message', s.text, SCORE.messageBase + Math.min(s.text.length, 64) / 4, s.start);

  // SChannel events recognised by their message text count as present for step 7
  const events: string[] = [];
  for (const s of spans)
    if (s.entry.kind === 'schannel-event')
      for (const c of s.entry.codes) if (!events.includes(c)) events.push(c);

  // 3. event ids (they decide what a "state" number means)
  for (const m of matchAll(RE_SCHANNEL_EVENT, clean)) {
    const list = (ix.byCode.get(m[1]!) ?? []).filter((e) => e.kind === 'schannel-event');
    if (list.length > 0 && !events.includes(m[1]!)) events.push(m[1]!);
    hits.addAll(list, 'code', m[0], SCORE.event, m.index);
  }
  if (RE_EVENT_CONTEXT.test(clean)) {
    for (const m of matchAll(RE_HTTP_EVENT, clean)) {
      hits.addAll(
        (ix.byCode.get(m[1]!) ?? []).filter((e) => e.kind === 'httpevent'),
        'code',
        m[0],
        SCORE.event,
        m.index,
      );
    }
  }

  // 4. HRESULTs in every spelling
  const hresult = (canonical: string, matched: string, pos: number): void => {
    hits.addAll(
      lookupCanonical(canonical).filter((e) => e.kind === 'hresult' || e.kind === 'win32'),
      'code',
      matched,
      SCORE.hresult,
      pos,
    );
  };
  for (const m of matchAll(RE_HEX, clean)) hresult(hex8(parseInt(m[1]!, 16)), m[0], m.index);
  for (const m of matchAll(RE_BARE_HRESULT, clean)) hresult(hex8(parseInt(m[1]!, 16)), m[0], m.index);
  for (const m of matchAll(RE_SIGNED, clean)) {
    const v = -Number(m[1]);
    if (v >= -0x8000_0000) hresult(hex8(v + TWO_32), m[0], m.index);
  }
  for (const m of matchAll(RE_UNSIGNED, clean)) {
    const v = Number(m[1]);
    if (v >= 0x8000_0000 && v < TWO_32) hresult(hex8(v), m[0], m.index);
  }

  // 5. OpenSSL packed error codes; reason 1000+N = "received alert N"
  for (const m of matchAll(RE_OPENSSL, clean)) {
    const v = parseInt(m[1]!, 16);
    const canonical = hex8(v);
    hits.addAll(
      lookupCanonical(canonical).filter((e) => e.kind === 'openssl'),
      'code',
      m[0],
      SCORE.opensslCode,
      m.index,
    );
    const reason = v >>> 24 === 0x14 ? v & 0xfff : v >>> 23 === 20 ? v & 0x7fffff : -1;
    if (reason >= 1000 && reason <= 1255) alertByNumber(String(reason - 1000), m[0], m.index);
  }
  function alertByNumber(n: string, matched: string, pos: number): void {
    hits.addAll(
      (ix.byCode.get(String(Number(n))) ?? []).filter((e) => e.kind === 'tls-alert'),
      'code',
      matched,
      SCORE.alertNumber,
      pos,
    );
  }
  for (const m of matchAll(RE_SSL_ALERT_NUMBER, clean)) alertByNumber(m[1]!, m[0], m.index);
  for (const re of RE_ALERT_NUMBER) for (const m of matchAll(re, clean)) alertByNumber(m[1]!, m[0], m.index);

  // 6. alert names after "alert" / "sslv3 alert" / "tlsv1": longest run of words that is a name
  for (const re of RE_ALERT_WORDS) {
    for (const m of matchAll(re, clean)) {
      const words = m[1]!.trim().split(/[ _]+/).slice(0, 5);
      for (let n = words.length; n >= 1; n--) {
        const e = ix.alertByName.get(nameKey(words.slice(0, n).join('')));
        if (e) {
          hits.add(e, 'name', m[0], SCORE.alertName, m.index);
          break;
        }
      }
    }
  }

  // 7. SChannel internal error states, read in the light of the event ids found
  for (const re of RE_STATE) {
    for (const m of matchAll(re, clean))
      hits.addAll(stateEntries(m[1]!, events), 'code', m[0], SCORE.state, m.index);
  }

  // 8. curl exit codes, netsh Win32 errors, X509 verify codes
  for (const re of RE_CURL) {
    for (const m of matchAll(re, clean))
      hits.addAll(
        (ix.byCode.get(String(Number(m[1]))) ?? []).filter((e) => e.kind === 'curl'),
        'code',
        m[0],
        SCORE.curlExit,
        m.index,
      );
  }
  for (const m of matchAll(RE_WIN32, clean)) {
    hits.addAll(
      (ix.byCode.get(String(Number(m[1]))) ?? []).filter((e) => e.kind === 'win32'),
      'code',
      m[0],
      SCORE.win32,
      m.index,
    );
  }
  for (const re of RE_VERIFY) {
    for (const m of matchAll(re, clean)) {
      const id = OPENSSL_VERIFY_CODES[String(Number(m[1]))];
      const e = id ? ix.byId.get(id) : undefined;
      if (e) hits.add(e, 'code', m[0], SCORE.verify, m.index);
    }
  }

  // 9. symbolic names anywhere: CERT_E_UNTRUSTEDROOT, ERR_SSL_PROTOCOL_ERROR, handshake_failure …
  for (const m of matchAll(RE_TOKEN, clean)) {
    const list = ix.byToken.get(nameKey(m[0]));
    if (list) hits.addAll(list, 'name', m[0], SCORE.token, m.index);
  }

  return hits.result();
}
