// Real HTTP(S) servers on 127.0.0.1 that record every request they get, and a throw-away CA for HTTPS.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

/** A CA and a certificate for 127.0.0.1 signed by it, made with openssl for this run only. */
export function makeTestCa(): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'wsd-test-ca-'));
  const p = (name: string): string => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const quiet = { stdio: 'ignore' } as const;
  execFileSync(
    'openssl',
    ['req', '-x509', ...ec, '-keyout', p('ca.key'), '-out', p('ca.pem'), '-days', '1', '-subj', '/CN=wsdoctor test CA'],
    quiet,
  );
  execFileSync(
    'openssl',
    ['req', ...ec, '-keyout', p('server.key'), '-out', p('server.csr'), '-subj', '/CN=127.0.0.1'],
    quiet,
  );
  writeFileSync(p('ext.cnf'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  execFileSync(
    'openssl',
    [
      'x509',
      '-req',
      '-in',
      p('server.csr'),
      '-CA',
      p('ca.pem'),
      '-CAkey',
      p('ca.key'),
      '-CAcreateserial',
      '-out',
      p('server.pem'),
      '-days',
      '1',
      '-extfile',
      p('ext.cnf'),
    ],
    quiet,
  );
  return {
    caFile: p('ca.pem'),
    key: readFileSync(p('server.key'), 'utf8'),
    cert: readFileSync(p('server.pem'), 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Starts a server on 127.0.0.1 (HTTPS when given a CA's certificate) that records each request, then answers it. */
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
