// Renderer entry points. Each renderer is pure: Report in, string out; text and HTML show the
// sections src/report/sections builds from the report.
export { renderText, renderTextTree, type TextOptions } from './text.js';
export { renderJson } from './json.js';
export { renderHtml, renderHtmlTree } from './html.js';
export { SECTIONS, sectionsFor, treeOf } from './sections/index.js';
export * from './tree.js';
export * from '../model/report.js';
