// Opens the connection behind every HTTP(S) and WebSocket call we make: TCP straight to an address
// (or a name), or a CONNECT tunnel through an HTTP(S) proxy; then TLS with our trust, checked by us
// so a refusal can name the certificate's issuer. The one dialer; agent.ts hands it to http and ws.
import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import { l10n } from '../l10n';
import { asNetFailure, certificateFailure, NetFailure, plainName } from './net-failure';
import type { TlsContexts } from './trust';

export interface DialPlan {
  /** Where the TCP connection goes: an address the caller chose (a DERP node's IPv4) or a host name. */
  host: string;
  port: number;
  /** Only this address family when `host` is a name. */
  family?: 4 | 6;
  /** TLS on top: the name sent (SNI) and the name the certificate must carry; absent for plain HTTP. */
  tls?: { servername: string; verifyName: string; insecure: boolean };
  /** The tunnel through a proxy: its URL and label (no credentials), and the host:port asked for in CONNECT. */
  proxy?: { url: URL; label: string; target: string; strictSsl: boolean };
}

export interface DialContext {
  contexts: TlsContexts;
  /** A client certificate is set (it changes what a refusal means). */
  clientCert: boolean;
  signal: AbortSignal;
}

/** The longest CONNECT answer head we read; a proxy that sends more is not answering CONNECT. */
const MAX_PROXY_HEAD = 16 * 1024;

function stopped(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error && reason.name === 'TimeoutError'
    ? new Error(l10n.t('no answer before the deadline'))
    : new Error(l10n.t('cancelled'));
}

/** Resolves with `socket` once `event` fires; rejects (and destroys it) on error, close or abort. */
function settleOn<T extends Duplex>(socket: T, event: string, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      signal.removeEventListener('abort', onAbort);
      socket.off(event, onReady);
      socket.off('error', onError);
      socket.off('close', onClose);
    };
    const onReady = (): void => {
      cleanup();
      resolve(socket);
    };
    const onError = (err: Error): void => {
      cleanup();
      socket.destroy();
      reject(err);
    };
    const onClose = (): void => onError(new Error(l10n.t('the connection closed')));
    const onAbort = (): void => onError(stopped(signal));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once(event, onReady);
    socket.once('error', onError);
    socket.once('close', onClose);
  });
}

function openTcp(host: string, port: number, signal: AbortSignal, family?: 4 | 6): Promise<Socket> {
  const socket = tcpConnect(family ? { host, port, family } : { host, port, autoSelectFamily: true });
  socket.setNoDelay(true);
  return settleOn(socket, 'connect', signal);
}

function basicAuth(url: URL): string | null {
  if (!url.username && !url.password) return null;
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/**
 * Reads the proxy's answer to CONNECT up to its blank line; bytes after it stay in the socket. Read in
 * paused mode ('readable'), so the socket is handed on neither flowing into nobody nor stuck paused:
 * the next reader (TLS, or the HTTP client of a plain tunnel) starts it.
 */
function readConnectAnswer(socket: Duplex, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const cleanup = (): void => {
      signal.removeEventListener('abort', onAbort);
      socket.off('readable', onReadable);
      socket.off('error', onError);
      socket.off('close', onClose);
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const onClose = (): void => onError(new Error(l10n.t('the proxy closed the connection without answering CONNECT')));
    const onAbort = (): void => onError(stopped(signal));
    const onReadable = (): void => {
      let chunk: Buffer | null;
      while ((chunk = socket.read() as Buffer | null) !== null) {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end === -1) {
          if (head.length > MAX_PROXY_HEAD) return onError(new Error(l10n.t('the proxy did not answer CONNECT')));
          continue;
        }
        cleanup();
        if (head.length > end + 4) socket.unshift(head.subarray(end + 4));
        const status = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(head.subarray(0, end).toString('latin1'));
        if (!status) return reject(new Error(l10n.t('the proxy did not answer CONNECT')));
        return resolve(Number(status[1]));
      }
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('readable', onReadable);
    socket.once('error', onError);
    socket.once('close', onClose);
  });
}

async function openTunnel(proxy: NonNullable<DialPlan['proxy']>, ctx: DialContext): Promise<Duplex> {
  const { url, label } = proxy;
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  let socket: Duplex;
  try {
    socket = await openTcp(url.hostname.replace(/^\[|\]$/g, ''), port, ctx.signal);
    const proxyName = url.hostname.replace(/^\[|\]$/g, '');
    const proxyTls = { servername: proxyName, verifyName: proxyName, insecure: !proxy.strictSsl };
    if (url.protocol === 'https:') socket = await startTls(socket, proxyTls, ctx, label);
  } catch (err) {
    if (err instanceof NetFailure) throw err;
    const cause = asNetFailure(err, false).message;
    throw new NetFailure('proxy-unreachable', l10n.t('the proxy {0} could not be reached: {1}', label, cause), {
      proxy: label,
      cause,
    });
  }
  const auth = basicAuth(url);
  socket.write(
    `CONNECT ${proxy.target} HTTP/1.1\r\nHost: ${proxy.target}\r\n${auth ? `Proxy-Authorization: ${auth}\r\n` : ''}\r\n`,
  );
  let status: number;
  try {
    status = await readConnectAnswer(socket, ctx.signal);
  } catch (err) {
    socket.destroy();
    // Connected, but no usable answer: the proxy is there and does not let us through.
    const cause = l10n.t('it did not answer CONNECT ({0})', asNetFailure(err, false).message);
    throw new NetFailure('proxy-refused', l10n.t('the proxy {0} failed: {1}', label, cause), { proxy: label, cause });
  }
  if (status >= 200 && status < 300) return socket;
  socket.destroy();
  // tinyproxy answers wrong credentials with 401 rather than 407: both mean the proxy wants a login.
  if (status === 407 || status === 401)
    throw new NetFailure(
      'proxy-auth',
      auth
        ? l10n.t('the proxy {0} refused the credentials in its URL (HTTP {1})', label, status)
        : l10n.t('the proxy {0} asks for a user name and password (HTTP {1})', label, status),
      { proxy: label, status, withCredentials: auth !== null },
    );
  throw new NetFailure(
    'proxy-refused',
    l10n.t('the proxy {0} refused to connect to {1} (HTTP {2})', label, proxy.target, status),
    { proxy: label, status, cause: l10n.t('it answered HTTP {0} to CONNECT {1}', status, proxy.target) },
  );
}

/** The name of the root the server's chain ends at: who signed what we were shown. */
function chainIssuer(socket: TLSSocket): string {
  let cert: PeerCertificate | undefined = socket.getPeerCertificate(true);
  for (let i = 0; cert && i < 10; i++) {
    const next: PeerCertificate | undefined = (cert as PeerCertificate & { issuerCertificate?: PeerCertificate })
      .issuerCertificate;
    if (!next || next === cert || next.fingerprint256 === cert.fingerprint256) break;
    cert = next;
  }
  const issuer = cert?.issuer as Record<string, string | string[]> | undefined;
  const name = issuer?.CN ?? issuer?.O;
  return plainName(Array.isArray(name) ? name.join(', ') : (name ?? l10n.t('an unknown issuer')));
}

async function startTls(
  socket: Duplex,
  tls: NonNullable<DialPlan['tls']>,
  ctx: DialContext,
  proxyLabel?: string,
): Promise<TLSSocket> {
  const name = tls.servername.replace(/^\[|\]$/g, '');
  const verifyName = tls.verifyName.replace(/^\[|\]$/g, '');
  const tlsSocket = tlsConnect({
    socket,
    host: name,
    // SNI carries only a name, never an address.
    ...(isIP(name) === 0 ? { servername: name } : {}),
    checkServerIdentity: (_host, cert) => checkServerIdentity(verifyName, cert),
    secureContext: proxyLabel ? ctx.contexts.proxy : ctx.contexts.server,
    // Checked below, so a refusal can say whose certificate it was.
    rejectUnauthorized: false,
    ALPNProtocols: ['http/1.1'],
  });
  try {
    await settleOn(tlsSocket, 'secureConnect', ctx.signal);
  } catch (err) {
    throw asNetFailure(err, ctx.clientCert && !proxyLabel);
  }
  if (tlsSocket.authorized || tls.insecure) return tlsSocket;
  const failure = certificateFailure(String(tlsSocket.authorizationError ?? ''), chainIssuer(tlsSocket), verifyName);
  tlsSocket.destroy();
  if (proxyLabel) failure.facts.proxy = proxyLabel;
  throw failure;
}

/** The connection a plan describes, ready for HTTP; every failure is a NetFailure. */
export async function dial(plan: DialPlan, ctx: DialContext): Promise<Duplex> {
  let socket: Duplex;
  if (plan.proxy) {
    socket = await openTunnel(plan.proxy, ctx);
  } else {
    try {
      socket = await openTcp(plan.host, plan.port, ctx.signal, plan.family);
    } catch (err) {
      throw asNetFailure(err, false);
    }
  }
  return plan.tls ? startTls(socket, plan.tls, ctx) : socket;
}
