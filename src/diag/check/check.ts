// Runs one connection check: finds the deployment's login and CLI, then `coder ping` and
// `coder netcheck` side by side, emitting events as they happen and folding them into one Report.
import { cliErrorHint } from '../coder/cli-errors';
import type { Deployment } from '../coder/deployments';
import { netcheckFindings, parseNetcheck } from '../coder/netcheck';
import type { NetcheckReport } from '../coder/netcheck';
import { summariseNetcheck } from '../coder/netcheck-summary';
import { lacksPingCommand, limitedDiagnosticsNote, noPingCommandError } from '../coder/old-cli';
import { classifyStderrLine, createPingParser } from '../coder/ping-parser';
import { describeFailure, runProcess } from '../coder/run';
import type { RunResult } from '../coder/run';
import { chooseDeployment, coderArgs, resolveCoderCli, type CoderCli, type LoginRequest } from '../coder/login';
import type { DiagEvent, EmitFn } from '../events';
import { netSecrets, type NetSettings } from '../net/settings';
import type { CliInfo, Report, SourceName } from '../model';
import { loginSecrets, makeRedactor, redactDeep } from '../redact';
import { emptyReport, reduce } from './report';
import { validateWorkspaceName } from '../workspace-name';
import { boundDiagEvent } from '../wire/check-report';
import { errorMessage } from '../errors';
import { l10n } from '../l10n';

export interface CheckOptions {
  /** `[owner/]name[.agent]`; empty when only the local probes run. */
  workspace: string;
  /** Which deployment and CLI: the user's own login, found as the Coder extension would. */
  session: LoginRequest;
  pingCount: number;
  /** Run the extension's own client-side probes too. */
  local: boolean;
  /** Only the local probes: no CLI needed. */
  localOnly?: boolean;
  stunServers?: string[];
  /** Proxy, trust and deployment headers for our own calls (the probes'). */
  net?: NetSettings;
  /** Whole-run deadline; defaults to what `pingCount` pings can take. */
  timeoutMs?: number;
  /** Clock for sample times; tests pass their own. */
  now?: () => number;
}

/** What a local-probe runner gets; the probes live in ./local. */
export interface LocalProbeContext {
  stunServers?: string[];
  net?: NetSettings;
  /** Resolves once `coder netcheck` has answered (null when it could not). */
  netcheck: Promise<NetcheckReport | null>;
  /** The signed-in deployment the check is about (null when none is known, or the choice failed). */
  deployment: Promise<Deployment | null>;
  /** Why no deployment is known, when that is so. */
  deploymentNote: Promise<string | null>;
  env: NodeJS.ProcessEnv;
  deadlineMs: number;
}
export type LocalProbeRunner = (ctx: LocalProbeContext, emit: EmitFn, signal: AbortSignal) => Promise<void>;

const NETCHECK_TIMEOUT_MS = 30_000;
const LOCAL_DEADLINE_MS = 8_000;

function defaultTimeoutMs(pingCount: number): number {
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
  const env = options.session.env ?? process.env;
  // Tokens join as the login in use becomes known; every event is cleaned before it is kept or shown.
  const secrets: (string | undefined)[] = [...loginSecrets([], env), ...netSecrets(options.net)];
  // Headers we send carry secrets: their `Name: value` fragments lose the value whatever it is.
  const headerNames = (options.net?.headers ?? []).map((h) => h.split('=')[0].trim()).filter(Boolean);
  const redact = (text: string): string => makeRedactor(secrets, headerNames)(text);
  let report = emptyReport(options.workspace, new Date(started).toISOString());
  const send = (event: DiagEvent): void => {
    // Redacted before it is cut, so a cut never leaves half a token behind; cut to what the panel shows.
    const safe = boundDiagEvent(redactDeep(event, redact));
    report = reduce(report, safe);
    emit(safe);
  };
  send({ type: 'started', workspace: options.workspace, at: report.startedAt });

  let resolveNetcheck: (r: NetcheckReport | null) => void = () => undefined;
  const netcheckReady = new Promise<NetcheckReport | null>((resolve) => (resolveNetcheck = resolve));
  const choice = chooseDeployment(options.session);
  const tasks: Promise<void>[] = [];
  if (options.local && localProbes) {
    const ctx: LocalProbeContext = {
      stunServers: options.stunServers,
      net: options.net,
      netcheck: netcheckReady,
      deployment: choice.then((c) => (c.ok ? c.deployment : null)),
      deploymentNote: choice.then((c) =>
        c.ok ? (c.deployment ? null : l10n.t('no Coder deployment is signed in on this machine')) : c.error,
      ),
      env,
      deadlineMs: LOCAL_DEADLINE_MS,
    };
    tasks.push(runSource('local', send, () => localProbes(ctx, send, signal)));
  } else if (options.local) {
    send({
      type: 'source-done',
      source: 'local',
      ok: false,
      error: l10n.t('Local probes are not available in this build.'),
    });
  }
  if (options.localOnly) {
    resolveNetcheck(null);
  } else {
    // The choice is made once; the CLI then resolves against it (a failed choice fails there too, with its message).
    const session = choice.then((c): LoginRequest =>
      c.ok ? { ...options.session, pick: { kind: 'known', deployment: c.deployment } } : options.session,
    );
    const addSecrets = (cli: CoderCli): void => void secrets.push(...cli.secrets);
    tasks.push(
      session.then((s) => runCliSources({ ...options, session: s }, send, signal, now, resolveNetcheck, addSecrets)),
    );
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
      error: l10n.t('{0} failed unexpectedly: {1}', source, errorMessage(err)),
    });
  }
}

async function runCliSources(
  options: CheckOptions,
  send: EmitFn,
  signal: AbortSignal,
  now: () => number,
  resolveNetcheck: (r: NetcheckReport | null) => void,
  onCli: (cli: CoderCli) => void,
): Promise<void> {
  try {
    const nameError = validateWorkspaceName(options.workspace);
    if (nameError) return send({ type: 'source-done', source: 'ping', ok: false, error: nameError });
    const resolved = await resolveCoderCli(options.session, signal);
    if (!resolved.ok) return send({ type: 'source-done', source: 'version', ok: false, error: resolved.error });
    const { cli } = resolved;
    onCli(cli);
    const info: CliInfo = { path: cli.path, version: cli.version, deployment: cli.deployment?.url ?? null };
    const note = limitedDiagnosticsNote(cli.version, cli.deployment?.url);
    if (note) info.note = note;
    send({ type: 'cli', cli: info });
    send({ type: 'source-done', source: 'version', ok: true });
    await Promise.all([runPing(cli, options, send, signal, now), runNetcheck(cli, send, signal).then(resolveNetcheck)]);
  } finally {
    resolveNetcheck(null);
  }
}

async function runPing(
  cli: CoderCli,
  options: CheckOptions,
  send: EmitFn,
  signal: AbortSignal,
  now: () => number,
): Promise<void> {
  // Newer CLIs print the checklist and diagnostics on stderr, so stderr gets a parser of its own.
  const parser = createPingParser(now);
  const stderrParser = createPingParser(now);
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs(options.pingCount);
  const result = await runProcess(
    cli.path,
    coderArgs(cli, 'ping', options.workspace, '-n', String(options.pingCount)),
    {
      signal,
      timeoutMs,
      env: cli.env,
      onStdoutLine: (line) => parser.push(line).forEach(send),
      onStderrLine: (line) => {
        const known = classifyStderrLine(line);
        (known.length > 0 ? known : stderrParser.push(line)).forEach(send);
      },
    },
  );
  [...parser.end(), ...stderrParser.end()].forEach(send);
  if (result.code !== 0 && !result.timedOut && !result.aborted && lacksPingCommand(result.stderr)) {
    return send({
      type: 'source-done',
      source: 'ping',
      ok: false,
      error: noPingCommandError(cli.path, cli.version, cli.deployment?.url),
    });
  }
  send(sourceOutcome('ping', '`coder ping`', result, timeoutMs, cli));
}

async function runNetcheck(cli: CoderCli, send: EmitFn, signal: AbortSignal): Promise<NetcheckReport | null> {
  const result = await runProcess(cli.path, coderArgs(cli, 'netcheck'), {
    signal,
    timeoutMs: NETCHECK_TIMEOUT_MS,
    env: cli.env,
  });
  if (result.code !== 0) {
    send(sourceOutcome('netcheck', '`coder netcheck`', result, NETCHECK_TIMEOUT_MS, cli));
    return null;
  }
  try {
    const parsed = parseNetcheck(result.stdout);
    send({ type: 'netcheck', netcheck: summariseNetcheck(parsed, makeRedactor(cli.secrets)) });
    for (const note of parsed.notes) send({ type: 'raw', source: 'netcheck', line: note });
    for (const finding of netcheckFindings(parsed)) send({ type: 'issue', source: 'netcheck', finding });
    send({ type: 'source-done', source: 'netcheck', ok: true });
    return parsed;
  } catch (err) {
    const why = errorMessage(err);
    send({
      type: 'source-done',
      source: 'netcheck',
      ok: false,
      error: l10n.t('{0}. Update the Coder CLI or report the output.', why),
    });
    return null;
  }
}

function sourceOutcome(
  source: SourceName,
  what: string,
  result: RunResult,
  timeoutMs: number,
  cli: CoderCli,
): DiagEvent {
  if (result.code === 0 && !result.timedOut && !result.aborted) return { type: 'source-done', source, ok: true };
  const hint = result.timedOut || result.aborted ? undefined : cliErrorHint(result.stderr, cli.deployment);
  const error = describeFailure(what, result, timeoutMs) + (hint ? ` ${hint}` : '');
  // Code asks `cancelled`, never the (translated) text.
  return { type: 'source-done', source, ok: false, error, ...(result.aborted ? { cancelled: true } : {}) };
}
