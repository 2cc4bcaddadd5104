// Closes an exec channel and waits (bounded) for the server to confirm, so the next phase starts
// on a quiet connection and no remote command is left running.
import type { ClientChannel } from 'ssh2';

export function closeChannel(ch: ClientChannel, waitMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (confirmed: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(confirmed);
    };
    const timer = setTimeout(() => finish(false), waitMs);
    ch.once('close', () => finish(true));
    // Keep reading (uncounted) so the server's last bytes do not block its close.
    ch.resume();
    ch.stderr.resume();
    try {
      ch.close();
    } catch {
      finish(false);
    }
  });
}
