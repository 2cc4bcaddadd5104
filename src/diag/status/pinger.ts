// One long-lived `coder ping` per workspace for the status bar, used when no network-info file
// is available. New CLIs ping until stopped when `-n` is absent; old ones stop after ten pings,
// so an exit is followed by a restart after a pause. Never more than one child at a time. A CLI
// without `ping` at all is reported as unusable and only looked at again at the longest pause.
import { createPingParser } from '../coder/ping-parser';
import { l10n } from '../l10n';
import { describeFailure, runProcess } from '../coder/run';
import { cliErrorHint, isLoginRefused, signInHint } from '../coder/cli-errors';
import { lacksPingCommand, noPingCommandError } from '../coder/old-cli';
import { coderArgs, type CoderCall } from '../coder/login';
import { loginRedactor, redactDeep } from '../redact';
import { validateWorkspaceName } from '../workspace-name';
import type { StatusEvent } from './state';
import { sleep } from '../sleep';

interface LivePingerOptions {
  /** The CLI with the window's login (root flags, environment). */
  cli: CoderCall;
  workspace: string;
  /** Seconds between pings (`--wait`). */
  waitSeconds: number;
  onEvent: (event: StatusEvent) => void;
  log?: (line: string) => void;
  /** Pause before restarting after the CLI exits; doubles on repeated failures up to maxRestartMs. */
  restartDelayMs?: number;
  maxRestartMs?: number;
  /** Milliseconds clock for sample times. */
  now?: () => number;
  /** A ping that prints nothing for this long is stuck: the status turns unknown and the ping restarts. */
  silenceMs?: number;
}

/** What is kept of a ping that may run for days: only the tail of its output, for the error it ends with. */
const PING_CAPTURE = 16 * 1024;

/** Silence limit: three waits, never under 15 s (connection set-up alone can take that long). */
export function pingSilenceMs(waitSeconds: number): number {
  return Math.max(15_000, 3 * waitSeconds * 1000);
}

export class LivePinger {
  private readonly abort = new AbortController();
  private running: Promise<void> | null = null;

  constructor(private readonly options: LivePingerOptions) {}

  get workspace(): string {
    return this.options.workspace;
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Stops the child process (whole process group) and waits until it is gone. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    const { options } = this;
    const signal = this.abort.signal;
    // Every event may quote the CLI: cleaned of the login's tokens before it leaves.
    const redact = loginRedactor(options.cli.secrets, options.cli.env);
    const onEvent = (event: StatusEvent): void => options.onEvent(redactDeep(event, redact));
    const silenceMs = options.silenceMs ?? pingSilenceMs(options.waitSeconds);
    const now = options.now ?? Date.now;
    const base = options.restartDelayMs ?? Math.max(2_000, options.waitSeconds * 1000);
    const max = options.maxRestartMs ?? 60_000;
    let delay = base;
    let useWait = true;
    // The name comes from the window's remote authority: check it like every other CLI argument.
    const invalid = validateWorkspaceName(options.workspace);
    if (invalid) {
      onEvent({ type: 'offline', reason: invalid });
      return;
    }
    while (!signal.aborted) {
      onEvent({ type: 'connecting' });
      const parser = createPingParser(now);
      let pongs = 0;
      const args = ['ping', options.workspace, ...(useWait ? ['--wait', `${options.waitSeconds}s`] : [])];
      options.log?.(`status: coder ${args.join(' ')}`);
      // This run alone stops when the CLI goes silent; the pinger's own signal stops everything.
      const run = new AbortController();
      const stopRun = (): void => run.abort();
      signal.addEventListener('abort', stopRun, { once: true });
      let silent = false;
      let watchdog: NodeJS.Timeout | undefined;
      const heard = (): void => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => {
          silent = true;
          onEvent({
            type: 'unknown',
            reason: l10n.t(
              '`coder ping` printed nothing for {0} s: the latency is unknown; restarting it.',
              Math.round(silenceMs / 1000),
            ),
          });
          run.abort();
        }, silenceMs);
      };
      heard();
      const result = await runProcess(options.cli.path, coderArgs(options.cli, ...args), {
        signal: run.signal,
        env: options.cli.env,
        maxCapture: PING_CAPTURE,
        captureTail: true,
        onStderrLine: heard,
        onStdoutLine: (line) => {
          heard();
          for (const event of parser.push(line)) {
            if (event.type !== 'ping') continue;
            const s = event.sample;
            if (s.outcome === 'pong' && s.latencyMs !== undefined && s.path) {
              pongs++;
              onEvent({
                type: 'sample',
                sample: {
                  latencyMs: s.latencyMs,
                  path: s.path,
                  region: s.derpRegion ?? null,
                  endpoint: s.endpoint ?? null,
                  atMs: now(),
                  source: 'ping',
                },
              });
            } else if (s.outcome !== 'pong') {
              onEvent({
                type: 'failure',
                reason:
                  s.outcome === 'timeout'
                    ? l10n.t('Ping timed out.')
                    : l10n.t('Ping failed: {0}', s.error ?? l10n.t('unknown error')),
              });
            }
          }
        },
      });
      clearTimeout(watchdog);
      signal.removeEventListener('abort', stopRun);
      if (signal.aborted) return;
      if (silent) {
        options.log?.(`status: coder ping silent for ${Math.round(silenceMs / 1000)} s; restarting it`);
        delay = base;
        await sleep(base, signal);
        continue;
      }
      if (result.spawnError) {
        onEvent({ type: 'cli-missing', reason: describeFailure(l10n.t('The Coder CLI'), result) });
      } else if (result.code !== 0 && useWait && /unknown flag: --wait/i.test(result.stderr)) {
        // Very old CLIs have no --wait; use their default pace.
        useWait = false;
        continue;
      } else if (result.code !== 0 && lacksPingCommand(result.stderr)) {
        onEvent({
          type: 'cli-missing',
          reason: noPingCommandError(options.cli.path, null, options.cli.deployment?.url),
        });
        delay = max;
      } else if (result.code !== 0 && isLoginRefused(result.stderr)) {
        const why = `${describeFailure('`coder ping`', result)} ${signInHint(options.cli.deployment)}`;
        onEvent({ type: 'signed-out', reason: why });
        delay = max;
      } else if (result.code !== 0) {
        const hint = cliErrorHint(result.stderr, options.cli.deployment);
        onEvent({
          type: 'offline',
          reason: describeFailure('`coder ping`', result) + (hint ? ` ${hint}` : ''),
        });
      }
      options.log?.(`status: coder ping exited (${result.code ?? result.signal}); ${pongs} pongs`);
      delay = pongs > 0 ? base : Math.min(delay * 2, max);
      await sleep(delay, signal);
    }
  }
}
