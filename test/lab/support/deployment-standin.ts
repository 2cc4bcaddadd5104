// A Coder deployment stand-in: GET /api/v2/workspaceagents/connection answers the DERP map it was
// given, and, like coderd, 401 {"message": …} without the right Coder-Session-Token header. Variants:
// a certificate from a private CA, mutual TLS (a client certificate from a given CA, or no handshake),
// and a gate in front that answers 403 without a given header (as Cloudflare Access does). It
// records every request's headers with the secrets replaced (it never prints the token). Runs
// in-process (unit tests) or as a script (lab namespaces), printing "listening <port>" and then one
// "request <JSON>" line per request. The options come as JSON, or from a file as @<path> (how the lab
// passes them, so that the token is on no command line a test may be searching):
//   node deployment-standin.js '{"host":"203.0.113.10","port":443,"sessionToken":"…","derpMap":{…},"tls":{…}}'
//   node deployment-standin.js @/tmp/…/options.json
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import type { Lab } from './netns';
import { serveUntilStopped } from './standin-main';

/** tailcfg.DERPMap as coderd sends it (only what the lab needs). */
export interface DerpMapJson {
  Regions: Record<
    string,
    {
      RegionID: number;
      RegionCode: string;
      RegionName: string;
      Nodes: {
        Name: string;
        RegionID: number;
        HostName: string;
        IPv4?: string;
        STUNPort?: number;
        DERPPort?: number;
        ForceHTTP?: boolean;
      }[];
    }
  >;
}

export interface DeploymentStandinOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The one session token it accepts. */
  sessionToken: string;
  derpMap: DerpMapJson;
  derpForceWebsockets?: boolean;
  disableDirectConnections?: boolean;
  /** Default "coder". */
  hostnameSuffix?: string;
  /** Serve HTTPS with this key and certificate (plain HTTP without). `clientCa`: the CA (PEM) client certificates are checked against. */
  tls?: { key: string; cert: string; clientCa?: string };
  /**
   * Mutual TLS: the handshake fails unless the client presents a certificate that chains to
   * `tls.clientCa`. Without this flag a client certificate is asked for but optional (recorded if sent).
   */
  requireClientCert?: boolean;
  /** A gate in front of everything: 403 (text/html, not coderd's JSON) unless this header has this value. */
  requireHeader?: { name: string; value: string };
}

export interface SeenRequest {
  method: string;
  path: string;
  status: number;
  /**
   * Header names in lower case. Coder-Session-Token's value is replaced by "<valid token>" or
   * "<wrong token>", the gate header's by "<expected value>" or "<wrong value>", and authorization,
   * proxy-authorization and cookie values by "<redacted>".
   */
  headers: Record<string, string>;
  /** The client certificate's subject CN and whether it chained to the client CA, when one was sent. */
  clientCert?: { cn: string; authorized: boolean };
  remoteAddress: string;
}

export interface DeploymentStandin {
  port: number;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export const CONNECTION_PATH = '/api/v2/workspaceagents/connection';
/** coderd's message for a missing or wrong session token (httpmw.SignedOutErrorMessage). */
export const SIGNED_OUT_MESSAGE = 'You are signed out or your session has expired. Please sign in again to continue.';
const TOKEN_HEADER = 'coder-session-token';

function redactHeaders(req: http.IncomingMessage, o: DeploymentStandinOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const gate = o.requireHeader?.name.toLowerCase();
  for (const [name, raw] of Object.entries(req.headers)) {
    const value = Array.isArray(raw) ? raw.join(', ') : (raw ?? '');
    if (name === TOKEN_HEADER) headers[name] = value === o.sessionToken ? '<valid token>' : '<wrong token>';
    else if (name === gate) headers[name] = value === o.requireHeader?.value ? '<expected value>' : '<wrong value>';
    else if (['authorization', 'proxy-authorization', 'cookie'].includes(name)) headers[name] = '<redacted>';
    else headers[name] = value;
  }
  return headers;
}

interface Answer {
  status: number;
  type: string;
  body: string;
}

const json = (status: number, body: unknown): Answer => ({
  status,
  type: 'application/json',
  body: JSON.stringify(body),
});

function route(req: http.IncomingMessage, o: DeploymentStandinOptions): Answer {
  if (o.requireHeader && req.headers[o.requireHeader.name.toLowerCase()] !== o.requireHeader.value) {
    const page = '<html><head><title>403 Forbidden</title></head><body>Forbidden</body></html>\n';
    return { status: 403, type: 'text/html', body: page };
  }
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/api/v2/buildinfo' && req.method === 'GET') {
    return json(200, { version: 'v2.99.0-lab', external_url: '', dashboard_url: '/', deployment_id: 'lab' });
  }
  const known = [CONNECTION_PATH, '/api/v2/users/me'];
  if (!known.includes(path)) return json(404, { message: 'Route not found.' });
  if (req.method !== 'GET') return json(405, { message: 'Method not allowed.' });
  const token = req.headers[TOKEN_HEADER];
  if (token === undefined) {
    return json(401, {
      message: SIGNED_OUT_MESSAGE,
      detail: 'Cookie "coder_session_token" or header "Coder-Session-Token" must be provided.',
    });
  }
  if (token !== o.sessionToken) return json(401, { message: SIGNED_OUT_MESSAGE, detail: 'API key is invalid.' });
  if (path === '/api/v2/users/me') return json(200, { id: 'lab-user', username: 'lab', email: 'lab@lab.test' });
  return json(200, {
    derp_map: o.derpMap,
    derp_force_websockets: o.derpForceWebsockets ?? false,
    disable_direct_connections: o.disableDirectConnections ?? false,
    hostname_suffix: o.hostnameSuffix ?? 'coder',
  });
}

export async function startDeploymentStandin(
  options: DeploymentStandinOptions,
  onRequest?: (seen: SeenRequest) => void,
): Promise<DeploymentStandin> {
  if (options.requireClientCert && !options.tls?.clientCa) {
    throw new Error('requireClientCert needs tls.clientCa (and tls)');
  }
  const requests: SeenRequest[] = [];
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const answer = route(req, options);
    const socket = req.socket as Partial<TLSSocket>;
    const peer = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
    const seen: SeenRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      status: answer.status,
      headers: redactHeaders(req, options),
      remoteAddress: req.socket.remoteAddress ?? '',
    };
    if (peer && Object.keys(peer).length > 0) {
      const cn = peer.subject?.CN;
      seen.clientCert = { cn: Array.isArray(cn) ? cn.join(',') : (cn ?? ''), authorized: socket.authorized === true };
    }
    // Recorded before the answer leaves, so a client that has its answer finds its request here.
    requests.push(seen);
    onRequest?.(seen);
    res.writeHead(answer.status, { 'Content-Type': answer.type, 'Content-Length': Buffer.byteLength(answer.body) });
    res.end(answer.body);
  };
  const tls = options.tls;
  const server = tls
    ? https.createServer(
        {
          key: tls.key,
          cert: tls.cert,
          ...(tls.clientCa
            ? { ca: tls.clientCa, requestCert: true, rejectUnauthorized: options.requireClientCert === true }
            : {}),
        },
        handler,
      )
    : http.createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => undefined); // a refused handshake is the point of the mTLS variant
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface SpawnedDeploymentStandin {
  port: number;
  /** The requests it has answered so far (from its "request" lines), oldest first. */
  requests: SeenRequest[];
  /**
   * Resolves with `requests` once it holds at least `count` (the script's line can arrive just after
   * the client has its answer); rejects after `timeoutMs` (default 5000).
   */
  waitForRequests(count: number, timeoutMs?: number): Promise<SeenRequest[]>;
  /** `https://<name>:<port>` (http without tls); name defaults to options.host. */
  url(name?: string): string;
  child: ChildProcess;
}

/**
 * Starts the stand-in as a script in `ns` (ended by the lab's cleanup) and follows its request log.
 * The options (token included) go through a file readable only by root, removed in cleanup.
 */
export async function spawnDeploymentStandin(
  lab: Lab,
  ns: string,
  options: DeploymentStandinOptions,
): Promise<SpawnedDeploymentStandin> {
  const dir = await mkdtemp(join(tmpdir(), 'wsdoctor-lab-deployment-'));
  lab.onCleanup(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'options.json');
  await writeFile(file, JSON.stringify(options), { mode: 0o600 });
  const child = lab.spawn(ns, process.execPath, [__filename, `@${file}`]);
  const requests: SeenRequest[] = [];
  const waiters = new Set<() => void>();
  let port = 0;
  let pending = '';
  child.stdout?.on('data', (c: Buffer) => {
    pending += c.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const listening = /^listening (\d+)$/.exec(line);
      if (listening) port = Number(listening[1]);
      if (line.startsWith('request ')) requests.push(JSON.parse(line.slice('request '.length)) as SeenRequest);
    }
    for (const wake of waiters) wake();
  });
  await lab.waitFor(child, /listening \d+\n/);
  const waitForRequests = (count: number, timeoutMs = 5000): Promise<SeenRequest[]> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (requests.length < count) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(requests);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`the deployment stand-in saw ${requests.length} requests, not ${count}, in ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const scheme = options.tls ? 'https' : 'http';
  return { port, requests, waitForRequests, url: (name = options.host) => `${scheme}://${name}:${port}`, child };
}

if (require.main === module) {
  const arg = process.argv[2] ?? '{}';
  const options = JSON.parse(
    arg.startsWith('@') ? readFileSync(arg.slice(1), 'utf8') : arg,
  ) as DeploymentStandinOptions;
  serveUntilStopped(
    'deployment stand-in',
    startDeploymentStandin(options, (seen) => process.stdout.write(`request ${JSON.stringify(seen)}\n`)),
  );
}
