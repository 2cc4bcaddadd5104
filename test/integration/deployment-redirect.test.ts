// `wsdoctor check --local` asks the signed-in deployment for its DERP map with the session token in
// one header. A deployment that redirects elsewhere must not get the token carried along.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TEST_TOKEN, writeCoderLogin } from '../support/coder-login';
import { CLI_BUNDLE } from '../support/paths';
import { runNode } from '../support/processes';

interface Seen {
  url: string;
  token: string | undefined;
}

async function serve(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', token: req.headers['coder-session-token'] as string | undefined });
    answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { port, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('the deployment request and redirects', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'wsd-redirect-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const status of [301, 302, 307, 308]) {
    it(`does not follow a ${status} to another origin with the session token`, async () => {
      const elsewhere = await serve((_req, res) =>
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'),
      );
      const deployment = await serve((req, res) =>
        res.writeHead(status, { Location: `http://127.0.0.1:${elsewhere.port}${req.url}?steal=1` }).end(),
      );
      try {
        const login = writeCoderLogin(path.join(dir, 'login'), `http://127.0.0.1:${deployment.port}`);
        const env = { PATH: process.env.PATH, HOME: dir, XDG_CACHE_HOME: path.join(dir, 'cache') };
        const r = await runNode(CLI_BUNDLE, ['check', '--local', '--global-config', login, '--json'], env);
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(deployment.seen, [{ url: '/api/v2/workspaceagents/connection', token: TEST_TOKEN }]);
        assert.deepEqual(elsewhere.seen, [], 'the other origin got a request');
        const probes = (JSON.parse(r.stdout) as { probes: { name: string; reason?: string }[] }).probes;
        const reason = probes.find((p) => p.name === 'deployment')?.reason ?? '';
        assert.match(
          reason,
          new RegExp(`redirect \\(HTTP ${status} to http://127\\.0\\.0\\.1:${elsewhere.port}\\); it was not followed`),
        );
        assert.doesNotMatch(reason, /steal/, 'only the origin is named');
        assert.ok(!r.stdout.includes(TEST_TOKEN) && !r.stderr.includes(TEST_TOKEN));
      } finally {
        await Promise.all([deployment.close(), elsewhere.close()]);
      }
    });
  }
});
