// Recognises a window opened by the official Coder extension from its remote authority:
// `ssh-remote+coder-vscode.<safe-host>--<owner>--<workspace>[.<agent>]`. Pure (no vscode import).

export interface CoderRemote {
  host: string;
  owner: string;
  workspace: string;
  agent: string | null;
  /** What `coder ping` takes: `owner/workspace[.agent]`. */
  target: string;
}

const PREFIX = 'coder-vscode.';

export function parseCoderAuthority(authority: string): CoderRemote | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(authority);
  } catch {
    return null;
  }
  const plus = decoded.indexOf('+');
  if (plus < 0 || decoded.slice(0, plus) !== 'ssh-remote') return null;
  const host = decoded.slice(plus + 1);
  if (!host.startsWith(PREFIX)) return null;
  // The host part may itself contain `--`, so owner and workspace are taken from the right.
  const parts = host.slice(PREFIX.length).split('--');
  if (parts.length < 3) return null;
  const last = parts[parts.length - 1];
  const owner = parts[parts.length - 2];
  const safeHost = parts.slice(0, -2).join('--');
  const dot = last.indexOf('.');
  const workspace = dot < 0 ? last : last.slice(0, dot);
  const agent = dot < 0 ? null : last.slice(dot + 1) || null;
  if (!owner || !workspace || !safeHost || !/^[\w.-]+$/.test(owner + workspace + (agent ?? ''))) return null;
  return { host: safeHost, owner, workspace, agent, target: `${owner}/${workspace}${agent ? `.${agent}` : ''}` };
}
