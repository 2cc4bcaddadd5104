import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSpeedtestJson } from '../../../../src/diag/coder/speedtest-json';
import { ByteMeter, intervalsFrom, mbits, overallFrom } from '../../../../src/diag/speedtest/meter';
import { fixture } from '../../../support/paths';

// 50 Mbit/s is 6,250,000 bytes per second.
const PER_SECOND_50 = 6_250_000;

describe('speed test arithmetic (meter)', () => {
  it('gives one interval per second plus the short tail, in the CLI JSON shape', () => {
    const buckets = [PER_SECOND_50, PER_SECOND_50, PER_SECOND_50, PER_SECOND_50, PER_SECOND_50, 125_000];
    const end = 5.02;
    const intervals = intervalsFrom(buckets, end);
    const overall = overallFrom(
      buckets.reduce((a, b) => a + b, 0),
      end,
    );
    // The CLI's own parser accepts exactly what we produce.
    const reparsed = parseSpeedtestJson(JSON.stringify({ overall, intervals }));
    assert.deepEqual(reparsed.intervals, intervals);
    assert.equal(intervals.length, 6);
    assert.deepEqual(intervals[0], { start_time_seconds: 0, end_time_seconds: 1, throughput_mbits: 50 });
    assert.deepEqual(intervals[4], { start_time_seconds: 4, end_time_seconds: 5, throughput_mbits: 50 });
    // 125,000 bytes in 20 ms is 50 Mbit/s too.
    assert.deepEqual(intervals[5], { start_time_seconds: 5, end_time_seconds: 5.02, throughput_mbits: 50 });
    assert.deepEqual(overall, { start_time_seconds: 0, end_time_seconds: 5.02, throughput_mbits: 50 });
  });

  it("reproduces the CLI recording's intervals from the bytes they imply", () => {
    const cli = parseSpeedtestJson(readFileSync(fixture('speedtest/download.json'), 'utf8'));
    const buckets = cli.intervals.map(
      (i) => (i.throughput_mbits * 1e6 * (i.end_time_seconds - i.start_time_seconds)) / 8,
    );
    const end = cli.intervals[cli.intervals.length - 1].end_time_seconds;
    assert.deepEqual(intervalsFrom(buckets, end), cli.intervals);
  });

  it('uses bits per second in millions, not mebibits', () => {
    assert.equal(mbits(1_000_000, 1), 8);
    assert.equal(mbits(1_000_000, 2), 4);
    assert.equal(mbits(123, 0), 0);
  });

  it('folds a tail shorter than 5 ms into the last whole second', () => {
    assert.equal(intervalsFrom([1000, 2000, 500], 2.0049).length, 2);
    assert.equal(intervalsFrom([1000, 2000, 500], 2.006).length, 3);
    const intervals = intervalsFrom([1000, 2000, 500], 2.0004);
    assert.equal(intervals.length, 2);
    assert.equal(intervals[1].end_time_seconds, 2);
    // 2000 + 500 bytes over the second 1-2.
    assert.equal(intervals[1].throughput_mbits, mbits(2500, 1));
  });

  it('reports a run shorter than a second (a link that dropped early) as one partial interval', () => {
    const intervals = intervalsFrom([3_125_000], 0.5);
    assert.deepEqual(intervals, [{ start_time_seconds: 0, end_time_seconds: 0.5, throughput_mbits: 50 }]);
    assert.deepEqual(intervalsFrom([], 0), []);
  });

  it('counts bytes that arrive on the closing clock edge in the last interval, never loses them', () => {
    const intervals = intervalsFrom([1e6, 1e6, 1e6, 1e6], 3);
    assert.equal(intervals.length, 3);
    const bits = intervals.reduce(
      (sum, i) => sum + i.throughput_mbits * (i.end_time_seconds - i.start_time_seconds),
      0,
    );
    assert.equal(Math.round((bits * 1e6) / 8), 4e6);
    assert.equal(intervals[2].throughput_mbits, 16);
  });

  it('attributes each chunk to the second it arrived in', () => {
    const m = new ByteMeter();
    m.add(10, 0);
    m.add(20, 0.999);
    m.add(30, 1);
    m.add(5, 3.5);
    m.add(7, -0.001); // a clock edge before the start counts as the first second
    m.add(0, 2);
    assert.deepEqual(m.buckets(), [37, 30, 0, 5]);
    assert.equal(m.total, 72);
  });

  it('keeps intervals and overall consistent: the overall rate is the time-weighted mean', () => {
    // Deterministic pseudo-random second counts.
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let run = 0; run < 50; run++) {
      const seconds = 1 + (next() % 9);
      const tail = (next() % 999) / 1000;
      const buckets = Array.from({ length: seconds + 1 }, () => next() % 10_000_000);
      const end = seconds + tail;
      const total = buckets.reduce((a, b) => a + b, 0);
      const intervals = intervalsFrom(buckets, end);
      const weighted =
        intervals.reduce((s, i) => s + i.throughput_mbits * (i.end_time_seconds - i.start_time_seconds), 0) / end;
      assert.ok(Math.abs(weighted - overallFrom(total, end).throughput_mbits) < 0.05, `run ${run}`);
      for (let k = 1; k < intervals.length; k++)
        assert.equal(intervals[k].start_time_seconds, intervals[k - 1].end_time_seconds);
    }
  });
});
