// The connection panel's browser entry: receives engine events from the extension host, folds them
// with the same reducer the engine uses, and redraws at most once per frame.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { Report } from '../../diag/model';
import { emptyReport, reduce } from '../../diag/report';
import { ConnectionView } from '../connection/view';
import type { ViewModel } from '../connection/view';
import { parseHostMessage, parsePanelState, trimForState } from '../protocol';
import type { PanelMessage, PanelState } from '../protocol';

interface VsCodeApi {
  postMessage(message: PanelMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('app') as HTMLElement;
const view = new ConnectionView(root, (message) => vscode.postMessage(message));

const restored = parsePanelState(vscode.getState());
const model: ViewModel = {
  report: restored?.report ?? null,
  running: false,
  workspace: restored?.workspace ?? null,
  thresholds: { warnMs: 100, errorMs: 250 },
};

let frame = 0;
function scheduleRender(): void {
  frame ||= requestAnimationFrame(() => {
    frame = 0;
    view.render(model);
  });
}

let persistTimer: ReturnType<typeof setTimeout> | undefined;
function persist(now = false): void {
  const save = (): void => {
    persistTimer = undefined;
    vscode.setState({ workspace: model.workspace, report: model.report ? trimForState(model.report) : null });
  };
  if (now) {
    if (persistTimer) clearTimeout(persistTimer);
    save();
  } else {
    persistTimer ??= setTimeout(save, 2000);
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (!message) return;
  switch (message.type) {
    case 'snapshot':
      model.report = message.report ?? (message.workspace === model.workspace ? model.report : null);
      model.running = message.running;
      model.workspace = message.workspace;
      model.thresholds = message.thresholds;
      persist(true);
      break;
    case 'events': {
      let report: Report = model.report ?? emptyReport(model.workspace ?? '', new Date().toISOString());
      for (const e of message.events) report = reduce(report, e);
      model.report = report;
      persist(message.events.some((e) => e.type === 'finished'));
      break;
    }
    case 'run-state':
      model.running = message.running;
      model.workspace = message.workspace;
      persist(true);
      break;
    case 'notice':
      view.notice(message.text);
      return;
  }
  scheduleRender();
});

// The theme is a class on <body>; the chart reads its colours from CSS variables.
new MutationObserver(() => view.themeChanged()).observe(document.body, { attributes: true, attributeFilter: ['class'] });

view.render(model);
vscode.postMessage({ type: 'ready' });
