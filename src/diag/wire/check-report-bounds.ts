// Cuts connection events and reports to the limits the connection panel validates (limits.ts).
// The engine applies it to every event it emits and the host to every report it sends or stores,
// so text from the CLI, netcheck or the network (a 5,000-character region name) arrives cut with
// a marker instead of getting a whole message refused. Pure: no DOM, no vscode.
import type { DiagEvent, IssueFinding } from '../events';
import type { Issue, NetcheckSummary, ProbeOutcome, Report } from '../model';
import { MAX_RAW_LINES, MAX_SAMPLES, MAX_DATA_DEPTH, MAX_DETAIL_KEYS, MAX_LIST, clipText } from './limits';

/** A shallow copy with every string property cut to MAX_TEXT (absent properties stay absent). */
export function clipFields<T extends object>(value: T): T {
  const out = { ...value } as Record<string, unknown>;
  for (const [key, v] of Object.entries(out)) if (typeof v === 'string') out[key] = clipText(v);
  return out as T;
}

function boundDetail(detail: Record<string, string | number>): Record<string, string | number> {
  const entries = Object.entries(detail)
    .slice(0, MAX_DETAIL_KEYS)
    .map(([k, v]): [string, string | number] => [
      k,
      typeof v === 'number' ? (Number.isFinite(v) ? v : String(v)) : clipText(String(v)),
    ]);
  return Object.fromEntries(entries);
}

/** Free-form probe data as plain JSON the panel accepts: bounded depth, lists, text and finite numbers. */
export function boundData(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') return clipText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'object' || depth >= MAX_DATA_DEPTH) return null;
  if (Array.isArray(value)) return value.slice(0, MAX_LIST).map((v: unknown) => boundData(v ?? null, depth + 1));
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .slice(0, MAX_LIST)
    .map(([k, v]) => [k, boundData(v, depth + 1)]);
  return Object.fromEntries(entries);
}

function boundProbe(probe: ProbeOutcome): ProbeOutcome {
  const out = clipFields(probe);
  if (probe.data !== undefined) out.data = boundData(probe.data);
  return out;
}

function boundFinding(finding: IssueFinding): IssueFinding {
  const out = clipFields(finding);
  if (finding.detail) out.detail = boundDetail(finding.detail);
  return out;
}

function boundIssue(issue: Issue): Issue {
  const out = clipFields(issue);
  if (issue.detail) out.detail = boundDetail(issue.detail);
  return out;
}

function boundNetcheck(n: NetcheckSummary): NetcheckSummary {
  return {
    ...clipFields(n),
    preferredRegion: n.preferredRegion && clipFields(n.preferredRegion),
    regionLatencies: n.regionLatencies.slice(0, MAX_LIST).map(clipFields),
    warnings: n.warnings.slice(0, MAX_LIST).map(clipFields),
    unreadable: n.unreadable.slice(0, MAX_LIST).map((t) => clipText(t)),
  };
}

export function boundDiagEvent(event: DiagEvent): DiagEvent {
  switch (event.type) {
    case 'cli':
      return { ...event, cli: clipFields(event.cli) };
    case 'ping':
      return { ...event, sample: clipFields(event.sample) };
    case 'check':
      return { ...event, check: clipFields(event.check) };
    case 'issue':
      return { ...event, finding: boundFinding(event.finding) };
    case 'probe':
      return { ...event, outcome: boundProbe(event.outcome) };
    case 'netcheck':
      return { ...event, netcheck: boundNetcheck(event.netcheck) };
    default:
      return clipFields(event);
  }
}

/** A report within every limit the panel checks: the newest samples and raw lines, every text cut. */
export function boundReport(report: Report): Report {
  return {
    ...clipFields(report),
    cli: report.cli && clipFields(report.cli),
    path: clipFields(report.path),
    samples: report.samples.slice(-MAX_SAMPLES).map(clipFields),
    checks: report.checks.slice(0, MAX_LIST).map(clipFields),
    issues: report.issues.slice(0, MAX_LIST).map(boundIssue),
    sources: report.sources.slice(0, MAX_LIST).map(clipFields),
    probes: report.probes.slice(0, MAX_LIST).map(boundProbe),
    netcheck: report.netcheck && boundNetcheck(report.netcheck),
    rawLines: report.rawLines.slice(-MAX_RAW_LINES).map((t) => clipText(t)),
  };
}
