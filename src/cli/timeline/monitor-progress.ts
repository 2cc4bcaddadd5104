// The one-line status `wsdoctor monitor` keeps on a terminal's stderr, e.g.
// "wsdoctor monitor: 3:12 / 10:00 · 23 ms · DERP Frankfurt · 2 events · diagnosing".
import { printable } from '../../diag/printable';
import type { MonitorProgress } from '../../diag/timeline/monitor';
import { formatLatency, pathText } from '../../diag/status/status-view';

function minutes(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function monitorProgressLine(p: MonitorProgress): string {
  const parts = [`${minutes(Math.min(p.elapsedMs, p.durationMs))} / ${minutes(p.durationMs)}`];
  const last = p.last;
  if (!last) parts.push('waiting for the first ping');
  else if (last.lost) parts.push('ping lost');
  else {
    const path = last.path === 'unknown' ? 'unknown path' : pathText({ path: last.path, region: last.derpRegion });
    parts.push(last.latencyMs === null ? path : `${formatLatency(last.latencyMs)} · ${path}`);
  }
  parts.push(p.events === 1 ? '1 event' : `${p.events} events`);
  if (p.diagnosing) parts.push('diagnosing');
  else if (p.diagnoses > 0) parts.push(p.diagnoses === 1 ? '1 diagnosis' : `${p.diagnoses} diagnoses`);
  return printable(`wsdoctor monitor: ${parts.join(' · ')}`);
}
