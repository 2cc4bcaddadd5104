// Browser entry for scripts/bench/ui-bench.mjs: the connection panel's real view and chart with
// hooks to time one live update (a ping arrives: fold it, redraw) at a given history length.
import type { DiagEvent } from '../../../src/diag/events';
import type { PingSample } from '../../../src/diag/model';
import { emptyReport } from '../../../src/diag/report';
import { applyHostMessage, DEFAULT_THRESHOLDS } from '../../../src/webview/connection/model';
import type { PanelModel } from '../../../src/webview/connection/model';
import { ConnectionView } from '../../../src/webview/connection/view';

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
  const view = new ConnectionView(root, () => undefined);
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
