// Hostile input is first-class (DESIGN convention 14): report strings carry text that came from
// the network and from files (certificate subjects, HTTP bodies, registry values). Before any of
// it reaches a terminal or a page it goes through here:
// - control characters (C0 except TAB/LF, DEL, C1) would let a server move the cursor, recolour
//   or clear the user's terminal (ESC [ 2 J), so they become visible escapes such as `\x1b`;
// - bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder what is shown
//   ("Trojan Source", CVE-2021-42574), so they become `\u202e`;
// - a PEM private-key block never belongs in a report: defence in depth, it is replaced whole.

const PRIVATE_KEY_PEM =
  /-----BEGIN ((?:RSA |EC |DSA |ENCRYPTED |OPENSSH )?PRIVATE KEY)-----[\s\S]*?(?:-----END \1-----|$)/g;

/** Replaces any PEM private-key block with a marker. */
export function redactSecrets(s: string): string {
  if (!s.includes('PRIVATE KEY-----')) return s;
  return s.replace(PRIVATE_KEY_PEM, '[private key redacted]');
}

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(c: string): string {
  const cp = c.codePointAt(0)!;
  return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
}

/** Text that may contain line breaks (paragraphs, multi-line commands): keeps LF and TAB. */
export function safeMultiline(s: string): string {
  return redactSecrets(String(s)).replace(/\r\n/g, '\n').replace(UNSAFE, escapeChar);
}

/** Text shown on one line (titles, cells, keys): line breaks become spaces. */
export function safeLine(s: string): string {
  return safeMultiline(s).replace(/[\t\n]+/g, ' ');
}
