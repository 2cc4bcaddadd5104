// The lines of the connection panel's two latency charts (the live check and the timeline): one
// line per path and marks along the top, coloured alike so a path reads the same in both.
import type { ChartDataset, ScatterDataPoint } from 'chart.js';
import type { ChartTheme } from '../chart-theme';
import { paint } from '../live-line-chart';

export type Points = ScatterDataPoint[];
type LatencyDataset = ChartDataset<'line', Points>;

/** A path's latency line; `points` says how its points are drawn and hit. */
export function pathLine(label: string, points: Partial<LatencyDataset>): LatencyDataset {
  return { label, data: [], borderWidth: 1.5, spanGaps: false, ...points };
}

/** Marks without a line between them (lost pings, events). */
export function marks(
  label: string,
  pointStyle: 'crossRot' | 'triangle',
  points: Partial<LatencyDataset>,
): LatencyDataset {
  return { ...pathLine(label, points), showLine: false, pointStyle, pointRadius: 6, borderWidth: 2 };
}

/** Relayed in orange, direct in green, lost pings in red; path lines a little thinner than the theme's. */
export function colourPaths(
  sets: { derp: LatencyDataset; p2p: LatencyDataset; lost: LatencyDataset },
  theme: ChartTheme,
): void {
  paint(sets.derp, theme.orange);
  paint(sets.p2p, theme.green);
  paint(sets.lost, theme.red);
  sets.derp.borderWidth = sets.p2p.borderWidth = theme.lineWidth - 0.5;
}
