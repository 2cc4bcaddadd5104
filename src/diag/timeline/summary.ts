// The one summary line of a session: "since 09:12: direct 93% of the time, 2 drops, median 23 ms".
// Time shares are counted in readings (one a second, or one a minute's worth per bucket); the
// median comes from a 1 ms histogram, so a full day costs one pass and no sort.
import { l10n } from '../l10n';
import type { TimelineStore } from './store';
import { MAX_LATENCY_MS } from './clean';

interface SummaryFigures {
  sinceMs: number;
  /** Share of readings on each kind of path, 0..1; null when nothing was read. */
  directShare: number | null;
  relayedShare: number | null;
  coderConnectShare: number | null;
  drops: number;
  medianMs: number | null;
}

/** The histogram's top: readings above it count as this (the median of a live connection is far below). */
const HISTOGRAM_MAX_MS = 10_000;
const histogram = new Uint32Array(HISTOGRAM_MAX_MS + 1);

function bin(ms: number): number {
  return Math.min(HISTOGRAM_MAX_MS, Math.max(0, Math.round(Math.min(ms, MAX_LATENCY_MS))));
}

export function summaryFigures(store: TimelineStore): SummaryFigures | null {
  const sinceMs = store.startedAtMs();
  if (sinceMs === null) return null;
  const paths = [0, 0, 0, 0];
  histogram.fill(0);
  let measured = 0;
  store.forEachBucket((b) => {
    for (let i = 0; i < 4; i++) paths[i] += b.paths[i];
    if (b.avgMs !== null && b.measured > 0) {
      histogram[bin(b.avgMs)] += b.measured;
      measured += b.measured;
    }
  });
  store.forEachSample((s) => {
    paths[s.path === 'p2p' ? 0 : s.path === 'derp' ? 1 : s.path === 'coder-connect' ? 2 : 3]++;
    if (s.latencyMs !== null) {
      histogram[bin(s.latencyMs)]++;
      measured++;
    }
  });
  const total = paths[0] + paths[1] + paths[2] + paths[3];
  const share = (n: number): number | null => (total === 0 ? null : n / total);
  let drops = 0;
  for (const e of store.events()) if (e.type === 'offline') drops++;
  return {
    sinceMs,
    directShare: share(paths[0]),
    relayedShare: share(paths[1]),
    coderConnectShare: share(paths[2]),
    drops,
    medianMs: measured === 0 ? null : histogramMedian(measured),
  };
}

function histogramMedian(count: number): number {
  // The lower median: the reading with (count - 1) / 2 readings below it.
  const target = Math.floor((count - 1) / 2);
  let seen = 0;
  for (let ms = 0; ms <= HISTOGRAM_MAX_MS; ms++) {
    seen += histogram[ms];
    if (seen > target) return ms;
  }
  return HISTOGRAM_MAX_MS;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** "09:12", or "Mar 3, 09:12" when that is not today, in the given time zone (default: this machine's). */
export function clockTime(atMs: number, nowMs: number, timeZone?: string): string {
  const key = timeZone ?? '';
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone,
    });
    formats.set(key, format);
  }
  const part = (ms: number) => {
    const parts = format.formatToParts(ms);
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return { day: `${get('month')} ${get('day')}`, time: `${get('hour')}:${get('minute')}` };
  };
  const then = part(atMs);
  return then.day === part(nowMs).day ? then.time : `${then.day}, ${then.time}`;
}

function percent(share: number): string {
  const p = share * 100;
  // 99.6% is not "100%": only a share that is all of it says so.
  return `${share === 1 ? 100 : share > 0 && p < 1 ? '<1' : Math.min(99, Math.round(p))}%`;
}

/** The summary line, or null before anything was recorded. */
export function summaryLine(store: TimelineStore, nowMs: number, timeZone?: string): string | null {
  const f = summaryFigures(store);
  if (!f) return null;
  const parts: string[] = [];
  if (f.coderConnectShare !== null && f.coderConnectShare >= 0.5)
    parts.push(l10n.t('Coder Connect {0} of the time', percent(f.coderConnectShare)));
  else if (f.directShare !== null) parts.push(l10n.t('direct {0} of the time', percent(f.directShare)));
  parts.push(f.drops === 1 ? l10n.t('1 drop') : l10n.t('{0} drops', f.drops));
  if (f.medianMs !== null) parts.push(l10n.t('median {0} ms', f.medianMs));
  return l10n.t('since {0}: {1}', clockTime(f.sinceMs, nowMs, timeZone), parts.join(', '));
}
