// A full day's timeline (every sample, minute bucket and event slot used), for tests of storage.
import { TimelineStore } from '../../src/diag/timeline/store';

export function fullTimeline(start = Date.UTC(2025, 2, 3, 9, 12, 0)): TimelineStore {
  const store = new TimelineStore();
  const day = 25 * 3600;
  for (let i = 0; i < day; i++) {
    const atMs = start + i * 1000;
    store.addSample({ atMs, latencyMs: 20 + (i % 50), path: i % 7 === 0 ? 'derp' : 'p2p', derpRegion: 'Frankfurt' });
    if (i % 150 === 0) store.addEvent({ atMs, type: 'path-changed', from: 'p2p', to: 'derp' });
  }
  return store;
}
