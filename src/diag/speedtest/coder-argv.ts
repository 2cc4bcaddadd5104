// Every argument list the speed test hands to the Coder CLI is built here, so flags that every
// call needs (e.g. `--global-config DIR`) are added in one place: `withGlobalFlags`.
import type { Direction } from './types';

/** The CLI's root flags (the user's login: `--global-config`, `--url`, ...) go before the subcommand. */
const withGlobalFlags = (globalArgs: readonly string[], args: string[]): string[] => [...globalArgs, ...args];

/** `coder ssh --stdio`, reporting its path to `networkInfoDir` when given (CLIs that know the flag). */
export function sshStdioArgv(
  globalArgs: readonly string[],
  workspace: string,
  networkInfoDir: string | null,
): string[] {
  const info = networkInfoDir === null ? [] : ['--network-info-dir', networkInfoDir];
  return withGlobalFlags(globalArgs, ['ssh', '--stdio', ...info, workspace]);
}

/** One `coder ping`: enough to see whether the path is direct or which relay carries it. */
export function pingOnceArgv(globalArgs: readonly string[], workspace: string): string[] {
  return withGlobalFlags(globalArgs, ['ping', '-n', '1', workspace]);
}

/** `coder speedtest -o json` for one direction, the CLI's own tunnel figure. */
export function cliSpeedtestArgv(
  globalArgs: readonly string[],
  workspace: string,
  direction: Direction,
  durationSeconds: number,
): string[] {
  const dir = direction === 'download' ? 'down' : 'up';
  return withGlobalFlags(globalArgs, [
    'speedtest',
    '-o',
    'json',
    '--direction',
    dir,
    '-t',
    `${durationSeconds}s`,
    workspace,
  ]);
}

/** True when the CLI refused a flag it does not know, e.g. `--network-info-dir` on an old version. */
export function isUnknownFlag(text: string, flag: string): boolean {
  return new RegExp(`unknown (shorthand )?flag:? *'?${flag.replace(/[-]/g, '\\-')}`, 'i').test(text);
}
