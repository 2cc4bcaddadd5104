import assert from 'node:assert/strict';
import { RETENTION_MS, TIMELINE_MAX_JSON_BYTES, TimelineStore } from '../../../../src/diag/timeline/store';
import { timelineFromJson, timelineToJson } from '../../../../src/diag/timeline/serialize';
import {
  FINE_WINDOW_MS,
  MAX_DETAIL_CHARS,
  MAX_EVENTS,
  MAX_FINE_SAMPLES,
  MAX_MINUTE_BUCKETS,
  MAX_REGION_CHARS,
} from '../../../../src/diag/wire/timeline-data';
import type { MinuteBucket, TimelineEvent, TimelineSample } from '../../../../src/diag/wire/timeline-data';

const T0 = Date.UTC(2025, 2, 3, 9, 12, 0);
const utf8 = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

function reading(i: number, start = T0): TimelineSample {
  return {
    atMs: start + i * 1000,
    latencyMs: 20 + (i % 7),
    path: i % 10 === 0 ? 'derp' : 'p2p',
    derpRegion: i % 10 === 0 ? 'Frankfurt' : null,
  };
}

describe('timeline store', () => {
  it('keeps the last hour per second and folds older samples into minute min/avg/max', () => {
    const store = new TimelineStore();
    for (let i = 0; i < 2 * 3600; i++) assert.equal(store.addSample(reading(i)), true);
    const samples = store.samples();
    assert.equal(samples.length, MAX_FINE_SAMPLES);
    assert.equal(samples[0].atMs, T0 + 3600 * 1000);
    assert.ok(samples[samples.length - 1].atMs - samples[0].atMs < FINE_WINDOW_MS);
    const buckets = store.buckets();
    assert.equal(buckets.length, 60);
    // The first minute: seconds 0..59, latencies 20 + (i % 7), six of them on DERP (i % 10 === 0).
    const first = buckets[0];
    const values = Array.from({ length: 60 }, (_, i) => 20 + (i % 7));
    assert.equal(first.atMs, T0);
    assert.equal(first.measured, 60);
    assert.equal(first.minMs, 20);
    assert.equal(first.maxMs, 26);
    assert.equal(first.avgMs, Math.round((values.reduce((a, b) => a + b) / 60) * 10) / 10);
    assert.deepEqual(first.paths, [54, 6, 0, 0]);
    assert.equal(first.derpRegion, 'Frankfurt');
    assert.equal(store.startedAtMs(), T0);
  });

  it('counts lost pings in the minute they fell in', () => {
    const store = new TimelineStore();
    store.addSample({ atMs: T0, latencyMs: null, path: 'unknown', derpRegion: null, lost: true });
    store.addSample({ atMs: T0 + 1000, latencyMs: 30, path: 'p2p', derpRegion: null });
    store.addSample({ atMs: T0 + FINE_WINDOW_MS + 5000, latencyMs: 30, path: 'p2p', derpRegion: null });
    const [bucket] = store.buckets();
    assert.deepEqual(
      { lost: bucket.lost, measured: bucket.measured, paths: bucket.paths },
      { lost: 1, measured: 1, paths: [1, 0, 0, 1] },
    );
  });

  it('keeps a reading a few seconds older than the newest at the newest time, and events in order', () => {
    const store = new TimelineStore();
    assert.equal(store.addSample(reading(10)), true);
    assert.equal(store.addSample(reading(5)), true);
    assert.deepEqual(
      store.samples().map((s) => s.atMs),
      [T0 + 10_000, T0 + 10_000],
    );
    store.addEvent({ atMs: T0 + 10_000, type: 'offline' });
    store.addEvent({ atMs: T0 + 5_000, type: 'online' });
    assert.deepEqual(
      store.events().map((e) => e.atMs),
      [T0 + 10_000, T0 + 10_000],
    );
  });

  it('keeps recording after the clock goes back 2 h: every one of the next 3,600 readings, and a clock-gap event', () => {
    const store = new TimelineStore();
    for (let i = 0; i < 1800; i++) store.addSample(reading(i));
    store.addEvent({ atMs: T0 + 900_000, type: 'path-changed', from: 'p2p', to: 'derp' });
    const back = T0 + 1800_000 - 2 * 3600_000;
    let kept = 0;
    for (let i = 0; i < 3600; i++) if (store.addSample(reading(i, back))) kept++;
    assert.equal(kept, 3600);
    const samples = store.samples();
    assert.equal(samples.length, MAX_FINE_SAMPLES);
    assert.equal(samples[samples.length - 1].atMs, back + 3599_000);
    for (let i = 1; i < samples.length; i++) assert.ok(samples[i].atMs >= samples[i - 1].atMs, 'samples out of order');
    const gaps = store.events().filter((e) => e.type === 'clock-gap');
    assert.equal(gaps.length, 1);
    assert.equal(gaps[0].atMs, back);
    assert.match(gaps[0].detail ?? '', /went back 120 min/);
    // What was recorded before the jump was moved back with it, in whole minutes, and stays in order.
    const events = store.events();
    assert.deepEqual(
      events.map((e) => e.type),
      ['path-changed', 'clock-gap'],
    );
    assert.ok(events[0].atMs <= events[1].atMs);
    assert.equal((T0 + 900_000 - events[0].atMs) % 60_000, 0);
    // The stored form of it loads again (its times are in order).
    assert.equal(timelineFromJson(timelineToJson(store)).reason, null);
  });

  it('keeps recording after the clock goes forward, and a time outside the Date range is refused', () => {
    const store = new TimelineStore();
    for (let i = 0; i < 10; i++) store.addSample(reading(i));
    for (let i = 0; i < 10; i++) assert.equal(store.addSample(reading(i, T0 + 10 * 3600_000)), true);
    assert.equal(store.newestAtMs(), T0 + 10 * 3600_000 + 9000);
    assert.equal(store.addSample(reading(0, 8.64e15 + 1)), false);
    assert.equal(store.addSample(reading(0, Number.NaN)), false);
  });

  it('a restored timeline ahead of the clock is moved back to now before anything new joins it', () => {
    const ahead = new TimelineStore();
    for (let i = 0; i < 600; i++) ahead.addSample(reading(i, T0 + 10 * 3600_000));
    const store = timelineFromJson(JSON.parse(JSON.stringify(timelineToJson(ahead)))).store;
    const event = store.followClock(T0);
    assert.equal(event?.type, 'clock-gap');
    assert.ok((store.newestAtMs() ?? Infinity) <= T0);
    assert.equal(store.followClock(T0 + 1000), null, 'moved twice');
    for (let i = 0; i < 60; i++) assert.equal(store.addSample(reading(i, T0 + 1000)), true);
    assert.equal(store.samples().length, 660);
  });

  it('keeps at most MAX_EVENTS events, dropping the oldest', () => {
    const store = new TimelineStore();
    for (let i = 0; i < MAX_EVENTS + 25; i++) store.addEvent({ atMs: T0 + i, type: 'stale', detail: `n${i}` });
    const events = store.events();
    assert.equal(events.length, MAX_EVENTS);
    assert.equal(events[0].detail, 'n25');
    assert.deepEqual(
      store.lastEvents(3).map((e) => e.detail),
      [`n${MAX_EVENTS + 22}`, `n${MAX_EVENTS + 23}`, `n${MAX_EVENTS + 24}`],
    );
  });

  it('cuts hostile region names and details and makes them printable', () => {
    const store = new TimelineStore();
    store.addSample({ atMs: T0, latencyMs: 12.3456, path: 'derp', derpRegion: `\u001b[31mRed${'x'.repeat(500)}` });
    store.addEvent({ atMs: T0, type: 'offline', detail: `line\nbreak\u202e${'y'.repeat(5000)}` });
    const [s] = store.samples();
    assert.equal(s.latencyMs, 12.3);
    assert.ok(s.derpRegion!.length <= MAX_REGION_CHARS);
    assert.ok(s.derpRegion!.startsWith('Red'));
    const [e] = store.events();
    assert.ok(e.detail!.length <= MAX_DETAIL_CHARS);
    assert.doesNotMatch(e.detail!, /[\n\u202e]/);
  });

  it('drops what is older than the retention window when newer data arrives (a timeline restored days later)', () => {
    const store = new TimelineStore();
    store.addSample(reading(0));
    store.addEvent({ atMs: T0, type: 'offline' });
    store.addSample(reading(0, T0 + RETENTION_MS + 2 * FINE_WINDOW_MS));
    assert.equal(store.buckets().length, 0);
    assert.equal(store.events().length, 0);
    assert.equal(store.samples().length, 1);
  });

  describe('memory bound', () => {
    it('24 h of 1 s samples stays within the stated bound', () => {
      const store = new TimelineStore();
      const day = 24 * 3600;
      // A bad day: a path change every 5 minutes and a drop every hour, on top of the readings.
      for (let i = 0; i < day; i++) {
        store.addSample(reading(i));
        if (i % 300 === 0) store.addEvent({ atMs: T0 + i * 1000, type: 'path-changed', from: 'p2p', to: 'derp' });
        if (i % 3600 === 0)
          store.addEvent({ atMs: T0 + i * 1000, type: 'offline', detail: '3 pings in a row timed out' });
      }
      assert.equal(store.samples().length, MAX_FINE_SAMPLES);
      assert.equal(store.buckets().length, 23 * 60);
      assert.ok(store.events().length <= MAX_EVENTS);
      const bytes = utf8(timelineToJson(store));
      assert.ok(bytes <= TIMELINE_MAX_JSON_BYTES, `${bytes} B over the bound of ${TIMELINE_MAX_JSON_BYTES} B`);
      // A real day is far below the worst case.
      assert.ok(bytes < TIMELINE_MAX_JSON_BYTES / 2, `${bytes} B`);
    });

    it('the bound covers every array full of worst-case records', () => {
      const region = '漢'.repeat(MAX_REGION_CHARS);
      const detail = '漢'.repeat(MAX_DETAIL_CHARS);
      const atMs = 9_999_999_999_999;
      const sample: TimelineSample = {
        atMs,
        latencyMs: 599_999.9,
        path: 'coder-connect',
        derpRegion: region,
        lost: true,
      };
      const bucket: MinuteBucket = {
        atMs,
        measured: 99_999,
        minMs: 599_999.9,
        avgMs: 599_999.9,
        maxMs: 599_999.9,
        lost: 99_999,
        paths: [99_999, 99_999, 99_999, 99_999],
        derpRegion: region,
      };
      const event: TimelineEvent = { atMs, type: 'workspace-stopped', from: region, to: region, detail };
      const worst =
        utf8({ version: 1, samples: [], buckets: [], events: [] }) +
        MAX_FINE_SAMPLES * (utf8(sample) + 1) +
        MAX_MINUTE_BUCKETS * (utf8(bucket) + 1) +
        MAX_EVENTS * (utf8(event) + 1);
      assert.ok(
        worst <= TIMELINE_MAX_JSON_BYTES,
        `worst case ${worst} B over the bound of ${TIMELINE_MAX_JSON_BYTES} B`,
      );
    });
  });
});
