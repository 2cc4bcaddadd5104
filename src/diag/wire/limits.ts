// The size limits of everything the extension host hands to a webview, defined once: the engine
// and the host cut untrusted text and split event batches to these, and both panels validate
// against the same numbers, so nothing the host produces is ever refused. Pure: no DOM, no vscode.

/** Any free text: errors, warnings, messages, raw lines, region names in a connection report. */
export const MAX_TEXT = 4000;
/** A DERP region name on a speed test path change. */
export const MAX_REGION_NAME = 256;
/** A workspace name in a check panel message (names themselves are at most 256). */
export const MAX_WORKSPACE = 512;
/** A speed test target: a workspace or ssh://user@host:port. */
export const MAX_TARGET = 1024;
/** An ISO timestamp in a speed test report. */
export const MAX_TIMESTAMP = 64;
/** A one-line notice under a panel's buttons. */
export const MAX_NOTICE = 2000;
/** Checks, issues, probes, netcheck regions and warnings, and the keys and items of probe data. */
export const MAX_LIST = 200;
/** Keys of an issue's detail. */
export const MAX_DETAIL_KEYS = 50;
/** Nesting of a probe's free-form data. */
export const MAX_DATA_DEPTH = 6;
/** An hour of one-second intervals is far beyond any speed test run. */
export const MAX_INTERVALS = 3600;
/** Speed test path changes (the engine keeps far fewer). */
export const MAX_PATH_CHANGES = 100;
/** Direction results and CLI tunnel figures of one speed test. */
export const MAX_DIRECTIONS = 4;
/** Ping samples a connection report keeps (an hour at one a second); the newest stay. */
export const MAX_SAMPLES = 3600;
/** Unparsed CLI lines a connection report keeps; the newest stay. */
export const MAX_RAW_LINES = 500;
/** Events in one `events` message (and in a snapshot), for both panels. */
export const MAX_EVENTS_PER_MESSAGE = 2000;

/** Appended to text that was cut, so a reader knows there was more. */
export const CUT_MARKER = ' …[cut]';

/** `text` if it fits in `max` characters, else its start and the cut marker, `max` characters in all. */
export function clipText(text: string, max = MAX_TEXT): string {
  if (text.length <= max) return text;
  if (max <= CUT_MARKER.length) return text.slice(0, max);
  let end = max - CUT_MARKER.length;
  // Never leave half a surrogate pair behind.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end) + CUT_MARKER;
}

/** `items` in consecutive slices of at most `size`, in order; none when there are none. */
export function inBatches<T>(items: readonly T[], size = MAX_EVENTS_PER_MESSAGE): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}
