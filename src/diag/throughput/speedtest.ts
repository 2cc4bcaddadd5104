// runSpeedtest: connect, probe the remote OS, measure the idle round trip, run each direction,
// optionally ask the Coder CLI for its tunnel figure, and always clean up. Never rejects: every
// failure ends up in the report as a sentence with a next step.
import type { Client } from 'ssh2';
import { runCliTunnel } from './cli-tunnel';
import { isUnknownFlag } from './coder-argv';
import { runDownload } from './download';
import type { DirectionRun } from './download';
import { CoderPathTracker, describeHop } from './path-tracker';
import { classifyOsProbe, execCollect, OS_PROBE_COMMAND, WINDOWS_UNSUPPORTED } from './remote';
import { RttProbe } from './rtt-probe';
import { openSession, SessionError } from './session';
import type { SshSession } from './session';
import { loginRedactor, redactDeep } from '../redact';
import { median, roundMs } from './stats';
import { checkStreams } from './streams';
import { describeTarget } from './target';
import type { TransferSettings } from './transfer';
import type { DirectWait, Direction, DirectionResult, SpeedtestEmit, SpeedtestOptions, SpeedtestReport } from './types';
import { runUpload } from './upload';
import { boundSpeedtestEvent, boundSpeedtestReport } from '../../shared/speedtest-report-bounds';
import { errorMessage } from '../errors';

const IDLE_PINGS = 7;
const emptyInterval = { start_time_seconds: 0, end_time_seconds: 0, throughput_mbits: 0 };

/** Opens the session; a CLI too old for --network-info-dir is asked again without it. */
async function openCoderAware(
  options: SpeedtestOptions,
  signal: AbortSignal,
  tracker: CoderPathTracker | null,
  emit: SpeedtestEmit,
): Promise<SshSession> {
  const dir = tracker?.networkInfoDir ?? null;
  try {
    return await openSession(options, signal, dir);
  } catch (err) {
    if (!tracker || dir === null || !(err instanceof SessionError) || !isUnknownFlag(err.message, '--network-info-dir'))
      throw err;
    await tracker.useOldCliFallback();
    emit({ type: 'warning', message: 'This Coder CLI has no --network-info-dir: the path comes from `coder ping`.' });
    return openSession(options, signal, null);
  }
}

function directWaitMessage(wait: DirectWait, tracker: CoderPathTracker): string {
  const now = tracker.record.current;
  const over = now ? describeHop(now) : 'a path that could not be seen';
  return `No direct connection formed within ${wait.timeoutSeconds} s: measuring over ${over} instead.`;
}

function notRun(direction: Direction, error: string): DirectionResult {
  return { direction, overall: emptyInterval, intervals: [], partial: true, bytes: 0, loadedLatencyMs: null, error };
}

export async function runSpeedtest(
  options: SpeedtestOptions,
  onEvent: SpeedtestEmit,
  signal: AbortSignal,
): Promise<SpeedtestReport> {
  // CLI and server text (transport errors, `coder speedtest` and ping errors) may quote the login's
  // token: every event and the report are cleaned here, so no presenter, log or history sees it. Then
  // each is cut to what the panel accepts (an error or region name from the other side can be long),
  // after redaction so a cut never leaves half a token.
  const redact = loginRedactor(options.secrets, options.env ?? process.env);
  // A presenter that throws must not break the measurement or leave the connection open.
  const emit: SpeedtestEmit = (event) => {
    try {
      onEvent(boundSpeedtestEvent(redactDeep(event, redact)));
    } catch {
      // Ignored on purpose: the report still carries everything.
    }
  };
  const report: SpeedtestReport = {
    target: describeTarget(options.target),
    transport: options.target.kind === 'coder' ? 'coder' : 'ssh',
    startedAt: new Date().toISOString(),
    finishedAt: '',
    durationSeconds: options.durationSeconds,
    remoteOs: null,
    results: [],
    latency: { idleMs: null, loadedMs: null, increaseMs: null, idleSamples: 0, loadedSamples: 0 },
    tunnel: [],
    path: null,
    error: null,
    cancelled: false,
  };
  const stallMs = options.stallTimeoutMs ?? 4000;
  const sampleMs = options.sampleIntervalMs ?? 250;
  const loaded: number[] = [];
  let session: SshSession | null = null;
  const target = options.target;
  const tracker =
    target.kind === 'coder'
      ? await CoderPathTracker.create(
          {
            coderPath: target.coderPath,
            globalArgs: target.globalArgs,
            workspace: target.workspace,
            env: options.env ?? process.env,
          },
          Date.parse(report.startedAt),
          (change) => emit({ type: 'path', change }),
        )
      : null;

  const streams = options.streams ?? 1;
  try {
    const badStreams = checkStreams(streams);
    if (badStreams) throw new Error(`Cannot run the speed test: ${badStreams}.`);
    emit({ type: 'phase', phase: 'connecting', message: `Connecting to ${report.target}` });
    session = await openCoderAware(options, signal, tracker, emit);
    for (const note of session.notes) emit({ type: 'warning', message: note });
    const client: Client = session.client;
    const broken = session;
    const connectionLost = session.ended.then(() => broken.broken() ?? 'The SSH connection closed');

    emit({ type: 'phase', phase: 'probing', message: 'Checking the remote system' });
    const os = classifyOsProbe(await execCollect(client, OS_PROBE_COMMAND, 15_000, signal));
    report.remoteOs = os.kind === 'posix' ? os.name : os.kind === 'windows' ? 'windows' : null;
    if (os.kind === 'unknown')
      emit({
        type: 'warning',
        message: `Could not tell the remote system (${os.detail}); trying POSIX commands anyway.`,
      });
    emit({ type: 'connected', transport: report.transport, remoteOs: report.remoteOs });

    if (tracker) {
      await tracker.connected(signal);
      const waitMs = options.waitForDirectMs ?? 0;
      if (waitMs > 0 && !signal.aborted) {
        const limit = Math.round(waitMs / 1000);
        const wait = await tracker.waitForDirect(waitMs, signal, (waited, now) =>
          emit({
            type: 'phase',
            phase: 'waiting-direct',
            message: `Waiting for a direct connection: ${waited} s of ${limit} s${now ? `, now over ${describeHop(now)}` : ''}`,
          }),
        );
        if (!wait.formed && !signal.aborted) emit({ type: 'warning', message: directWaitMessage(wait, tracker) });
      }
    }

    emit({ type: 'phase', phase: 'idle-latency', message: 'Measuring the idle round trip' });
    const probe = new RttProbe(client);
    let idleMs: number | null = null;
    if (probe.available) {
      const idle = await probe.idle(IDLE_PINGS, stallMs, signal, (ms) =>
        emit({ type: 'latency', phase: 'idle', ms: roundMs(ms) ?? ms }),
      );
      idleMs = median(idle);
      report.latency.idleSamples = idle.length;
    } else {
      emit({
        type: 'warning',
        message: 'This ssh2 version cannot send keepalive requests: latency under load is not measured.',
      });
    }
    report.latency.idleMs = roundMs(idleMs);

    tracker?.markMeasuring(Date.now());
    for (const direction of options.directions) {
      if (signal.aborted) break;
      if (os.kind === 'windows') {
        const result = notRun(direction, WINDOWS_UNSUPPORTED);
        report.results.push(result);
        report.error = WINDOWS_UNSUPPORTED;
        emit({ type: 'direction-done', result });
        continue;
      }
      const over = streams > 1 ? ` over ${streams} streams` : '';
      emit({
        type: 'phase',
        phase: direction,
        message: `Measuring ${direction} for ${options.durationSeconds} s${over}`,
      });
      const settings: TransferSettings = {
        direction,
        durationSeconds: options.durationSeconds,
        sampleMs,
        stallMs,
        startTimeoutMs: Math.max(stallMs, 15_000),
        probe,
        emit,
        signal,
        connectionLost,
        streams,
      };
      const run: DirectionRun =
        direction === 'download' ? await runDownload(client, settings, idleMs) : await runUpload(client, settings);
      if (run.warning) emit({ type: 'warning', message: run.warning });
      loaded.push(...run.loadedSamples);
      report.results.push(run.result);
      emit({ type: 'direction-done', result: run.result });
      // A broken link or a cancel ends the whole test; the next direction would only wait again.
      if (run.result.partial) {
        report.error = run.result.error ?? `The ${direction} ended early.`;
        break;
      }
    }
    tracker?.markMeasured(Date.now());
    // The last reading while this connection is still up (the CLI tunnel below is another one).
    if (tracker && session.broken() === null) await tracker.finish(signal);

    if (options.cliTunnel && options.target.kind === 'coder' && report.error === null && !signal.aborted) {
      emit({ type: 'phase', phase: 'cli-tunnel', message: 'Asking the Coder CLI for its tunnel figure' });
      for (const direction of options.directions) {
        if (signal.aborted) break;
        const t = options.target;
        const result = await runCliTunnel(
          t.coderPath,
          t.globalArgs,
          t.workspace,
          direction,
          options.durationSeconds,
          options.env ?? process.env,
          signal,
        );
        report.tunnel.push(result);
        emit({ type: 'tunnel', result });
      }
    }
  } catch (err) {
    report.error = errorMessage(err);
  } finally {
    emit({ type: 'phase', phase: 'closing', message: 'Closing the connection' });
    if (session) await session.close();
    if (tracker) {
      report.path = tracker.report();
      await tracker.close();
    }
  }

  if (signal.aborted) {
    report.cancelled = true;
    report.error = 'Cancelled: the figures cover what ran before the cancel.';
  }
  const loadedMs = median(loaded);
  report.latency.loadedMs = roundMs(loadedMs);
  report.latency.loadedSamples = loaded.length;
  report.latency.increaseMs =
    report.latency.idleMs !== null && report.latency.loadedMs !== null
      ? roundMs(report.latency.loadedMs - report.latency.idleMs)
      : null;
  report.finishedAt = new Date().toISOString();
  const clean = boundSpeedtestReport(redactDeep(report, redact));
  emit({ type: 'done', report: clean });
  return clean;
}
