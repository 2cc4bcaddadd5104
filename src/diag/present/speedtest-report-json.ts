// The speed test's machine-readable report: one JSON document with stable, documented field names
// (see the README), built field by field so internal additions to the report never leak into it.
import type { SpeedInterval } from '../coder/speedtest-json';
import type { DirectionResult, SpeedtestPath, SpeedtestReport, TunnelResult } from '../speedtest/types';

/** Raised when a field is renamed, removed or changes meaning; added fields keep the version. */
export const SPEEDTEST_SCHEMA_VERSION = 1;

function interval(i: SpeedInterval): SpeedInterval {
  return {
    start_time_seconds: i.start_time_seconds,
    end_time_seconds: i.end_time_seconds,
    throughput_mbits: i.throughput_mbits,
  };
}

function result(r: DirectionResult): Record<string, unknown> {
  return {
    direction: r.direction,
    overall: interval(r.overall),
    intervals: r.intervals.map(interval),
    partial: r.partial,
    bytes: r.bytes,
    loadedLatencyMs: r.loadedLatencyMs,
    streams: r.streams ?? 1,
    cpuLimited: r.cpuLimited === true,
    error: r.error ?? null,
  };
}

function tunnel(t: TunnelResult): Record<string, unknown> {
  return {
    direction: t.direction,
    overall: t.overall ? interval(t.overall) : null,
    intervals: (t.intervals ?? []).map(interval),
    error: t.error ?? null,
  };
}

function path(p: SpeedtestPath): Record<string, unknown> {
  return {
    source: p.source,
    changes: p.changes.map((c) => ({
      kind: c.kind,
      derpRegion: c.derpRegion,
      atSeconds: c.atSeconds,
      latencyMs: c.latencyMs,
    })),
    measuredFromSeconds: p.measuredFromSeconds,
    measuredToSeconds: p.measuredToSeconds,
    note: p.note,
    directWait: p.directWait
      ? {
          timeoutSeconds: p.directWait.timeoutSeconds,
          waitedSeconds: p.directWait.waitedSeconds,
          formed: p.directWait.formed,
        }
      : null,
  };
}

export function toSpeedtestJson(report: SpeedtestReport): Record<string, unknown> {
  const l = report.latency;
  return {
    schemaVersion: SPEEDTEST_SCHEMA_VERSION,
    target: report.target,
    transport: report.transport,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    durationSeconds: report.durationSeconds,
    remoteOs: report.remoteOs,
    results: report.results.map(result),
    latency: {
      idleMs: l.idleMs,
      loadedMs: l.loadedMs,
      increaseMs: l.increaseMs,
      idleSamples: l.idleSamples,
      loadedSamples: l.loadedSamples,
    },
    tunnel: report.tunnel.map(tunnel),
    path: report.path ? path(report.path) : null,
    error: report.error,
    cancelled: report.cancelled,
  };
}
