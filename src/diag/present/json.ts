// The machine-readable report: one JSON document, stable field names.
import type { Report } from '../model';
import { derpRelays } from './derp-table';
import type { ReportTimeline } from './timeline-text';

/** Raised when a field is renamed, removed or changes meaning; added fields keep the version. */
export const CHECK_SCHEMA_VERSION = 1;

/** `timeline`: this window's recording of the workspace (the extension's reports); an added field, same version. */
export function toJsonReport(report: Report, timeline?: ReportTimeline): Record<string, unknown> {
  const { jitterPairs: _pairs, ...pings } = report.pings;
  return {
    schemaVersion: CHECK_SCHEMA_VERSION,
    workspace: report.workspace,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    cli: report.cli,
    path: report.path,
    pings,
    p2pEstablishedMs: report.p2pEstablishedMs,
    upgradedAtMs: report.upgradedAtMs,
    checks: report.checks,
    issues: report.issues.map(({ id, side, message, docs, detail, sources, cliText }) => ({
      id,
      side,
      message,
      docs,
      ...(detail ? { detail } : {}),
      sources,
      ...(cliText ? { cliText } : {}),
    })),
    sources: report.sources,
    probes: report.probes,
    netcheck: report.netcheck,
    derpRelays: derpRelays(report.probes, report.netcheck),
    samples: report.samples,
    log: report.rawLines,
    ...(timeline ? { timeline: { summary: timeline.summary, events: timeline.events } } : {}),
  };
}
