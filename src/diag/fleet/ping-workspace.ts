// One workspace's short check for the fleet: `coder ping <name> -n N`, read by the same parser and
// reducer as a full check, boiled down to the path, the latest round trip, or why there is none.
import { cliErrorHint } from '../coder/cli-errors';
import { lacksPingCommand, noPingCommandError } from '../coder/old-cli';
import { classifyStderrLine, createPingParser } from '../coder/ping-parser';
import { describeFailure, runProcess, type RunResult } from '../coder/run';
import { coderArgs, type CoderCli } from '../coder/login';
import type { DiagEvent } from '../events';
import type { Report } from '../model';
import { makeRedactor } from '../redact';
import { l10n } from '../l10n';
import { emptyReport, reduce } from '../check/report';
import { stoppedBy } from './limiter';
import type { FleetPath } from './row';

export interface PingFigures {
  path: FleetPath;
  latencyMs: number | null;
  /** Null when the run was cancelled before a figure came: nothing was checked. */
  checkedAt: string | null;
  error: string | null;
  /** Stopped by a cancel before a figure came (`error` says so in the user's words). */
  cancelled?: boolean;
}

interface ShortPing {
  cli: CoderCli;
  target: string;
  count: number;
  /** The deadline the signal enforces, for the message when it passes. */
  deadlineMs: number;
  now?: () => Date;
}

/** Region names and endpoints come from the CLI's output: kept, but never unbounded. */
const MAX_FIELD_CHARS = 256;

const clip = (text: string | null): string | null => (text === null ? null : text.slice(0, MAX_FIELD_CHARS));

/** Pings once, killing the CLI when `signal` aborts (the fleet's deadline or cancel). Never rejects. */
export async function pingWorkspace(ping: ShortPing, signal: AbortSignal): Promise<PingFigures> {
  const { cli, target, count } = ping;
  const started = Date.now();
  const elapsed = (): number => Date.now() - started;
  // Newer CLIs print the checklist and diagnostics on stderr, so stderr gets a parser of its own.
  const stdoutParser = createPingParser(elapsed);
  const stderrParser = createPingParser(elapsed);
  let report = emptyReport(target, new Date(started).toISOString());
  const fold = (events: DiagEvent[]): void => events.forEach((e) => (report = reduce(report, e)));
  const result = await runProcess(cli.path, coderArgs(cli, 'ping', target, '-n', String(count)), {
    signal,
    env: cli.env,
    maxCapture: 64 * 1024,
    onStdoutLine: (line) => fold(stdoutParser.push(line)),
    onStderrLine: (line) => {
      const known = classifyStderrLine(line);
      fold(known.length > 0 ? known : stderrParser.push(line));
    },
  });
  fold([...stdoutParser.end(), ...stderrParser.end()]);
  const latencyMs = latestPong(report);
  const cancelled = latencyMs === null && stoppedBy(signal) === 'cancel';
  const checkedAt = cancelled ? null : (ping.now?.() ?? new Date()).toISOString();
  const path: FleetPath = {
    kind: report.path.kind,
    derpRegion: clip(report.path.derpRegion),
    endpoint: clip(report.path.endpoint),
  };
  const error = latencyMs === null ? makeRedactor(cli.secrets)(whyNoFigure(ping, report, result, signal)) : null;
  return { path, latencyMs, checkedAt, error, ...(cancelled ? { cancelled: true } : {}) };
}

function latestPong(report: Report): number | null {
  for (let i = report.samples.length - 1; i >= 0; i--) {
    const sample = report.samples[i];
    if (sample.outcome === 'pong' && sample.latencyMs !== undefined) return sample.latencyMs;
  }
  return null;
}

function whyNoFigure(ping: ShortPing, report: Report, result: RunResult, signal: AbortSignal): string {
  const stopped = stoppedBy(signal);
  if (stopped === 'deadline')
    return l10n.t('timed out: no pong within {0} s; `coder ping` was stopped', Math.round(ping.deadlineMs / 1000));
  if (stopped === 'cancel') return l10n.t('not checked: cancelled');
  if (result.code !== 0 || result.spawnError) {
    if (lacksPingCommand(result.stderr))
      return noPingCommandError(ping.cli.path, ping.cli.version, ping.cli.deployment?.url);
    const hint = cliErrorHint(result.stderr, ping.cli.deployment);
    return l10n.t('CLI error: {0}', describeFailure('`coder ping`', result) + (hint ? ` ${hint}` : ''));
  }
  const { sent, timedOut, failed } = report.pings;
  if (sent === 0) return l10n.t('`coder ping` ended without a single ping line');
  return failed > 0
    ? l10n.t('no pong: {0} of {1} pings timed out, {2} failed', timedOut, sent, failed)
    : l10n.t('no pong: {0} of {1} pings timed out', timedOut, sent);
}
