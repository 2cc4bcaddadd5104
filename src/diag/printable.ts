// Outside text made safe to show: escape sequences and control characters out, bidirectional and
// zero-width characters as their codes. For terminals, tooltips, reports and confirmations alike.

// CSI (colours, cursor moves), OSC (titles, hyperlinks) and lone two-byte escapes.
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

// C0 and C1 controls, DEL, and the line and paragraph separators: a terminal acts on them.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const SPACE_LIKE = /[\t\n\r\v\f\u2028\u2029]/;
// Bidirectional marks, overrides and isolates, which make text show in another order than it was
// written, and the zero-width characters that make two different names look the same.
const HIDDEN = /[\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

// C0 controls and DEL: what a name or an address may never hold (a terminal or a CLI would act on them).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const C0_OR_DEL = /[\u0000-\u001f\u007f]/;

/** True when the text holds a C0 control character or DEL. */
export function hasControlCharacters(text: string): boolean {
  return C0_OR_DEL.test(text);
}

const code = (c: string): string => `\\u{${c.codePointAt(0)!.toString(16)}}`;

/**
 * Outside text (CLI output, names from a server, error messages) made safe to print on one
 * terminal line: escape sequences and control characters are removed, so nothing it holds can
 * move the cursor, retitle the window or hide what follows; tabs and line breaks become spaces;
 * bidirectional and zero-width characters show as their codes (`\u{202e}`).
 */
export function printable(text: string): string {
  const plain = text.includes('\x1b') ? stripAnsi(text) : text;
  return plain.replace(CONTROL, (c) => (SPACE_LIKE.test(c) ? ' ' : '')).replace(HIDDEN, code);
}

/**
 * Outside text (a workspace, deployment or region name) for a tooltip, a report or a confirmation:
 * every control, bidirectional and zero-width character is shown as its code (`\u{202e}`), so none
 * can reorder or hide what the user reads, and the user sees that something was there.
 */
export function escapeInvisible(text: string): string {
  return text.replace(CONTROL, code).replace(HIDDEN, code);
}

/** Like printable, but keeps line breaks (LF or CRLF) for messages that are meant to span lines. */
export function printableLines(text: string): string {
  return text.split(/\r?\n/).map(printable).join('\n');
}
