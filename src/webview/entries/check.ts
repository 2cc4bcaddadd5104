// The check panel's browser entry: receives engine events from the extension host, folds them
// with the same reducer the engine uses (connection/model.ts), and redraws at most once per frame.
// Only the elements this panel uses are registered (and bundled). The page has no texts of its own:
// the view is built from the first snapshot, which carries the translations of every text the panel
// makes (its own and the engine's); what arrives before it is folded into the model all the same.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-table/index.js';
import '@vscode-elements/elements/dist/vscode-table-body/index.js';
import '@vscode-elements/elements/dist/vscode-table-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-header/index.js';
import '@vscode-elements/elements/dist/vscode-table-header-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-row/index.js';
import { bundleTranslator, setTranslator } from '../../diag/l10n';
import { CheckView } from '../check/view';
import { DEFAULT_THRESHOLDS, applyHostMessage } from '../check/model';
import type { PanelModel } from '../check/model';
import { parseHostMessage, parsePanelState, trimForState } from '../../shared/check-protocol';
import type { PanelMessage, PanelState } from '../../shared/check-protocol';

interface VsCodeApi {
  postMessage(message: PanelMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('app') as HTMLElement;
let view: CheckView | null = null;
/** A notice that came before the view existed, shown once it does. */
let pendingNotice: string | null = null;

const restored = parsePanelState(vscode.getState());
let model: PanelModel = {
  report: restored?.report ?? null,
  running: false,
  workspace: restored?.workspace ?? null,
  thresholds: DEFAULT_THRESHOLDS,
  timeline: null,
};

let frame = 0;
function scheduleRender(): void {
  frame ||= requestAnimationFrame(() => {
    frame = 0;
    view?.render(model);
  });
}

let persistTimer: ReturnType<typeof setTimeout> | undefined;
function persist(now: boolean): void {
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
  if (message.type === 'notice') {
    if (view) view.notice(message.text);
    else pendingNotice = message.text;
    return;
  }
  // Before anything is drawn: the texts this panel makes, in the host's language.
  if (message.type === 'snapshot') setTranslator(bundleTranslator(message.translations ?? {}));
  if (message.type === 'snapshot' && !view) {
    view = new CheckView(root, (m) => vscode.postMessage(m));
    if (pendingNotice !== null) view.notice(pendingNotice);
    pendingNotice = null;
  }
  const applied = applyHostMessage(model, message);
  model = applied.model;
  persist(applied.persistNow);
  scheduleRender();
});

vscode.postMessage({ type: 'ready' });
