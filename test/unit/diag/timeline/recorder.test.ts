import assert from 'node:assert/strict';
import type { StatusEvent } from '../../../../src/diag/status/state';
import type { Clocks } from '../../../../src/diag/timeline/detect';
import { TimelineRecorder } from '../../../../src/diag/timeline/recorder';
import { timelineFromJson, timelineToJson } from '../../../../src/diag/timeline/serialize';
import { TimelineStore } from '../../../../src/diag/timeline/store';

const T0 = Date.UTC(2025, 2, 3, 14, 30, 0);

const ping = (latencyMs: number): StatusEvent => ({
  type: 'sample',
  sample: { latencyMs, path: 'p2p', region: null, endpoint: null, atMs: 0, source: 'ping' },
});

describe('the timeline recorder across clock jumps', () => {
  it('after a 2 h step back it keeps every one of the next 3,600 readings, with one clock-gap event', () => {
    const recorder = new TimelineRecorder('dev', new TimelineStore(), null);
    let mono = 0;
    let wall = T0;
    const step = (): Clocks => ({ wallMs: (wall += 1000), monoMs: (mono += 1000) });
    for (let i = 0; i < 600; i++) recorder.observe(ping(20), step());
    wall -= 2 * 3600_000;
    const events: string[] = [];
    for (let i = 0; i < 3600; i++) {
      const clocks = step();
      events.push(...recorder.tick(clocks).events.map((e) => e.type));
      events.push(...recorder.observe(ping(30), clocks).events.map((e) => e.type));
    }
    const after = recorder.store.samples().filter((s) => s.latencyMs === 30);
    assert.equal(after.length, 3600);
    assert.deepEqual(events, ['clock-gap']);
    assert.deepEqual(
      recorder.store.events().map((e) => e.type),
      ['clock-gap'],
    );
    assert.match(recorder.store.events()[0].detail ?? '', /went back 120 min/);
    assert.equal(timelineFromJson(timelineToJson(recorder.store)).reason, null);
  });

  it('after a step forward it goes on recording, the jump marked', () => {
    const recorder = new TimelineRecorder('dev', new TimelineStore(), null);
    recorder.observe(ping(20), { wallMs: T0, monoMs: 0 });
    const update = recorder.observe(ping(21), { wallMs: T0 + 3 * 3600_000, monoMs: 1000 });
    assert.deepEqual(
      update.events.map((e) => e.type),
      ['clock-gap'],
    );
    assert.equal(recorder.store.newestSample()?.latencyMs, 21);
  });

  it('a restored timeline 10 h ahead of the clock takes the new readings', () => {
    const ahead = new TimelineStore();
    for (let i = 0; i < 300; i++)
      ahead.addSample({ atMs: T0 + 10 * 3600_000 + i * 1000, latencyMs: 20, path: 'p2p', derpRegion: null });
    const restored = timelineFromJson(JSON.parse(JSON.stringify(timelineToJson(ahead)))).store;
    const recorder = new TimelineRecorder('dev', restored, null);
    let kept = 0;
    for (let i = 0; i < 60; i++) {
      recorder.observe(ping(30), { wallMs: T0 + i * 1000, monoMs: i * 1000 });
      if (recorder.store.newestSample()?.atMs === T0 + i * 1000) kept++;
    }
    assert.equal(kept, 60);
    assert.equal(recorder.store.samples().length, 360);
    assert.deepEqual(
      recorder.store.events().map((e) => e.type),
      ['clock-gap'],
    );
  });
});
