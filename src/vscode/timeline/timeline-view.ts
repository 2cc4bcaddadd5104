// The panel's view of a recorded timeline (src/diag/wire/timeline.ts), made from the store.
// Pure: no vscode, so it is unit-tested and its size checked against the message limits.
import { timelineEventText } from '../../diag/present/timeline-text';
import type { TimelineStore } from '../../diag/timeline/store';
import { summaryLine } from '../../diag/timeline/summary';
import { TIMELINE_PATHS } from '../../diag/wire/timeline-data';
import type { TimelinePoint, TimelineView } from '../../diag/wire/timeline';

export function timelineView(
  workspace: string,
  store: TimelineStore,
  nowMs: number,
  lastCause: string | null,
  timeZone?: string,
): TimelineView {
  const points: TimelinePoint[] = [];
  store.forEachBucket((b) => {
    let most = 0;
    for (let i = 1; i < 4; i++) if (b.paths[i] > b.paths[most]) most = i;
    const ms = b.avgMs === null ? null : Math.round(b.avgMs * 10) / 10;
    points.push({ atMs: b.atMs, ms, path: TIMELINE_PATHS[most], lost: b.lost > 0 });
  });
  store.forEachSample((s) => points.push({ atMs: s.atMs, ms: s.latencyMs, path: s.path, lost: s.lost === true }));
  return {
    workspace,
    nowMs,
    summary: summaryLine(store, nowMs, timeZone),
    lastCause,
    points,
    events: store.events().map((e) => ({ atMs: e.atMs, type: e.type, text: timelineEventText(e) })),
  };
}
