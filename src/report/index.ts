// Renderer entry points. Each renderer is pure: Report in, string out.
export { renderText, type TextOptions } from './text.js';
export { renderJson } from './json.js';
export { renderHtml } from './html.js';
export * from '../model/report.js';
