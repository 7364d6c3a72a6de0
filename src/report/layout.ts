// Terminal layout: display width, word wrap, padding and truncation. Input is plain text already
// made safe (sanitize.ts): no escape sequences, so width can be measured per code point.

/** Zero-width: combining marks, joiners, variation selectors. */
function isZeroWidth(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x1ab0 && cp <= 0x1aff) ||
    (cp >= 0x1dc0 && cp <= 0x1dff) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xfe20 && cp <= 0xfe2f)
  );
}

/** East Asian wide/fullwidth and emoji: two columns. */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function charWidth(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (isZeroWidth(cp)) return 0;
  return isWide(cp) ? 2 : 1;
}

/**
 * The largest of `values` (at least `floor`). A loop, not `Math.max(...values)`: spreading a
 * hostile number of table rows into arguments overflows the stack.
 */
export function maxOf(values: Iterable<number>, floor = 0): number {
  let m = floor;
  for (const v of values) if (v > m) m = v;
  return m;
}

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

export function padEnd(s: string, width: number): string {
  const w = displayWidth(s);
  return w >= width ? s : s + ' '.repeat(width - w);
}

export function padStart(s: string, width: number): string {
  const w = displayWidth(s);
  return w >= width ? s : ' '.repeat(width - w) + s;
}

/** Cuts to at most `width` columns, ending in `…` when something was cut. */
export function truncate(s: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(s) <= width) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = charWidth(ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return out + '…';
}

/** Splits a word wider than `width` into pieces that fit. */
/** a URL (scheme://…), possibly in brackets or quotes */
const UNBREAKABLE = /^[("'<]?[a-z][a-z0-9+.-]*:\/\/\S/i;

function hardSplit(word: string, width: number): string[] {
  const pieces: string[] = [];
  let cur = '';
  let w = 0;
  for (const ch of word) {
    const cw = charWidth(ch);
    if (w + cw > width && cur !== '') {
      pieces.push(cur);
      cur = '';
      w = 0;
    }
    cur += ch;
    w += cw;
  }
  if (cur !== '' || pieces.length === 0) pieces.push(cur);
  return pieces;
}

/**
 * Word-wraps one paragraph (or several, separated by `\n`) to `width` columns. Runs of spaces
 * inside a line are kept (aligned evidence such as netsh output stays aligned); a break drops the
 * spaces at it. Words longer than a line are split, except URLs, which stay whole on a line of
 * their own. Always returns at least one line. Linear in the input length.
 */
export function wrap(text: string, width: number): string[] {
  const w = Math.max(1, Math.floor(width));
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let cur = '';
    let curW = 0;
    for (const m of para.matchAll(/( *)([^ ]+)/g)) {
      const gap = m[1]!;
      const word = m[2]!;
      const ww = displayWidth(word);
      const gw = gap.length;
      if (curW + gw + ww <= w) {
        cur += gap + word;
        curW += gw + ww;
        continue;
      }
      if (cur !== '') lines.push(cur);
      if (ww <= w || UNBREAKABLE.test(word)) {
        // a URL split over two lines cannot be copied or clicked: it runs past the width instead
        cur = word;
        curW = ww;
      } else {
        const pieces = hardSplit(word, w);
        for (let k = 0; k < pieces.length - 1; k++) lines.push(pieces[k]!);
        cur = pieces[pieces.length - 1]!;
        curW = displayWidth(cur);
      }
    }
    lines.push(cur);
  }
  return lines;
}

/** The widest single word of a text (what a column needs so that no word is split). */
export function longestWord(text: string): number {
  let max = 0;
  for (const word of text.split(/[ \n]+/)) max = Math.max(max, displayWidth(word));
  return max;
}

/**
 * Column widths for a table that must fit `available` columns (gaps excluded): each column gets
 * its natural width, capped at a common limit found by binary search so that only the widest
 * columns shrink; no column goes below `min(natural, minWidth)`. When even the minimums do not
 * fit, the minimums are returned and the table is wider than asked.
 */
export function fitColumns(
  natural: readonly number[],
  available: number,
  minWidth = 8,
  words?: readonly number[],
): number[] {
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= available) return [...natural];
  // prefer widths that split no word (up to 40 columns per word); fall back to plain minimums
  if (words) {
    const wordMins = natural.map((n, i) => Math.min(n, Math.max(minWidth, Math.min(40, words[i] ?? 0))));
    if (wordMins.reduce((a, b) => a + b, 0) <= available) return fit(natural, available, wordMins);
  }
  return fit(
    natural,
    available,
    natural.map((n) => Math.min(n, minWidth)),
  );
}

function fit(natural: readonly number[], available: number, mins: readonly number[]): number[] {
  const widthAt = (cap: number): number =>
    natural.reduce((a, n, i) => a + Math.max(mins[i]!, Math.min(n, cap)), 0);
  let lo = 0;
  let hi = maxOf(natural);
  if (widthAt(lo) > available) return [...mins];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (widthAt(mid) <= available) lo = mid;
    else hi = mid - 1;
  }
  const widths = natural.map((n, i) => Math.max(mins[i]!, Math.min(n, lo)));
  // hand out the columns left over by the integer cap, one each, left to right
  let spare = available - widths.reduce((a, b) => a + b, 0);
  for (let i = 0; spare > 0 && i < widths.length; i++) {
    if (widths[i]! < natural[i]!) {
      widths[i] = widths[i]! + 1;
      spare--;
    }
  }
  return widths;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Removes SGR colour sequences (the only escapes the renderers emit themselves). */
export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}
