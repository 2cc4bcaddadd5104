// Line-level helpers for `coder ping` output: cleaning a line, and recognising the per-ping lines.
// Matching uses indexOf/slices instead of regexes with nested or adjacent quantifiers, so a hostile
// line (a megabyte of parentheses or spaces) is handled in linear time.
import { parseGoDuration } from '../duration';
import { printable } from '../printable';

/** Longer lines are not CLI output we understand; they are kept (cut) as raw lines. */
export const MAX_MATCH_CHARS = 8192;
/** How much of a raw line is stored in the report. */
const MAX_RAW_CHARS = 2000;

/**
 * Removes ANSI codes and control characters (see printable); tabs become spaces. A carriage return inside a line
 * means the terminal overwrote what came before (the CLI's "Collecting diagnostics..." spinner on
 * stderr), so only the text after the last one is kept.
 */
export function cleanLine(line: string): string {
  let cut = line.length > MAX_MATCH_CHARS ? line.slice(0, MAX_MATCH_CHARS) : line;
  cut = cut.replace(/\r+$/, '');
  const cr = cut.lastIndexOf('\r');
  return printable(cr >= 0 ? cut.slice(cr + 1) : cut);
}

export function truncateRaw(line: string): string {
  return line.length > MAX_RAW_CHARS ? `${line.slice(0, MAX_RAW_CHARS)} …[cut]` : line;
}

// `--time` / `--utc` prefix each pong with `[<RFC 3339 time>] `; accept it without brackets too.
const TIMESTAMP = /^\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?\]? +/;

export function stripTimestamp(line: string): string {
  const trimmed = line.trimStart();
  const match = TIMESTAMP.exec(trimmed);
  return match ? trimmed.slice(match[0].length) : line;
}

export interface Pong {
  path: 'derp' | 'p2p';
  latencyMs: number;
  derpRegion?: string;
  endpoint?: string;
}

/** Splits `<body> in <duration>` at the last `in`; null when the line does not end that way. */
function splitTrailingDuration(text: string): { body: string; ms: number } | null {
  const end = text.trimEnd();
  const space = end.lastIndexOf(' ');
  if (space < 0) return null;
  const ms = parseGoDuration(end.slice(space + 1));
  if (ms === null) return null;
  const before = end.slice(0, space).trimEnd();
  if (!before.endsWith(' in')) return null;
  return { body: before.slice(0, -3), ms };
}

const PONG = 'pong from ';
const VIA_DERP = ' proxied via ';
const VIA_P2P = ' p2p via ';

/** `pong from <ws> proxied via DERP(<region>) in <d>` or `pong from <ws> p2p via <endpoint> in <d>`. */
export function parsePong(text: string): Pong | null {
  if (!text.startsWith(PONG)) return null;
  const split = splitTrailingDuration(text);
  if (!split) return null;
  const body = split.body;
  // The workspace name comes first, so the first marker is the real one even when a region
  // name contains the same words.
  const derpAt = body.indexOf(VIA_DERP, PONG.length - 1);
  const p2pAt = body.indexOf(VIA_P2P, PONG.length - 1);
  if (derpAt >= 0 && (p2pAt < 0 || derpAt < p2pAt)) {
    const via = body.slice(derpAt + VIA_DERP.length).trim();
    if (!via.startsWith('DERP(') || !via.endsWith(')')) return null;
    const region = via.slice(5, -1).trim();
    return { path: 'derp', latencyMs: split.ms, derpRegion: region === '' ? 'unknown' : region };
  }
  if (p2pAt >= 0) {
    const endpoint = body.slice(p2pAt + VIA_P2P.length).trim();
    if (endpoint === '' || endpoint.includes(' ')) return null;
    return { path: 'p2p', latencyMs: split.ms, endpoint };
  }
  return null;
}

const ESTABLISHED = 'p2p connection established in ';

/** `p2p connection established in <d>` -> milliseconds. */
export function parseEstablished(text: string): number | null {
  if (!text.toLowerCase().startsWith(ESTABLISHED)) return null;
  return parseGoDuration(text.slice(ESTABLISHED.length));
}

const PING_TO = 'ping to "';

/** `ping to "<ws>" timed out ` */
export function isTimeout(text: string): boolean {
  return text.startsWith(PING_TO) && text.trimEnd().endsWith('" timed out');
}

/** `ping to "<ws>" failed <error>` -> the error text ('' when the CLI gave none). */
export function parseFailure(text: string): string | null {
  if (!text.startsWith(PING_TO)) return null;
  const at = text.indexOf('" failed', PING_TO.length);
  if (at < 0) return null;
  const rest = text.slice(at + 8);
  if (rest !== '' && !rest.startsWith(' ')) return null;
  return rest.trim();
}
