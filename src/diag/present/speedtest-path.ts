// Which path a speed test ran over, in words: "direct (p2p)", "over DERP Frankfurt", or both
// with the moment it changed. Shared by the text, Markdown and panel presenters. Pure.
import { l10n } from '../l10n';
import type { PathChange, PathHop, SpeedtestPath } from '../speedtest/types';

interface PathSummary {
  /** e.g. "over DERP Frankfurt" or "over DERP Frankfurt, then direct (p2p) after 2.1 s". */
  label: string;
  /** The path changed while the transfers ran (e.g. a relay upgraded to p2p). */
  changed: boolean;
  /** Further sentences: the direct wait, how the path was learned, why it is unknown. */
  details: string[];
}

export function hopLabel(hop: PathHop): string {
  if (hop.kind === 'p2p') return l10n.t('direct (p2p)');
  if (hop.kind === 'coder-connect') return l10n.t('over Coder Connect');
  return l10n.t('over DERP {0}', hop.derpRegion ?? l10n.t('unknown'));
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
        ? l10n.t('A direct connection formed after {0} of waiting.', seconds(wait.waitedSeconds))
        : l10n.t(
            'No direct connection formed within {0}: measured over the relay instead.',
            seconds(wait.timeoutSeconds),
          ),
    );
  if (path.note) details.push(path.note);
  const hops = measuredHops(path);
  if (hops.length === 0) return { label: l10n.t('path unknown'), changed: false, details };
  const from = path.measuredFromSeconds ?? hops[0].atSeconds;
  // Pings before and after cannot tell when the change happened, only that it did.
  const then = (h: PathChange): string =>
    path.source === 'ping'
      ? l10n.t('then {0}', hopLabel(h))
      : l10n.t('then {0} after {1}', hopLabel(h), seconds(Math.max(0, h.atSeconds - from)));
  const parts = hops.map((h, i) => (i === 0 ? hopLabel(h) : then(h)));
  if (path.source === 'ping')
    details.push(
      hops.length > 1
        ? l10n.t('Seen by `coder ping` before and after the test: the change happened some time during it.')
        : l10n.t('Seen by `coder ping` before and after the test.'),
    );
  return { label: parts.join(', '), changed: hops.length > 1, details };
}

/** The figure with its path: "48.00 Mbit/s over DERP Frankfurt"; the figure alone without a path. */
export function withPath(figure: string, path: SpeedtestPath | null | undefined): string {
  const summary = summarizePath(path);
  if (!path || !summary) return figure;
  // Bracketed when the words are not a plain "over DERP Frankfurt": a change, or no path seen.
  return summary.changed || measuredHops(path).length === 0
    ? `${figure} (${summary.label})`
    : `${figure} ${summary.label}`;
}
