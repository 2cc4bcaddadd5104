// The Coder CLI's own tunnel figure for the same direction and duration, shown beside ours.
import { cliErrorHint } from '../coder/cli-errors';
import { describeFailure, runProcess } from '../coder/run';
import { parseSpeedtestJson } from '../coder/speedtest-json';
import { cliSpeedtestArgv } from './coder-argv';
import type { Direction, TunnelResult } from './types';
import { errorMessage } from '../errors';
import { l10n } from '../l10n';

export async function runCliTunnel(
  coderPath: string,
  globalArgs: readonly string[],
  workspace: string,
  direction: Direction,
  durationSeconds: number,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<TunnelResult> {
  const args = cliSpeedtestArgv(globalArgs, workspace, direction, durationSeconds);
  // Connecting can take a while on a relayed path; the run itself is durationSeconds.
  const timeoutMs = (durationSeconds + 45) * 1000;
  const run = await runProcess(coderPath, args, { signal, timeoutMs, env, maxCapture: 1024 * 1024 });
  if (run.code !== 0 || run.aborted || run.timedOut || run.spawnError) {
    const hint = cliErrorHint(run.stderr);
    return { direction, error: describeFailure('`coder speedtest`', run, timeoutMs) + (hint ? ` ${hint}` : '') };
  }
  try {
    const parsed = parseSpeedtestJson(run.stdout);
    return { direction, overall: parsed.overall, intervals: parsed.intervals };
  } catch (err) {
    const unread = l10n.t('Could not read `coder speedtest` output: {0}.', errorMessage(err));
    const old = /unknown (shorthand )?flag/i.test(run.stderr);
    return {
      direction,
      error: old ? `${unread} ${l10n.t('This Coder CLI may be too old for `-o json`.')}` : unread,
    };
  }
}
