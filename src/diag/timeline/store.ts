// The bounded session timeline: per-second samples for the last hour, per-minute min/avg/max
// beyond it for 24 h more, and the newest events. Memory stays fixed however long the session runs.
import { isTimeMs } from '../wire/validate';
import { l10n } from '../l10n';
import { cleanDetail, cleanRegion, cleanSample } from './clean';
import { seconds } from './detect';
import { Ring } from './ring';
import {
  FINE_WINDOW_MS,
  MAX_EVENTS,
  MAX_FINE_SAMPLES,
  MAX_MINUTE_BUCKETS,
  TIMELINE_PATHS,
} from '../wire/timeline-data';
import type { MinuteBucket, TimelineEvent, TimelineSample } from '../wire/timeline-data';

const MINUTE_MS = 60_000;
/** Nothing older than this (behind the newest reading) is kept: the fine hour plus the minute buckets. */
export const RETENTION_MS = FINE_WINDOW_MS + MAX_MINUTE_BUCKETS * MINUTE_MS;
/**
 * A reading this much older than the newest is the clock going back, not two sources a little out
 * of step: a network-info file's time is up to 15 s behind the wall clock a ping was timed by.
 */
const CLOCK_BACK_MS = 30_000;

/**
 * The most the timeline takes serialized (timelineToJson, UTF-8), with every string at its cut
 * length in three-byte characters: 3,600 samples × ≤ 191 B + 1,440 buckets × ≤ 250 B + 500 events
 * × ≤ 872 B = 1,483,600 B, rounded up. A real day (short region names) takes about a third of it.
 * Checked by a unit test and measured by `npm run bench`.
 */
export const TIMELINE_MAX_JSON_BYTES = 1_500_000;

interface TimelineContents {
  samples: readonly TimelineSample[];
  buckets: readonly MinuteBucket[];
  events: readonly TimelineEvent[];
}

export class TimelineStore {
  private readonly fine = new Ring<TimelineSample>(MAX_FINE_SAMPLES);
  private readonly minutes = new Ring<MinuteBucket>(MAX_MINUTE_BUCKETS);
  private readonly eventRing = new Ring<TimelineEvent>(MAX_EVENTS);

  /** Starts from stored contents (already validated: see serialize.ts). */
  constructor(contents?: TimelineContents) {
    if (!contents) return;
    for (const b of contents.buckets)
      this.minutes.push({ ...b, derpRegion: cleanRegion(b.derpRegion), paths: [...b.paths] });
    for (const s of contents.samples) this.addSample(s);
    for (const e of contents.events) this.addEvent(e);
  }

  /**
   * Adds a reading; false (and nothing kept) when its time is no date. A reading a little older than
   * the newest is kept at the newest's time; one much older means the clock went back, and the
   * timeline moves back with it (see followClock) so recording goes on.
   */
  addSample(sample: TimelineSample): boolean {
    if (!isTimeMs(sample.atMs)) return false;
    this.moveBackIfAhead(sample.atMs, this.newestAtMs());
    const newest = this.newestAtMs();
    const clean = cleanSample(newest !== null && sample.atMs < newest ? { ...sample, atMs: newest } : sample);
    const overflow = this.fine.push(clean);
    if (overflow) this.fold(overflow);
    while (this.fine.length > 0 && this.fine.at(0).atMs < clean.atMs - FINE_WINDOW_MS) this.fold(this.fine.shift()!);
    this.prune(clean.atMs);
    return true;
  }

  /**
   * The clock says `nowMs`: when the timeline ends later than that by more than CLOCK_BACK_MS (the
   * clock was set back, or a timeline restored from a clock that ran ahead), everything recorded is
   * moved back by the jump in whole minutes (minute buckets stay on minute starts) so it ends at or
   * before now and new readings join it in order; the jump is a clock-gap event. Returns that event,
   * or null when the timeline is not ahead.
   */
  followClock(nowMs: number): TimelineEvent | null {
    return this.moveBackIfAhead(nowMs, Math.max(this.newestAtMs() ?? 0, this.eventRing.newest()?.atMs ?? 0));
  }

  /** Moves everything back when `nowMs` is far behind `newest` (the newest reading, or event, compared with). */
  private moveBackIfAhead(nowMs: number, newestOfKind: number | null): TimelineEvent | null {
    if (!isTimeMs(nowMs) || newestOfKind === null || newestOfKind - nowMs <= CLOCK_BACK_MS) return null;
    const newest = Math.max(newestOfKind, this.newestAtMs() ?? 0, this.eventRing.newest()?.atMs ?? 0);
    const shift = Math.ceil((newest - nowMs) / MINUTE_MS) * MINUTE_MS;
    // Never before 1970 (a stored time must not be negative); order holds, and 0 is a minute start.
    const back = (atMs: number): number => Math.max(0, atMs - shift);
    this.fine.replaceAll((s) => ({ ...s, atMs: back(s.atMs) }));
    this.minutes.replaceAll((b) => ({ ...b, atMs: back(b.atMs) }));
    this.eventRing.replaceAll((e) => ({ ...e, atMs: back(e.atMs) }));
    const detail = l10n.t(
      'The clock went back {0}; what was recorded before was moved back {1} to stay in order.',
      seconds(newest - nowMs),
      seconds(shift),
    );
    const event: TimelineEvent = { atMs: nowMs, type: 'clock-gap', detail: cleanDetail(detail) };
    this.eventRing.push(event);
    return event;
  }

  /** Adds an event; one timed before the newest (a clock set back a little) is kept at the newest's time, so order holds. */
  addEvent(event: TimelineEvent): void {
    if (!isTimeMs(event.atMs)) return;
    this.moveBackIfAhead(event.atMs, this.eventRing.newest()?.atMs ?? null);
    const newest = this.eventRing.newest()?.atMs ?? 0;
    const clean: TimelineEvent = { atMs: Math.max(newest, Math.round(event.atMs)), type: event.type };
    if (event.from !== undefined) clean.from = cleanRegion(event.from) ?? '';
    if (event.to !== undefined) clean.to = cleanRegion(event.to) ?? '';
    if (event.detail !== undefined) clean.detail = cleanDetail(event.detail);
    this.eventRing.push(clean);
  }

  /** The per-second samples of the last hour, oldest first. */
  samples(): TimelineSample[] {
    return this.fine.toArray();
  }

  /** The per-minute buckets before the last hour, oldest first. */
  buckets(): MinuteBucket[] {
    return this.minutes.toArray().map((b) => ({
      ...b,
      avgMs: b.avgMs === null ? null : Math.round(b.avgMs * 10) / 10,
      paths: [...b.paths],
    }));
  }

  events(): TimelineEvent[] {
    return this.eventRing.toArray();
  }

  /** The newest `n` events, oldest first. */
  lastEvents(n: number): TimelineEvent[] {
    const out: TimelineEvent[] = [];
    for (let i = Math.max(0, this.eventRing.length - n); i < this.eventRing.length; i++) out.push(this.eventRing.at(i));
    return out;
  }

  /** Visits the fine samples at or after `fromMs`, newest first, without copying the hour. */
  forEachRecent(fromMs: number, visit: (sample: TimelineSample) => void): void {
    for (let i = this.fine.length - 1; i >= 0; i--) {
      const s = this.fine.at(i);
      if (s.atMs < fromMs) return;
      visit(s);
    }
  }

  /** Visits every bucket, then every fine sample (oldest first): the whole session, cheaply. */
  forEachBucket(visit: (bucket: MinuteBucket) => void): void {
    for (let i = 0; i < this.minutes.length; i++) visit(this.minutes.at(i));
  }

  forEachSample(visit: (sample: TimelineSample) => void): void {
    for (let i = 0; i < this.fine.length; i++) visit(this.fine.at(i));
  }

  newestSample(): TimelineSample | undefined {
    return this.fine.newest();
  }

  /** When the recorded session starts (its oldest data), or null when nothing is recorded. */
  startedAtMs(): number | null {
    return this.minutes.oldest()?.atMs ?? this.fine.oldest()?.atMs ?? null;
  }

  newestAtMs(): number | null {
    return this.fine.newest()?.atMs ?? this.minutes.newest()?.atMs ?? null;
  }

  isEmpty(): boolean {
    return this.fine.length === 0 && this.minutes.length === 0 && this.eventRing.length === 0;
  }

  toContents(): TimelineContents {
    return { samples: this.samples(), buckets: this.buckets(), events: this.events() };
  }

  private fold(sample: TimelineSample): void {
    const atMs = Math.floor(sample.atMs / MINUTE_MS) * MINUTE_MS;
    let bucket = this.minutes.newest();
    if (!bucket || bucket.atMs !== atMs) {
      bucket = {
        atMs,
        measured: 0,
        minMs: null,
        avgMs: null,
        maxMs: null,
        lost: 0,
        paths: [0, 0, 0, 0],
        derpRegion: null,
      };
      this.minutes.push(bucket);
    }
    bucket.paths[TIMELINE_PATHS.indexOf(sample.path)]++;
    if (sample.lost) bucket.lost++;
    if (sample.derpRegion !== null) bucket.derpRegion = sample.derpRegion;
    const ms = sample.latencyMs;
    if (ms === null) return;
    bucket.measured++;
    bucket.minMs = bucket.minMs === null ? ms : Math.min(bucket.minMs, ms);
    bucket.maxMs = bucket.maxMs === null ? ms : Math.max(bucket.maxMs, ms);
    // Kept unrounded while the minute fills; rounded when handed out.
    bucket.avgMs = (bucket.avgMs ?? 0) + (ms - (bucket.avgMs ?? 0)) / bucket.measured;
  }

  /** Drops what fell out of the retention window (a timeline restored after days away). */
  private prune(nowMs: number): void {
    const cutoff = nowMs - RETENTION_MS;
    while (this.minutes.length > 0 && this.minutes.at(0).atMs < cutoff) this.minutes.shift();
    while (this.eventRing.length > 0 && this.eventRing.at(0).atMs < cutoff) this.eventRing.shift();
  }
}
