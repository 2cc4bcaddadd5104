// runSpeedtest: connect, probe the remote OS, measure the idle round trip, run each direction,
// optionally ask the Coder CLI for its tunnel figure, and always clean up. Never rejects: every
// failure ends up in the report as a sentence with a next step.
import type { Client } from 'ssh2';
import { runCliTunnel } from './cli-tunnel';
import { isUnknownFlag } from './coder-argv';
import { runDownload } from './download';
import type { DirectionRun } from './download';
import { CoderPathTracker, describeHop } from './path-tracker';
import { classifyOsProbe, execCollect, OS_PROBE_COMMAND, windowsUnsupported, type RemoteOs } from './remote';
import { RttProbe } from './rtt-probe';
import { openSshSession, SshSessionError } from './ssh-session';
import type { SshSession } from './ssh-session';
import { loginRedactor, redactDeep } from '../redact';
import { median, roundMs } from './stats';
import { checkStreams } from './streams';
import { describeTarget } from './target';
import type { TransferSettings } from './transfer';
import type { DirectWait, Direction, DirectionResult, SpeedtestEmit, SpeedtestOptions, SpeedtestReport } from './types';
import { runUpload } from './upload';
import { boundSpeedtestEvent, boundSpeedtestReport } from '../wire/speedtest-report';
import { errorMessage } from '../errors';
import { l10n } from '../l10n';

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
    return await openSshSession(options, signal, dir);
  } catch (err) {
    if (
      !tracker ||
      dir === null ||
      !(err instanceof SshSessionError) ||
      !isUnknownFlag(err.message, '--network-info-dir')
    )
      throw err;
    await tracker.useOldCliFallback();
    emit({
      type: 'warning',
      message: l10n.t('This Coder CLI has no --network-info-dir: the path comes from `coder ping`.'),
    });
    return openSshSession(options, signal, null);
  }
}

function directWaitMessage(wait: DirectWait, tracker: CoderPathTracker): string {
  const now = tracker.record.current;
  const over = now ? describeHop(now) : l10n.t('a path that could not be seen');
  return l10n.t('No direct connection formed within {0} s: measuring over {1} instead.', wait.timeoutSeconds, over);
}

function notRun(direction: Direction, error: string): DirectionResult {
  return { direction, overall: emptyInterval, intervals: [], partial: true, bytes: 0, loadedLatencyMs: null, error };
}

/** What every step of one run shares. */
interface Run {
  options: SpeedtestOptions;
  report: SpeedtestReport;
  emit: SpeedtestEmit;
  signal: AbortSignal;
  tracker: CoderPathTracker | null;
  streams: number;
  stallMs: number;
  /** Latency samples taken under load, from every direction. */
  loaded: number[];
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
  const emit = guardedEmit(onEvent, redact);
  const report = newReport(options);
  const run: Run = {
    options,
    report,
    emit,
    signal,
    tracker: await startTracker(options, report, emit),
    streams: options.streams ?? 1,
    stallMs: options.stallTimeoutMs ?? 4000,
    loaded: [],
  };
  let session: SshSession | null = null;
  try {
    const badStreams = checkStreams(run.streams);
    if (badStreams) throw new Error(l10n.t('Cannot run the speed test: {0}.', badStreams));
    emit({ type: 'phase', phase: 'connecting', message: l10n.t('Connecting to {0}', report.target) });
    session = await openCoderAware(options, signal, run.tracker, emit);
    await measure(run, session);
  } catch (err) {
    report.error = errorMessage(err);
    if (err instanceof SshSessionError && err.unknownHostKey) report.unknownHostKey = err.unknownHostKey;
  } finally {
    emit({ type: 'phase', phase: 'closing', message: l10n.t('Closing the connection') });
    if (session) await session.close();
    if (run.tracker) {
      report.path = run.tracker.report();
      await run.tracker.close();
    }
  }
  finishReport(run);
  const clean = boundSpeedtestReport(redactDeep(report, redact));
  emit({ type: 'done', report: clean });
  return clean;
}

/** Emits each event redacted and bounded; a presenter that throws must not break the measurement. */
function guardedEmit(onEvent: SpeedtestEmit, redact: (text: string) => string): SpeedtestEmit {
  return (event) => {
    try {
      onEvent(boundSpeedtestEvent(redactDeep(event, redact)));
    } catch {
      // Ignored on purpose: the report still carries everything.
    }
  };
}

function newReport(options: SpeedtestOptions): SpeedtestReport {
  return {
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
}

/** Coder targets: follows which path (DERP, direct, Coder Connect) the run is on. */
function startTracker(
  options: SpeedtestOptions,
  report: SpeedtestReport,
  emit: SpeedtestEmit,
): Promise<CoderPathTracker | null> {
  const target = options.target;
  if (target.kind !== 'coder') return Promise.resolve(null);
  return CoderPathTracker.create(
    {
      coderPath: target.coderPath,
      globalArgs: target.globalArgs,
      workspace: target.workspace,
      env: options.env ?? process.env,
    },
    Date.parse(report.startedAt),
    (change) => emit({ type: 'path', change }),
  );
}

/** Everything that runs on the open session, in order. */
async function measure(run: Run, session: SshSession): Promise<void> {
  const { emit, tracker, signal } = run;
  for (const note of session.notes) emit({ type: 'warning', message: note });
  const client: Client = session.client;
  const connectionLost = session.ended.then(() => session.broken() ?? l10n.t('The SSH connection closed'));
  const os = await probeRemote(run, client);
  if (tracker) await settlePath(run, tracker);
  const { probe, idleMs } = await measureIdle(run, client);
  tracker?.markMeasuring(Date.now());
  await runDirections(run, os, { client, probe, idleMs, connectionLost });
  tracker?.markMeasured(Date.now());
  // The last reading while this connection is still up (the CLI tunnel below is another one).
  if (tracker && session.broken() === null) await tracker.finish(signal);
  await runTunnels(run);
}

async function probeRemote(run: Run, client: Client): Promise<RemoteOs> {
  const { emit, report } = run;
  emit({ type: 'phase', phase: 'probing', message: l10n.t('Checking the remote system') });
  const os = classifyOsProbe(await execCollect(client, OS_PROBE_COMMAND, 15_000, run.signal));
  report.remoteOs = os.kind === 'posix' ? os.name : os.kind === 'windows' ? 'windows' : null;
  if (os.kind === 'unknown')
    emit({
      type: 'warning',
      message: l10n.t('Could not tell the remote system ({0}); trying POSIX commands anyway.', os.detail),
    });
  emit({ type: 'connected', transport: report.transport, remoteOs: report.remoteOs });
  return os;
}

/** Reads the path once connected and, when asked, waits for a direct connection first. */
async function settlePath(run: Run, tracker: CoderPathTracker): Promise<void> {
  const { emit, signal } = run;
  await tracker.connected(signal);
  const waitMs = run.options.waitForDirectMs ?? 0;
  if (waitMs <= 0 || signal.aborted) return;
  const limit = Math.round(waitMs / 1000);
  const wait = await tracker.waitForDirect(waitMs, signal, (waited, now) =>
    emit({
      type: 'phase',
      phase: 'waiting-direct',
      message: now
        ? l10n.t('Waiting for a direct connection: {0} s of {1} s, now over {2}', waited, limit, describeHop(now))
        : l10n.t('Waiting for a direct connection: {0} s of {1} s', waited, limit),
    }),
  );
  if (!wait.formed && !signal.aborted) emit({ type: 'warning', message: directWaitMessage(wait, tracker) });
}

async function measureIdle(run: Run, client: Client): Promise<{ probe: RttProbe; idleMs: number | null }> {
  const { emit, report } = run;
  emit({ type: 'phase', phase: 'idle-latency', message: l10n.t('Measuring the idle round trip') });
  const probe = new RttProbe(client);
  let idleMs: number | null = null;
  if (probe.available) {
    const idle = await probe.idle(IDLE_PINGS, run.stallMs, run.signal, (ms) =>
      emit({ type: 'latency', phase: 'idle', ms: roundMs(ms) ?? ms }),
    );
    idleMs = median(idle);
    report.latency.idleSamples = idle.length;
  } else {
    emit({
      type: 'warning',
      message: l10n.t('This ssh2 version cannot send keepalive requests: latency under load is not measured.'),
    });
  }
  report.latency.idleMs = roundMs(idleMs);
  return { probe, idleMs };
}

interface Link {
  client: Client;
  probe: RttProbe;
  idleMs: number | null;
  connectionLost: Promise<string>;
}

async function runDirections(run: Run, os: RemoteOs, link: Link): Promise<void> {
  const { options, report, emit, signal } = run;
  for (const direction of options.directions) {
    if (signal.aborted) break;
    if (os.kind === 'windows') {
      const unsupported = windowsUnsupported();
      const result = notRun(direction, unsupported);
      report.results.push(result);
      report.error = unsupported;
      emit({ type: 'direction-done', result });
      continue;
    }
    const result = await runDirection(run, direction, link);
    report.results.push(result);
    emit({ type: 'direction-done', result });
    // A broken link or a cancel ends the whole test; the next direction would only wait again.
    if (result.partial) {
      report.error =
        result.error ??
        (direction === 'download' ? l10n.t('The download ended early.') : l10n.t('The upload ended early.'));
      break;
    }
  }
}

async function runDirection(run: Run, direction: Direction, link: Link): Promise<DirectionResult> {
  const { options, emit, streams, stallMs } = run;
  emit({ type: 'phase', phase: direction, message: measuringMessage(direction, options.durationSeconds, streams) });
  const settings: TransferSettings = {
    direction,
    durationSeconds: options.durationSeconds,
    sampleMs: options.sampleIntervalMs ?? 250,
    stallMs,
    startTimeoutMs: Math.max(stallMs, 15_000),
    probe: link.probe,
    emit,
    signal: run.signal,
    connectionLost: link.connectionLost,
    streams,
  };
  const result: DirectionRun =
    direction === 'download'
      ? await runDownload(link.client, settings, link.idleMs)
      : await runUpload(link.client, settings);
  if (result.warning) emit({ type: 'warning', message: result.warning });
  run.loaded.push(...result.loadedSamples);
  return result.result;
}

/** The phase line of one direction: one whole sentence per direction, so each language can say it its way. */
function measuringMessage(direction: Direction, seconds: number, streams: number): string {
  if (direction === 'download')
    return streams > 1
      ? l10n.t('Measuring download for {0} s over {1} streams', seconds, streams)
      : l10n.t('Measuring download for {0} s', seconds);
  return streams > 1
    ? l10n.t('Measuring upload for {0} s over {1} streams', seconds, streams)
    : l10n.t('Measuring upload for {0} s', seconds);
}

/** When asked: the Coder CLI's own `coder speedtest` figure, direction by direction. */
async function runTunnels(run: Run): Promise<void> {
  const { options, report, emit, signal } = run;
  const t = options.target;
  if (!options.cliTunnel || t.kind !== 'coder' || report.error !== null || signal.aborted) return;
  emit({ type: 'phase', phase: 'cli-tunnel', message: l10n.t('Asking the Coder CLI for its tunnel figure') });
  for (const direction of options.directions) {
    if (signal.aborted) break;
    const env = options.env ?? process.env;
    const result = await runCliTunnel(
      t.coderPath,
      t.globalArgs,
      t.workspace,
      direction,
      options.durationSeconds,
      env,
      signal,
    );
    report.tunnel.push(result);
    emit({ type: 'tunnel', result });
  }
}

/** The cancel note, latency under load and its increase, the finish time. */
function finishReport(run: Run): void {
  const { report } = run;
  if (run.signal.aborted) {
    report.cancelled = true;
    report.error = l10n.t('Cancelled: the figures cover what ran before the cancel.');
  }
  const loadedMs = median(run.loaded);
  report.latency.loadedMs = roundMs(loadedMs);
  report.latency.loadedSamples = run.loaded.length;
  report.latency.increaseMs =
    report.latency.idleMs !== null && report.latency.loadedMs !== null
      ? roundMs(report.latency.loadedMs - report.latency.idleMs)
      : null;
  report.finishedAt = new Date().toISOString();
}
