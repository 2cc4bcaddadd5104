// `coder ssh --stdio <workspace>` as the SSH transport: the CLI carries raw SSH bytes over the
// workspace's tailnet path on its stdin/stdout, exactly as VS Code Remote-SSH uses it.
import { spawn } from 'node:child_process';
import { Duplex } from 'node:stream';
import { cliErrorHint } from '../coder/cli-errors';
import { LineSplitter } from '../coder/lines';
import { sshStdioArgv } from './coder-argv';
import type { Transport } from './transport';
import { TransportError } from './transport';

const STDERR_LINES_KEPT = 20;
const KILL_GRACE_MS = 1500;

export interface CoderTransport extends Transport {
  /** The CLI's process id, for tests that prove it is gone. */
  readonly pid: number | undefined;
}

export function spawnCoderStdio(
  coderPath: string,
  globalArgs: readonly string[],
  workspace: string,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
  networkInfoDir: string | null = null,
): CoderTransport {
  if (signal.aborted) throw new TransportError('Cancelled before connecting');
  const windows = process.platform === 'win32';
  const child = spawn(coderPath, sshStdioArgv(globalArgs, workspace, networkInfoDir), {
    shell: false,
    windowsHide: true,
    // Its own process group, so ending it also ends anything it started.
    detached: !windows,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stderrTail: string[] = [];
  const splitter = new LineSplitter(2000);
  child.stderr.on('data', (chunk: Buffer) => {
    for (const line of splitter.push(chunk)) {
      if (line.trim() === '') continue;
      stderrTail.push(line.trim());
      if (stderrTail.length > STDERR_LINES_KEPT) stderrTail.shift();
    }
  });

  let failure: string | null = null;
  let exited = false;
  let markClosed: () => void = () => undefined;
  const closed = new Promise<void>((r) => (markClosed = r));

  const explainExit = (code: number | null, sig: NodeJS.Signals | null): string => {
    const said = stderrTail.slice(-3).join(' / ');
    const how = sig ? `was ended by ${sig}` : `exited with code ${code}`;
    const hint = cliErrorHint(stderrTail.join('\n'));
    return `\`coder ssh --stdio ${workspace}\` ${how}${said ? `: ${said}` : ''}.${hint ? ` ${hint}` : ''}`;
  };
  child.on('error', (err: NodeJS.ErrnoException) => {
    failure ??=
      err.code === 'ENOENT'
        ? `Coder CLI not found at "${coderPath}": install it, or pass its path with --coder PATH.`
        : `Could not start the Coder CLI "${coderPath}": ${err.code ?? err.message}`;
  });
  child.on('exit', () => {
    exited = true;
  });
  child.on('close', (code, sig) => {
    exited = true;
    for (const line of splitter.end()) if (line.trim()) stderrTail.push(line.trim());
    failure ??= explainExit(code, sig);
    markClosed();
  });
  // Writes after the CLI died fail with EPIPE; the exit explains it better than the pipe error.
  child.stdin.on('error', () => undefined);
  child.stdout.on('error', () => undefined);

  const sock = Duplex.from({ readable: child.stdout, writable: child.stdin });
  sock.on('error', () => undefined);

  const killGroup = (sig: NodeJS.Signals): void => {
    if (child.pid === undefined || exited) return;
    try {
      if (windows) child.kill(sig);
      else process.kill(-child.pid, sig);
    } catch {
      // Already gone.
    }
  };
  const waitExit = (ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      if (exited || child.pid === undefined) return resolve(true);
      const t = setTimeout(() => resolve(false), ms);
      child.once('exit', () => {
        clearTimeout(t);
        resolve(true);
      });
    });

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      sock.destroy();
      // Nobody reads these any more; left paused they would keep the pipes (and 'close') open.
      child.stdin.destroy();
      child.stdout.destroy();
      killGroup('SIGTERM');
      if (!(await waitExit(KILL_GRACE_MS))) {
        killGroup('SIGKILL');
        await waitExit(KILL_GRACE_MS);
      }
      child.stderr.destroy();
    })();
    return closing;
  };

  return { sock, pid: child.pid, failure: () => failure, closed, close };
}
