// `coder list -o json` of one deployment: runs it with that deployment's login and CLI, and parses
// the few fields the workspace picker and the fleet check use. The parser is pure.
import { errorMessage } from '../errors';
import { makeRedactor } from '../redact';
import { isObject } from '../../shared/validate';
import { l10n } from '../l10n';
import { cliErrorHint } from './cli-errors';
import { describeFailure, runProcess } from './run';
import { coderArgs, type CoderCall } from './session';

export interface WorkspaceEntry {
  name: string;
  owner: string;
  /** The latest build's status as the CLI says it (running, stopped, starting, failed, ...). */
  status: string;
  /** What to pass to the CLI: `coder list` shows only your own workspaces, so the bare name. */
  target: string;
}

export function parseWorkspaceList(text: string): WorkspaceEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text.trim() || '[]');
  } catch {
    throw new Error(
      l10n.t('`coder list -o json` did not print JSON; update the Coder CLI or check `coder list` in a terminal.'),
    );
  }
  if (!Array.isArray(raw)) throw new Error(l10n.t('`coder list -o json` printed something other than a list.'));
  const out: WorkspaceEntry[] = [];
  for (const item of raw) {
    if (!isObject(item) || typeof item.name !== 'string' || item.name === '') continue;
    const owner = typeof item.owner_name === 'string' ? item.owner_name : '';
    const build = isObject(item.latest_build) ? item.latest_build : {};
    const status = typeof build.status === 'string' ? build.status : 'unknown';
    out.push({ name: item.name, owner, status, target: item.name });
  }
  return out;
}

export type WorkspaceListing = { ok: true; entries: WorkspaceEntry[] } | { ok: false; error: string };

/** Runs `coder list -o json` for one login; a failure says why and what to do, with no token in it. */
export async function listWorkspaces(
  cli: CoderCall,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<WorkspaceListing> {
  const result = await runProcess(cli.path, coderArgs(cli, 'list', '-o', 'json'), {
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    env: cli.env,
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
    return { ok: true, entries: parseWorkspaceList(result.stdout) };
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  }
}
