import * as assert from 'node:assert/strict';
import { speedtestExitCode } from '../../../../src/cli/speedtest/speedtest-command';
import { median } from '../../../../src/diag/speedtest/stats';
import { speedtestText } from '../../../../src/diag/present/speedtest-text';
import type { SpeedtestReport } from '../../../../src/diag/speedtest/types';

describe('speed test report presentation', () => {
  const report = (over: Partial<SpeedtestReport>): SpeedtestReport => ({
    target: 'dev',
    transport: 'coder',
    startedAt: '',
    finishedAt: '',
    durationSeconds: 5,
    remoteOs: 'Linux',
    results: [],
    latency: { idleMs: 50.1, loadedMs: 80.4, increaseMs: 30.3, idleSamples: 7, loadedSamples: 20 },
    tunnel: [],
    error: null,
    cancelled: false,
    ...over,
  });
  const full = {
    direction: 'download' as const,
    overall: { start_time_seconds: 0, end_time_seconds: 5.02, throughput_mbits: 47.81 },
    intervals: [
      { start_time_seconds: 0, end_time_seconds: 1, throughput_mbits: 47.9 },
      { start_time_seconds: 1, end_time_seconds: 1.5, throughput_mbits: 8 },
    ],
    partial: false,
    bytes: 30_000_000,
    loadedLatencyMs: 80.4,
  };

  it('prints an iperf-like table: interval, transfer, bandwidth', () => {
    const text = speedtestText(report({ results: [full] }));
    assert.match(text, /INTERVAL\s+TRANSFER\s+BANDWIDTH/);
    // 8 Mbit/s for half a second is 0.5 MB = 0.48 MiB.
    assert.match(text, /1\.00-1\.50 sec\s+0\.48 MBytes\s+8\.00 Mbits\/sec/);
    assert.match(text, /0\.00-5\.02 sec.*47\.81 Mbits\/sec\s+overall/);
    assert.match(text, /Latency: idle 50\.1 ms, under load 80\.4 ms \(\+30\.3 ms\)/);
  });

  it('shows a few-millisecond tail to the millisecond rather than as 5.00-5.00', () => {
    const tail = { ...full, intervals: [{ start_time_seconds: 5, end_time_seconds: 5.004, throughput_mbits: 40 }] };
    assert.match(speedtestText(report({ results: [tail] })), /5\.00-5\.004 sec/);
  });

  it('exits 0 when everything ran, 1 when partial, 2 when nothing moved', () => {
    assert.equal(speedtestExitCode(report({ results: [full] })), 0);
    assert.equal(speedtestExitCode(report({ results: [{ ...full, partial: true }], error: 'link dropped' })), 1);
    assert.equal(speedtestExitCode(report({ results: [], error: 'Connection refused' })), 2);
    assert.equal(speedtestExitCode(report({ results: [{ ...full, bytes: 0, partial: true }], error: 'Windows' })), 2);
  });

  it('takes the middle of round-trip samples', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([]), null);
  });
});
