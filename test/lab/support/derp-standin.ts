// A DERP relay stand-in: answers /derp/latency-check, and on /derp sends a server-key frame first
// after a plain "Upgrade: DERP" or a WebSocket (subprotocol "derp") upgrade; either path can be
// refused, as a proxy would. Runs in-process (unit tests) or as a script (lab namespaces):
//   node derp-standin.js '{"host":"203.0.113.10","port":8443,"tls":{"key":"...","cert":"..."}}'
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Lab } from './netns';
import { serveUntilStopped } from './standin-main';

export interface DerpStandinOptions {
  host: string;
  port: number;
  tls?: { key: string; cert: string };
  refuseUpgrade?: boolean;
  refuseWebsocket?: boolean;
  /** Send this instead of a server-key frame (to test the client's check). */
  firstFrameHex?: string;
  /** Answer both upgrades with 101 Switching Protocols and then say nothing, ever. */
  silentAfterUpgrade?: boolean;
}

export interface DerpStandin {
  port: number;
  counts: { latency: number; upgrade: number; websocket: number };
  /** Connections whose client has not hung up yet. */
  openPeers(): number;
  close(): Promise<void>;
}

export function serverKeyFrame(): Buffer {
  const magic = Buffer.from([0x44, 0x45, 0x52, 0x50, 0xf0, 0x9f, 0x94, 0x91]);
  const header = Buffer.alloc(5);
  header[0] = 0x01;
  header.writeUInt32BE(magic.length + 32, 1);
  return Buffer.concat([header, magic, randomBytes(32)]);
}

/** A 101 the WebSocket client accepts (RFC 6455 section 4.2.2), with no frame after it. */
function silentWebsocketAccept(req: http.IncomingMessage, socket: Duplex): void {
  const key = String(req.headers['sec-websocket-key'] ?? '');
  const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: derp\r\n\r\n`,
  );
}

function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
}

export async function startDerpStandin(options: DerpStandinOptions): Promise<DerpStandin> {
  const counts = { latency: 0, upgrade: 0, websocket: 0 };
  const first = (): Buffer => (options.firstFrameHex ? Buffer.from(options.firstFrameHex, 'hex') : serverKeyFrame());
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (req.url === '/derp/latency-check') {
      counts.latency += 1;
      res.writeHead(200, { 'Content-Length': '0' });
      res.end();
      return;
    }
    // A plain GET /derp (no upgrade) is what a DERP server refuses.
    res.writeHead(req.url === '/derp' ? 426 : 404, { 'Content-Length': '0' });
    res.end();
  };
  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, onRequest)
    : http.createServer(onRequest);
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has('derp') ? 'derp' : false),
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    const kind = (req.headers.upgrade ?? '').toLowerCase();
    if (req.url !== '/derp') return refuse(socket, '404 Not Found');
    if (kind === 'derp') {
      counts.upgrade += 1;
      if (options.refuseUpgrade) return refuse(socket, '403 Forbidden');
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: DERP\r\nConnection: Upgrade\r\nDerp-Version: 2\r\n\r\n',
      );
      if (!options.silentAfterUpgrade) socket.write(first());
      return;
    }
    if (kind === 'websocket') {
      counts.websocket += 1;
      if (options.refuseWebsocket) return refuse(socket, '403 Forbidden');
      if (options.silentAfterUpgrade) return silentWebsocketAccept(req, socket);
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.on('error', () => undefined);
        ws.send(first(), { binary: true });
      });
      return;
    }
    refuse(socket, '400 Bad Request');
  });
  const sockets = new Set<Duplex>();
  const peers = new Set<Duplex>();
  server.on('connection', (s: Duplex) => {
    sockets.add(s);
    peers.add(s);
    // An upgraded socket stays half-open after the client's FIN: the FIN is the client letting go.
    s.on('end', () => peers.delete(s));
    s.on('close', () => {
      sockets.delete(s);
      peers.delete(s);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    counts,
    openPeers: () => peers.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}

/**
 * Starts the stand-in as a script in `ns` (ended by the lab's cleanup). It listens on `options.host`
 * only (an IPv4 address binds that address alone); its certificate is the caller's, so a server
 * certificate for both the IP and a DNS name (issueServerCert) serves https://derp1.lab.test too.
 */
export async function spawnDerpStandin(
  lab: Lab,
  ns: string,
  options: DerpStandinOptions,
): Promise<{ port: number; child: ChildProcess }> {
  const child = lab.spawn(ns, process.execPath, [__filename, JSON.stringify(options)]);
  let seen = '';
  child.stdout?.on('data', (c: Buffer) => (seen += c.toString()));
  await lab.waitFor(child, /listening \d+\n/);
  return { port: Number(/listening (\d+)/.exec(seen)?.[1] ?? options.port), child };
}

if (require.main === module) {
  const options = JSON.parse(process.argv[2] ?? '{}') as DerpStandinOptions;
  serveUntilStopped('derp stand-in', startDerpStandin(options));
}
