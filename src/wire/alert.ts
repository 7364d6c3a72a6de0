// Alert protocol (RFC 8446 §6, RFC 5246 §7.2).
//
//   enum { warning(1), fatal(2), (255) } AlertLevel;
//   struct { AlertLevel level; AlertDescription description; } Alert;
//
// One alert record may carry several 2-byte alerts (records may coalesce messages of one content type).
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { AlertLevel, ContentType } from './constants.js';
import { encodeRecord } from './record.js';

export interface Alert {
  level: number;
  description: number;
  /** absolute offset of the level byte */
  offset: number;
}

/** Parses an alert record fragment into one or more alerts; empty or odd-length fragments are malformed. */
export function parseAlert(fragment: Buffer, base = 0): Alert[] {
  const r = new ByteReader(fragment, { base, path: ['Alert'] });
  if (fragment.length === 0) r.fail('empty alert fragment');
  if (fragment.length % 2 !== 0) {
    // a lone trailing byte is a truncated alert, but an alert record is complete by definition
    r.fail(`alert fragment length ${fragment.length} is not a multiple of 2`);
  }
  const out: Alert[] = [];
  while (!r.atEnd()) {
    const offset = r.offset;
    const level = r.u8('level');
    const description = r.u8('description');
    out.push({ level, description, offset });
  }
  return out;
}

export function encodeAlert(level: number, description: number): Buffer {
  return new ByteWriter().u8(level).u8(description).toBuffer();
}

/** A whole alert record, e.g. for a lab server or a test that answers like a broken peer. */
export function encodeAlertRecord(
  description: number,
  level: number = AlertLevel.fatal,
  version = 0x0303,
): Buffer {
  return encodeRecord(ContentType.alert, version, encodeAlert(level, description));
}
