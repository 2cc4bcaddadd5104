// Reads the speed test target: a Coder workspace name or `ssh://[user@]host[:port]`.
import * as os from 'node:os';
import { l10n } from '../l10n';
import { validateWorkspaceName } from '../workspace-name';
import { CLI_FRONT_END } from './types';
import type { SpeedtestTarget } from './types';

export type TargetParse = { ok: true; target: SpeedtestTarget } | { ok: false; error: string };

/** The local login name: what OpenSSH sends when no user is given, as with Coder's ssh config. */
export function localUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'root';
  }
}

function parseSshUrl(text: string, keyFileOption: string): TargetParse {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: l10n.t('"{0}" is not a valid ssh:// address; write it as ssh://user@host:port', text) };
  }
  if (url.password)
    return {
      ok: false,
      error: l10n.t('Passwords in the address are not supported: use a key ({0}) or ssh-agent', keyFileOption),
    };
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash) {
    return {
      ok: false,
      error: l10n.t('"{0}" has more than user, host and port; write it as ssh://user@host:port', text),
    };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) return { ok: false, error: l10n.t('"{0}" has no host; write it as ssh://user@host:port', text) };
  const port = url.port === '' ? 22 : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    return { ok: false, error: l10n.t('Port {0} is out of range', url.port) };
  let username = localUser();
  if (url.username) {
    try {
      username = decodeURIComponent(url.username);
    } catch {
      return { ok: false, error: l10n.t('The user name in "{0}" is not valid', text) };
    }
  }
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(username))
    return { ok: false, error: l10n.t('The user name contains control characters') };
  return { ok: true, target: { kind: 'ssh', host, port, username } };
}

/** `keyFileOption`: how the front end takes a key file, for the message that refuses a password. */
export function parseTarget(
  text: string,
  coderPath: string,
  globalArgs: readonly string[] = [],
  keyFileOption = CLI_FRONT_END.keyFileOption,
): TargetParse {
  if (/^ssh:\/\//i.test(text)) return parseSshUrl(text, keyFileOption);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text))
    return {
      ok: false,
      error: l10n.t('Only ssh:// addresses or Coder workspace names are supported, not "{0}"', text),
    };
  const bad = validateWorkspaceName(text);
  if (bad) return { ok: false, error: bad };
  return { ok: true, target: { kind: 'coder', workspace: text, coderPath, globalArgs } };
}

/** How the target is shown in reports: the workspace name, or ssh://user@host:port. */
export function describeTarget(target: SpeedtestTarget): string {
  if (target.kind === 'coder') return target.workspace;
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `ssh://${target.username}@${host}:${target.port}`;
}
