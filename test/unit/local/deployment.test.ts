import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapStunServers } from '../../../src/diag/local/derp-map';
import { fetchConnectionInfo, parseConnectionInfo, readCredentials } from '../../../src/diag/local/deployment';
import type { FetchFn } from '../../../src/diag/local/fetch-fn';
import { fixture } from './fixtures';

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
    const creds = { url: 'https://coder.example.com', token: 'secret-token-123' };
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
      /401: the session was refused\. Sign in to coder\.example\.com .*`coder login https:\/\/coder\.example\.com`/,
    );
    assert.match(reasons[1], /HTTP 500/);
    assert.match(reasons[2], /did not answer within 50 ms/);
    assert.match(reasons[3], /ECONNREFUSED/);
    for (const reason of reasons) assert.equal(reason.includes('secret'), false);
  });
});
