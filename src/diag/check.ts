// Runs one connection check: locates the CLI, then `coder ping` and `coder netcheck` side by side,
// emitting events as they happen and folding them into one Report.
import { cliErrorHint } from './coder/cli-errors';
import { locateCoder } from './coder/locate';
import { netcheckFindings, parseNetcheck } from './coder/netcheck';
import type { NetcheckReport } from './coder/netcheck';
import { summariseNetcheck } from './coder/netcheck-summary';
import { classifyStderrLine, createPingParser } from './coder/ping-parser';
import { describeFailure, runProcess } from './coder/run';
import type { RunResult } from './coder/run';
import { readCoderVersion } from './coder/version';
import type { DiagEvent, EmitFn } from './events';
import type { Report, SourceName } from './model';
import { makeRedactor } from './redact';
import { emptyReport, reduce } from './report';
import { validateWorkspaceName } from './workspace-name';

export interface CheckOptions {
  /** `[owner/]name[.agent]`; empty when only the local probes run. */
  workspace: string;
  coderPath?: string;
  /** Where the official Coder extension keeps its CLI (the extension host passes its own sibling folder). */
  storageDirs?: string[];
  pingCount: number;
  /** Run the extension's own client-side probes too. */
  local: boolean;
  /** Only the local probes: no CLI needed. */
  localOnly?: boolean;
  stunServers?: string[];
  /** Whole-run deadline; defaults to what `pingCount` pings can take. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Clock for sample times; tests pass their own. */
  now?: () => number;
}

/** What a local-probe runner gets; the probes live in ./local. */
export interface LocalProbeContext {
  stunServers?: string[];
  /** Resolves once `coder netcheck` has answered (null when it could not). */
  netcheck: Promise<NetcheckReport | null>;
  env: NodeJS.ProcessEnv;
  deadlineMs: number;
}
export type LocalProbeRunner = (ctx: LocalProbeContext, emit: EmitFn, signal: AbortSignal) => Promise<void>;

const NETCHECK_TIMEOUT_MS = 30_000;
const LOCAL_DEADLINE_MS = 8_000;

export function defaultTimeoutMs(pingCount: number): number {
  // Connection set-up, then at most one wait (1 s) plus one per-ping timeout (5 s) each.
  return 30_000 + pingCount * 6_000;
}

export async function runCheck(
  options: CheckOptions,
  emit: EmitFn,
  signal: AbortSignal,
  localProbes?: LocalProbeRunner,
): Promise<Report> {
  const started = Date.now();
  const now = options.now ?? (() => Date.now() - started);
  const env = options.env ?? process.env;
  const redact = makeRedactor([env.CODER_SESSION_TOKEN]);
  let report = emptyReport(options.workspace, new Date(started).toISOString());
  const send = (event: DiagEvent): void => {
    const safe = event.type === 'raw' ? { ...event, line: redact(event.line) } : event;
    report = reduce(report, safe);
    emit(safe);
  };
  send({ type: 'started', workspace: options.workspace, at: report.startedAt });

  let resolveNetcheck: (r: NetcheckReport | null) => void = () => undefined;
  const netcheckReady = new Promise<NetcheckReport | null>((resolve) => (resolveNetcheck = resolve));
  const tasks: Promise<void>[] = [];
  if (options.local && localProbes) {
    const ctx: LocalProbeContext = {
      stunServers: options.stunServers,
      netcheck: netcheckReady,
      env,
      deadlineMs: LOCAL_DEADLINE_MS,
    };
    tasks.push(runSource('local', send, () => localProbes(ctx, send, signal)));
  } else if (options.local) {
    send({ type: 'source-done', source: 'local', ok: false, error: 'Local probes are not available in this build.' });
  }
  if (options.localOnly) {
    resolveNetcheck(null);
  } else {
    tasks.push(runCliSources(options, env, send, signal, now, resolveNetcheck));
  }
  await Promise.all(tasks);
  send({ type: 'finished', at: new Date().toISOString() });
  return report;
}

async function runSource(source: SourceName, send: EmitFn, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    send({
      type: 'source-done',
      source,
      ok: false,
      error: `${source} failed unexpectedly: ${err instanceof Error ? err.message : String(err)}`,
    });
  }
}

async function runCliSources(
  options: CheckOptions,
  env: NodeJS.ProcessEnv,
  send: EmitFn,
  signal: AbortSignal,
  now: () => number,
  resolveNetcheck: (r: NetcheckReport | null) => void,
): Promise<void> {
  try {
    const nameError = validateWorkspaceName(options.workspace);
    if (nameError) return send({ type: 'source-done', source: 'ping', ok: false, error: nameError });
    const located = await locateCoder({ explicit: options.coderPath, storageDirs: options.storageDirs, env });
    if (!located.ok) return send({ type: 'source-done', source: 'version', ok: false, error: located.error });
    const version = await readCoderVersion(located.path, signal, env);
    if (!version.ok) return send({ type: 'source-done', source: 'version', ok: false, error: version.error });
    send({ type: 'cli', cli: { path: located.path, version: version.version } });
    send({ type: 'source-done', source: 'version', ok: true });
    await Promise.all([
      runPing(located.path, options, env, send, signal, now),
      runNetcheck(located.path, env, send, signal).then(resolveNetcheck),
    ]);
  } finally {
    resolveNetcheck(null);
  }
}

async function runPing(
  coder: string,
  options: CheckOptions,
  env: NodeJS.ProcessEnv,
  send: EmitFn,
  signal: AbortSignal,
  now: () => number,
): Promise<void> {
  // Newer CLIs print the checklist and diagnostics on stderr, so stderr gets a parser of its own.
  const parser = createPingParser(now);
  const stderrParser = createPingParser(now);
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs(options.pingCount);
  const result = await runProcess(coder, ['ping', options.workspace, '-n', String(options.pingCount)], {
    signal,
    timeoutMs,
    env,
    onStdoutLine: (line) => parser.push(line).forEach(send),
    onStderrLine: (line) => {
      const known = classifyStderrLine(line);
      (known.length > 0 ? known : stderrParser.push(line)).forEach(send);
    },
  });
  [...parser.end(), ...stderrParser.end()].forEach(send);
  send(sourceOutcome('ping', '`coder ping`', result, timeoutMs));
}

async function runNetcheck(
  coder: string,
  env: NodeJS.ProcessEnv,
  send: EmitFn,
  signal: AbortSignal,
): Promise<NetcheckReport | null> {
  const result = await runProcess(coder, ['netcheck'], { signal, timeoutMs: NETCHECK_TIMEOUT_MS, env });
  if (result.code !== 0) {
    send(sourceOutcome('netcheck', '`coder netcheck`', result, NETCHECK_TIMEOUT_MS));
    return null;
  }
  try {
    const parsed = parseNetcheck(result.stdout);
    send({ type: 'netcheck', netcheck: summariseNetcheck(parsed, makeRedactor([env.CODER_SESSION_TOKEN])) });
    for (const finding of netcheckFindings(parsed)) send({ type: 'issue', source: 'netcheck', finding });
    send({ type: 'source-done', source: 'netcheck', ok: true });
    return parsed;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    send({
      type: 'source-done',
      source: 'netcheck',
      ok: false,
      error: `${why}. Update the Coder CLI or report the output.`,
    });
    return null;
  }
}

function sourceOutcome(source: SourceName, what: string, result: RunResult, timeoutMs: number): DiagEvent {
  if (result.code === 0 && !result.timedOut && !result.aborted) return { type: 'source-done', source, ok: true };
  const hint = result.timedOut || result.aborted ? undefined : cliErrorHint(result.stderr);
  const error = describeFailure(what, result, timeoutMs) + (hint ? ` ${hint}` : '');
  return { type: 'source-done', source, ok: false, error };
}
