// What an SSH session runs over: a TCP socket, or the stdio of `coder ssh --stdio`.
import type { Duplex } from 'node:stream';

export interface Transport {
  readonly sock: Duplex;
  /** Why the transport broke (socket error, CLI exited), with the next step; null while healthy. */
  failure(): string | null;
  /** Resolves once the transport has failed or closed on its own. */
  readonly closed: Promise<void>;
  /** Tears everything down: sockets destroyed, child processes ended. Safe to call twice. */
  close(): Promise<void>;
}

export class TransportError extends Error {}
