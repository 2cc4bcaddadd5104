// Recognises a window connected to a Coder workspace from its remote authority. Pure (no vscode).
// - the official Coder extension: `ssh-remote+coder-vscode.<safe-host>--<owner>--<workspace>[.<agent>]`
// - `coder config-ssh` hosts through Remote-SSH: `coder.<workspace>[.<agent>]` (older CLIs) or
//   `<workspace>.coder` (newer ones)
// Remote-SSH hex-encodes a host it cannot put in an authority as JSON `{"hostName": ...}`.

export interface CoderRemote {
  via: 'coder-extension' | 'config-ssh';
  /** The deployment's host as the Coder extension names it; null for config-ssh hosts. */
  host: string | null;
  owner: string | null;
  workspace: string;
  agent: string | null;
  /** What `coder ping` takes: `[owner/]workspace[.agent]`. */
  target: string;
  /** The SSH host as Remote-SSH passes it to the ProxyCommand (finds this window's `coder ssh`). */
  sshHost: string;
}

const EXTENSION_PREFIX = 'coder-vscode.';
const NAME = /^[A-Za-z0-9][\w-]*$/;

function sshHost(authority: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(authority);
  } catch {
    return null;
  }
  const plus = decoded.indexOf('+');
  if (plus < 0 || decoded.slice(0, plus) !== 'ssh-remote') return null;
  const host = decoded.slice(plus + 1);
  if (/^[0-9a-f]+$/i.test(host) && host.length % 2 === 0 && host.length >= 4) {
    try {
      const json: unknown = JSON.parse(Buffer.from(host, 'hex').toString('utf8'));
      const name = typeof json === 'object' && json !== null ? (json as { hostName?: unknown }).hostName : undefined;
      if (typeof name === 'string') return name;
    } catch {
      // A plain host name that happens to be hex.
    }
  }
  return host;
}

function fromCoderExtension(host: string): CoderRemote | null {
  // The host part may itself contain `--`, so owner and workspace are taken from the right.
  const parts = host.slice(EXTENSION_PREFIX.length).split('--');
  if (parts.length < 3) return null;
  const last = parts[parts.length - 1];
  const owner = parts[parts.length - 2];
  const safeHost = parts.slice(0, -2).join('--');
  const dot = last.indexOf('.');
  const workspace = dot < 0 ? last : last.slice(0, dot);
  const agent = dot < 0 ? null : last.slice(dot + 1) || null;
  if (!owner || !workspace || !safeHost || !/^[\w.-]+$/.test(owner + workspace + (agent ?? ''))) return null;
  return {
    via: 'coder-extension',
    host: safeHost,
    owner,
    workspace,
    agent,
    target: `${owner}/${workspace}${agent ? `.${agent}` : ''}`,
    sshHost: host,
  };
}

function fromConfigSsh(host: string): CoderRemote | null {
  let workspace: string | undefined;
  let agent: string | null = null;
  const prefixed = /^coder\.([^.]+)(?:\.([^.]+))?$/.exec(host);
  const suffixed = /^([^.]+)\.coder$/.exec(host);
  if (prefixed) [, workspace, agent = null] = prefixed;
  else if (suffixed) [, workspace] = suffixed;
  if (!workspace || !NAME.test(workspace) || (agent !== null && !NAME.test(agent))) return null;
  return {
    via: 'config-ssh',
    host: null,
    owner: null,
    workspace,
    agent,
    target: `${workspace}${agent ? `.${agent}` : ''}`,
    sshHost: host,
  };
}

export function parseCoderAuthority(authority: string): CoderRemote | null {
  const host = sshHost(authority);
  if (host === null) return null;
  return host.startsWith(EXTENSION_PREFIX) ? fromCoderExtension(host) : fromConfigSsh(host);
}
