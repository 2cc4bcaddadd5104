// This user's processes and their arguments, to find the `coder ssh` serving this window.
// Linux reads /proc (exact arguments); macOS asks `ps` (arguments joined by spaces); Windows has
// no cheap equivalent, so the caller falls back to pinging.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runProcess } from '../coder/run';

export interface ProcessEntry {
  pid: number;
  argv: string[];
}

interface ProcessTableOptions {
  platform?: NodeJS.Platform;
  /** Where procfs is mounted; tests point it at a recorded tree. */
  procRoot?: string;
  /** Only processes of this user count; others could name any folder. */
  uid?: number;
  /** Runs `ps` on macOS; tests pass recorded output. */
  ps?: () => Promise<string | null>;
}

const PS = '/bin/ps';
const PS_TIMEOUT_MS = 5_000;
const DIR_FLAG = '--network-info-dir';

/** The process table, or null where it cannot be read (Windows, no /proc, `ps` failed). */
export async function listProcesses(options: ProcessTableOptions = {}): Promise<ProcessEntry[] | null> {
  const platform = options.platform ?? process.platform;
  const uid = options.uid ?? process.getuid?.();
  if (platform === 'linux') return readProcTable(options.procRoot ?? '/proc', uid);
  if (platform === 'darwin') {
    const text = await (options.ps ?? runPs)();
    return text === null ? null : parsePsOutput(text, uid);
  }
  return null;
}

async function readProcTable(root: string, uid: number | undefined): Promise<ProcessEntry[] | null> {
  let names: string[];
  try {
    names = await fs.readdir(root);
  } catch {
    return null;
  }
  const entries = await Promise.all(
    names.filter((n) => /^[1-9]\d{0,9}$/.test(n)).map((n) => readProcEntry(path.join(root, n), Number(n), uid)),
  );
  return entries.filter((e): e is ProcessEntry => e !== null);
}

async function readProcEntry(dir: string, pid: number, uid: number | undefined): Promise<ProcessEntry | null> {
  try {
    if (uid !== undefined && (await fs.stat(dir)).uid !== uid) return null;
    const raw = await fs.readFile(path.join(dir, 'cmdline'), 'utf8');
    // NUL-separated with a trailing NUL; kernel threads and zombies have none at all.
    const argv = raw.split('\0');
    if (argv[argv.length - 1] === '') argv.pop();
    return argv.length > 0 ? { pid, argv } : null;
  } catch {
    // Gone since readdir, or not ours to read.
    return null;
  }
}

async function runPs(): Promise<string | null> {
  const result = await runProcess(PS, ['-axww', '-o', 'pid=,uid=,command='], { timeoutMs: PS_TIMEOUT_MS });
  return result.code === 0 ? result.stdout : null;
}

/**
 * `ps -o pid=,uid=,command=` lines. `ps` joins the arguments with spaces, so a folder with spaces
 * (macOS's `Application Support`) is split; the words after `--network-info-dir` up to the next
 * flag are joined back into one argument.
 */
export function parsePsOutput(text: string, uid: number | undefined): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(\d{1,10})\s+(\d{1,10})\s(.*)$/.exec(line);
    if (!m || (uid !== undefined && Number(m[2]) !== uid)) continue;
    const words = m[3].replace(/^\s+/, '').split(' ');
    const argv: string[] = [];
    for (let i = 0; i < words.length; i++) {
      let word = words[i];
      if (argv[argv.length - 1] === DIR_FLAG || word.startsWith(`${DIR_FLAG}=`))
        while (i + 1 < words.length && !words[i + 1].startsWith('-')) word += ` ${words[++i]}`;
      argv.push(word);
    }
    if (argv[0]) entries.push({ pid: Number(m[1]), argv });
  }
  return entries;
}
