// The connection check as a run of the generic session: the report is folded from the engine's
// events, `finished` ends a run and goes out at once, and a check that throws still ends with
// the error shown in the panel.
import { runCheck } from '../../diag/check/check';
import type { CheckOptions, LocalProbeRunner } from '../../diag/check/check';
import type { DiagEvent } from '../../diag/events';
import type { Report } from '../../diag/model';
import { emptyReport, reduce } from '../../diag/check/report';
import { clipText } from '../../diag/wire/limits';
import { PanelRun } from '../panels/panel-run';
import type { RunListener, RunSpec } from '../panels/panel-run';

export type CheckPanelRun = PanelRun<CheckOptions, DiagEvent, Report, Report>;

function checkRunSpec(localProbes?: LocalProbeRunner): RunSpec<CheckOptions, DiagEvent, Report, Report> {
  return {
    name: 'check',
    run: (options, emit, signal) => runCheck(options, emit, signal, localProbes),
    initial: (options) => emptyReport(options.workspace, new Date().toISOString()),
    fold: reduce,
    urgent: () => false,
    isLast: (event) => event.type === 'finished',
    lastEvent: (report) => ({ type: 'finished', at: report.finishedAt ?? new Date().toISOString() }),
    failed: (message) => [
      { type: 'source-done', source: 'ping', ok: false, error: clipText(`The check stopped unexpectedly: ${message}`) },
      { type: 'finished', at: new Date().toISOString() },
    ],
    describeStart: (o) => `${o.workspace} (${o.pingCount} pings${o.local ? ', local probes' : ''})`,
    describeEvent: (event) =>
      event.type === 'raw'
        ? event.line
        : event.type === 'source-done' && event.error
          ? `${event.source}: ${event.error}`
          : null,
    describeResult: (r) =>
      `finished, path ${r.path.kind}, ${r.pings.received}/${r.pings.sent} pongs, ${r.issues.length} issues`,
  };
}

export function checkPanelRun(
  listener: RunListener<DiagEvent, Report>,
  options: { localProbes?: LocalProbeRunner; log?: (line: string) => void; batchMs?: number } = {},
): CheckPanelRun {
  return new PanelRun(checkRunSpec(options.localProbes), listener, options.log, options.batchMs);
}
