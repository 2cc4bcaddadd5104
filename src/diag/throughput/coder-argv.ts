// Every argument list the speed test hands to the Coder CLI is built here, so flags that every
// call needs (e.g. `--global-config DIR`) are added in one place: `withGlobalFlags`.
import type { Direction } from './types';

/** The CLI's root flags go before the subcommand; none are needed yet. */
const withGlobalFlags = (args: string[]): string[] => args;

/** `coder ssh --stdio`, reporting its path to `networkInfoDir` when given (CLIs that know the flag). */
export function sshStdioArgv(workspace: string, networkInfoDir: string | null): string[] {
  const info = networkInfoDir === null ? [] : ['--network-info-dir', networkInfoDir];
  return withGlobalFlags(['ssh', '--stdio', ...info, workspace]);
}

/** One `coder ping`: enough to see whether the path is direct or which relay carries it. */
export function pingOnceArgv(workspace: string): string[] {
  return withGlobalFlags(['ping', '-n', '1', workspace]);
}

/** `coder speedtest -o json` for one direction, the CLI's own tunnel figure. */
export function cliSpeedtestArgv(workspace: string, direction: Direction, durationSeconds: number): string[] {
  const dir = direction === 'download' ? 'down' : 'up';
  return withGlobalFlags(['speedtest', '-o', 'json', '--direction', dir, '-t', `${durationSeconds}s`, workspace]);
}

/** True when the CLI refused a flag it does not know, e.g. `--network-info-dir` on an old version. */
export function isUnknownFlag(text: string, flag: string): boolean {
  return new RegExp(`unknown (shorthand )?flag:? *'?${flag.replace(/[-]/g, '\\-')}`, 'i').test(text);
}
