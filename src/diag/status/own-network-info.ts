// Finds THIS window's network-info file: `<dir>/<pid>.json` of the `coder ssh` / `coder vscodessh`
// process that is the ProxyCommand for this window's SSH host. The folder holds every Coder
// window's files, so the freshest file in it may well be another window's.
import * as path from 'node:path';
import { readNetworkInfoFile } from '../coder/network-info';
import type { NetworkInfo } from '../coder/network-info';
import type { ProcessEntry } from './process-table';
import { proxyNetworkInfoDir } from './proxy-command';

interface OwnFilesQuery {
  /** The SSH host Remote-SSH hands to the ProxyCommand (`coder-vscode.<host>--<owner>--<ws>`, `coder.<ws>`). */
  sshHost: string;
  /** The folder the Coder extension uses; null to accept the folder the process names. */
  networkInfoDir: string | null;
  processes: readonly ProcessEntry[];
}

export interface OwnFile {
  pid: number;
  file: string;
}

interface OwnNetworkInfo extends OwnFile {
  info: NetworkInfo;
  mtimeMs: number;
}

/** The files this host's ProxyCommand processes write; more than one after a reconnect. */
export function ownNetworkInfoFiles(query: OwnFilesQuery): OwnFile[] {
  const expected = query.networkInfoDir === null ? null : path.resolve(query.networkInfoDir);
  const files: OwnFile[] = [];
  for (const { pid, argv } of query.processes) {
    const dir = proxyNetworkInfoDir(argv, query.sshHost);
    if (dir === null || !path.isAbsolute(dir)) continue;
    if (expected !== null && path.resolve(dir) !== expected) continue;
    files.push({ pid, file: path.join(dir, `${pid}.json`) });
  }
  return files;
}

/** The freshest valid one of these files, or null when none was written lately. */
export async function freshestNetworkInfo(
  files: readonly OwnFile[],
  nowMs: number,
  maxAgeMs: number,
): Promise<OwnNetworkInfo | null> {
  let best: OwnNetworkInfo | null = null;
  for (const { pid, file } of files) {
    const read = await readNetworkInfoFile(file, nowMs, maxAgeMs);
    if (read.kind === 'fresh' && (best === null || read.mtimeMs > best.mtimeMs))
      best = { pid, file, info: read.info, mtimeMs: read.mtimeMs };
  }
  return best;
}
