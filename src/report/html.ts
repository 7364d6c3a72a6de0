// Minimal HTML renderer (to be replaced by the full one).
import type { Report } from './model.js';
import { renderText } from './text.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function renderHtml(report: Report): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>tlsdoctor: ${escapeHtml(report.target)}</title></head><body><pre>${escapeHtml(renderText(report, { color: false }))}</pre></body></html>\n`;
}
