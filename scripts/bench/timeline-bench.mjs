// The session timeline: its size with 24 h of 1 s samples against the stated bound, and one status
// bar update (sparkline of the last 10 min, last three events, summary line) on that full timeline,
// against a reference measured in the same run (summing the hour of latencies in a plain array).
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { TimelineStore, TIMELINE_MAX_JSON_BYTES } = require('../../out/src/diag/timeline/store.js');
const { timelineToJson } = require('../../out/src/diag/timeline/serialize.js');
const { sparkline, renderSparkline } = require('../../out/src/diag/timeline/sparkline.js');
const { summaryLine } = require('../../out/src/diag/timeline/summary.js');

const T0 = Date.UTC(2025, 2, 3, 9, 12, 0);
const DAY = 24 * 3600;
const store = new TimelineStore();
for (let i = 0; i < DAY; i++) {
  const derp = Math.floor(i / 600) % 7 === 0;
  store.addSample({
    atMs: T0 + i * 1000,
    latencyMs: derp ? 45 + (i % 11) : 12 + (i % 5),
    path: derp ? 'derp' : 'p2p',
    derpRegion: derp ? 'Frankfurt' : null,
  });
  if (i % 4200 === 0) store.addEvent({ atMs: T0 + i * 1000, type: 'path-changed', from: 'p2p', to: 'derp' });
}
const now = T0 + DAY * 1000;
const bytes = Buffer.byteLength(JSON.stringify(timelineToJson(store)), 'utf8');
console.log(
  `24 h of 1 s samples: ${store.samples().length} samples + ${store.buckets().length} minute buckets + ${store.events().length} events`,
);
console.log(
  `serialized: ${(bytes / 1000).toFixed(0)} kB; bound ${(TIMELINE_MAX_JSON_BYTES / 1000).toFixed(0)} kB (${((bytes / TIMELINE_MAX_JSON_BYTES) * 100).toFixed(0)}% of it)`,
);
if (bytes > TIMELINE_MAX_JSON_BYTES) {
  console.log('OVER THE BOUND');
  process.exitCode = 1;
}

function update() {
  const line = renderSparkline(sparkline(store, now).values);
  const events = store.lastEvents(3);
  const summary = summaryLine(store, now, 'UTC');
  return line.length + events.length + summary.length;
}

const hour = Array.from({ length: 3600 }, (_, i) => 12 + (i % 5));
function reference() {
  let sum = 0;
  for (const v of hour) sum += v;
  return sum;
}

function time(fn, rounds) {
  for (let i = 0; i < 20; i++) fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / rounds;
}

const updateMs = time(update, 500);
const refMs = time(reference, 5000);
console.log(`status bar update on a full 24 h timeline: ${(updateMs * 1000).toFixed(0)} µs (aim ≤ 1 ms)`);
console.log(`reference (sum an hour of latencies):      ${(refMs * 1000).toFixed(1)} µs`);
console.log(`ratio update / reference: ${(updateMs / refMs).toFixed(1)}x`);
