// `coder ssh --stdio <workspace>` as the SSH transport: the CLI carries raw SSH bytes over the
// workspace's tailnet path on its stdin/stdout, exactly as VS Code Remote-SSH uses it.
import { Duplex, type Writable } from 'node:stream';
import { cliErrorHint } from '../coder/cli-errors';
import { LineSplitter } from '../coder/lines';
import { l10n } from '../l10n';
import { GroupChild } from '../coder/process-group';
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
  if (signal.aborted) throw new TransportError(l10n.t('Cancelled before connecting'));
  const child = new GroupChild(coderPath, sshStdioArgv(globalArgs, workspace, networkInfoDir), { env, stdin: 'pipe' });
  // With stdin 'pipe' node always creates it.
  const stdin = child.stdin as Writable;
  const stderr = keepStderrTail(child);

  let failure: string | null = null;
  child.process.on('error', (err: NodeJS.ErrnoException) => {
    failure ??= startFailure(coderPath, err);
  });
  child.process.on('close', (code, sig) => {
    stderr.flush();
    failure ??= explainExit(workspace, stderr.lines, code, sig);
  });
  // Writes after the CLI died fail with EPIPE; the exit explains it better than the pipe error.
  stdin.on('error', () => undefined);
  child.stdout.on('error', () => undefined);

  const sock = Duplex.from({ readable: child.stdout, writable: stdin });
  sock.on('error', () => undefined);

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      sock.destroy();
      // Nobody reads these any more; left paused they would keep the pipes (and 'close') open.
      stdin.destroy();
      child.stdout.destroy();
      await child.stop(KILL_GRACE_MS);
      child.stderr.destroy();
    })();
    return closing;
  };

  return { sock, pid: child.pid, failure: () => failure, closed: child.closed, close };
}

/** The CLI's last stderr lines, which say why it gave up. */
function keepStderrTail(child: GroupChild): { lines: string[]; flush(): void } {
  const lines: string[] = [];
  const splitter = new LineSplitter(2000);
  const keep = (line: string): void => {
    if (line.trim() === '') return;
    lines.push(line.trim());
    if (lines.length > STDERR_LINES_KEPT) lines.shift();
  };
  child.stderr.on('data', (chunk: Buffer) => splitter.push(chunk).forEach(keep));
  return { lines, flush: () => splitter.end().forEach(keep) };
}

function startFailure(coderPath: string, err: NodeJS.ErrnoException): string {
  return err.code === 'ENOENT'
    ? l10n.t('Coder CLI not found at "{0}": install it, or pass its path with --coder PATH.', coderPath)
    : l10n.t('Could not start the Coder CLI "{0}": {1}', coderPath, err.code ?? err.message);
}

function explainExit(
  workspace: string,
  stderrTail: readonly string[],
  code: number | null,
  sig: NodeJS.Signals | null,
): string {
  const said = stderrTail.slice(-3).join(' / ');
  const what = `\`coder ssh --stdio ${workspace}\``;
  // What the CLI said is quoted as it came; only our sentence around it is translated.
  const ended = sig
    ? said
      ? l10n.t('{0} was ended by {1}: {2}.', what, sig, said)
      : l10n.t('{0} was ended by {1}.', what, sig)
    : said
      ? l10n.t('{0} exited with code {1}: {2}.', what, String(code), said)
      : l10n.t('{0} exited with code {1}.', what, String(code));
  const hint = cliErrorHint(stderrTail.join('\n'));
  return hint ? `${ended} ${hint}` : ended;
}
