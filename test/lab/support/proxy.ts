// HTTP proxies for the lab: a real tinyproxy (Debian's) with its own configuration file, started in a
// namespace, and a "hanging proxy" that accepts connections and never answers (for deadline tests).
// The hanging proxy runs as a script in a namespace:
//   node proxy.js '{"host":"10.200.2.2","port":3130}'   prints "listening <port>", then "accepted" per connection
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lab } from './netns';

export interface TinyproxyOptions {
  /** The address it listens on inside the namespace (tinyproxy's Listen). */
  listen: string;
  /** Default 8888. */
  port?: number;
  /** Clients allowed (tinyproxy's Allow: addresses or CIDR ranges); default the lab's 10.200.0.0/16 and loopback. */
  allow?: string[];
  /**
   * Ports a CONNECT may reach (tinyproxy's ConnectPort); default 443 and 8443. A CONNECT to any
   * other port is answered 403. An empty list allows every port (tinyproxy's rule when none is set).
   */
  connectPorts?: number[];
  /** Require Basic proxy authentication: without it (or with other credentials) tinyproxy answers 407. */
  basicAuth?: { user: string; password: string };
  /** Seconds a connection may be idle before tinyproxy closes it (default 60). */
  idleTimeoutSeconds?: number;
}

export interface LabProxy {
  /** `http://host:port`, for HTTPS_PROXY / --proxy. */
  url: string;
  /** `http://user:password@host:port` (percent-encoded) when basicAuth is set. */
  urlWithCredentials?: string;
  host: string;
  port: number;
  /** How long tinyproxy took from spawn to a listening socket. */
  startMs: number;
  /** The requests the proxy has been asked for, oldest first: "CONNECT coder.lab.test:443", "GET http://…/". */
  requests(): Promise<string[]>;
  /** tinyproxy's whole log (LogLevel Connect: one line per connection and request, plus errors). */
  log(): Promise<string>;
  child: ChildProcess;
}

const TOKEN_SAFE = /^[A-Za-z0-9._~-]+$/;

function tinyproxyConfig(dir: string, o: TinyproxyOptions, port: number): string {
  const lines = [
    `Port ${port}`,
    `Listen ${o.listen}`,
    `Timeout ${o.idleTimeoutSeconds ?? 60}`,
    `PidFile "${join(dir, 'tinyproxy.pid')}"`,
    `LogFile "${join(dir, 'tinyproxy.log')}"`,
    'LogLevel Connect',
    'MaxClients 100',
    ...(o.allow ?? ['127.0.0.1', '10.200.0.0/16']).map((a) => `Allow ${a}`),
    ...(o.connectPorts ?? [443, 8443]).map((p) => `ConnectPort ${p}`),
  ];
  if (o.basicAuth) lines.push(`BasicAuth ${o.basicAuth.user} ${o.basicAuth.password}`);
  return lines.join('\n') + '\n';
}

/** Polls the namespace's listening TCP sockets until `host:port` is among them. */
async function waitListening(lab: Lab, ns: string, child: ChildProcess, host: string, port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`exited (${child.exitCode ?? child.signalCode}) before it listened on ${host}:${port}`);
    }
    const sockets = await lab.exec(ns, 'ss', ['-Hntl']);
    if (sockets.split('\n').some((line) => line.includes(` ${host}:${port} `))) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`nothing listened on ${host}:${port} within 10 s`);
}

/** Starts tinyproxy in `ns` (foreground, `-d`), with its configuration, log and PID file in a temp dir removed in cleanup. */
export async function startTinyproxy(lab: Lab, ns: string, options: TinyproxyOptions): Promise<LabProxy> {
  const port = options.port ?? 8888;
  const auth = options.basicAuth;
  if (auth && !(TOKEN_SAFE.test(auth.user) && TOKEN_SAFE.test(auth.password))) {
    throw new Error(
      'proxy user and password: letters, digits and ._~- only (they go unquoted into the config and a URL)',
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'wsdoctor-lab-proxy-'));
  lab.onCleanup(() => rm(dir, { recursive: true, force: true }));
  const conf = join(dir, 'tinyproxy.conf');
  await writeFile(conf, tinyproxyConfig(dir, options, port));
  const started = Date.now();
  const child = lab.spawn(ns, 'tinyproxy', ['-d', '-c', conf]);
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  try {
    await waitListening(lab, ns, child, options.listen, port);
  } catch (err) {
    const log = await readFile(join(dir, 'tinyproxy.log'), 'utf8').catch(() => '');
    throw new Error(`tinyproxy: ${err instanceof Error ? err.message : String(err)}\n${output}${log}`);
  }
  const startMs = Date.now() - started;
  const url = `http://${options.listen}:${port}`;
  const log = (): Promise<string> => readFile(join(dir, 'tinyproxy.log'), 'utf8');
  return {
    url,
    urlWithCredentials: auth
      ? `http://${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.password)}@${options.listen}:${port}`
      : undefined,
    host: options.listen,
    port,
    startMs,
    log,
    requests: async () =>
      [...(await log()).matchAll(/: Request \(file descriptor \d+\): (\S+ \S+)/g)].map((m) => m[1] ?? ''),
    child,
  };
}

export interface HangingProxy {
  url: string;
  host: string;
  port: number;
  /** Connections accepted so far (each is held open, unanswered, until the proxy stops). */
  accepted(): number;
  child: ChildProcess;
}

/** Starts, in `ns`, a TCP server that accepts every connection and never sends a byte. Port 0 picks one. */
export async function startHangingProxy(
  lab: Lab,
  ns: string,
  options: { host: string; port?: number },
): Promise<HangingProxy> {
  const child = lab.spawn(ns, process.execPath, [
    __filename,
    JSON.stringify({ host: options.host, port: options.port ?? 0 }),
  ]);
  let port = 0;
  let accepted = 0;
  let pending = '';
  child.stdout?.on('data', (c: Buffer) => {
    pending += c.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const listening = /^listening (\d+)$/.exec(line);
      if (listening) port = Number(listening[1]);
      if (line === 'accepted') accepted += 1;
    }
  });
  await lab.waitFor(child, /listening \d+\n/);
  return { url: `http://${options.host}:${port}`, host: options.host, port, accepted: () => accepted, child };
}

if (require.main === module) {
  const options = JSON.parse(process.argv[2] ?? '{}') as { host: string; port: number };
  const held = new Set<Socket>();
  const server = createServer((socket) => {
    held.add(socket);
    socket.pause(); // read nothing, answer nothing
    socket.on('error', () => undefined);
    socket.on('close', () => held.delete(socket));
    process.stdout.write('accepted\n');
  });
  server.on('error', (err) => {
    process.stderr.write(`hanging proxy: ${err.message}\n`);
    process.exit(1);
  });
  server.listen(options.port, options.host, () => {
    const address = server.address();
    process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : options.port}\n`);
  });
  const stop = (): void => {
    for (const s of held) s.destroy();
    server.close(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
