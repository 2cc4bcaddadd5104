// Turns a byte stream into text lines: LF or CRLF, ANSI codes stripped, partial lines buffered,
// invalid UTF-8 replaced rather than fatal, and runaway lines cut so memory stays bounded.
import { StringDecoder } from 'node:string_decoder';
import { stripAnsi } from '../printable';

const MAX_LINE_CHARS = 64 * 1024;

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
