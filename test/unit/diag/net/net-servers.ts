// Real servers on 127.0.0.1 for the network layer's tests: HTTPS with certificates from throw-away
// CAs (optionally asking for a client certificate), an HTTP(S) proxy that answers CONNECT (optionally
// asking for Basic credentials) and records what it was asked, and a server that accepts and never answers.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { SecureVersion, TLSSocket } from 'node:tls';
import type { KeyAndCert } from '../../../lab/support/test-tls';

export interface SeenRequest {
  url: string;
  headers: http.IncomingHttpHeaders;
  /** The name the client sent in TLS (SNI), or false. */
  servername: string | false;
  /** The subject CN of the client certificate it presented, if any. */
  clientCn?: string;
}

export interface TestHttps {
  port: number;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export interface HttpsOptions extends KeyAndCert {
  /** Ask for a client certificate signed by this CA and refuse the handshake without one. */
  clientCa?: string;
  maxVersion?: SecureVersion;
}

/** An HTTPS server answering every GET with 200 "hello"; records each request and its TLS facts. */
export async function startHttps(options: HttpsOptions): Promise<TestHttps> {
  const requests: SeenRequest[] = [];
  const server = https.createServer(
    {
      key: options.key,
      cert: options.cert,
      ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
      ...(options.clientCa ? { requestCert: true, rejectUnauthorized: true, ca: [options.clientCa] } : {}),
    },
    (req, res) => {
      const socket = req.socket as TLSSocket;
      const peer = options.clientCa ? socket.getPeerCertificate() : undefined;
      const cn = peer?.subject?.CN;
      requests.push({
        url: req.url ?? '',
        headers: req.headers,
        servername: socket.servername ?? false,
        ...(cn ? { clientCn: Array.isArray(cn) ? cn.join(',') : cn } : {}),
      });
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('hello');
    },
  );
  server.on('tlsClientError', () => undefined);
  return listening(server, requests);
}

async function listening(server: http.Server | https.Server, requests: SeenRequest[]): Promise<TestHttps> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () => closeServer(server),
  };
}

function closeServer(server: http.Server | https.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

export interface ProxyOptions {
  /** Where every CONNECT is sent, whatever host it names (the test's server). */
  upstreamPort: number;
  /** Demand these Basic credentials (407 otherwise). */
  basicAuth?: { user: string; password: string };
  /** Answer every CONNECT with this status instead of tunnelling (e.g. 403). */
  refuseWith?: number;
  /** Serve the proxy itself over TLS with this certificate. */
  tls?: KeyAndCert;
}

export interface TestProxy {
  port: number;
  /** The CONNECT request lines' targets, oldest first: "coder.test:443". */
  connects: string[];
  /** The Proxy-Authorization header of each CONNECT ('' when none). */
  authorizations: string[];
  /** TCP connections accepted (whether or not a CONNECT followed). */
  connections(): number;
  close(): Promise<void>;
}

/** An HTTP (or HTTPS) proxy that only tunnels: CONNECT to `upstreamPort` on 127.0.0.1. */
export async function startConnectProxy(options: ProxyOptions): Promise<TestProxy> {
  const connects: string[] = [];
  const authorizations: string[] = [];
  const tunnels = new Set<Duplex>();
  let accepted = 0;
  // Only CONNECT is served: a plain request is refused.
  const refuse = (_req: http.IncomingMessage, res: http.ServerResponse): void => {
    res.writeHead(405);
    res.end();
  };
  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, refuse)
    : http.createServer(refuse);
  server.on(options.tls ? 'secureConnection' : 'connection', () => accepted++);
  server.on('tlsClientError', () => undefined);
  server.on('connect', (req: http.IncomingMessage, client: Duplex, head: Buffer) => {
    tunnels.add(client);
    client.on('error', () => undefined);
    client.on('close', () => tunnels.delete(client));
    connects.push(req.url ?? '');
    const auth = req.headers['proxy-authorization'] ?? '';
    authorizations.push(auth);
    const wanted = options.basicAuth
      ? `Basic ${Buffer.from(`${options.basicAuth.user}:${options.basicAuth.password}`).toString('base64')}`
      : null;
    if (wanted !== null && auth !== wanted) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n');
      return;
    }
    if (options.refuseWith) {
      client.end(`HTTP/1.1 ${options.refuseWith} Refused\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const upstream = connect(options.upstreamPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    tunnels.add(upstream);
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => tunnels.delete(upstream));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    connects,
    authorizations,
    connections: () => accepted,
    close: () => {
      for (const t of tunnels) t.destroy();
      return closeServer(server);
    },
  };
}

export interface RawServer {
  port: number;
  /** Connections accepted so far. */
  accepted(): number;
  /** Resolves at the next accepted connection. */
  nextConnection(): Promise<Socket>;
  close(): Promise<void>;
}

/**
 * A TCP server that hands each connection to `onConnection` (or holds it, silent, when none): a proxy
 * that never answers, or one that answers with exactly the bytes a test wants.
 */
export async function startRawServer(onConnection?: (socket: Socket) => void): Promise<RawServer> {
  const held = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted++;
    held.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => held.delete(socket));
    if (onConnection) onConnection(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    accepted: () => accepted,
    nextConnection: async () => (await once(server, 'connection'))[0] as Socket,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of held) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A temporary folder for PEM files, removed by `remove`. */
export async function pemFolder(): Promise<{
  write(name: string, text: string): Promise<string>;
  remove(): Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'wsdoctor-net-'));
  return {
    write: async (name, text) => {
      const path = join(dir, name);
      await writeFile(path, text);
      return path;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Everything an error carries that a user or a log could see: own fields, message, stack, cause. */
export function everything(err: unknown): string {
  if (!(err instanceof Error)) return JSON.stringify(err);
  const cause = (err as Error & { cause?: unknown }).cause;
  return [JSON.stringify(err), err.message, err.stack ?? '', cause === undefined ? '' : everything(cause)].join('\n');
}

/**
 * OpenSSL's own test server (`openssl s_server -www`) demanding a client certificate from `clientCaFile`:
 * unlike a Node server, which drops the connection, it refuses a certificate it cannot verify with a TLS
 * alert, as nginx, Go and other real servers do.
 */
export async function startOpensslServer(options: {
  certFile: string;
  keyFile: string;
  clientCaFile: string;
  version: 'TLSv1.3' | 'TLSv1.2';
}): Promise<{ port: number; close(): Promise<void> }> {
  const child = spawn(
    'openssl',
    [
      's_server',
      '-accept',
      '127.0.0.1:0',
      '-cert',
      options.certFile,
      '-key',
      options.keyFile,
      '-CAfile',
      options.clientCaFile,
      '-Verify',
      '1',
      '-verify_return_error',
      '-www',
      options.version === 'TLSv1.3' ? '-tls1_3' : '-tls1_2',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const exited = once(child, 'exit');
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /^ACCEPT .*:(\d+)$/m.exec(out);
      if (m) resolve(Number(m[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`openssl s_server exited (${code}): ${out}`)));
  });
  return {
    port,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
      await exited;
    },
  };
}
