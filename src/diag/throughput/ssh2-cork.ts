// During an upload the pump keeps the channel window full, so almost every packet leaves from
// ssh2's CHANNEL_WINDOW_ADJUST handler: each grant frees a few 32 KiB packets, and ssh2 hands each
// one to the socket on its own, one system call apiece (a profile put those at ~39% of the upload's
// CPU). Corking the socket while ssh2 handles the grants that arrived in one read sends all the
// packets they freed in one writev. The cork is released on the next tick, before any timer or
// I/O callback runs, so nothing else (keepalives, window grants of our own) waits behind it.
// ssh2 is patched only after a shape check; anything unexpected leaves it as it is.
import type { Client } from 'ssh2';

type Handler = (...args: unknown[]) => unknown;

interface CorkableSocket {
  cork(): void;
  uncork(): void;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

// Handler tables already wrapped, so a second call on the same session does not cork twice.
const wrapped = new WeakSet<object>();

function corkable(sock: unknown): sock is CorkableSocket {
  return isRecord(sock) && typeof sock.cork === 'function' && typeof sock.uncork === 'function';
}

/**
 * Makes the session send the packets each batch of window grants frees in one write. Returns false
 * (and changes nothing) when this ssh2 does not have the handler table or socket expected.
 */
export function corkWindowAdjusts(client: Client): boolean {
  const c: unknown = client;
  if (!isRecord(c) || !isRecord(c._protocol) || !corkable(c._sock)) return false;
  const handlers = c._protocol._handlers;
  if (!isRecord(handlers) || typeof handlers.CHANNEL_WINDOW_ADJUST !== 'function') return false;
  if (wrapped.has(handlers)) return true;
  const sock = c._sock;
  const original = handlers.CHANNEL_WINDOW_ADJUST as Handler;
  let corked = false;
  const release = (): void => {
    corked = false;
    sock.uncork();
  };
  handlers.CHANNEL_WINDOW_ADJUST = (...args: unknown[]): unknown => {
    if (!corked) {
      corked = true;
      sock.cork();
      process.nextTick(release);
    }
    return original(...args);
  };
  wrapped.add(handlers);
  return true;
}
