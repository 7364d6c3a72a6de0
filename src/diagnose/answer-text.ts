// What a non-TLS peer sent, for people: its first bytes as escaped text (bounded), and whether they
// look like HTTP. Shared by the rules that quote such answers.

/** at most this many bytes are quoted (the probe keeps 64) */
const MAX_QUOTED = 64;

/**
 * The bytes (hex) as one line of text: printable ASCII as is, CR/LF/TAB as \r \n \t, a backslash
 * doubled, every other byte as \xNN; at most 64 bytes.
 */
export function readableBytes(hex: string): string {
  const bytes = Buffer.from(hex, 'hex').subarray(0, MAX_QUOTED);
  let out = '';
  for (const c of bytes) {
    if (c === 0x0d) out += '\\r';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x5c) out += '\\\\';
    else if (c >= 0x20 && c < 0x7f) out += String.fromCharCode(c);
    else out += `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** An HTTP status line or request line (RFC 9112 §3, §4) at the start of these bytes (hex). */
export function isHttpText(hex: string): boolean {
  const text = Buffer.from(hex, 'hex').subarray(0, 16).toString('latin1');
  return /^HTTP\/\d/.test(text) || /^(GET|POST|HEAD|PUT|OPTIONS|CONNECT|DELETE|PATCH) /.test(text);
}
