import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapStunServers } from '../../../../src/diag/coder/derp-map';
import { runProcess } from '../../../../src/diag/coder/run';
import {
  fetchConnectionInfo,
  parseConnectionInfo,
  readCredentials,
  type DeploymentCredentials,
} from '../../../../src/diag/local/deployment-api';
import { defaultFetch, type FetchFn } from '../../../../src/diag/net/fetch-fn';
import { TEST_TOKEN as TOKEN } from '../../../support/coder-login';
import { makeFifo } from '../coder/login-store';
import { fixture } from './fixtures';
import {
  answerWith,
  makeTestCa,
  redirectTo,
  startServer,
  type Answer,
  type RecordingServer,
  type TestCa,
} from './test-servers';

describe('deployment connection settings', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wsdoctor-cfg-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads url and session from the CLI config folder', async () => {
    await writeFile(join(dir, 'url'), 'https://coder.example.com/\n');
    await writeFile(join(dir, 'session'), 'secret-token-123\n');
    const r = await readCredentials({ configDir: dir });
    assert.deepEqual(r, {
      ok: true,
      credentials: {
        url: 'https://coder.example.com',
        token: 'secret-token-123',
        deployment: { id: 'coder.example.com', url: 'https://coder.example.com' },
      },
    });
  });

  it('says what is missing instead of guessing', async () => {
    const none = await readCredentials({ configDir: dir });
    assert.equal(none.ok, false);
    if (!none.ok) assert.match(none.reason, /coder login/);
    const bad = await readCredentials({ deploymentUrl: 'ftp://x' });
    assert.equal(bad.ok, false);
    assert.equal((await readCredentials({})).ok, false);
  });

  it('parses the connection info: DERP map, STUN servers, direct connections blocked', () => {
    const info = parseConnectionInfo(fixture('connection-info.json'));
    assert.equal(info.disableDirectConnections, true);
    assert.equal(info.derpForceWebsockets, false);
    assert.deepEqual(
      info.regions.map((r) => r.id),
      [999, 1000, 1001],
    );
    assert.deepEqual(mapStunServers(info.regions), [
      { host: 'stun.example.net', port: 19302 },
      { host: 'stun2.example.net', port: 3478 },
    ]);
    assert.throws(
      () => parseConnectionInfo('{"derp_map": {"Regions": {"1": {"Nodes": "x"}}}}'),
      /Nodes: expected a list/,
    );
  });

  it('sends the token only in the Coder-Session-Token header', async () => {
    const seen: { url: string; headers?: Record<string, string> }[] = [];
    const fetchFn: FetchFn = (url, init) => {
      seen.push({ url, headers: init.headers });
      return Promise.resolve({ ok: true, status: 200, text: () => Promise.resolve(fixture('connection-info.json')) });
    };
    const r = await fetchConnectionInfo(
      { url: 'https://coder.example.com', token: 'secret-token-123' },
      fetchFn,
      1000,
      new AbortController().signal,
    );
    assert.ok(r.ok);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].url, 'https://coder.example.com/api/v2/workspaceagents/connection');
    assert.equal(seen[0].url.includes('secret'), false);
    assert.equal(seen[0].headers?.['Coder-Session-Token'], 'secret-token-123');
  });

  it('explains 401, other statuses, timeouts and network errors without the token', async () => {
    const creds = {
      url: 'https://coder.example.com',
      token: 'secret-token-123',
      deployment: { id: 'coder.example.com', url: 'https://coder.example.com' },
    };
    const signal = new AbortController().signal;
    const status =
      (code: number): FetchFn =>
      () =>
        Promise.resolve({ ok: false, status: code, text: () => Promise.resolve('') });
    const r401 = await fetchConnectionInfo(creds, status(401), 1000, signal);
    const r500 = await fetchConnectionInfo(creds, status(500), 1000, signal);
    const hang: FetchFn = (_u, init) =>
      new Promise((_r, reject) => init.signal.addEventListener('abort', () => reject(new Error('aborted'))));
    const slow = await fetchConnectionInfo(creds, hang, 50, signal);
    const down = await fetchConnectionInfo(
      creds,
      () =>
        Promise.reject(
          Object.assign(new TypeError('fetch failed'), {
            cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
          }),
        ),
      1000,
      signal,
    );
    const reasons = [r401, r500, slow, down].map((r) => (r.ok ? 'ok' : r.reason));
    assert.match(
      reasons[0],
      /answered 401: the session was refused\. Sign in to coder\.example\.com .*coder login https:\/\/coder\.example\.com/,
    );
    assert.match(reasons[1], /HTTP 500/);
    assert.match(reasons[2], /did not answer within 50 ms/);
    assert.match(reasons[3], /ECONNREFUSED/);
    for (const reason of reasons) assert.equal(reason.includes('secret'), false);
  });
});

describe('deployment credentials from hostile files', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wsdoctor-cfg-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a url file with garbage, javascript:, two lines or 10 KB, quoting only a short, escaped piece', async () => {
    const bad = [
      'javascript:alert(1)',
      '\u0000\u001b[31mgarbage',
      'https://a.example.com\nhttps://b.example.com',
      `https://coder.example.com/${'x'.repeat(10 * 1024)}`,
    ];
    for (const url of bad) {
      await writeFile(join(dir, 'url'), url);
      await writeFile(join(dir, 'session'), TOKEN);
      const r = await readCredentials({ configDir: dir });
      assert.equal(r.ok, false, JSON.stringify(url.slice(0, 30)));
      const reason = r.ok ? '' : r.reason;
      assert.match(reason, /is not an http\(s\) URL/);
      assert.ok(reason.length < 300, `${reason.length} characters`);
      assert.doesNotMatch(reason, /\p{Cc}/u);
    }
  });

  it('reads no token from an empty session, and does not hang on a pipe', async () => {
    await writeFile(join(dir, 'url'), 'https://coder.example.com');
    await writeFile(join(dir, 'session'), '  \n');
    const empty = await readCredentials({ configDir: dir });
    assert.equal(empty.ok && empty.credentials.token, null);
    await rm(join(dir, 'session'));
    makeFifo(join(dir, 'session'));
    const timer = new Promise<string>((resolve) => setTimeout(() => resolve('hung'), 2000).unref());
    const piped = await Promise.race([readCredentials({ configDir: dir }), timer]);
    assert.notEqual(piped, 'hung');
    assert.equal(typeof piped === 'object' && piped.ok && piped.credentials.token, null);
  });
});

describe('fetching the connection settings from real servers', () => {
  const servers: RecordingServer[] = [];
  const serve = async (answer: Answer, tls?: TestCa): Promise<RecordingServer> => {
    const server = await startServer(answer, tls);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const signal = new AbortController().signal;
  const credentialsFor = async (origin: string, token = TOKEN): Promise<DeploymentCredentials> => {
    const read = await readCredentials({ deploymentUrl: `${origin}/`, sessionToken: token });
    assert.ok(read.ok);
    return read.credentials;
  };
  const fetchFrom = async (origin: string, token = TOKEN): Promise<{ ok: boolean; reason?: string }> => {
    const fetchFn = defaultFetch();
    assert.ok(fetchFn);
    return fetchConnectionInfo(await credentialsFor(origin, token), fetchFn, 5000, signal);
  };

  it('sends the token in its header to the deployment and reads the settings', async () => {
    const deployment = await serve(answerWith(200, fixture('connection-info.json')));
    const r = await fetchFrom(deployment.origin);
    assert.equal(r.ok, true);
    assert.equal(deployment.requests.length, 1);
    assert.equal(deployment.requests[0].url, '/api/v2/workspaceagents/connection');
    assert.equal(deployment.requests[0].headers['coder-session-token'], TOKEN);
  });

  it('never follows a redirect to another origin: the other server gets no request and no token', async () => {
    for (const status of [301, 302, 303, 307, 308]) {
      const other = await serve(answerWith(200, fixture('connection-info.json')));
      const deployment = await serve(redirectTo(status, `${other.origin}/api/v2/workspaceagents/connection?stolen=1`));
      const r = await fetchFrom(deployment.origin);
      assert.equal(r.ok, false, `HTTP ${status}`);
      assert.equal(deployment.requests.length, 1);
      assert.equal(other.requests.length, 0, `HTTP ${status} reached the other server`);
      assert.equal(
        r.reason,
        `${deployment.origin}/api/v2/workspaceagents/connection answered a redirect (HTTP ${status} to ${other.origin}); it was not followed, so the session token stayed here. Sign in with the deployment's final URL.`,
      );
    }
  });

  it('names no target for a redirect to garbage, and never echoes the token a Location carries', async () => {
    for (const location of ['javascript:alert(1)', 'http://[::1', '']) {
      const deployment = await serve(redirectTo(302, location));
      const r = await fetchFrom(deployment.origin);
      assert.match(r.reason ?? '', /answered a redirect \(HTTP 302\); it was not followed/, JSON.stringify(location));
    }
    const other = await serve(answerWith(200, '{}'));
    const echo = await serve(redirectTo(302, `${other.origin}/login?token=${TOKEN}#${TOKEN}`));
    const r = await fetchFrom(echo.origin);
    assert.equal(r.reason?.includes(TOKEN), false);
    assert.equal(r.reason?.includes('/login'), false);
    assert.equal(other.requests.length, 0);
  });

  it('explains a refused session by naming the deployment to sign in to, without the token', async () => {
    for (const status of [401, 403]) {
      const deployment = await serve(answerWith(status, `{"message":"bad token ${TOKEN}"}`));
      const r = await fetchFrom(deployment.origin);
      assert.equal(
        r.reason,
        `${deployment.origin}/api/v2/workspaceagents/connection answered ${status}: the session was refused. Sign in to 127.0.0.1 through the Coder extension (Coder: Login) or with \`coder login ${deployment.origin}\`.`,
      );
    }
  });

  it('keeps the token out of every reason, even when the deployment echoes it in a body that is not JSON', async () => {
    const answers: Answer[] = [
      answerWith(200, `Coder-Session-Token: ${TOKEN}`, 'text/plain'),
      answerWith(200, `{"derp_map": "${TOKEN}"}`),
      answerWith(500, TOKEN, 'text/plain'),
      (req, res) => req.headers && res.destroy(),
    ];
    for (const [i, answer] of answers.entries()) {
      const deployment = await serve(answer);
      const r = await fetchFrom(deployment.origin);
      assert.equal(r.ok, false, `answer #${i}`);
      assert.equal(r.reason?.includes(TOKEN), false, `answer #${i}: ${r.reason}`);
    }
  });

  it('refuses a token a header cannot carry, before sending anything, and does not quote it', async () => {
    const deployment = await serve(answerWith(200, fixture('connection-info.json')));
    for (const token of [`${TOKEN}\n${TOKEN}`, `${TOKEN}\u0000`, `${TOKEN}ü\u0100`]) {
      const r = await fetchFrom(deployment.origin, token);
      assert.equal(r.ok, false);
      assert.match(r.reason ?? '', /session token .* cannot be sent.*Sign in to 127\.0\.0\.1/);
      assert.equal(r.reason?.includes(TOKEN), false, r.reason);
    }
    assert.equal(deployment.requests.length, 0);
  });

  it('gives up on a deployment that never answers', async () => {
    const deployment = await serve(() => undefined);
    const fetchFn = defaultFetch();
    assert.ok(fetchFn);
    const r = await fetchConnectionInfo(await credentialsFor(deployment.origin), fetchFn, 200, signal);
    assert.equal(
      r.ok ? '' : r.reason,
      `${deployment.origin}/api/v2/workspaceagents/connection did not answer within 200 ms`,
    );
  });

  describe('over HTTPS', () => {
    let ca: TestCa;
    before(async () => (ca = await makeTestCa()));
    after(() => ca.remove());

    /** The same call in a process that trusts the test CA, still through the global fetch. */
    async function fetchTrusting(origin: string): Promise<{ ok: boolean; reason?: string }> {
      const run = await runProcess(process.execPath, [join(__dirname, 'fetch-connection-child.js')], {
        env: {
          PATH: process.env.PATH,
          NODE_EXTRA_CA_CERTS: ca.caFile,
          WSD_TEST_CREDENTIALS: JSON.stringify(await credentialsFor(origin)),
        },
        timeoutMs: 20_000,
      });
      assert.equal(run.code, 0, run.stderr);
      return JSON.parse(run.stdout) as { ok: boolean; reason?: string };
    }

    it('reads the settings from an HTTPS deployment', async () => {
      const deployment = await serve(answerWith(200, fixture('connection-info.json')), ca);
      assert.deepEqual((await fetchTrusting(deployment.origin)).ok, true);
      assert.equal(deployment.requests[0].headers['coder-session-token'], TOKEN);
    });

    it('does not follow an https to http downgrade', async () => {
      const plain = await serve(answerWith(200, fixture('connection-info.json')));
      const deployment = await serve(redirectTo(302, `${plain.origin}/api/v2/workspaceagents/connection`), ca);
      const r = await fetchTrusting(deployment.origin);
      assert.equal(deployment.requests.length, 1);
      assert.equal(plain.requests.length, 0);
      assert.equal(r.ok, false);
      assert.match(
        r.reason ?? '',
        new RegExp(
          `^https://127\\.0\\.0\\.1:\\d+/api/v2/workspaceagents/connection answered a redirect \\(HTTP 302 to ${plain.origin}\\)`,
        ),
      );
      assert.equal(r.reason?.includes(TOKEN), false);
    });
  });
});
