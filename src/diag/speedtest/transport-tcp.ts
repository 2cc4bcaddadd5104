// A TCP connection to a plain SSH server, with errors a user can act on.
import * as net from 'node:net';
import type { Transport } from './transport';
import { TransportError } from './transport';
import { l10n } from '../l10n';

function describeSocketError(err: NodeJS.ErrnoException, where: string): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return l10n.t('Connection refused by {0}: is the SSH server running and listening on that port?', where);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return l10n.t('Cannot resolve the host of {0}: check the name, or your DNS/VPN.', where);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return l10n.t('{0} is unreachable from here ({1}): check the address, your network or VPN.', where, err.code);
    case 'ETIMEDOUT':
      return l10n.t('No answer from {0} (connection timed out): check the address, VPN or firewall.', where);
    case 'ECONNRESET':
    case 'EPIPE':
      return l10n.t('The connection to {0} was reset: the server or something between dropped it.', where);
    default:
      return l10n.t('Connection to {0} failed: {1}', where, err.code ?? err.message);
  }
}

export function connectTcp(host: string, port: number, timeoutMs: number, signal: AbortSignal): Promise<Transport> {
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new TransportError(l10n.t('Cancelled before connecting')));
    const sock = net.connect({ host, port });
    let failure: string | null = null;
    let connected = false;
    let markClosed: () => void = () => undefined;
    const closed = new Promise<void>((r) => (markClosed = r));
    const cleanup = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    const fail = (message: string): void => {
      failure ??= message;
      if (!connected) {
        cleanup();
        sock.destroy();
        reject(new TransportError(message));
      }
    };
    const onAbort = (): void => fail(l10n.t('Cancelled while connecting'));
    const timer = setTimeout(
      () =>
        fail(
          l10n.t(
            'No answer from {0} within {1} s: check the address, VPN or firewall.',
            where,
            Math.round(timeoutMs / 1000),
          ),
        ),
      timeoutMs,
    );
    signal.addEventListener('abort', onAbort, { once: true });
    sock.on('error', (err: NodeJS.ErrnoException) => fail(describeSocketError(err, where)));
    sock.on('close', () => markClosed());
    sock.once('connect', () => {
      connected = true;
      cleanup();
      // Round-trip probes are tiny packets: Nagle would hold them back for tens of ms.
      sock.setNoDelay(true);
      resolve({
        sock,
        failure: () => failure,
        closed,
        close: async () => {
          sock.destroy();
          await closed;
        },
      });
    });
  });
}
