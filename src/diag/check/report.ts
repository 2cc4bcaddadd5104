// The pure reducer: (Report, DiagEvent) -> Report. No I/O, no clocks.
import { CATALOGUE, docsLink } from '../catalogue';
import type { DiagEvent, IssueFinding } from '../events';
import type { Issue, PingSample, PingStats, Report, SourceName } from '../model';
import { MAX_RAW_LINES, MAX_SAMPLES, clipText } from '../wire/limits';

export function emptyReport(workspace: string, startedAt: string): Report {
  return {
    workspace,
    startedAt,
    finishedAt: null,
    cli: null,
    path: { kind: 'unknown', derpRegion: null, endpoint: null },
    pings: emptyStats(),
    samples: [],
    p2pEstablishedMs: null,
    upgradedAtMs: null,
    checks: [],
    issues: [],
    sources: [],
    probes: [],
    netcheck: null,
    rawLines: [],
  };
}

function emptyStats(): PingStats {
  return {
    sent: 0,
    received: 0,
    timedOut: 0,
    failed: 0,
    minMs: null,
    avgMs: null,
    maxMs: null,
    jitterMs: null,
    jitterPairs: 0,
  };
}

export function reduce(report: Report, event: DiagEvent): Report {
  switch (event.type) {
    case 'started':
      return emptyReport(event.workspace, event.at);
    case 'cli':
      return { ...report, cli: event.cli };
    case 'ping':
      return applyPing(report, event.sample);
    case 'p2p-established':
      return { ...report, p2pEstablishedMs: event.ms, upgradedAtMs: report.upgradedAtMs ?? event.atMs };
    case 'check': {
      const others = report.checks.filter((c) => c.id !== event.check.id);
      return { ...report, checks: [...others, event.check] };
    }
    case 'issue':
      return { ...report, issues: mergeIssue(report.issues, event.source, event.finding) };
    case 'probe': {
      const others = report.probes.filter((p) => p.name !== event.outcome.name);
      return { ...report, probes: [...others, event.outcome] };
    }
    case 'netcheck':
      return { ...report, netcheck: event.netcheck };
    case 'raw': {
      // The source prefix must not push a line over the text limit the panel checks.
      const rawLines = [...report.rawLines, clipText(`[${event.source}] ${event.line}`)];
      return { ...report, rawLines: rawLines.slice(-MAX_RAW_LINES) };
    }
    case 'source-done': {
      const others = report.sources.filter((s) => s.source !== event.source);
      const outcome = {
        source: event.source,
        ok: event.ok,
        ...(event.error === undefined ? {} : { error: event.error }),
        ...(event.cancelled ? { cancelled: true } : {}),
      };
      return { ...report, sources: [...others, outcome] };
    }
    case 'finished':
      return withRelayIssue({ ...report, finishedAt: event.at });
  }
}

function applyPing(report: Report, partial: Omit<PingSample, 'seq'>): Report {
  const sample: PingSample = { ...partial, seq: report.pings.sent + 1 };
  // One copy per ping: drop the oldest when full, then append.
  const samples = report.samples.slice(
    report.samples.length >= MAX_SAMPLES ? report.samples.length - MAX_SAMPLES + 1 : 0,
  );
  samples.push(sample);
  const pings = updateStats(report.pings, sample, report.samples[report.samples.length - 1]);
  let { path, upgradedAtMs } = report;
  if (sample.outcome === 'pong' && sample.path) {
    if (sample.path === 'p2p') {
      if (path.kind !== 'p2p' && upgradedAtMs === null) upgradedAtMs = sample.atMs;
      path = { kind: 'p2p', derpRegion: null, endpoint: sample.endpoint ?? null };
    } else {
      path = { kind: 'derp', derpRegion: sample.derpRegion ?? null, endpoint: null };
    }
  }
  return { ...report, samples, pings, path, upgradedAtMs };
}

function updateStats(stats: PingStats, sample: PingSample, previous: PingSample | undefined): PingStats {
  const next = { ...stats, sent: stats.sent + 1 };
  if (sample.outcome === 'timeout') return { ...next, timedOut: stats.timedOut + 1 };
  if (sample.outcome === 'failed') return { ...next, failed: stats.failed + 1 };
  const ms = sample.latencyMs ?? 0;
  const received = stats.received + 1;
  const avg = stats.avgMs === null ? ms : stats.avgMs + (ms - stats.avgMs) / received;
  let { jitterMs, jitterPairs } = stats;
  if (previous?.outcome === 'pong' && previous.latencyMs !== undefined) {
    jitterPairs += 1;
    const diff = Math.abs(ms - previous.latencyMs);
    jitterMs = jitterMs === null ? diff : jitterMs + (diff - jitterMs) / jitterPairs;
  }
  return {
    ...next,
    jitterMs,
    jitterPairs,
    received,
    minMs: stats.minMs === null ? ms : Math.min(stats.minMs, ms),
    maxMs: stats.maxMs === null ? ms : Math.max(stats.maxMs, ms),
    avgMs: avg,
  };
}

function sameIssue(a: Issue, f: IssueFinding): boolean {
  if (a.id !== f.id || a.side !== f.side) return false;
  // Low MTU is per interface; the rest are one finding per side.
  return a.id !== 'low-mtu' || a.detail?.interface === f.detail?.interface;
}

function mergeIssue(issues: Issue[], source: SourceName, f: IssueFinding): Issue[] {
  const index = issues.findIndex((i) => sameIssue(i, f));
  if (index >= 0) {
    const existing = issues[index];
    const merged: Issue = {
      ...existing,
      sources: existing.sources.includes(source) ? existing.sources : [...existing.sources, source],
      detail: existing.detail ?? f.detail,
      cliText: existing.cliText ?? f.cliText,
    };
    return issues.map((i, n) => (n === index ? merged : i));
  }
  const issue: Issue = {
    id: f.id,
    side: f.side,
    // The sentence quotes detail values (a region name), so it is cut like any other text. It is in the
    // language of the installed translator (the extension's, English in `wsdoctor`), as the reports are.
    message: clipText(CATALOGUE[f.id].message(f.side, f.detail)),
    docs: f.docs ?? docsLink(f.id),
    sources: [source],
  };
  if (f.detail) issue.detail = f.detail;
  if (f.cliText) issue.cliText = f.cliText;
  return [...issues, issue];
}

/** A run that ends relayed always carries the relay issue, even when the CLI did not say so. */
function withRelayIssue(report: Report): Report {
  if (report.path.kind === 'p2p') return { ...report, issues: report.issues.filter((i) => i.id !== 'derp-relay') };
  if (report.path.kind === 'unknown') return report;
  return { ...report, issues: mergeIssue(report.issues, 'ping', { id: 'derp-relay', side: 'general' }) };
}

export function reduceAll(events: DiagEvent[], workspace = '', at = new Date(0).toISOString()): Report {
  return events.reduce(reduce, emptyReport(workspace, at));
}
