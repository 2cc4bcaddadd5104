import assert from 'node:assert/strict';
import { timelineFromJson, timelineToJson } from '../../../../src/diag/timeline/serialize';
import { TimelineStore } from '../../../../src/diag/timeline/store';
import { FINE_WINDOW_MS, MAX_EVENTS } from '../../../../src/diag/wire/timeline-data';
import { reportTimeline, timelineMarkdownSection } from '../../../../src/diag/present/timeline-text';
import { timelineView } from '../../../../src/vscode/timeline/timeline-view';
import { HOSTILE, TERMINAL_CONTROL } from '../../../support/hostile-text';

const T0 = Date.UTC(2025, 2, 3, 9, 12, 0);

function filled(): TimelineStore {
  const store = new TimelineStore();
  for (let i = 0; i < 3600 + 300; i++)
    store.addSample({
      atMs: T0 + i * 1000,
      latencyMs: i % 50 === 0 ? null : 20 + (i % 13) / 10,
      path: i % 50 === 0 ? 'unknown' : i % 2 ? 'p2p' : 'derp',
      derpRegion: i % 2 ? null : 'Frankfurt',
      ...(i % 50 === 0 ? { lost: true as const } : {}),
    });
  store.addEvent({ atMs: T0 + 1000, type: 'path-changed', from: 'p2p', to: 'derp' });
  store.addEvent({
    atMs: T0 + 2000,
    type: 'diagnosed',
    detail: 'switched to DERP Frankfurt: UDP blocked on your machine',
  });
  return store;
}

describe('timeline serialization', () => {
  it('round-trips through JSON text unchanged', () => {
    const store = filled();
    const stored = JSON.stringify(timelineToJson(store));
    const back = timelineFromJson(stored);
    assert.equal(back.reason, null);
    assert.deepEqual(timelineToJson(back.store), timelineToJson(store));
    assert.equal(back.store.buckets().length, 5);
    // Recording goes on where it stopped.
    assert.equal(back.store.addSample({ atMs: T0 + 3900 * 1000, latencyMs: 1, path: 'p2p', derpRegion: null }), true);
    assert.ok(back.store.samples()[0].atMs >= T0 + 3900 * 1000 - FINE_WINDOW_MS);
  });

  it('nothing stored is an empty timeline without a reason', () => {
    for (const v of [undefined, null]) {
      const r = timelineFromJson(v);
      assert.equal(r.reason, null);
      assert.equal(r.store.isEmpty(), true);
    }
  });

  const good = () => timelineToJson(filled()) as unknown as Record<string, unknown>;
  const cases: [string, unknown, RegExp][] = [
    ['garbage text', '\u0000{not json', /not valid JSON/],
    ['truncated JSON', JSON.stringify(good()).slice(0, 5000), /not valid JSON/],
    ['a list', [], /expected an object/],
    ['another version', { ...good(), version: 2 }, /version 1/],
    ['samples not a list', { ...good(), samples: 'x' }, /samples: expected a list/],
    [
      'too many events',
      { ...good(), events: Array.from({ length: MAX_EVENTS + 1 }, (_, i) => ({ atMs: i, type: 'stale' })) },
      /at most 500/,
    ],
    [
      'an unknown path',
      { ...good(), buckets: [], samples: [{ atMs: T0, latencyMs: 1, path: 'moon', derpRegion: null }] },
      /path/,
    ],
    [
      'a NaN-ish latency',
      { ...good(), buckets: [], samples: [{ atMs: T0, latencyMs: '12', path: 'p2p', derpRegion: null }] },
      /latencyMs: expected a number/,
    ],
    [
      'a negative latency',
      { ...good(), buckets: [], samples: [{ atMs: T0, latencyMs: -1, path: 'p2p', derpRegion: null }] },
      /latency/,
    ],
    [
      'samples out of order',
      {
        ...good(),
        samples: [
          { atMs: T0 + 5, latencyMs: 1, path: 'p2p', derpRegion: null },
          { atMs: T0, latencyMs: 1, path: 'p2p', derpRegion: null },
        ],
      },
      /in order/,
    ],
    ['an unknown event type', { ...good(), events: [{ atMs: T0, type: '__proto__' }] }, /one of path-changed/],
    [
      'a bucket with three path counts',
      {
        ...good(),
        buckets: [{ atMs: T0, measured: 1, minMs: 1, avgMs: 1, maxMs: 1, lost: 0, paths: [1, 2, 3], derpRegion: null }],
      },
      /four counts/,
    ],
    [
      'a region that is not text',
      { ...good(), buckets: [], samples: [{ atMs: T0, latencyMs: 1, path: 'derp', derpRegion: { toString: 1 } }] },
      /derpRegion: expected a string/,
    ],
  ];
  for (const [name, value, reason] of cases) {
    it(`${name}: an empty timeline and the reason, no throw`, () => {
      const r = timelineFromJson(value);
      assert.equal(r.store.isEmpty(), true);
      assert.match(r.reason ?? '', reason);
      assert.match(r.reason ?? '', /^The stored timeline was dropped: /);
    });
  }

  // The Date range ends at ±8.64e15 ms: a later time is a number, but no date can show it.
  const BEYOND_DATES = 8.64e15 + 1;
  for (const [name, stored] of [
    [
      'a sample',
      { version: 1, samples: [{ atMs: 1e300, latencyMs: 1, path: 'p2p', derpRegion: null }], buckets: [], events: [] },
    ],
    ['an event', { version: 1, samples: [], buckets: [], events: [{ atMs: BEYOND_DATES, type: 'offline' }] }],
    [
      'a bucket',
      {
        version: 1,
        samples: [],
        buckets: [
          {
            atMs: BEYOND_DATES,
            measured: 1,
            minMs: 1,
            avgMs: 1,
            maxMs: 1,
            lost: 0,
            paths: [1, 0, 0, 0],
            derpRegion: null,
          },
        ],
        events: [],
      },
    ],
  ] as const) {
    it(`${name} timed beyond the Date range is refused on load; the view and the report copy do not throw`, () => {
      const r = timelineFromJson(JSON.parse(JSON.stringify(stored)));
      assert.match(r.reason ?? '', /^The stored timeline was dropped: .*a time in milliseconds/);
      assert.equal(r.store.isEmpty(), true);
      const nowMs = T0;
      assert.doesNotThrow(() => timelineView('dev', r.store, nowMs, null, 'UTC'));
      assert.doesNotThrow(() => timelineMarkdownSection(reportTimeline(r.store, nowMs, 'UTC'), nowMs, 'UTC'));
    });
  }

  it('hostile names come back printable and cut', () => {
    for (const text of [HOSTILE, `${HOSTILE}${'\ud800'.repeat(40)}`, '\u0000'.repeat(5000)]) {
      const stored = {
        version: 1,
        samples: [{ atMs: T0, latencyMs: 1, path: 'derp', derpRegion: text }],
        buckets: [],
        events: [{ atMs: T0, type: 'offline', detail: text }],
      };
      const r = timelineFromJson(stored);
      assert.equal(r.reason, null);
      const region = r.store.samples()[0].derpRegion ?? '';
      const detail = r.store.events()[0].detail ?? '';
      assert.doesNotMatch(region + detail, TERMINAL_CONTROL);
      assert.doesNotMatch(region + detail, /[\ud800-\udbff](?![\udc00-\udfff])/);
      assert.ok(region.length <= 32 && detail.length <= 200);
    }
  });
});
