// Which path a speed test ran over, in words: "direct (p2p)", "over DERP Frankfurt", or both
// with the moment it changed. Shared by the text, Markdown and panel presenters. Pure.
import type { PathChange, PathHop, SpeedtestPath } from '../throughput/types';

export interface PathSummary {
  /** e.g. "over DERP Frankfurt" or "over DERP Frankfurt, then direct (p2p) after 2.1 s". */
  label: string;
  /** The path changed while the transfers ran (e.g. a relay upgraded to p2p). */
  changed: boolean;
  /** Further sentences: the direct wait, how the path was learned, why it is unknown. */
  details: string[];
}

export function hopLabel(hop: PathHop): string {
  if (hop.kind === 'p2p') return 'direct (p2p)';
  if (hop.kind === 'coder-connect') return 'over Coder Connect';
  return `over DERP ${hop.derpRegion ?? 'unknown'}`;
}

/** The paths that carried the transfers: the one in effect when they began, then each change. */
function measuredHops(path: SpeedtestPath): PathChange[] {
  const from = path.measuredFromSeconds;
  if (from === null) return path.changes;
  const to = path.measuredToSeconds ?? Infinity;
  const before = path.changes.filter((c) => c.atSeconds <= from);
  const during = path.changes.filter((c) => c.atSeconds > from && c.atSeconds <= to);
  const start = before[before.length - 1];
  // Nothing seen before the transfers began: the first reading stands for the start.
  return start ? [start, ...during] : during;
}

const seconds = (s: number): string => `${Math.round(s * 10) / 10} s`;

/** null when there is nothing to say: a plain SSH target, or a report from before paths were kept. */
export function summarizePath(path: SpeedtestPath | null | undefined): PathSummary | null {
  if (!path) return null;
  const details: string[] = [];
  const wait = path.directWait;
  if (wait)
    details.push(
      wait.formed
        ? `A direct connection formed after ${seconds(wait.waitedSeconds)} of waiting.`
        : `No direct connection formed within ${seconds(wait.timeoutSeconds)}: measured over the relay instead.`,
    );
  if (path.note) details.push(path.note);
  const hops = measuredHops(path);
  if (hops.length === 0) return { label: 'path unknown', changed: false, details };
  const from = path.measuredFromSeconds ?? hops[0].atSeconds;
  // Pings before and after cannot tell when the change happened, only that it did.
  const when = (h: PathChange): string =>
    path.source === 'ping' ? '' : ` after ${seconds(Math.max(0, h.atSeconds - from))}`;
  const parts = hops.map((h, i) => (i === 0 ? hopLabel(h) : `then ${hopLabel(h)}${when(h)}`));
  if (path.source === 'ping')
    details.push(
      hops.length > 1
        ? 'Seen by `coder ping` before and after the test: the change happened some time during it.'
        : 'Seen by `coder ping` before and after the test.',
    );
  return { label: parts.join(', '), changed: hops.length > 1, details };
}

/** The figure with its path: "48.00 Mbit/s over DERP Frankfurt"; the figure alone without a path. */
export function withPath(figure: string, path: SpeedtestPath | null | undefined): string {
  const summary = summarizePath(path);
  if (!summary) return figure;
  return summary.changed || summary.label === 'path unknown'
    ? `${figure} (${summary.label})`
    : `${figure} ${summary.label}`;
}
