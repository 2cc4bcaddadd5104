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
import { aroundPlaceholder, fill } from '../../shared/panel-strings';
import type { SpeedtestStrings } from '../../shared/speedtest-strings';
import { h } from '../dom';
import { dataTable } from '../kit';
import { directionLabel } from './view-model';

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function renderResults(
  s: SpeedtestStrings,
  report: SpeedtestReport,
  previous: SpeedtestReport | null,
  warnings: readonly string[],
): HTMLElement {
  const label = (direction: Direction, partial = false): string => {
    const name = directionLabel(s, direction);
    return partial ? fill(s.partial, name) : name;
  };
  const section = h(
    'section',
    { class: 'results', 'aria-labelledby': 'results-title' },
    h('h2', { id: 'results-title' }, s.results),
  );

  // A cancel is the user's own doing: said once, plainly, not as an error.
  if (report.cancelled) section.append(h('p', { class: 'muted' }, s.cancelledNote));
  else if (report.error) section.append(h('p', { class: 'error-text' }, report.error));

  const path = summarizePath(report.path);
  if (path) {
    const [before, after] = aroundPlaceholder(s.pathLine);
    section.append(
      h('p', { class: 'path-summary' }, h('strong', {}, before), path.label, after),
      ...path.details.map((d) => h('p', { class: 'muted' }, d)),
    );
  }

  if (report.results.length > 0) {
    section.append(
      dataTable({
        caption: s.overall,
        columns: [s.direction, s.bandwidth, s.transfer, s.loadedLatency],
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

  section.append(h('h3', {}, s.latencyUnderLoad), h('p', { class: 'latency-summary' }, latencySummary(report)));

  if (report.tunnel.length > 0) {
    section.append(
      dataTable({
        caption: s.tunnelCaption,
        columns: [s.direction, s.coderCli, s.thisTest],
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
        ? fill(s.partial, fill(s.intervals, label(r.direction)))
        : fill(s.intervals, label(r.direction)),
      columns: [s.interval, s.transfer, s.bandwidth],
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
        caption: fill(s.comparedWith, when(previous.startedAt)),
        columns: ['', s.now, s.before, s.change],
        rows: compareRows(report, previous).map((c) => [c.label, c.now, c.before, c.change]),
        class: 'compare',
      }),
    );
  } else {
    section.append(h('p', { class: 'muted' }, s.noEarlierRun));
  }

  if (warnings.length > 0) {
    const list = h('ul', { class: 'warnings' });
    for (const w of warnings) list.append(h('li', {}, w));
    section.append(h('h3', {}, s.warnings), list);
  }
  return section;
}
