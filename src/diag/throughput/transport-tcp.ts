// A TCP connection to a plain SSH server, with errors a user can act on.
import * as net from 'node:net';
import type { Transport } from './transport';
import { TransportError } from './transport';

function describeSocketError(err: NodeJS.ErrnoException, where: string): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return `Connection refused by ${where}: is the SSH server running and listening on that port?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot resolve the host of ${where}: check the name, or your DNS/VPN.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} is unreachable from here (${err.code}): check the address, your network or VPN.`;
    case 'ETIMEDOUT':
      return `No answer from ${where} (connection timed out): check the address, VPN or firewall.`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `The connection to ${where} was reset: the server or something between dropped it.`;
    default:
      return `Connection to ${where} failed: ${err.code ?? err.message}`;
  }
}

export function connectTcp(host: string, port: number, timeoutMs: number, signal: AbortSignal): Promise<Transport> {
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new TransportError('Cancelled before connecting'));
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
    const onAbort = (): void => fail('Cancelled while connecting');
    const timer = setTimeout(
      () =>
        fail(`No answer from ${where} within ${Math.round(timeoutMs / 1000)} s: check the address, VPN or firewall.`),
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
