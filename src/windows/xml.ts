// A well-formedness check for the XML inputs (applicationHost.config, event XML) that runs in one
// pass over the text: every character is looked at a bounded number of times, so a run of blanks
// or newlines inside a tag costs what its length costs. It checks what the XML parser afterwards
// takes on trust: tags are closed, nested and matched, attributes are name="value" pairs without a
// duplicate, comments/CDATA/processing instructions are terminated, and there is one root element.

/** Deeper nesting than this is not an applicationHost.config or an event export. */
export const MAX_XML_DEPTH = 512;

export interface XmlProblem {
  /** 0-based offset into the text */
  offset: number;
  /** 1-based line of the offset */
  line: number;
  message: string;
}

const isBlank = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isNameStart = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c >= 0xc0;
const isNameChar = (c: number): boolean =>
  isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0xb7;

/** 1-based line of an offset: counted once, when a problem is reported. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 0x0a) line++;
  return line;
}

/** A short, one-line rendering of what stands at an offset. */
function shown(text: string, at: number): string {
  if (at >= text.length) return 'the end of the text';
  const s = text.slice(at, at + 20).replace(/[\r\n\t]/g, ' ');
  return `'${s}'`;
}

export interface CheckXmlOptions {
  /**
   * A sequence of elements rather than a document: several top-level elements, and text between
   * them (event exports paste bare <Event> elements, old viewers put '- ' before them).
   */
  fragment?: boolean;
}

/** undefined when the text is well-formed XML with one root element; else the first problem. */
export function checkXml(text: string, opts: CheckXmlOptions = {}): XmlProblem | undefined {
  const fragment = opts.fragment === true;
  const n = text.length;
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  const fail = (offset: number, message: string): XmlProblem => ({
    offset,
    line: lineAt(text, offset),
    message,
  });
  const readName = (): string | undefined => {
    const start = i;
    if (i >= n || !isNameStart(text.charCodeAt(i))) return undefined;
    i++;
    while (i < n && isNameChar(text.charCodeAt(i))) i++;
    return text.slice(start, i);
  };
  const skipBlanks = (): void => {
    while (i < n && isBlank(text.charCodeAt(i))) i++;
  };
  // the next '<' at or after a position, remembered so that many attributes do not rescan
  let nextLt = -2;
  const ltFrom = (p: number): number => {
    if (nextLt === -2 || (nextLt >= 0 && nextLt < p)) nextLt = text.indexOf('<', p);
    return nextLt;
  };
  // skip a leading BOM
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < n) {
    const lt = text.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    // character data: only blanks outside the root element
    if (stack.length === 0 && !fragment) {
      for (let j = i; j < textEnd; j++)
        if (!isBlank(text.charCodeAt(j)))
          return fail(j, `text outside the root element at ${shown(text, j)}`);
    }
    if (lt < 0) break;
    i = lt;
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return fail(i, 'comment without its end (-->)');
      i = end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      if (stack.length === 0 && !fragment) return fail(i, 'CDATA section outside the root element');
      const end = text.indexOf(']]>', i + 9);
      if (end < 0) return fail(i, 'CDATA section without its end (]]>)');
      i = end + 3;
      continue;
    }
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return fail(i, 'processing instruction without its end (?>)');
      // a '<' before the end means the declaration was cut and something else pasted into it
      // (XML allows it inside a processing instruction; no Windows output has one)
      const lt2 = text.indexOf('<', i + 2);
      if (lt2 >= 0 && lt2 < end)
        return fail(i, `processing instruction ${shown(text, i)} is not closed before the next tag`);
      i = end + 2;
      continue;
    }
    if (text.startsWith('<!', i)) return fail(i, `declaration ${shown(text, i)} is not allowed here`);
    if (text.startsWith('</', i)) {
      const at = i;
      i += 2;
      const name = readName();
      if (name === undefined) return fail(at, `closing tag without a name at ${shown(text, at)}`);
      skipBlanks();
      if (text.charCodeAt(i) !== 0x3e) return fail(i, `closing tag </${name}> is not ended by '>'`);
      i++;
      const open = stack.pop();
      if (open === undefined) return fail(at, `closing tag </${name}> without an opening tag`);
      if (open !== name) return fail(at, `closing tag </${name}> where </${open}> was expected`);
      continue;
    }
    // start tag
    const at = i;
    i++;
    const name = readName();
    if (name === undefined) return fail(at, `'<' that does not begin a tag at ${shown(text, at)}`);
    if (stack.length === 0) {
      roots++;
      if (roots > 1 && !fragment) return fail(at, `a second root element <${name}>`);
    }
    const seen = new Set<string>();
    let selfClosing = false;
    for (;;) {
      const before = i;
      skipBlanks();
      if (i >= n) return fail(at, `tag <${name}> is not closed`);
      const c = text.charCodeAt(i);
      if (c === 0x3e) {
        i++;
        break;
      }
      if (c === 0x2f) {
        if (text.charCodeAt(i + 1) !== 0x3e) return fail(i, `'/' not followed by '>' in tag <${name}>`);
        i += 2;
        selfClosing = true;
        break;
      }
      if (i === before) return fail(i, `attributes of <${name}> must be separated by blanks`);
      const attrAt = i;
      const attr = readName();
      if (attr === undefined) return fail(i, `bad attribute name ${shown(text, i)} in tag <${name}>`);
      if (seen.has(attr)) return fail(attrAt, `attribute '${attr}' repeated in tag <${name}>`);
      seen.add(attr);
      skipBlanks();
      if (text.charCodeAt(i) !== 0x3d) return fail(i, `attribute '${attr}' of <${name}> has no value`);
      i++;
      skipBlanks();
      const q = text.charCodeAt(i);
      if (q !== 0x22 && q !== 0x27) return fail(i, `value of attribute '${attr}' is not quoted`);
      const end = text.indexOf(q === 0x22 ? '"' : "'", i + 1);
      if (end < 0) return fail(i, `value of attribute '${attr}' is not closed`);
      const lt2 = ltFrom(i + 1);
      if (lt2 >= 0 && lt2 < end) return fail(lt2, `'<' inside the value of attribute '${attr}'`);
      i = end + 1;
    }
    if (!selfClosing) {
      stack.push(name);
      if (stack.length > MAX_XML_DEPTH) return fail(at, `elements nested deeper than ${MAX_XML_DEPTH}`);
    }
  }
  if (stack.length > 0) return fail(n, `element <${stack[stack.length - 1]!}> is not closed`);
  if (roots === 0) return fail(0, 'no root element');
  return undefined;
}

/**
 * The 1-based line of every match of a global pattern, counting newlines once from the previous
 * match rather than from the start of the text each time.
 */
export function lineStarts(text: string, re: RegExp): number[] {
  const out: number[] = [];
  let line = 1;
  let pos = 0;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while ((m = re.exec(text)) !== null) {
    for (let i = pos; i < m.index; i++) if (text.charCodeAt(i) === 0x0a) line++;
    pos = m.index;
    out.push(line);
    if (m[0] === '') re.lastIndex++;
  }
  return out;
}
