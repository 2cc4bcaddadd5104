// `coder list -o json` read as a stream: the output is checked as JSON piece by piece and only the
// fields the picker and the fleet use are kept (each workspace's name, owner and latest build
// status). Everything else (agents, startup scripts, resources, ...) is read past, never stored.
//
// Memory bound: at most MAX_FIELD_CHARS characters for each kept field of each workspace, one key
// of at most MAX_KEY_CHARS, and a nesting stack of at most MAX_DEPTH levels, whatever the size of
// the output, of any one line or of any one value. So 10,000 workspaces each with a 1 MB startup
// script hold about 10,000 small entries, not 10 GB of text.
import { l10n } from '../l10n';

export interface WorkspaceEntry {
  name: string;
  owner: string;
  /** The latest build's status as the CLI says it (running, stopped, starting, failed, ...). */
  status: string;
  /** What to pass to the CLI: `coder list` shows only your own workspaces, so the bare name. */
  target: string;
}

/** A kept field longer than this (Coder's names are at most 32) makes its workspace unusable. */
export const MAX_FIELD_CHARS = 1024;
const MAX_KEY_CHARS = 256;
const MAX_DEPTH = 512;
const MAX_ATOM_CHARS = 64;

const ATOM = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)$/;
const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};
const STRING_STOP = /["\\]/g;

// What the next character may be.
const VALUE = 0; // any value
const VALUE_OR_CLOSE = 1; // a value or `]` (just after `[`)
const KEY = 2; // a key's string
const KEY_OR_CLOSE = 3; // a key or `}` (just after `{`)
const COLON = 4;
const AFTER = 5; // `,` or the container's close
const STRING = 6;
const ATOM_CHARS = 7; // inside a number, true, false or null
const DONE = 8; // the list has closed: only white space may follow

interface Frame {
  array: boolean;
  /** The object's current key (null in an array). */
  key: string | null;
}

type Field = 'name' | 'owner' | 'status';
interface Pending {
  name?: string;
  owner?: string;
  status?: string;
  tooLong?: boolean;
}

const isSpace = (c: string): boolean => c === ' ' || c === '\n' || c === '\r' || c === '\t';

export class WorkspaceListParser {
  private state = VALUE;
  private readonly stack: Frame[] = [];
  private readonly entries: WorkspaceEntry[] = [];
  private started = false;
  private position = 0;
  // The string being read: whether it is a key, what is kept of it (null: read past), an escape.
  private stringIsKey = false;
  private kept: string | null = null;
  private keptField: Field | null = null;
  private overlong = false;
  private escape = 0; // 0 none, 1 after `\`, 2..5 that many hex digits of \uXXXX still to come
  private hex = 0;
  private atom = '';
  private current: Pending | null = null;

  /** Reads the next piece of output; throws (a message for the user) when it cannot be this list. */
  push(text: string): void {
    let i = 0;
    while (i < text.length) {
      if (this.state === STRING) {
        i = this.readString(text, i);
        continue;
      }
      const c = text[i];
      if (this.state === ATOM_CHARS) {
        if (/[0-9a-zA-Z.+-]/.test(c)) {
          if (this.atom.length >= MAX_ATOM_CHARS) this.fail(i);
          this.atom += c;
          i++;
          continue;
        }
        this.endAtom(i);
      }
      this.step(c, i);
      i++;
    }
    this.position += text.length;
  }

  /** The workspaces, once the output has ended; throws when it ended before the list did. */
  end(): WorkspaceEntry[] {
    if (this.state === ATOM_CHARS) this.endAtom(0);
    if (!this.started) return [];
    if (this.state !== DONE)
      throw new Error(
        l10n.t(
          '`coder list -o json` stopped in the middle of its list (after {0} characters); run `coder list -o json` in a terminal to see why.',
          String(this.position),
        ),
      );
    return this.entries;
  }

  private step(c: string, at: number): void {
    if (isSpace(c)) return;
    if (!this.started) {
      this.started = true;
      if (c === '{') throw new Error(l10n.t('`coder list -o json` printed something other than a list.'));
      if (c !== '[')
        throw new Error(
          l10n.t('`coder list -o json` did not print JSON; update the Coder CLI or check `coder list` in a terminal.'),
        );
    }
    switch (this.state) {
      case VALUE:
      case VALUE_OR_CLOSE:
        if (c === ']' && this.state === VALUE_OR_CLOSE) return this.close(true, at);
        return this.startValue(c, at);
      case KEY:
      case KEY_OR_CLOSE:
        if (c === '}' && this.state === KEY_OR_CLOSE) return this.close(false, at);
        if (c !== '"') return this.fail(at);
        return this.startString(true);
      case COLON:
        if (c !== ':') return this.fail(at);
        this.state = VALUE;
        return;
      case AFTER: {
        const top = this.stack[this.stack.length - 1];
        if (c === ',') {
          this.state = top.array ? VALUE : KEY;
          return;
        }
        if (c === (top.array ? ']' : '}')) return this.close(top.array, at);
        return this.fail(at);
      }
      default:
        return this.fail(at);
    }
  }

  private startValue(c: string, at: number): void {
    if (c === '[' || c === '{') {
      if (this.stack.length >= MAX_DEPTH) this.fail(at);
      const array = c === '[';
      this.stack.push({ array, key: null });
      if (this.stack.length === 2 && !array) this.current = {};
      this.state = array ? VALUE_OR_CLOSE : KEY_OR_CLOSE;
      return;
    }
    if (c === '"') return this.startString(false);
    if (/[-0-9tfn]/.test(c)) {
      this.atom = c;
      this.state = ATOM_CHARS;
      return;
    }
    this.fail(at);
  }

  private close(array: boolean, at: number): void {
    const frame = this.stack.pop();
    if (!frame || frame.array !== array) return this.fail(at);
    if (this.stack.length === 1 && !array) this.finishWorkspace();
    this.state = this.stack.length === 0 ? DONE : AFTER;
  }

  private finishWorkspace(): void {
    const w = this.current;
    this.current = null;
    if (!w || w.tooLong || w.name === undefined || w.name === '') return;
    this.entries.push({ name: w.name, owner: w.owner ?? '', status: w.status ?? 'unknown', target: w.name });
  }

  private endAtom(at: number): void {
    if (!ATOM.test(this.atom)) this.fail(at);
    this.atom = '';
    this.valueDone();
  }

  private valueDone(): void {
    this.state = this.stack.length === 0 ? DONE : AFTER;
  }

  /** Which field of the workspace a string at this place is, if it is one we keep. */
  private fieldHere(): Field | null {
    const depth = this.stack.length;
    const top = this.stack[depth - 1];
    if (depth === 2 && !top.array) {
      if (top.key === 'name') return 'name';
      if (top.key === 'owner_name') return 'owner';
    }
    if (depth === 3 && !top.array && top.key === 'status' && this.stack[1].key === 'latest_build') return 'status';
    return null;
  }

  private startString(isKey: boolean): void {
    this.stringIsKey = isKey;
    this.keptField = isKey ? null : this.fieldHere();
    this.kept = isKey || this.keptField ? '' : null;
    this.overlong = false;
    this.state = STRING;
  }

  /** Reads string characters from `i`; returns where it stopped (the end of the piece or past the quote). */
  private readString(text: string, i: number): number {
    while (i < text.length) {
      if (this.escape !== 0) {
        i = this.readEscape(text, i);
        continue;
      }
      STRING_STOP.lastIndex = i;
      const stop = STRING_STOP.exec(text);
      const end = stop ? stop.index : text.length;
      this.keep(text.slice(i, end));
      if (!stop) return text.length;
      if (stop[0] === '\\') {
        this.escape = 1;
        i = end + 1;
        continue;
      }
      this.endString();
      return end + 1;
    }
    return i;
  }

  private readEscape(text: string, i: number): number {
    const c = text[i];
    if (this.escape === 1) {
      if (c === 'u') {
        this.escape = 5;
        this.hex = 0;
      } else if (c in SIMPLE_ESCAPES) {
        this.escape = 0;
        this.keep(SIMPLE_ESCAPES[c]);
      } else this.fail(i);
      return i + 1;
    }
    const digit = parseInt(c, 16);
    if (!/[0-9a-fA-F]/.test(c)) this.fail(i);
    this.hex = this.hex * 16 + digit;
    this.escape = this.escape === 2 ? 0 : this.escape - 1;
    if (this.escape === 0) this.keep(String.fromCharCode(this.hex));
    return i + 1;
  }

  private keep(piece: string): void {
    if (this.kept === null || piece === '') return;
    const max = this.stringIsKey ? MAX_KEY_CHARS : MAX_FIELD_CHARS;
    if (this.kept.length + piece.length > max) {
      this.overlong = true;
      this.kept += piece.slice(0, max - this.kept.length);
      return;
    }
    this.kept += piece;
  }

  private endString(): void {
    const text = this.kept;
    this.kept = null;
    if (this.stringIsKey) {
      // An overlong key is none we look for.
      this.stack[this.stack.length - 1].key = this.overlong ? '' : text;
      this.state = COLON;
      return;
    }
    if (this.keptField && this.current && text !== null) {
      if (this.overlong) this.current.tooLong = true;
      else this.current[this.keptField] = text;
    }
    this.valueDone();
  }

  private fail(at: number): never {
    throw new Error(
      l10n.t(
        '`coder list -o json` printed broken JSON (at character {0}); run `coder list -o json` in a terminal to see it.',
        String(this.position + at + 1),
      ),
    );
  }
}
