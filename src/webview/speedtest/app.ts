// The speed test panel in the browser: settings form, live chart, running totals, progress and,
// when done, the results. It draws only what the extension host sends (validated), keeps the last
// result with setState for a reload, and sends user actions back as typed messages. Its texts are
// translated with what the first snapshot brings, so it is built from that snapshot.
import { formatBytes, formatMbits, formatMs } from '../../diag/present/speedtest-rows';
import { hopLabel } from '../../diag/present/speedtest-path';
import type { Direction } from '../../diag/speedtest/types';
import { aroundPlaceholder, l10n } from '../../diag/l10n';
import { DEFAULT_SETTINGS, DURATION_CHOICES } from '../../shared/speedtest-protocol';
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
import type { VscodeButton, VscodeCheckbox, VscodeProgressBar, VscodeRadioGroup, VscodeRadio } from '../kit';
import type { VscodeSingleSelect } from '../kit';
import { renderResults } from './results';
import { applyEvent, chartMaxX, directionLabel, emptyView, progress, viewFromReport } from './view-model';
import type { LiveView } from './view-model';

export interface VsCodeApi {
  postMessage(message: PanelMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
}

export class SpeedtestApp {
  private target: TargetInfo | null = null;
  private view: LiveView;
  private chart: LiveChart | null = null;
  private frame = 0;
  private lastAnnounced = '';

  // Elements built once, in the constructor and build().
  private readonly targetText = h('strong', { class: 'target-name' });
  private readonly changeTarget: VscodeButton;
  private readonly direction: { group: VscodeRadioGroup; radios: VscodeRadio[] };
  private readonly duration: VscodeSingleSelect;
  private readonly compareCli: VscodeCheckbox;
  private readonly waitDirect: VscodeCheckbox;
  private readonly start: VscodeButton;
  private readonly cancel: VscodeButton;
  private readonly status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  private readonly alert = h('p', { class: 'alert', role: 'alert' });
  private readonly bar: VscodeProgressBar;
  private readonly totals = h('div', { class: 'totals' });
  private readonly canvas: HTMLCanvasElement;
  private readonly results = h('div', { class: 'results-host' });
  private readonly copy: VscodeButton;
  private readonly save: VscodeButton;

  constructor(
    private readonly root: HTMLElement,
    private readonly vscode: VsCodeApi,
  ) {
    this.view = emptyView(DEFAULT_SETTINGS, null);
    this.changeTarget = button(l10n.t('Change target…'), () => this.post({ type: 'change-target' }), {
      secondary: true,
    });
    this.direction = radioGroup('direction', 'direction-label', [
      { value: 'download', label: l10n.t('Download') },
      { value: 'upload', label: l10n.t('Upload') },
      { value: 'both', label: l10n.t('Both, one after the other') },
    ]);
    this.duration = singleSelect(
      'duration',
      l10n.t('Duration per direction'),
      DURATION_CHOICES.map((seconds) => ({ value: String(seconds), label: l10n.t('{0} s', seconds) })),
    );
    this.compareCli = checkbox('compare-cli', l10n.t('Compare with Coder CLI (runs coder speedtest afterwards)'));
    this.waitDirect = checkbox(
      'wait-direct',
      l10n.t('Wait for a direct (p2p) connection first (gives up after wsdoctor.speedtest.directTimeoutSeconds)'),
    );
    this.start = button(l10n.t('Start'), () => this.post({ type: 'start', settings: this.readSettings() }), {
      id: 'start',
    });
    this.cancel = button(l10n.t('Cancel'), () => this.post({ type: 'cancel' }), { id: 'cancel', secondary: true });
    this.bar = progressBar(l10n.t('Progress'));
    this.canvas = h('canvas', {
      id: 'bandwidth-chart',
      role: 'img',
      'aria-label': l10n.t('Live bandwidth chart: Mbit/s over seconds'),
    });
    this.copy = button(l10n.t('Copy as Markdown'), () => this.post({ type: 'copy-markdown' }), { secondary: true });
    this.save = button(l10n.t('Save as JSON'), () => this.post({ type: 'save-json' }), { secondary: true });
    this.build();
  }

  private build(): void {
    const [beforeTarget, afterTarget] = aroundPlaceholder(l10n.t('Target: {0}'));
    // Settings in reading order, which is also the keyboard's tab order.
    const settings = h(
      'div',
      { class: 'settings', role: 'group', 'aria-label': l10n.t('Speed test settings') },
      h(
        'div',
        { class: 'field' },
        h('span', { id: 'direction-label', class: 'field-label' }, l10n.t('Direction')),
        this.direction.group,
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'duration', class: 'field-label' }, l10n.t('Duration per direction')),
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
        h('h1', {}, l10n.t('Speed test')),
        h('p', { class: 'target' }, beforeTarget, this.targetText, afterTarget, ' ', this.changeTarget),
      ),
      settings,
      h(
        'section',
        { class: 'live', 'aria-label': l10n.t('Live measurement') },
        this.status,
        this.alert,
        this.bar,
        this.totals,
      ),
      h(
        'figure',
        { class: 'chart' },
        h('div', { class: 'chart-box' }, this.canvas),
        h('figcaption', {}, l10n.t('Download: solid line, circles. Upload: dashed line, triangles.')),
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
      this.duration.append(option({ value: String(s.durationSeconds), label: l10n.t('{0} s', s.durationSeconds) }));
    this.duration.value = String(s.durationSeconds);
    this.compareCli.checked = s.compareCli;
    this.waitDirect.checked = s.waitForDirect;
  }

  handle(message: HostMessage): void {
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
        // A run that ends with no report stopped in the middle of a step (those statuses end in `…`).
        if (!message.running && !this.view.report && this.view.status.endsWith('…'))
          this.view.status = l10n.t('Stopped.');
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
      setText(this.targetText, this.target ? this.target.label : l10n.t('none chosen'));
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
        ? l10n.t('Choose a target: a Coder workspace or ssh://user@host:port.')
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
        ? l10n.t('{0} overall', formatMbits(result.overall.throughput_mbits))
        : l10n.t('{0} now', formatMbits(v.latestMbits[d]));
      rows.push(
        h(
          'div',
          { class: `total ${d}`, 'data-direction': d },
          h('span', { class: `swatch ${d}`, 'aria-hidden': 'true' }),
          h('span', { class: 'label' }, directionLabel(d)),
          h('span', { class: 'figure' }, figure),
          h('span', { class: 'bytes' }, l10n.t('{0} moved', formatBytes(v.bytes[d]))),
        ),
      );
    }
    const hop = v.path[v.path.length - 1];
    if (hop) {
      rows.push(
        h(
          'div',
          { class: 'total path' },
          h('span', { class: 'label' }, l10n.t('Path')),
          h('span', { class: 'figure' }, v.path.length > 1 ? l10n.t('{0} (changed)', hopLabel(hop)) : hopLabel(hop)),
        ),
      );
    }
    if (v.idleLatencyMs !== null || v.loadedLatencyMs !== null) {
      rows.push(
        h(
          'div',
          { class: 'total latency' },
          h('span', { class: 'label' }, l10n.t('Latency')),
          h(
            'span',
            { class: 'figure' },
            l10n.t('idle {0} · loaded {1}', formatMs(v.idleLatencyMs), formatMs(v.loadedLatencyMs)),
          ),
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
