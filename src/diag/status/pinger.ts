// One long-lived `coder ping` per workspace for the status bar, used when no network-info file
// is available. New CLIs ping until stopped when `-n` is absent; old ones stop after ten pings,
// so an exit is followed by a restart after a pause. Never more than one child at a time. A CLI
// without `ping` at all is reported as unusable and only looked at again at the longest pause.
import { createPingParser } from '../coder/ping-parser';
import { describeFailure, runProcess } from '../coder/run';
import { cliErrorHint, isLoginRefused, signInHint } from '../coder/cli-errors';
import { lacksPingCommand, noPingCommandError } from '../coder/old-cli';
import { coderArgs, type CoderCall } from '../coder/session';
import { makeRedactor } from '../redact';
import { validateWorkspaceName } from '../workspace-name';
import type { StatusEvent } from './state';
import { sleep } from '../sleep';

export interface LivePingerOptions {
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
    const now = options.now ?? Date.now;
    const base = options.restartDelayMs ?? Math.max(2_000, options.waitSeconds * 1000);
    const max = options.maxRestartMs ?? 60_000;
    let delay = base;
    let useWait = true;
    // The name comes from the window's remote authority: check it like every other CLI argument.
    const invalid = validateWorkspaceName(options.workspace);
    if (invalid) {
      options.onEvent({ type: 'offline', reason: invalid });
      return;
    }
    while (!signal.aborted) {
      options.onEvent({ type: 'connecting' });
      const parser = createPingParser(now);
      let pongs = 0;
      const args = ['ping', options.workspace, ...(useWait ? ['--wait', `${options.waitSeconds}s`] : [])];
      options.log?.(`status: coder ${args.join(' ')}`);
      const result = await runProcess(options.cli.path, coderArgs(options.cli, ...args), {
        signal,
        env: options.cli.env,
        onStdoutLine: (line) => {
          for (const event of parser.push(line)) {
            if (event.type !== 'ping') continue;
            const s = event.sample;
            if (s.outcome === 'pong' && s.latencyMs !== undefined && s.path) {
              pongs++;
              options.onEvent({
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
              options.onEvent({
                type: 'failure',
                reason: s.outcome === 'timeout' ? 'Ping timed out.' : `Ping failed: ${s.error ?? 'unknown error'}`,
              });
            }
          }
        },
      });
      if (signal.aborted) return;
      if (result.spawnError) {
        options.onEvent({ type: 'cli-missing', reason: describeFailure('The Coder CLI', result) });
      } else if (result.code !== 0 && useWait && /unknown flag: --wait/i.test(result.stderr)) {
        // Very old CLIs have no --wait; use their default pace.
        useWait = false;
        continue;
      } else if (result.code !== 0 && lacksPingCommand(result.stderr)) {
        options.onEvent({
          type: 'cli-missing',
          reason: noPingCommandError(options.cli.path, null, options.cli.deployment?.url),
        });
        delay = max;
      } else if (result.code !== 0 && isLoginRefused(result.stderr)) {
        const why = `${describeFailure('`coder ping`', result)} ${signInHint(options.cli.deployment)}`;
        options.onEvent({ type: 'signed-out', reason: makeRedactor(options.cli.secrets)(why) });
        delay = max;
      } else if (result.code !== 0) {
        const hint = cliErrorHint(result.stderr, options.cli.deployment);
        options.onEvent({
          type: 'offline',
          reason: makeRedactor(options.cli.secrets)(describeFailure('`coder ping`', result) + (hint ? ` ${hint}` : '')),
        });
      }
      options.log?.(`status: coder ping exited (${result.code ?? result.signal}); ${pongs} pongs`);
      delay = pongs > 0 ? base : Math.min(delay * 2, max);
      await sleep(delay, signal);
    }
  }
}
