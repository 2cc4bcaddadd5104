// `wsdoctor monitor`: records a workspace's connection for a while, diagnoses it when it gets
// worse, and prints the timeline as text or one JSON document.
import { printableLines } from '../../diag/printable';
import { DIAGNOSIS_GRACE_MS, runMonitor } from '../../diag/timeline/monitor';
import type { LocalProbeRunner } from '../../diag/check/check';
import { parseGoDuration } from '../../diag/duration';
import { toMonitorJson, monitorText } from '../../diag/present/monitor';
import { defaultStatusConfig } from '../../diag/status/state';
import { DEFAULT_MIN_INTERVAL_MINUTES } from '../../diag/timeline/auto-diagnose';
import { parseCommandLine, UsageError } from '../args';
import { CLEAR_LINE, type CliIo } from '../io';
import { LOGIN_OPTIONS, loginFromFlags } from '../login-flags';
import { coderSettingsFromFlags, NET_OPTIONS, NET_USAGE, netFromFlags } from '../net-flags';
import { monitorProgressLine } from './monitor-progress';

export const MONITOR_USAGE = `Usage: wsdoctor monitor <workspace> [--duration 10m] [--deployment URL|HOST | --global-config DIR]
                        [--coder PATH] [--no-local] [--json]

Records the connection to a Coder workspace over time (latency, path, drops) with one \`coder ping\`
kept running, and diagnoses it by itself when it gets worse (p2p to DERP, latency over 250 ms three
times in a row, lost pings, back after a drop): at most once every ${DEFAULT_MIN_INTERVAL_MINUTES} minutes.
  --duration T        how long to record, e.g. 30s, 10m, 2h (default 10m, 1s to 24h); Ctrl-C ends it early;
                      a diagnosis still running then gets at most ${DIAGNOSIS_GRACE_MS / 1000} s more
  --deployment D      which signed-in deployment, by URL or host, when there are several
  --global-config DIR the Coder CLI login folder to use (files url and session)
  --coder PATH        the Coder CLI to use (default: the deployment's copy kept by the Coder extension, then PATH)
  --no-local          diagnoses use only what the Coder CLI reports, none of wsdoctor's own probes
  --json              print exactly one JSON document
${NET_USAGE}
Exit status: 0 when it recorded (whatever it found), 2 when it could not run, 130 when interrupted.`;

const MONITOR_OPTIONS = {
  duration: { type: 'string' },
  'no-local': { type: 'boolean' },
  json: { type: 'boolean' },
  ...LOGIN_OPTIONS,
  ...NET_OPTIONS,
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** `--duration`: a Go-style duration (or plain seconds) from 1 s to 24 h. */
export function parseMonitorDuration(text: string | undefined): number {
  if (text === undefined) return 10 * 60_000;
  const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : parseGoDuration(text);
  if (ms === null || ms < 1000 || ms > DAY_MS)
    throw new UsageError(`--duration must be a duration from 1s to 24h, like 10m, not "${text}"`);
  return ms;
}

export async function monitorCommand(argv: string[], io: CliIo, localProbes?: LocalProbeRunner): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, MONITOR_OPTIONS);
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0
        ? 'Which workspace? e.g. `wsdoctor monitor dev`'
        : `Expected one workspace, got ${positionals.length}`,
    );
  const durationMs = parseMonitorDuration(values.duration);
  const session = loginFromFlags(values);
  const net = netFromFlags(values);
  const coderSettings = coderSettingsFromFlags(values);
  if (coderSettings) session.settings = coderSettings;
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  io.onInterrupt(stop);
  // Progress is for a person watching a terminal: none with --json or when stderr is piped.
  const showProgress = io.stderrIsTTY === true && !values.json;
  let shown = '';
  try {
    const result = await runMonitor(
      {
        workspace: positionals[0],
        session,
        durationMs,
        local: !values['no-local'],
        net,
        autoDiagnose: {
          enabled: true,
          minIntervalMinutes: DEFAULT_MIN_INTERVAL_MINUTES,
          errorMs: defaultStatusConfig().errorMs,
        },
      },
      controller.signal,
      {
        onProgress: (p) => {
          if (!showProgress) return;
          const line = monitorProgressLine(p);
          if (line !== shown) io.stderr(`${CLEAR_LINE}${line}`);
          shown = line;
        },
      },
      localProbes,
    );
    if (shown) io.stderr(CLEAR_LINE);
    if (result.error !== null) {
      io.stderr(`wsdoctor monitor: ${printableLines(result.error)}\n`);
      return controller.signal.aborted ? 130 : 2;
    }
    io.stdout(values.json ? JSON.stringify(toMonitorJson(result), null, 2) + '\n' : monitorText(result, Date.now()));
    return controller.signal.aborted ? 130 : 0;
  } finally {
    io.offInterrupt(stop);
  }
}
