// `coder list -o json` of one deployment: runs it with that deployment's login and CLI, and reads
// the few fields the workspace picker and the fleet check use as the output streams in (see
// workspace-list-stream.ts for what is kept and the memory bound).
import { errorMessage } from '../errors';
import { makeRedactor } from '../redact';
import { cliErrorHint } from './cli-errors';
import { describeFailure, runProcess } from './run';
import { coderArgs, type CoderCall } from './login';
import { WorkspaceListParser, type WorkspaceEntry } from './workspace-list-stream';

export type { WorkspaceEntry } from './workspace-list-stream';

type WorkspaceListing = { ok: true; entries: WorkspaceEntry[] } | { ok: false; error: string };

/** Runs `coder list -o json` for one login; a failure says why and what to do, with no token in it. */
export async function listWorkspaces(
  cli: CoderCall,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<WorkspaceListing> {
  const parser = new WorkspaceListParser();
  // The first reason the output cannot be read; the rest of it is then read past.
  let broken: unknown;
  const result = await runProcess(cli.path, coderArgs(cli, 'list', '-o', 'json'), {
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    env: cli.env,
    onStdoutText: (text) => {
      if (broken !== undefined) return;
      try {
        parser.push(text);
      } catch (err) {
        broken = err;
      }
    },
  });
  const clean = makeRedactor(cli.secrets);
  if (result.code !== 0 || result.timedOut || result.aborted) {
    const hint = result.timedOut || result.aborted ? undefined : cliErrorHint(result.stderr, cli.deployment);
    return {
      ok: false,
      error: clean(describeFailure('`coder list`', result, options.timeoutMs) + (hint ? ` ${hint}` : '')),
    };
  }
  try {
    if (broken !== undefined) throw broken;
    return { ok: true, entries: parser.end() };
  } catch (err) {
    return { ok: false, error: clean(errorMessage(err)) };
  }
}
