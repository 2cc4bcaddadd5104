// Streaming parser for `coder ping` output: one line in, the events it settles out.
// Items of the diagnostics sections may continue on the following lines (an indented docs link,
// or the low-MTU link with no indent), so an item is held until the next line that is not its
// continuation, a blank line, or end().
import type { DiagEvent, IssueFinding } from '../events';
import type { Side } from '../model';
import { implausibleNote, plausibleMs } from '../plausible';
import {
  GENERAL_ISSUES,
  classifyChecklist,
  classifyDiagnostic,
  describeAgentNode,
  sectionHeaderSide,
  sideFromText,
  splitGlyph,
} from './ping-diagnostics';
import type { ChecklistItem } from './ping-diagnostics';
import {
  MAX_MATCH_CHARS,
  cleanLine,
  isTimeout,
  parseEstablished,
  parseFailure,
  parsePong,
  stripTimestamp,
  truncateRaw,
} from './ping-line';

interface PingParser {
  push(line: string): DiagEvent[];
  end(): DiagEvent[];
}

/** Bounds what one held item may collect, so a flood of indented lines cannot grow it forever. */
const MAX_CONTINUATION_LINES = 20;
const MAX_CLI_TEXT = 1000;

type Pending =
  { kind: 'check'; item: ChecklistItem; lines: string[] } | { kind: 'issue'; side: Side | null; lines: string[] };

const isUrl = (text: string): boolean => /^https?:\/\//i.test(text);
const URL_IN_TEXT = /https?:\/\/[^\s)>\]]+/gi;
const ITEM_MARKER = /^[-*•]\s+/;

export function createPingParser(now: () => number): PingParser {
  return new PingLineParser(now);
}

class PingLineParser implements PingParser {
  /** The item waiting for its continuation lines. */
  private pending: Pending | null = null;
  /** Where we are: inside the diagnostics, and which side's section (null before any). */
  private readonly where: ParsePosition = { inDiagnostics: false, section: null };

  constructor(private readonly now: () => number) {}

  push(line: string): DiagEvent[] {
    try {
      const cleaned = cleanLine(line);
      if (line.length > MAX_MATCH_CHARS)
        return cleaned.trim() === '' ? this.flush() : [...this.flush(), raw(cleaned.trim())];
      const unstamped = stripTimestamp(cleaned);
      const text = unstamped.trim();
      if (text === '') return this.flush();
      const indented = unstamped.length > 0 && unstamped[0] === ' ';
      if (this.pending && isContinuation(this.pending, text, indented)) {
        this.pending.lines.push(text);
        return [];
      }
      const out = this.flush();
      out.push(...this.apply(classifyLine(text, indented, { ...this.where }), cleaned.trim()));
      return out;
    } catch {
      // Never let odd output break a check: keep the line for the log instead.
      return [raw(String(line).slice(0, 2000))];
    }
  }

  end(): DiagEvent[] {
    return this.flush();
  }

  private flush(): DiagEvent[] {
    const held = this.pending;
    this.pending = null;
    if (!held) return [];
    if (held.kind === 'check') {
      const extra = describeAgentNode(held.lines);
      const message = extra ? `${held.item.message.replace(/\.$/, '')}: ${extra}.` : held.item.message;
      return [{ type: 'check', check: { id: held.item.id, status: held.item.status, message } }];
    }
    return [issueEvent(held.lines, held.side)];
  }

  /** Moves the parser on for what a line is (the only place state changes), then gives its events. */
  private apply(line: LineKind, cleaned: string): DiagEvent[] {
    const where = this.where;
    switch (line.kind) {
      case 'pong':
        // Pings mean the diagnostics (printed before them by newer CLIs) are over.
        where.section = null;
        where.inDiagnostics = false;
        break;
      case 'check':
        where.inDiagnostics = true;
        if (line.hold) {
          this.pending = { kind: 'check', item: line.item, lines: [] };
          return [];
        }
        break;
      case 'section':
        where.inDiagnostics = true;
        where.section = line.side;
        return [];
      case 'issue':
        if (line.opensSection) {
          where.inDiagnostics = true;
          where.section = line.side;
        }
        this.pending = { kind: 'issue', side: line.side, lines: [line.first] };
        return [];
    }
    return lineEvents(line, cleaned, this.now);
  }
}

function raw(line: string): DiagEvent {
  return { type: 'raw', source: 'ping', line: truncateRaw(line) };
}

/** The events of a line that settles at once (not a held item or a section header). */
function lineEvents(line: LineKind, cleaned: string, now: () => number): DiagEvent[] {
  switch (line.kind) {
    case 'implausible':
      return [raw(`${cleaned} (${line.note})`)];
    case 'pong':
      return [{ type: 'ping', sample: { outcome: 'pong', atMs: now(), ...line.pong } }];
    case 'established':
      return [{ type: 'p2p-established', ms: line.ms, atMs: now() }];
    case 'timeout':
      return [{ type: 'ping', sample: { outcome: 'timeout', atMs: now() } }];
    case 'failure':
      return [{ type: 'ping', sample: { outcome: 'failed', atMs: now(), error: line.error } }];
    case 'local':
      return line.events;
    case 'check':
      return [{ type: 'check', check: line.item }];
    default:
      return [raw(cleaned)];
  }
}

/** Whether `text` continues the held item (an indented line, its docs link) rather than starting a new one. */
function isContinuation(held: Pending, text: string, indented: boolean): boolean {
  if (held.lines.length >= MAX_CONTINUATION_LINES) return false;
  // A new item, status line or header is never a continuation, however it is indented.
  if (ITEM_MARKER.test(text) || splitGlyph(text).glyph !== null || sectionHeaderSide(text) !== null) return false;
  if (text.startsWith('pong from ') || text.startsWith('ping to "')) return false;
  if (held.kind === 'check') return indented;
  return indented || isUrl(text) || /^they may still be established/i.test(text);
}

/** What one line of `coder ping` output is; pure (the parser applies it). */
type LineKind =
  | { kind: 'implausible'; note: string }
  | { kind: 'pong'; pong: NonNullable<ReturnType<typeof parsePong>> }
  | { kind: 'established'; ms: number }
  | { kind: 'timeout' }
  | { kind: 'failure'; error: string }
  | { kind: 'local'; events: DiagEvent[] }
  /** A checklist item; `hold`: wait for its continuation lines (the coordinator's agent details). */
  | { kind: 'check'; item: ChecklistItem; hold: boolean }
  | { kind: 'section'; side: Side }
  /** The first line of a diagnostics item; a notice opens the general section as well. */
  | { kind: 'issue'; side: Side | null; first: string; opensSection: boolean }
  /** Anything else, kept as a raw line. */
  | { kind: 'other' };

/** Where the parser is: inside the diagnostics, and in which side's section. */
interface ParsePosition {
  inDiagnostics: boolean;
  section: Side | null;
}

function classifyLine(text: string, indented: boolean, where: ParsePosition): LineKind {
  return measurementLine(text) ?? diagnosticsLine(text, indented, where);
}

/** Pongs, the p2p set-up time, timeouts and failures. */
function measurementLine(text: string): LineKind | null {
  const pong = parsePong(text);
  // A negative or absurd time is not a measurement: keep the line, with why it was not counted.
  if (pong && !plausibleMs(pong.latencyMs))
    return { kind: 'implausible', note: implausibleNote('latency', pong.latencyMs, ' ms') };
  if (pong) return { kind: 'pong', pong };
  const established = parseEstablished(text);
  if (established !== null && !plausibleMs(established))
    return { kind: 'implausible', note: implausibleNote('p2p set-up time', established, ' ms') };
  if (established !== null) return { kind: 'established', ms: established };
  if (isTimeout(text)) return { kind: 'timeout' };
  const failure = parseFailure(text);
  if (failure !== null) return { kind: 'failure', error: truncateRaw(failure) || 'ping failed' };
  return null;
}

/** The checklist, section headers and diagnostics items, and the CLI's own complaints. */
function diagnosticsLine(text: string, indented: boolean, where: ParsePosition): LineKind {
  const local = classifyStderrLine(text);
  if (local.length > 0) return { kind: 'local', events: local };

  const { glyph, body } = splitGlyph(text);
  if (glyph === 'notice') return { kind: 'issue', side: 'general', first: body, opensSection: true };
  const item = classifyChecklist(glyph, body);
  // Without a symbol only an unindented region line counts (the symbol may be lost in transit);
  // the indented one belongs to the coordinator item.
  if (item && (glyph !== null || (!indented && /^preferred derp region/i.test(body))))
    return { kind: 'check', item, hold: item.id === 'coordinator-received' && item.status !== 'fail' };
  if (glyph !== null) return { kind: 'other' }; // e.g. "✔ You are connected directly (p2p)"

  const header = sectionHeaderSide(text);
  if (header) return { kind: 'section', side: header };
  const marker = ITEM_MARKER.exec(text);
  if (marker && where.inDiagnostics)
    return { kind: 'issue', side: where.section, first: text.slice(marker[0].length), opensSection: false };
  // Some versions drop the dash; accept an undashed line inside a section only when it is
  // clearly one of the known findings.
  if ((where.section === 'client' || where.section === 'agent') && classifyDiagnostic(text).id !== 'cli-other')
    return { kind: 'issue', side: where.section, first: text, opensSection: false };
  return { kind: 'other' };
}

function issueEvent(lines: string[], sectionSide: Side | null): DiagEvent {
  let docs: string | undefined;
  const words: string[] = [];
  for (const line of lines) {
    const text = line.replace(URL_IN_TEXT, (url) => {
      docs ??= url;
      return '';
    });
    if (text.trim() !== '') words.push(text.trim());
  }
  const cliText = words.join(' ').replace(/\s+/g, ' ').slice(0, MAX_CLI_TEXT);
  const classified = classifyDiagnostic(cliText);
  const side: Side = GENERAL_ISSUES.has(classified.id)
    ? 'general'
    : (sideFromText(cliText) ?? sectionSide ?? 'general');
  const finding: IssueFinding = { id: classified.id, side, cliText };
  if (classified.detail) finding.detail = classified.detail;
  if (docs) finding.docs = docs;
  return { type: 'issue', source: 'ping', finding };
}

/** `coder ping` prints "Direct connections disabled." on stderr when the client blocks endpoints. */
export function classifyStderrLine(line: string): DiagEvent[] {
  if (line.length > MAX_MATCH_CHARS) return [];
  const text = cleanLine(line).trim();
  if (!/^direct connections (?:are )?disabled\.?$/i.test(text)) return [];
  return [{ type: 'issue', source: 'ping', finding: { id: 'direct-disabled-local', side: 'general', cliText: text } }];
}
