// The speed test panel in the browser: settings form, live chart, running totals, progress and,
// when done, the results. It draws only what the extension host sends (validated), keeps the last
// result with setState for a reload, and sends user actions back as typed messages.
import { DIRECTION_LABEL, formatBytes, formatMbits, formatMs } from '../../diag/present/speedtest-rows';
import { hopLabel } from '../../diag/present/speedtest-path';
import type { Direction } from '../../diag/throughput/types';
import { DEFAULT_SETTINGS, DURATION_CHOICES, parseHostMessage, parsePanelState } from '../../shared/speedtest-protocol';
import type {
  DirectionChoice,
  HostMessage,
  PanelMessage,
  PanelState,
  RunSettings,
  TargetInfo,
} from '../../shared/speedtest-protocol';
import { LiveChart } from './chart';
import { h, replaceChildren, setText } from '../dom';
import { button, checkbox, option, progressBar, radioGroup, setDisabled, singleSelect } from '../kit';
import { renderResults } from './results';
import { applyEvent, chartMaxX, emptyView, progress, viewFromReport } from './view-model';
import type { LiveView } from './view-model';

interface VsCodeApi {
  postMessage(message: PanelMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const DIRECTION_CHOICES: { value: DirectionChoice; label: string }[] = [
  { value: 'download', label: 'Download' },
  { value: 'upload', label: 'Upload' },
  { value: 'both', label: 'Both, one after the other' },
];

export class SpeedtestApp {
  private readonly vscode = acquireVsCodeApi();
  private target: TargetInfo | null = null;
  private view: LiveView = emptyView(DEFAULT_SETTINGS, null);
  private chart: LiveChart | null = null;
  private frame = 0;
  private lastAnnounced = '';

  // Elements built once in build().
  private readonly targetText = h('strong', { class: 'target-name' });
  private readonly changeTarget = button('Change target…', () => this.post({ type: 'change-target' }), {
    secondary: true,
  });
  private readonly direction = radioGroup('direction', 'direction-label', DIRECTION_CHOICES);
  private readonly duration = singleSelect(
    'duration',
    'Duration per direction',
    DURATION_CHOICES.map((s) => ({ value: String(s), label: `${s} s` })),
  );
  private readonly compareCli = checkbox('compare-cli', 'Compare with Coder CLI (runs coder speedtest afterwards)');
  private readonly waitDirect = checkbox(
    'wait-direct',
    'Wait for a direct (p2p) connection first (gives up after wsdoctor.speedtest.directTimeoutSeconds)',
  );
  private readonly start = button('Start', () => this.post({ type: 'start', settings: this.readSettings() }), {
    id: 'start',
  });
  private readonly cancel = button('Cancel', () => this.post({ type: 'cancel' }), { id: 'cancel', secondary: true });
  private readonly status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  private readonly alert = h('p', { class: 'alert', role: 'alert' });
  private readonly bar = progressBar('Progress');
  private readonly totals = h('div', { class: 'totals' });
  private readonly canvas = h('canvas', {
    id: 'bandwidth-chart',
    role: 'img',
    'aria-label': 'Live bandwidth chart: Mbit/s over seconds',
  });
  private readonly results = h('div', { class: 'results-host' });
  private readonly copy = button('Copy as Markdown', () => this.post({ type: 'copy-markdown' }), { secondary: true });
  private readonly save = button('Save as JSON', () => this.post({ type: 'save-json' }), { secondary: true });

  constructor(private readonly root: HTMLElement) {
    this.build();
    // Until the host answers, show what this panel showed before a reload.
    const saved = parsePanelState(this.vscode.getState());
    this.target = saved.target;
    this.view = saved.report
      ? viewFromReport(saved.settings, saved.report, saved.previous)
      : emptyView(saved.settings, saved.previous);
    this.render(true);
    window.addEventListener('message', (e: MessageEvent<unknown>) => {
      const message = parseHostMessage(e.data);
      if (message) this.handle(message);
    });
    this.vscode.postMessage({ type: 'ready' });
  }

  private build(): void {
    // Settings in reading order, which is also the keyboard's tab order.
    const settings = h(
      'div',
      { class: 'settings', role: 'group', 'aria-label': 'Speed test settings' },
      h(
        'div',
        { class: 'field' },
        h('span', { id: 'direction-label', class: 'field-label' }, 'Direction'),
        this.direction.group,
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'duration', class: 'field-label' }, 'Duration per direction'),
        this.duration,
      ),
      h('div', { class: 'field checks' }, this.compareCli, this.waitDirect),
      h('div', { class: 'buttons' }, this.start, this.cancel),
    );
    replaceChildren(
      this.root,
      h(
        'header',
        {},
        h('h1', {}, 'Speed test'),
        h('p', { class: 'target' }, 'Target: ', this.targetText, ' ', this.changeTarget),
      ),
      settings,
      h('section', { class: 'live', 'aria-label': 'Live measurement' }, this.status, this.alert, this.bar, this.totals),
      h(
        'figure',
        { class: 'chart' },
        h('div', { class: 'chart-box' }, this.canvas),
        h('figcaption', {}, 'Download: solid line, circles. Upload: dashed line, triangles.'),
      ),
      this.results,
      h('div', { class: 'buttons actions' }, this.copy, this.save),
    );
    this.chart = new LiveChart(this.canvas);
  }

  private readSettings(): RunSettings {
    const checked = this.direction.radios.find((r) => r.checked)?.value;
    const direction: DirectionChoice =
      checked === 'download' || checked === 'upload' || checked === 'both' ? checked : DEFAULT_SETTINGS.direction;
    const durationSeconds = Number(this.duration.value) || DEFAULT_SETTINGS.durationSeconds;
    const coder = this.target?.kind === 'coder';
    return {
      direction,
      durationSeconds,
      compareCli: coder && this.compareCli.checked,
      waitForDirect: coder && this.waitDirect.checked,
    };
  }

  private writeSettings(s: RunSettings): void {
    for (const r of this.direction.radios) r.checked = r.value === s.direction;
    if (!DURATION_CHOICES.includes(s.durationSeconds))
      this.duration.append(option({ value: String(s.durationSeconds), label: `${s.durationSeconds} s` }));
    this.duration.value = String(s.durationSeconds);
    this.compareCli.checked = s.compareCli;
    this.waitDirect.checked = s.waitForDirect;
  }

  private handle(message: HostMessage): void {
    switch (message.type) {
      case 'snapshot': {
        this.target = message.target;
        const view =
          message.report && message.events.length === 0
            ? viewFromReport(message.settings, message.report, message.previous)
            : emptyView(message.settings, message.previous, message.running);
        for (const event of message.events) applyEvent(view, event);
        view.running = message.running && !view.report;
        this.view = view;
        setText(this.alert, '');
        this.render(true);
        break;
      }
      case 'started':
        this.view = emptyView(message.settings, message.previous, true);
        setText(this.alert, '');
        this.render(true);
        break;
      case 'events':
        for (const event of message.events) applyEvent(this.view, event);
        this.render(message.events.some((e) => e.type === 'done'));
        break;
      case 'run-state':
        this.view.running = message.running;
        if (!message.running && !this.view.report && this.view.status.endsWith('…')) this.view.status = 'Stopped.';
        this.render(true);
        break;
      case 'notice':
        if (message.level === 'error') setText(this.alert, message.text);
        else this.announce(message.text);
        break;
    }
  }

  /** Draws the view; `full` also rebuilds the form state and the results. */
  private render(full: boolean): void {
    const v = this.view;
    if (full) {
      setText(this.targetText, this.target ? this.target.label : 'none chosen');
      this.writeSettings(v.settings);
      this.compareCli.hidden = this.waitDirect.hidden = this.target?.kind !== 'coder';
      this.renderResults();
      this.saveState();
    }
    const busy = v.running;
    setDisabled(this.start, busy || this.target === null);
    setDisabled(this.cancel, !busy);
    for (const el of [this.changeTarget, ...this.direction.radios, this.duration, this.compareCli, this.waitDirect])
      setDisabled(el, busy);
    for (const el of [this.copy, this.save]) setDisabled(el, busy || v.report === null);
    this.root.setAttribute('aria-busy', busy ? 'true' : 'false');

    this.announce(
      this.target === null && !busy && !v.report
        ? 'Choose a target: a Coder workspace or ssh://user@host:port.'
        : v.status,
    );
    const pct = Math.round(progress(v) * 100);
    this.bar.value = busy || v.report ? pct : 0;
    this.renderTotals();
    this.scheduleChart();
  }

  private announce(text: string): void {
    // Only real changes reach the live region, so screen readers are not flooded by samples.
    if (text === this.lastAnnounced) return;
    this.lastAnnounced = text;
    setText(this.status, text);
  }

  private renderTotals(): void {
    const v = this.view;
    const rows: HTMLElement[] = [];
    for (const d of ['download', 'upload'] as Direction[]) {
      const result = v.results.find((r) => r.direction === d);
      if (!result && v.points[d].length === 0 && v.bytes[d] === 0) continue;
      const figure = result
        ? `${formatMbits(result.overall.throughput_mbits)} overall`
        : `${formatMbits(v.latestMbits[d])} now`;
      rows.push(
        h(
          'div',
          { class: `total ${d}`, 'data-direction': d },
          h('span', { class: `swatch ${d}`, 'aria-hidden': 'true' }),
          h('span', { class: 'label' }, DIRECTION_LABEL[d]),
          h('span', { class: 'figure' }, figure),
          h('span', { class: 'bytes' }, `${formatBytes(v.bytes[d])} moved`),
        ),
      );
    }
    const hop = v.path[v.path.length - 1];
    if (hop) {
      rows.push(
        h(
          'div',
          { class: 'total path' },
          h('span', { class: 'label' }, 'Path'),
          h('span', { class: 'figure' }, v.path.length > 1 ? `${hopLabel(hop)} (changed)` : hopLabel(hop)),
        ),
      );
    }
    if (v.idleLatencyMs !== null || v.loadedLatencyMs !== null) {
      rows.push(
        h(
          'div',
          { class: 'total latency' },
          h('span', { class: 'label' }, 'Latency'),
          h('span', { class: 'figure' }, `idle ${formatMs(v.idleLatencyMs)} · loaded ${formatMs(v.loadedLatencyMs)}`),
        ),
      );
    }
    replaceChildren(this.totals, ...rows);
  }

  private renderResults(): void {
    const v = this.view;
    if (!v.report) {
      replaceChildren(this.results);
      return;
    }
    replaceChildren(this.results, renderResults(v.report, v.previous, v.warnings));
  }

  private scheduleChart(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.chart?.update(this.view.points, chartMaxX(this.view));
    });
  }

  private saveState(): void {
    this.vscode.setState({
      target: this.target,
      settings: this.view.settings,
      report: this.view.report,
      previous: this.view.previous,
    });
  }

  private post(message: PanelMessage): void {
    this.vscode.postMessage(message);
  }
}
