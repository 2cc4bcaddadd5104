// The speed test report as plain text: an iperf-like interval table (INTERVAL, TRANSFER,
// BANDWIDTH) per direction, the overall figure, latency under load, and the CLI tunnel figure.
import { printable } from '../printable';
import { summarizePath, withPath } from './speedtest-path';
import { resultNotes } from './speedtest-rows';
import type { DirectionResult, SpeedInterval, SpeedtestReport } from '../speedtest/types';

const MIB = 1024 * 1024;

function row(i: SpeedInterval): string {
  const start = i.start_time_seconds.toFixed(2);
  // A few-millisecond tail would print as "5.00-5.00": show it to the millisecond instead.
  const end = i.end_time_seconds.toFixed(2) === start ? i.end_time_seconds.toFixed(3) : i.end_time_seconds.toFixed(2);
  const span = `${start}-${end} sec`;
  const bytes = (i.throughput_mbits * 1e6 * (i.end_time_seconds - i.start_time_seconds)) / 8;
  const transfer = `${(bytes / MIB).toFixed(2)} MBytes`;
  const bandwidth = `${i.throughput_mbits.toFixed(2)} Mbits/sec`;
  return `${span.padEnd(18)}${transfer.padStart(16)}${bandwidth.padStart(22)}`;
}

function directionBlock(r: DirectionResult): string[] {
  const title = r.direction === 'download' ? 'Download' : 'Upload';
  const lines = [`${title}${r.partial ? ' (partial)' : ''}`];
  if (r.intervals.length > 0) {
    lines.push(`${'INTERVAL'.padEnd(18)}${'TRANSFER'.padStart(16)}${'BANDWIDTH'.padStart(22)}`);
    for (const i of r.intervals) lines.push(row(i));
    lines.push(`${'-'.repeat(56)}`);
    lines.push(`${row(r.overall)}  overall`);
  }
  for (const note of resultNotes(r)) lines.push(`Note: ${note}`);
  if (r.loadedLatencyMs !== null) lines.push(`Round trip while running: ${r.loadedLatencyMs} ms`);
  if (r.error) lines.push(`Note: ${r.error}`);
  return lines;
}

export function speedtestText(report: SpeedtestReport): string {
  const via = report.transport === 'coder' ? 'through `coder ssh --stdio`' : 'over SSH';
  const os = report.remoteOs ? ` (${report.remoteOs})` : '';
  const out = [`Speed test of ${report.target} ${via}${os}, ${report.durationSeconds} s per direction`];
  const path = summarizePath(report.path);
  if (path) out.push(`Path: ${path.label}`, ...path.details.map((d) => `  ${d}`));
  out.push('');
  for (const r of report.results) out.push(...directionBlock(r), '');
  // The headline figures with the path they were measured over, e.g. "48.00 Mbits/sec over DERP Frankfurt".
  if (path)
    for (const r of report.results.filter((x) => x.bytes > 0))
      out.push(
        `${r.direction === 'download' ? 'Download' : 'Upload'}: ${withPath(`${r.overall.throughput_mbits.toFixed(2)} Mbits/sec`, report.path)}`,
      );
  const l = report.latency;
  if (l.idleMs !== null || l.loadedMs !== null) {
    const idle = l.idleMs !== null ? `idle ${l.idleMs} ms` : 'idle not measured';
    const loaded = l.loadedMs !== null ? `, under load ${l.loadedMs} ms` : '';
    const inc = l.increaseMs !== null ? ` (${l.increaseMs >= 0 ? '+' : ''}${l.increaseMs} ms)` : '';
    out.push(`Latency: ${idle}${loaded}${inc}`);
  }
  for (const t of report.tunnel) {
    out.push(
      t.overall
        ? `Coder CLI tunnel ${t.direction}: ${t.overall.throughput_mbits.toFixed(2)} Mbits/sec`
        : `Coder CLI tunnel ${t.direction}: ${t.error ?? 'no figure'}`,
    );
  }
  if (report.error) out.push('', `Error: ${report.error}`);
  // The target, remote OS, region names and errors come from outside: no line may carry a terminal escape.
  return (
    out
      .map(printable)
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}
