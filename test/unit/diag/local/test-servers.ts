// Real HTTP(S) servers on 127.0.0.1 that record every request they get, and a throw-away CA for HTTPS.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestTls } from '../../../lab/support/test-tls';

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface RecordingServer {
  origin: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export type Answer = (req: SeenRequest, res: http.ServerResponse) => void;

export interface TestCa {
  /** File holding the CA certificate, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  key: string;
  cert: string;
  remove(): void;
}

/** A CA and a certificate for 127.0.0.1 signed by it (the lab's maker), the CA also in a file for NODE_EXTRA_CA_CERTS. */
export async function makeTestCa(): Promise<TestCa> {
  const tls = await makeTestTls(['127.0.0.1']);
  const dir = mkdtempSync(join(tmpdir(), 'wsd-test-ca-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, tls.caPem);
  return { caFile, key: tls.key, cert: tls.cert, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startServer(answer: Answer, tls?: Pick<TestCa, 'key' | 'cert'>): Promise<RecordingServer> {
  const requests: SeenRequest[] = [];
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers };
    requests.push(seen);
    answer(seen, res);
  };
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const redirectTo =
  (status: number, location: string): Answer =>
  (_req, res) => {
    res.writeHead(status, { Location: location });
    res.end();
  };

export const answerWith =
  (status: number, body: string, type = 'application/json'): Answer =>
  (_req, res) => {
    res.writeHead(status, { 'Content-Type': type });
    res.end(body);
  };
