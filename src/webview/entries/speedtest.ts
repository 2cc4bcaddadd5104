// Browser bundle of the speed test panel (dist/webview/speedtest.js).
// Only the elements this panel uses are registered (and bundled). The page has no texts of its own:
// the panel is built from the first snapshot, which carries the translations of every text it makes
// and all it needs to draw (a reload's result included), so what arrives before it is left out.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-table/index.js';
import '@vscode-elements/elements/dist/vscode-table-body/index.js';
import '@vscode-elements/elements/dist/vscode-table-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-header/index.js';
import '@vscode-elements/elements/dist/vscode-table-header-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-row/index.js';
import { SpeedtestApp } from '../speedtest/app';
import type { VsCodeApi } from '../speedtest/app';
import { bundleTranslator, setTranslator } from '../../diag/l10n';
import { parseHostMessage } from '../../shared/speedtest-protocol';
import type { HostMessage } from '../../shared/speedtest-protocol';

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('app') as HTMLElement;
let app: SpeedtestApp | null = null;
/** A notice that came before the panel existed (a failed start, say), shown once it does. */
let pendingNotice: Extract<HostMessage, { type: 'notice' }> | null = null;

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (!message) return;
  // Before anything is drawn: the texts this panel makes, in the host's language.
  if (message.type === 'snapshot') setTranslator(bundleTranslator(message.translations ?? {}));
  if (!app && message.type === 'snapshot') {
    app = new SpeedtestApp(root, vscode);
    app.handle(message);
    if (pendingNotice) app.handle(pendingNotice);
    pendingNotice = null;
  } else if (app) app.handle(message);
  else if (message.type === 'notice') pendingNotice = message;
});

vscode.postMessage({ type: 'ready' });
