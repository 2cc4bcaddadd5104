// Reads the speed test target: a Coder workspace name or `ssh://[user@]host[:port]`.
// Parsed once into what it names; a Coder workspace gets its CLI only when a run starts.
import * as os from 'node:os';
import type { CoderCli } from '../coder/login';
import { l10n } from '../l10n';
import { makeRedactor } from '../redact';
import { MAX_TARGET, clipText } from '../wire/limits';
import { hasControlCharacters } from '../printable';
import { validateWorkspaceName } from '../workspace-name';
import { CLI_FRONT_END } from './types';
import type { ParsedTarget, SpeedtestTarget } from './types';

export type TargetParse = { ok: true; target: ParsedTarget } | { ok: false; error: string };

const withoutPassword = makeRedactor([]);
/** How an error message quotes the text: without a password typed into it, and not at any length. */
const quote = (text: string): string => clipText(withoutPassword(text), MAX_TARGET);

/** The local login name: what OpenSSH sends when no user is given, as with Coder's ssh config. */
export function localUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'root';
  }
}

function parseSshUrl(text: string, keyFileOption: string): TargetParse {
  // The URL parser would drop a line break silently, measuring another host than the one shown.
  if (hasControlCharacters(text)) return { ok: false, error: l10n.t('The address contains control characters') };
  // Then the panel shows, and the history files, the whole address as it was typed.
  if (text.length > MAX_TARGET)
    return { ok: false, error: l10n.t('The address is longer than {0} characters', MAX_TARGET) };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return {
      ok: false,
      error: l10n.t('"{0}" is not a valid ssh:// address; write it as ssh://user@host:port', quote(text)),
    };
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
  if (hasControlCharacters(username)) return { ok: false, error: l10n.t('The user name contains control characters') };
  return { ok: true, target: { kind: 'ssh', host, port, username } };
}

/** `keyFileOption`: how the front end takes a key file, for the message that refuses a password. */
export function parseTarget(text: string, keyFileOption = CLI_FRONT_END.keyFileOption): TargetParse {
  if (/^ssh:\/\//i.test(text)) return parseSshUrl(text, keyFileOption);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text))
    return {
      ok: false,
      error: l10n.t('Only ssh:// addresses or Coder workspace names are supported, not "{0}"', quote(text)),
    };
  const bad = validateWorkspaceName(text);
  if (bad) return { ok: false, error: bad };
  return { ok: true, target: { kind: 'coder', workspace: text } };
}

/** What the engine runs: a Coder workspace with the CLI that reaches it (its binary and the login's root flags). */
export function withCoderCli(
  target: Extract<ParsedTarget, { kind: 'coder' }>,
  cli: Pick<CoderCli, 'path' | 'globalArgs'>,
): SpeedtestTarget {
  return { kind: 'coder', workspace: target.workspace, coderPath: cli.path, globalArgs: cli.globalArgs };
}

/** How the target is shown in reports: the workspace name, or ssh://user@host:port. */
export function describeTarget(target: SpeedtestTarget): string {
  if (target.kind === 'coder') return target.workspace;
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `ssh://${target.username}@${host}:${target.port}`;
}
