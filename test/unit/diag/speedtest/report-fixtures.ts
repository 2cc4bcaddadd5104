// Speed test reports shaped like the engine's, for the panel's unit tests.
import type { DirectionResult, SpeedInterval, SpeedtestReport } from '../../../../src/diag/speedtest/types';

export const iv = (start: number, end: number, mbits: number): SpeedInterval => ({
  start_time_seconds: start,
  end_time_seconds: end,
  throughput_mbits: mbits,
});

export function result(
  direction: 'download' | 'upload',
  mbits: number[],
  extra: Partial<DirectionResult> = {},
): DirectionResult {
  const intervals = mbits.map((m, i) => iv(i, i + 1, m));
  const seconds = mbits.length;
  const avg = mbits.reduce((a, b) => a + b, 0) / Math.max(1, seconds);
  return {
    direction,
    overall: iv(0, seconds, Math.round(avg * 100) / 100),
    intervals,
    partial: false,
    bytes: Math.round((avg * 1e6 * seconds) / 8),
    loadedLatencyMs: 61.5,
    ...extra,
  };
}

export function report(extra: Partial<SpeedtestReport> = {}): SpeedtestReport {
  return {
    target: 'dev',
    transport: 'coder',
    startedAt: '2025-11-25T10:00:00.000Z',
    finishedAt: '2025-11-25T10:00:12.000Z',
    durationSeconds: 5,
    remoteOs: 'Linux',
    results: [result('download', [48, 50, 50, 49, 50]), result('upload', [20, 21, 22, 21, 21])],
    latency: { idleMs: 50.2, loadedMs: 71.4, increaseMs: 21.2, idleSamples: 7, loadedSamples: 18 },
    tunnel: [],
    error: null,
    cancelled: false,
    ...extra,
  };
}

/** Strings that would run script or break Markdown if rendered as markup. */
export const HOSTILE = '<img src=x onerror=alert(1)> | `rm` *bold* [x](javascript:1)';
