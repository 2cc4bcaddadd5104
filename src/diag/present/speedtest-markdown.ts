// A speed test report as Markdown, for the clipboard and issue trackers. Pure: report in, text out.
// Text that came from outside (target names, error messages) is escaped so it renders literally. Our
// words go through l10n.t (the extension's language; English in `wsdoctor`), with the Markdown syntax
// outside the messages so a translation cannot break it.
import type { DirectionResult, SpeedtestReport, TunnelResult } from '../speedtest/types';
import { l10n } from '../l10n';
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

/** Head cells are our words, escaped all the same: a translation with a `|` must not add a column. */
function table(head: string[], rows: string[][]): string[] {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(head.map(mdText)), line(head.map(() => '---')), ...rows.map(line)];
}

/** "Download", or "Upload (partial)" when the transfer ended early. */
function directionTitle(r: DirectionResult): string {
  return r.partial ? l10n.t('{0} (partial)', directionLabel(r.direction)) : directionLabel(r.direction);
}

function resultSection(r: DirectionResult): string[] {
  const out = [`## ${directionTitle(r)}`, ''];
  if (r.error) out.push(`> ${mdText(r.error)}`, '');
  const { rows, overall } = intervalRows(r);
  out.push(
    ...table(
      [l10n.t('Interval'), l10n.t('Transfer'), l10n.t('Bandwidth')],
      [
        ...rows.map((row) => [row.interval, row.transfer, row.bandwidth]),
        [`**${overall.interval}**`, `**${overall.transfer}**`, `**${overall.bandwidth}**`],
      ],
    ),
  );
  out.push('', l10n.t('Moved {0}; latency under load {1}.', formatBytes(r.bytes), formatMs(r.loadedLatencyMs)), '');
  for (const note of resultNotes(r)) out.push(`> ${mdText(note)}`, '');
  return out;
}

function tunnelCell(t: TunnelResult): string {
  if (t.error) return mdText(t.error);
  return formatMbits(t.overall?.throughput_mbits);
}

function headerLines(report: SpeedtestReport): string[] {
  const out: string[] = [];
  const via = report.transport === 'coder' ? 'Coder (coder ssh --stdio)' : 'SSH';
  out.push(`- ${l10n.t('Started: {0}', mdText(report.startedAt))}`);
  out.push(
    `- ${report.remoteOs ? l10n.t('Transport: {0}; remote OS {1}', via, mdText(report.remoteOs)) : l10n.t('Transport: {0}', via)}`,
  );
  out.push(`- ${l10n.t('Duration: {0} s per direction', report.durationSeconds)}`);
  const path = summarizePath(report.path);
  if (path) {
    const label = mdText(path.label);
    out.push(`- ${path.changed ? l10n.t('Path: {0} (changed during the test)', label) : l10n.t('Path: {0}', label)}`);
    for (const d of path.details) out.push(`  - ${mdText(d)}`);
  }
  if (report.cancelled) out.push(`- ${l10n.t('Cancelled before the end: figures cover what ran.')}`);
  if (report.error) out.push(`- ${l10n.t('Error: {0}', mdText(report.error))}`);
  return out;
}

/** In the language of whatever translator is installed: the extension's, or English in `wsdoctor`. */
export function speedtestToMarkdown(report: SpeedtestReport, previous: SpeedtestReport | null = null): string {
  const out: string[] = [`# ${l10n.t('Speed test: {0}', mdText(report.target))}`, ''];
  out.push(...headerLines(report), '');

  if (report.results.length > 0) {
    out.push(`## ${l10n.t('Summary')}`, '');
    out.push(
      ...table(
        [l10n.t('Direction'), l10n.t('Bandwidth'), l10n.t('Transfer'), l10n.t('Loaded latency')],
        report.results.map((r) => [
          directionTitle(r),
          formatMbits(r.overall.throughput_mbits),
          formatBytes(r.bytes),
          formatMs(r.loadedLatencyMs),
        ]),
      ),
      '',
    );
  }

  const l = report.latency;
  const increase =
    l.increaseMs === null ? '–' : `${l.increaseMs >= 0 ? '+' : '−'}${Math.abs(l.increaseMs).toFixed(1)} ms`;
  out.push(`## ${l10n.t('Latency under load')}`, '');
  out.push(`- ${l10n.t('Idle: {0} ({1} samples)', formatMs(l.idleMs), l.idleSamples)}`);
  out.push(`- ${l10n.t('Loaded: {0} ({1} samples)', formatMs(l.loadedMs), l.loadedSamples)}`);
  out.push(`- ${l10n.t('Increase: {0}', increase)}`);
  out.push('');

  for (const r of report.results) out.push(...resultSection(r));

  if (report.tunnel.length > 0) {
    out.push(`## ${l10n.t('Coder CLI tunnel figure ({0})', '`coder speedtest`')}`, '');
    const rows = report.tunnel.map((t) => {
      const ours = report.results.find((r) => r.direction === t.direction);
      return [directionLabel(t.direction), tunnelCell(t), formatMbits(ours?.overall.throughput_mbits)];
    });
    out.push(...table([l10n.t('Direction'), l10n.t('Coder CLI'), l10n.t('This test')], rows), '');
  }

  if (previous) {
    out.push(`## ${l10n.t('Compared with the previous run ({0})', mdText(previous.startedAt))}`, '');
    out.push(
      ...table(
        ['', l10n.t('Now'), l10n.t('Before'), l10n.t('Change')],
        compareRows(report, previous).map((c) => [c.label, c.now, c.before, c.change]),
      ),
      '',
    );
  }
  return out.join('\n').replace(/\n+$/, '\n');
}
