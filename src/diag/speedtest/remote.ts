// Remote commands the speed test runs, and the small exec helpers around them. The commands are
// POSIX (Linux, macOS, BSD); a Windows workspace is recognised and reported as not supported.
import type { Client, ClientChannel } from 'ssh2';
import { asError } from '../errors';
import { l10n } from '../l10n';

/** Enough bytes that `head` never ends a download before we do (20 Gbit/s for the whole run). */
export function downloadCommand(durationSeconds: number): string {
  const limit = Math.ceil((durationSeconds + 30) * 2.5e9);
  return `head -c ${limit} /dev/zero`;
}

/** Prints one byte once `cat` is about to read, so the upload clock starts when the sink is ready. */
export const UPLOAD_COMMAND = 'printf R && exec cat >/dev/null';
export const UPLOAD_READY_BYTE = 'R';

export const OS_PROBE_COMMAND = 'uname -s';

export function execChannel(
  client: Client,
  command: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (err: Error | null, ch?: ClientChannel): void => {
      if (settled) {
        // Opened after we gave up: close it so nothing is left running.
        ch?.close();
        return;
      }
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (err || !ch) reject(err ?? new Error(l10n.t('no channel')));
      else resolve(ch);
    };
    const onAbort = (): void => settle(new Error(l10n.t('Cancelled')));
    const timer = setTimeout(
      () =>
        settle(new Error(l10n.t('The server did not start `{0}` within {1} s', command, Math.round(timeoutMs / 1000)))),
      timeoutMs,
    );
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      client.exec(command, (err, ch) => settle(err ?? null, ch));
    } catch (err) {
      settle(asError(err));
    }
  });
}

interface ExecOutput {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs a short command and collects (bounded) output. */
export async function execCollect(
  client: Client,
  command: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<ExecOutput> {
  const ch = await execChannel(client, command, timeoutMs, signal);
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let code: number | null = null;
    const max = 4096;
    ch.on('data', (d: Buffer) => {
      if (stdout.length < max) stdout += d.toString('utf8');
    });
    ch.stderr.on('data', (d: Buffer) => {
      if (stderr.length < max) stderr += d.toString('utf8');
    });
    ch.on('exit', (c: number | null) => {
      code = c;
    });
    const finish = (timedOut: boolean): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (timedOut) ch.close();
      resolve({ code, stdout, stderr, timedOut });
    };
    const onAbort = (): void => finish(true);
    const timer = setTimeout(() => finish(true), timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    ch.on('close', () => finish(false));
  });
}

export type RemoteOs = { kind: 'posix'; name: string } | { kind: 'windows' } | { kind: 'unknown'; detail: string };

export function classifyOsProbe(out: ExecOutput): RemoteOs {
  const name = out.stdout.trim().split(/\r?\n/)[0] ?? '';
  if (out.code === 0 && /^[A-Za-z][\w.-]*$/.test(name)) {
    // MSYS/Cygwin shells on Windows answer uname too, and do have head and cat.
    return { kind: 'posix', name };
  }
  const said = `${out.stdout}\n${out.stderr}`;
  // cmd.exe: "'uname' is not recognized as an internal or external command"; PowerShell: "The term 'uname' is not recognized".
  if (/is not recognized|CommandNotFoundException|not recognized as the name of a cmdlet/i.test(said))
    return { kind: 'windows' };
  return {
    kind: 'unknown',
    detail:
      said.trim().slice(0, 200) || (out.timedOut ? l10n.t('no answer') : l10n.t('exit code {0}', String(out.code))),
  };
}

export const windowsUnsupported = (): string =>
  l10n.t(
    'Windows workspaces are not supported by the SSH speed test yet (it needs a POSIX shell with head and cat); use `coder speedtest` for the tunnel figure.',
  );
