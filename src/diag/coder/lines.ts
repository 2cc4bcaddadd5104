// Turns a byte stream into text lines: LF or CRLF, ANSI codes stripped, partial lines buffered,
// invalid UTF-8 replaced rather than fatal, and runaway lines cut so memory stays bounded.
import { StringDecoder } from 'node:string_decoder';

// CSI (colours, cursor moves), OSC (titles, hyperlinks) and lone two-byte escapes.
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

const MAX_LINE_CHARS = 64 * 1024;

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

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private overflowing = false;

  constructor(private readonly maxLineChars = MAX_LINE_CHARS) {}

  /** Returns the complete lines this chunk finished. */
  push(chunk: Buffer | string): string[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    return this.split(text, false);
  }

  /** Flushes what is left once the stream has ended. */
  end(): string[] {
    return this.split(this.decoder.end(), true);
  }

  private split(text: string, final: boolean): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      this.append(text.slice(start, nl));
      lines.push(this.take());
      start = nl + 1;
    }
    this.append(text.slice(start));
    if (final && (this.partial !== '' || this.overflowing)) lines.push(this.take());
    return lines;
  }

  private append(piece: string): void {
    if (this.overflowing) return;
    const room = this.maxLineChars - this.partial.length;
    if (piece.length > room) {
      this.partial += piece.slice(0, room);
      this.overflowing = true;
    } else {
      this.partial += piece;
    }
  }

  private take(): string {
    let line = this.partial.endsWith('\r') ? this.partial.slice(0, -1) : this.partial;
    line = stripAnsi(line);
    if (this.overflowing) line += ' …[line cut]';
    this.partial = '';
    this.overflowing = false;
    return line;
  }
}
