// The finished-run part of the panel: summary, latency under load, the CLI tunnel figure, the
// per-direction interval tables like the CLI prints them, and the comparison with the previous run.
import {
  compareRows,
  formatBytes,
  formatMbits,
  formatMs,
  intervalRows,
  latencySummary,
  resultNotes,
} from '../../diag/present/speedtest-rows';
import { summarizePath } from '../../diag/present/speedtest-path';
import type { Direction, SpeedtestReport } from '../../diag/speedtest/types';
import { aroundPlaceholder, l10n } from '../../diag/l10n';
import { h } from '../dom';
import { dataTable } from '../kit';
import { directionLabel } from './view-model';

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function renderResults(
  report: SpeedtestReport,
  previous: SpeedtestReport | null,
  warnings: readonly string[],
): HTMLElement {
  const label = (direction: Direction, partial = false): string => {
    const name = directionLabel(direction);
    return partial ? l10n.t('{0} (partial)', name) : name;
  };
  const section = h(
    'section',
    { class: 'results', 'aria-labelledby': 'results-title' },
    h('h2', { id: 'results-title' }, l10n.t('Results')),
  );

  // A cancel is the user's own doing: said once, plainly, not as an error.
  if (report.cancelled)
    section.append(h('p', { class: 'muted' }, l10n.t('Cancelled: the figures cover what ran before the cancel.')));
  else if (report.error) section.append(h('p', { class: 'error-text' }, report.error));

  const path = summarizePath(report.path);
  if (path) {
    const [before, after] = aroundPlaceholder(l10n.t('Path: {0}'));
    section.append(
      h('p', { class: 'path-summary' }, h('strong', {}, before), path.label, after),
      ...path.details.map((d) => h('p', { class: 'muted' }, d)),
    );
  }

  if (report.results.length > 0) {
    section.append(
      dataTable({
        caption: l10n.t('Overall'),
        columns: [l10n.t('Direction'), l10n.t('Bandwidth'), l10n.t('Transfer'), l10n.t('Loaded latency')],
        rows: report.results.map((r) => [
          label(r.direction, r.partial),
          formatMbits(r.overall.throughput_mbits),
          formatBytes(r.bytes),
          formatMs(r.loadedLatencyMs),
        ]),
      }),
    );
    for (const r of report.results)
      for (const note of resultNotes(r))
        section.append(h('p', { class: 'result-note' }, `${label(r.direction)}: ${note}`));
  }

  section.append(
    h('h3', {}, l10n.t('Latency under load')),
    h('p', { class: 'latency-summary' }, latencySummary(report)),
  );

  if (report.tunnel.length > 0) {
    section.append(
      dataTable({
        caption: l10n.t('Coder CLI tunnel figure (coder speedtest)'),
        columns: [l10n.t('Direction'), l10n.t('Coder CLI'), l10n.t('This test')],
        rows: report.tunnel.map((t) => {
          const ours = report.results.find((r) => r.direction === t.direction);
          return [
            label(t.direction),
            t.error ?? formatMbits(t.overall?.throughput_mbits),
            formatMbits(ours?.overall.throughput_mbits),
          ];
        }),
      }),
    );
  }

  for (const r of report.results) {
    const { rows, overall } = intervalRows(r);
    const t = dataTable({
      caption: r.partial
        ? l10n.t('{0} (partial)', l10n.t('{0} intervals', label(r.direction)))
        : l10n.t('{0} intervals', label(r.direction)),
      columns: [l10n.t('Interval'), l10n.t('Transfer'), l10n.t('Bandwidth')],
      rows: rows.map((row) => [row.interval, row.transfer, row.bandwidth]),
      footer: [overall.interval, overall.transfer, overall.bandwidth],
      class: 'intervals',
    });
    t.dataset.direction = r.direction;
    section.append(t);
    if (r.error && r.error !== report.error && !report.cancelled)
      section.append(h('p', { class: 'error-text' }, `${label(r.direction)}: ${r.error}`));
  }

  if (previous) {
    section.append(
      dataTable({
        caption: l10n.t('Compared with the previous run ({0})', when(previous.startedAt)),
        columns: ['', l10n.t('Now'), l10n.t('Before'), l10n.t('Change')],
        rows: compareRows(report, previous).map((c) => [c.label, c.now, c.before, c.change]),
        class: 'compare',
      }),
    );
  } else {
    section.append(h('p', { class: 'muted' }, l10n.t('No earlier run of this target to compare with yet.')));
  }

  if (warnings.length > 0) {
    const list = h('ul', { class: 'warnings' });
    for (const w of warnings) list.append(h('li', {}, w));
    section.append(h('h3', {}, l10n.t('Warnings')), list);
  }
  return section;
}
