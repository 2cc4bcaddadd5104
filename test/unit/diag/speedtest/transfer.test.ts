import assert from 'node:assert/strict';
import { Transfer } from '../../../../src/diag/speedtest/transfer';
import type { TransferSettings } from '../../../../src/diag/speedtest/transfer';
import type { CpuSampler } from '../../../../src/diag/speedtest/cpu-watch';
import type { SpeedtestEvent } from '../../../../src/diag/speedtest/types';

function settings(events: SpeedtestEvent[], over: Partial<TransferSettings> = {}): TransferSettings {
  return {
    direction: 'upload',
    durationSeconds: 1.3,
    sampleMs: 100,
    stallMs: 4000,
    startTimeoutMs: 5000,
    probe: null,
    emit: (e) => events.push(e),
    signal: new AbortController().signal,
    connectionLost: new Promise(() => undefined),
    ...over,
  };
}

/** Streams that each add `bytes` every `everyMs` until the transfer ends; returns what each added. */
function runStreams(transfer: Transfer, sizes: number[], everyMs: number): number[] {
  const added = sizes.map(() => 0);
  sizes.forEach((bytes, i) => {
    const t = setInterval(() => {
      if (transfer.isEnded) return clearInterval(t);
      transfer.add(bytes);
      added[i] += bytes;
    }, everyMs);
  });
  return added;
}

const bytesOf = (mbits: number, seconds: number): number => (mbits * 1e6 * seconds) / 8;

describe('parallel streams (summing)', () => {
  it('sums every stream into the totals, the per-second intervals and the live samples', async () => {
    const events: SpeedtestEvent[] = [];
    const transfer = new Transfer(settings(events, { streams: 3 }));
    transfer.start();
    const added = runStreams(transfer, [10_000, 20_000, 40_000], 10);
    const result = transfer.result(await transfer.finished);

    const total = added.reduce((a, b) => a + b, 0);
    assert.ok(
      added.every((a) => a > 0),
      'every stream moved bytes',
    );
    assert.equal(result.bytes, total);
    assert.equal(result.streams, 3);
    assert.equal(result.partial, false);
    // Intervals are the sums: together they carry every byte, to the rounding of their 2-decimal
    // rates and times (well under 0.5% here; a lost stream would be 14% or more).
    const fromIntervals = result.intervals.reduce(
      (a, i) => a + bytesOf(i.throughput_mbits, i.end_time_seconds - i.start_time_seconds),
      0,
    );
    assert.ok(Math.abs(fromIntervals - total) < total * 0.005, `${fromIntervals} vs ${total}`);
    // The first second is well above what the largest stream alone could have moved.
    const biggestAlonePerSecond = (40_000 * 1000) / 10;
    assert.ok(bytesOf(result.intervals[0].throughput_mbits, 1) > biggestAlonePerSecond * 1.2);
    const last = events.filter((e) => e.type === 'sample').pop();
    assert.ok(last && last.type === 'sample' && last.bytesTotal <= total && last.bytesTotal > total * 0.8);
  });

  it('reads one stream when the caller does not say', async () => {
    const transfer = new Transfer(settings([], { durationSeconds: 0.2 }));
    transfer.start();
    runStreams(transfer, [1000], 10);
    assert.equal(transfer.result(await transfer.finished).streams, 1);
  });
});

describe('cpuLimited on a transfer (injected CPU sampler)', () => {
  /** A sampler whose CPU time advances at `share` of the wall clock. */
  const samplerAt = (share: number): CpuSampler => {
    const t0 = performance.now();
    return () => ({ user: Math.round((performance.now() - t0) * 1000 * share), system: 0 });
  };

  for (const [share, limited] of [
    [1, true],
    [0.95, true],
    [0.5, false],
  ] as const) {
    it(`is ${String(limited)} when the main thread was busy ${share * 100}% of the direction`, async () => {
      const transfer = new Transfer(settings([], { durationSeconds: 0.3, cpuSampler: samplerAt(share) }));
      transfer.start();
      runStreams(transfer, [1000], 10);
      assert.equal(transfer.result(await transfer.finished).cpuLimited, limited);
    });
  }

  it('is false when the direction never started', async () => {
    const controller = new AbortController();
    const transfer = new Transfer(settings([], { signal: controller.signal, cpuSampler: samplerAt(1) }));
    controller.abort();
    assert.equal(transfer.result(await transfer.finished).cpuLimited, false);
  });
});
