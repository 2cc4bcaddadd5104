// `wsdoctor monitor`'s engine: records one workspace's timeline for a while with the status bar's
// own ping stream (a `coder ping` kept running, restarted when it exits), and runs the quiet check
// when the auto-diagnosis rule says the connection got worse. Stops after the duration or on abort,
// with every child process gone.
import { performance } from 'node:perf_hooks';
import { runCheck } from '../check/check';
import type { NetSettings } from '../net/settings';
import type { LocalProbeRunner } from '../check/check';
import { resolveCoderCli } from '../coder/login';
import type { LoginRequest } from '../coder/login';
import { errorMessage } from '../errors';
import { sleep } from '../sleep';
import { LivePinger } from '../status/pinger';
import { AutoDiagnoseRule } from './auto-diagnose';
import type { AutoDiagnoseConfig, DiagnosisTrigger } from './auto-diagnose';
import type { Clocks } from './detect';
import { diagnosisFromReport } from './diagnosis';
import type { Diagnosis } from './diagnosis';
import { TimelineRecorder } from './recorder';
import type { RecorderUpdate } from './recorder';
import { TimelineStore } from './store';
import type { TimelineEvent, TimelineSample } from '../wire/timeline-data';
import { validateWorkspaceName } from '../workspace-name';

interface MonitorOptions {
  workspace: string;
  session: LoginRequest;
  durationMs: number;
  /** Run this machine's probes in each diagnosis too. */
  local: boolean;
  /** Proxy, trust and deployment headers for those probes. */
  net?: NetSettings;
  autoDiagnose: AutoDiagnoseConfig;
  /** Seconds between pings (default 1: the timeline's per-second resolution). */
  waitSeconds?: number;
  /** Pings in each diagnosis's own check. */
  diagnosisPings?: number;
  /** Deadline of each diagnosis's check. */
  diagnosisTimeoutMs?: number;
  clocks?: () => Clocks;
}

export interface MonitorProgress {
  elapsedMs: number;
  durationMs: number;
  last: TimelineSample | null;
  events: number;
  diagnoses: number;
  diagnosing: boolean;
}

export interface MonitorResult {
  workspace: string;
  startedAt: string;
  finishedAt: string;
  store: TimelineStore;
  diagnoses: Diagnosis[];
  interrupted: boolean;
  /** Why monitoring could not start (no CLI, no login, a bad name); null when it ran. */
  error: string | null;
}

interface MonitorHooks {
  onProgress?: (progress: MonitorProgress) => void;
  onEvent?: (event: TimelineEvent) => void;
  log?: (line: string) => void;
}

const TICK_MS = 1000;
const DIAGNOSIS_PINGS = 5;
const DIAGNOSIS_TIMEOUT_MS = 40_000;
/** How long a diagnosis still running when the duration ends may go on: the run ends by then. */
export const DIAGNOSIS_GRACE_MS = 5000;

export function systemClocks(): Clocks {
  return { wallMs: Date.now(), monoMs: performance.now() };
}

export async function runMonitor(
  options: MonitorOptions,
  signal: AbortSignal,
  hooks: MonitorHooks = {},
  localProbes?: LocalProbeRunner,
): Promise<MonitorResult> {
  const clocks = options.clocks ?? systemClocks;
  const startedMono = performance.now();
  const startedAt = new Date().toISOString();
  const store = new TimelineStore();
  const diagnoses: Diagnosis[] = [];
  const result = (error: string | null): MonitorResult => ({
    workspace: options.workspace,
    startedAt,
    finishedAt: new Date().toISOString(),
    store,
    diagnoses,
    interrupted: signal.aborted,
    error,
  });
  const invalid = validateWorkspaceName(options.workspace);
  if (invalid) return result(invalid);
  const resolved = await resolveCoderCli(options.session, signal);
  if (signal.aborted) return result(null);
  if (!resolved.ok) return result(resolved.error);
  const { cli } = resolved;
  hooks.log?.(cli.description);

  const rule = new AutoDiagnoseRule(options.autoDiagnose);
  const recorder = new TimelineRecorder(options.workspace, store, rule);
  // Diagnoses stop with the monitor on Ctrl-C; one still running when the duration ends gets
  // DIAGNOSIS_GRACE_MS more (its ping's deadline is set so), then is stopped with what it found.
  const endsAtMono = startedMono + options.durationMs;
  const diagnosisAbort = new AbortController();
  const stopDiagnosis = (): void => diagnosisAbort.abort();
  signal.addEventListener('abort', stopDiagnosis, { once: true });
  let running: Promise<void> | null = null;
  let eventCount = 0;
  let last: TimelineSample | null = null;

  const progress = (): void =>
    hooks.onProgress?.({
      elapsedMs: performance.now() - startedMono,
      durationMs: options.durationMs,
      last,
      events: eventCount,
      diagnoses: diagnoses.length,
      diagnosing: running !== null,
    });

  const diagnose = async (trigger: DiagnosisTrigger, atMs: number): Promise<void> => {
    hooks.log?.(`diagnosing (${trigger})`);
    try {
      const report = await runCheck(
        {
          workspace: options.workspace,
          // The login and CLI already chosen: no second discovery, the same binary.
          session: { ...options.session, pick: { kind: 'known', deployment: cli.deployment }, coderPath: cli.path },
          pingCount: options.diagnosisPings ?? DIAGNOSIS_PINGS,
          local: options.local,
          net: options.net,
          timeoutMs: Math.min(
            options.diagnosisTimeoutMs ?? DIAGNOSIS_TIMEOUT_MS,
            Math.max(0, endsAtMono - performance.now()) + DIAGNOSIS_GRACE_MS,
          ),
        },
        () => undefined,
        diagnosisAbort.signal,
        localProbes,
      );
      // Ctrl-C drops it; cut short at the end of the grace, it keeps what it found by then.
      if (signal.aborted) return;
      const diagnosis = diagnosisFromReport(report, atMs, trigger);
      diagnoses.push(diagnosis);
      emit([recorder.diagnosisFinished(diagnosis, clocks().wallMs)]);
    } catch (err) {
      const diagnosis: Diagnosis = { atMs, trigger, issues: [], error: errorMessage(err) };
      diagnoses.push(diagnosis);
      emit([recorder.diagnosisFinished(diagnosis, clocks().wallMs)]);
    } finally {
      running = null;
      progress();
    }
  };

  function emit(events: TimelineEvent[]): void {
    for (const event of events) {
      eventCount++;
      hooks.onEvent?.(event);
    }
  }

  const handle = (update: RecorderUpdate, at: Clocks): void => {
    emit(update.events);
    const newest = store.newestSample();
    if (newest) last = newest;
    if (update.diagnose) running = diagnose(update.diagnose, at.wallMs);
    progress();
  };

  const pinger = new LivePinger({
    cli,
    workspace: options.workspace,
    waitSeconds: options.waitSeconds ?? 1,
    onEvent: (event) => {
      const now = clocks();
      handle(recorder.observe(event, now), now);
    },
    log: hooks.log,
  });
  const ticker = setInterval(() => {
    const now = clocks();
    handle(recorder.tick(now), now);
  }, TICK_MS);
  pinger.start();
  try {
    await sleep(options.durationMs, signal);
  } finally {
    clearInterval(ticker);
    const graceOver = setTimeout(stopDiagnosis, DIAGNOSIS_GRACE_MS);
    await pinger.stop();
    await running;
    clearTimeout(graceOver);
    signal.removeEventListener('abort', stopDiagnosis);
  }
  return result(null);
}
