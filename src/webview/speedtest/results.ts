// The finished-run part of the panel: summary, latency under load, the CLI tunnel figure, the
// per-direction interval tables like the CLI prints them, and the comparison with the previous run.
import {
  DIRECTION_LABEL,
  compareRows,
  formatBytes,
  formatMbits,
  formatMs,
  intervalRows,
  latencySummary,
  resultNotes,
} from '../../diag/present/speedtest-rows';
import { summarizePath } from '../../diag/present/speedtest-path';
import type { SpeedtestReport } from '../../diag/throughput/types';
import { h } from '../dom';
import { dataTable } from '../kit';

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function renderResults(
  report: SpeedtestReport,
  previous: SpeedtestReport | null,
  warnings: readonly string[],
): HTMLElement {
  const section = h(
    'section',
    { class: 'results', 'aria-labelledby': 'results-title' },
    h('h2', { id: 'results-title' }, 'Results'),
  );

  // A cancel is the user's own doing: said once, plainly, not as an error.
  if (report.cancelled)
    section.append(h('p', { class: 'muted' }, 'Cancelled: the figures cover what ran before the cancel.'));
  else if (report.error) section.append(h('p', { class: 'error-text' }, report.error));

  const path = summarizePath(report.path);
  if (path) {
    section.append(
      h('p', { class: 'path-summary' }, h('strong', {}, 'Path: '), path.label),
      ...path.details.map((d) => h('p', { class: 'muted' }, d)),
    );
  }

  if (report.results.length > 0) {
    section.append(
      dataTable({
        caption: 'Overall',
        columns: ['Direction', 'Bandwidth', 'Transfer', 'Loaded latency'],
        rows: report.results.map((r) => [
          `${DIRECTION_LABEL[r.direction]}${r.partial ? ' (partial)' : ''}`,
          formatMbits(r.overall.throughput_mbits),
          formatBytes(r.bytes),
          formatMs(r.loadedLatencyMs),
        ]),
      }),
    );
    for (const r of report.results)
      for (const note of resultNotes(r))
        section.append(h('p', { class: 'result-note' }, `${DIRECTION_LABEL[r.direction]}: ${note}`));
  }

  section.append(h('h3', {}, 'Latency under load'), h('p', { class: 'latency-summary' }, latencySummary(report)));

  if (report.tunnel.length > 0) {
    section.append(
      dataTable({
        caption: 'Coder CLI tunnel figure (coder speedtest)',
        columns: ['Direction', 'Coder CLI', 'This test'],
        rows: report.tunnel.map((t) => {
          const ours = report.results.find((r) => r.direction === t.direction);
          return [
            DIRECTION_LABEL[t.direction],
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
      caption: `${DIRECTION_LABEL[r.direction]} intervals${r.partial ? ' (partial)' : ''}`,
      columns: ['Interval', 'Transfer', 'Bandwidth'],
      rows: rows.map((row) => [row.interval, row.transfer, row.bandwidth]),
      footer: [overall.interval, overall.transfer, overall.bandwidth],
      class: 'intervals',
    });
    t.dataset.direction = r.direction;
    section.append(t);
    if (r.error && r.error !== report.error && !report.cancelled)
      section.append(h('p', { class: 'error-text' }, `${DIRECTION_LABEL[r.direction]}: ${r.error}`));
  }

  if (previous) {
    section.append(
      dataTable({
        caption: `Compared with the previous run (${when(previous.startedAt)})`,
        columns: ['', 'Now', 'Before', 'Change'],
        rows: compareRows(report, previous).map((c) => [c.label, c.now, c.before, c.change]),
        class: 'compare',
      }),
    );
  } else {
    section.append(h('p', { class: 'muted' }, 'No earlier run of this target to compare with yet.'));
  }

  if (warnings.length > 0) {
    const list = h('ul', { class: 'warnings' });
    for (const w of warnings) list.append(h('li', {}, w));
    section.append(h('h3', {}, 'Warnings'), list);
  }
  return section;
}
