import type { Report } from './model.js';

/** The JSON contract (schema/report.schema.json). Stable field names; pretty-printed. */
export function renderJson(report: Report): string {
  return JSON.stringify(report, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'bigint' ? v.toString() : v), 2) + '\n';
}
