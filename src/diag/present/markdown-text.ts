// Markdown escaping for the reports and tooltips: text that came from outside renders literally,
// never as markup, and its invisible characters show as codes.
import { escapeInvisible } from '../printable';

/** Escapes inline Markdown and HTML; each call sits mid-line or in a table cell, on one line. */
export function mdText(text: string): string {
  return escapeInvisible(text.replace(/[\r\n]+/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~#]/g, (c) => `\\${c}`);
}

/** Inline code that no backtick in the text can close early. */
export function mdCode(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${flat} ${fence}`;
}
