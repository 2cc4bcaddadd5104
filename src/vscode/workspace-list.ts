// Parses `coder list -o json` into the few fields the workspace picker shows. Pure.
import { isObject } from '../shared/validate';

export interface WorkspaceEntry {
  name: string;
  owner: string;
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
      '`coder list -o json` did not print JSON; update the Coder CLI or check `coder list` in a terminal.',
    );
  }
  if (!Array.isArray(raw)) throw new Error('`coder list -o json` printed something other than a list.');
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
