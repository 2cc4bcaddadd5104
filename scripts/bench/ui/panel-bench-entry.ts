// Browser entry for scripts/bench/ui-bench.mjs: the connection panel's real view and chart with
// hooks to time one live update (a ping arrives: fold it, redraw) at a given history length.
import type { DiagEvent } from '../../../src/diag/events';
import type { PingSample } from '../../../src/diag/model';
import { emptyReport } from '../../../src/diag/check/report';
import { applyHostMessage, DEFAULT_THRESHOLDS } from '../../../src/webview/check/model';
import type { PanelModel } from '../../../src/webview/check/model';
import { CheckView } from '../../../src/webview/check/view';
import { TimelineSection } from '../../../src/webview/check/timeline-section';
import type { TimelinePoint, TimelineView } from '../../../src/diag/wire/timeline';

function ping(i: number): DiagEvent {
  const relayed = i < 30;
  const sample: Omit<PingSample, 'seq'> =
    i % 97 === 13
      ? { outcome: 'timeout', atMs: i * 1000 }
      : {
          outcome: 'pong',
          atMs: i * 1000,
          path: relayed ? 'derp' : 'p2p',
          latencyMs: (relayed ? 45 : 12) + (i % 11),
          derpRegion: 'Frankfurt',
          endpoint: '198.51.100.7:41641',
        };
  return { type: 'ping', sample };
}

/** Builds a panel holding `history` pings, then times `rounds` live updates of one ping each. */
function run(history: number, rounds: number): number {
  const root = document.getElementById('app') as HTMLElement;
  const view = new CheckView(root, () => undefined);
  let model: PanelModel = {
    report: emptyReport('dev', 'x'),
    running: true,
    workspace: 'dev',
    thresholds: DEFAULT_THRESHOLDS,
  };
  const start: DiagEvent = { type: 'started', workspace: 'dev', at: new Date(0).toISOString() };
  model = applyHostMessage(model, {
    type: 'events',
    events: [start, ...Array.from({ length: history }, (_, i) => ping(i))],
  }).model;
  view.render(model);
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    model = applyHostMessage(model, { type: 'events', events: [ping(history + r)] }).model;
    view.render(model);
  }
  const perUpdate = (performance.now() - t0) / rounds;
  root.replaceChildren();
  return perUpdate;
}

(window as unknown as { panelBench: typeof run }).panelBench = run;

/** A recorded timeline of `hours` (a day: 1,440 minutes, then the last hour's 3,600 seconds) and `events` events. */
function recordedTimeline(hours: number, events: number): TimelineView {
  const nowMs = Date.UTC(2025, 2, 3, 12);
  const points: TimelinePoint[] = [];
  const seconds = Math.min(hours, 1) * 3600;
  for (let m = Math.round((hours - 1) * 60); m > 0; m--)
    points.push({
      atMs: nowMs - 3600_000 - m * 60_000,
      ms: 20 + (m % 13),
      path: m % 7 ? 'p2p' : 'derp',
      lost: m % 97 === 0,
    });
  for (let s = seconds; s > 0; s--)
    points.push({
      atMs: nowMs - s * 1000,
      ms: 15 + (s % 11),
      path: s % 600 < 60 ? 'derp' : 'p2p',
      lost: s % 211 === 0,
    });
  const span = hours * 3600_000;
  const list = Array.from({ length: events }, (_, i) => ({
    atMs: nowMs - span + Math.round(((i + 0.5) * span) / events),
    type: 'path-changed' as const,
    text: 'path changed: direct (p2p) → DERP',
  }));
  return { workspace: 'dev', nowMs, summary: 'since 12:00', lastCause: null, points, events: list };
}

/** Times one draw of the Timeline section (series for the range, chart redraw, event list) `rounds` times. */
function timelineRun(hours: number, rounds: number): number {
  const root = document.getElementById('app') as HTMLElement;
  const section = new TimelineSection();
  root.append(section.element);
  // The range that shows all of it: 10 min for the reference, 24 h for a day.
  const range = hours > 1 ? '24h' : '10m';
  for (const radio of section.element.querySelectorAll<HTMLElement & { checked: boolean }>('[name="timeline-range"]'))
    radio.checked = radio.getAttribute('value') === range;
  const views = [recordedTimeline(hours, hours > 1 ? 500 : 10), recordedTimeline(hours, hours > 1 ? 499 : 9)];
  section.update(views[1]);
  const t0 = performance.now();
  // Alternating two views: each draw is a real redraw, not the chart's same-data shortcut.
  for (let r = 0; r < rounds; r++) section.update(views[r % 2]);
  const perDraw = (performance.now() - t0) / rounds;
  root.replaceChildren();
  return perDraw;
}

(window as unknown as { timelineBench: typeof timelineRun }).timelineBench = timelineRun;
