// A speed test report as Markdown, for the clipboard and issue trackers. Pure: report in, text out.
// Text that came from outside (target names, error messages) is escaped so it renders literally.
import type { DirectionResult, SpeedtestReport, TunnelResult } from '../throughput/types';
import { inEnglish } from '../l10n';
import { mdText } from './markdown-text';
import { summarizePath } from './speedtest-path';
import {
  compareRows,
  directionLabel,
  formatBytes,
  formatMbits,
  formatMs,
  intervalRows,
  resultNotes,
} from './speedtest-rows';

function table(head: string[], rows: string[][]): string[] {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)];
}

function resultSection(r: DirectionResult): string[] {
  const out = [`## ${directionLabel(r.direction)}${r.partial ? ' (partial)' : ''}`, ''];
  if (r.error) out.push(`> ${mdText(r.error)}`, '');
  const { rows, overall } = intervalRows(r);
  out.push(
    ...table(
      ['Interval', 'Transfer', 'Bandwidth'],
      [
        ...rows.map((row) => [row.interval, row.transfer, row.bandwidth]),
        [`**${overall.interval}**`, `**${overall.transfer}**`, `**${overall.bandwidth}**`],
      ],
    ),
  );
  out.push('', `Moved ${formatBytes(r.bytes)}; latency under load ${formatMs(r.loadedLatencyMs)}.`, '');
  for (const note of resultNotes(r)) out.push(`> ${mdText(note)}`, '');
  return out;
}

function tunnelCell(t: TunnelResult): string {
  if (t.error) return mdText(t.error);
  return formatMbits(t.overall?.throughput_mbits);
}

/** In English whatever the extension's language: the report is shared as it is, like the connection report. */
export function speedtestToMarkdown(report: SpeedtestReport, previous: SpeedtestReport | null = null): string {
  return inEnglish(() => markdownOf(report, previous));
}

function markdownOf(report: SpeedtestReport, previous: SpeedtestReport | null): string {
  const out: string[] = [`# Speed test: ${mdText(report.target)}`, ''];
  const via = report.transport === 'coder' ? 'Coder (coder ssh --stdio)' : 'SSH';
  out.push(`- Started: ${mdText(report.startedAt)}`);
  out.push(`- Transport: ${via}${report.remoteOs ? `; remote OS ${mdText(report.remoteOs)}` : ''}`);
  out.push(`- Duration: ${report.durationSeconds} s per direction`);
  const path = summarizePath(report.path);
  if (path) {
    out.push(`- Path: ${mdText(path.label)}${path.changed ? ' (changed during the test)' : ''}`);
    for (const d of path.details) out.push(`  - ${mdText(d)}`);
  }
  if (report.cancelled) out.push('- Cancelled before the end: figures cover what ran.');
  if (report.error) out.push(`- Error: ${mdText(report.error)}`);
  out.push('');

  if (report.results.length > 0) {
    out.push('## Summary', '');
    out.push(
      ...table(
        ['Direction', 'Bandwidth', 'Transfer', 'Loaded latency'],
        report.results.map((r) => [
          `${directionLabel(r.direction)}${r.partial ? ' (partial)' : ''}`,
          formatMbits(r.overall.throughput_mbits),
          formatBytes(r.bytes),
          formatMs(r.loadedLatencyMs),
        ]),
      ),
      '',
    );
  }

  const l = report.latency;
  out.push('## Latency under load', '');
  out.push(`- Idle: ${formatMs(l.idleMs)} (${l.idleSamples} samples)`);
  out.push(`- Loaded: ${formatMs(l.loadedMs)} (${l.loadedSamples} samples)`);
  out.push(
    `- Increase: ${l.increaseMs === null ? '–' : `${l.increaseMs >= 0 ? '+' : '−'}${Math.abs(l.increaseMs).toFixed(1)} ms`}`,
  );
  out.push('');

  for (const r of report.results) out.push(...resultSection(r));

  if (report.tunnel.length > 0) {
    out.push('## Coder CLI tunnel figure (`coder speedtest`)', '');
    const rows = report.tunnel.map((t) => {
      const ours = report.results.find((r) => r.direction === t.direction);
      return [directionLabel(t.direction), tunnelCell(t), formatMbits(ours?.overall.throughput_mbits)];
    });
    out.push(...table(['Direction', 'Coder CLI', 'This test'], rows), '');
  }

  if (previous) {
    out.push(`## Compared with the previous run (${mdText(previous.startedAt)})`, '');
    out.push(
      ...table(
        ['', 'Now', 'Before', 'Change'],
        compareRows(report, previous).map((c) => [c.label, c.now, c.before, c.change]),
      ),
      '',
    );
  }
  return out.join('\n').replace(/\n+$/, '\n');
}
