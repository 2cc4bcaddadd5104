// Root-only: the enterprise network's stand-ins proved with a real client (curl) from the client
// namespace: a proxy-only network, a tinyproxy with and without Basic authentication, a proxy that
// never answers, names only the proxy can resolve, and Coder deployment stand-ins behind a private CA,
// mutual TLS and an access gate. These are the stand-ins' own checks; the probes' tests build on them.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONNECTION_PATH,
  SIGNED_OUT_MESSAGE,
  spawnDeploymentStandin,
  type DerpMapJson,
  type SpawnedDeploymentStandin,
} from '../support/deployment-standin';
import { spawnDerpStandin } from '../support/derp-standin';
import {
  buildEnterpriseLab,
  directDrops,
  LAB_NAMES,
  PROXY_IP,
  setProxyOnly,
  type EnterpriseLab,
} from '../support/enterprise-lab';
import { PUBLIC_IPS } from '../support/nat-lab';
import { Lab, requireRoot, requireTools } from '../support/netns';
import { startHangingProxy, startTinyproxy, type HangingProxy, type LabProxy } from '../support/proxy';
import { issueClientCert, issueServerCert, makeTestCa } from '../support/test-tls';

const PORTS = { deployment: 443, mtls: 4443, gated: 5443, derp: 8443, notAllowed: 9443 };
const TOKEN = 'lab-session-token-3f9a';
const GATE = { name: 'Cf-Access-Token', value: 'lab-gate-value-77' };
const DERP_MAP: DerpMapJson = {
  Regions: {
    '1': {
      RegionID: 1,
      RegionCode: 'lab1',
      RegionName: 'Lab relay',
      Nodes: [
        {
          Name: '1a',
          RegionID: 1,
          HostName: LAB_NAMES.derp1,
          IPv4: PUBLIC_IPS[0],
          STUNPort: 3478,
          DERPPort: PORTS.derp,
        },
      ],
    },
  },
};

interface Curl {
  exit: number;
  /** %{http_code}: the origin's status ("000" when none). */
  status: string;
  /** %{http_connect}: the proxy's answer to CONNECT ("000" when none). */
  connect: string;
  body: string;
  stderr: string;
  ms: number;
}

/** curl in `ns` with no proxy from the environment; never rejects, the exit code is the result. */
function curl(ns: string, args: string[]): Promise<Curl> {
  const env = { ...process.env };
  for (const k of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'all_proxy', 'NO_PROXY'])
    delete env[k];
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      'ip',
      ['netns', 'exec', ns, 'curl', '-sS', '--max-time', '10', '-w', '\n%{http_code} %{http_connect}', ...args],
      { env, timeout: 30_000 },
      (err, stdout, stderr) => {
        const cut = stdout.lastIndexOf('\n');
        const [status = '', connect = ''] = stdout.slice(cut + 1).split(' ');
        const exit = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ exit, status, connect, body: stdout.slice(0, cut), stderr, ms: Date.now() - started });
      },
    );
  });
}

describe('lab: enterprise network stand-ins (proxy-only network, private CA, mTLS, access gate)', function () {
  let lab: Lab | null = null;
  let e: EnterpriseLab;
  let dir: string;
  let proxy: LabProxy;
  let authProxy: LabProxy;
  let hanging: HangingProxy;
  let deployment: SpawnedDeploymentStandin;
  let mtls: SpawnedDeploymentStandin;
  let gated: SpawnedDeploymentStandin;
  let deploymentStdout = '';
  const file = (name: string): string => join(dir, name);
  const coder = (port: number, path = CONNECTION_PATH): string => `https://${LAB_NAMES.coder}:${port}${path}`;

  before(async function () {
    requireRoot();
    requireTools({ ip: 'iproute2', iptables: 'iptables', openssl: 'openssl', tinyproxy: 'tinyproxy', curl: 'curl' });
    lab = new Lab();
    e = await buildEnterpriseLab(lab);
    dir = await mkdtemp(join(tmpdir(), 'wsdoctor-lab-enterprise-'));
    lab.onCleanup(() => rm(dir, { recursive: true, force: true }));

    const serverCa = await makeTestCa('wsdoctor lab server CA');
    const clientCa = await makeTestCa('wsdoctor lab client CA');
    const otherCa = await makeTestCa('wsdoctor lab other CA');
    const server = await issueServerCert(serverCa, [LAB_NAMES.coder, LAB_NAMES.derp1, PUBLIC_IPS[0]]);
    const alice = await issueClientCert(clientCa, 'alice');
    const mallory = await issueClientCert(otherCa, 'mallory');
    await writeFile(file('ca.pem'), serverCa.caPem);
    await writeFile(file('alice.pem'), alice.cert);
    await writeFile(file('alice.key'), alice.key, { mode: 0o600 });
    await writeFile(file('mallory.pem'), mallory.cert);
    await writeFile(file('mallory.key'), mallory.key, { mode: 0o600 });

    const base = { host: PUBLIC_IPS[0], sessionToken: TOKEN, derpMap: DERP_MAP };
    [deployment, mtls, gated] = await Promise.all([
      spawnDeploymentStandin(lab, e.pub, { ...base, port: PORTS.deployment, tls: server }),
      spawnDeploymentStandin(lab, e.pub, {
        ...base,
        port: PORTS.mtls,
        tls: { ...server, clientCa: clientCa.caPem },
        requireClientCert: true,
      }),
      spawnDeploymentStandin(lab, e.pub, { ...base, port: PORTS.gated, tls: server, requireHeader: GATE }),
    ]);
    deployment.child.stdout?.on('data', (c: Buffer) => (deploymentStdout += c.toString()));
    await spawnDerpStandin(lab, e.pub, { host: PUBLIC_IPS[0], port: PORTS.derp, tls: server });

    const connectPorts = [PORTS.deployment, PORTS.mtls, PORTS.gated, PORTS.derp];
    [proxy, authProxy, hanging] = await Promise.all([
      startTinyproxy(lab, e.proxy, { listen: PROXY_IP, port: 3128, connectPorts }),
      startTinyproxy(lab, e.proxy, {
        listen: PROXY_IP,
        port: 3129,
        connectPorts,
        basicAuth: { user: 'alice', password: 'proxy-pass-1' },
      }),
      startHangingProxy(lab, e.proxy, { host: PROXY_IP, port: 3130 }),
    ]);
  });

  after(async function () {
    await lab?.cleanup();
  });

  it('names: the proxy namespace resolves the lab names, the client none of them, and fails fast', async () => {
    assert.match(await e.lab.exec(e.proxy, 'getent', ['hosts', LAB_NAMES.coder]), /^203\.0\.113\.10\s/);
    assert.match(await e.lab.exec(e.proxy, 'getent', ['hosts', LAB_NAMES.derp2]), /^203\.0\.113\.11\s/);
    assert.match(await e.lab.exec(e.client, 'getent', ['hosts', LAB_NAMES.proxy]), /^10\.200\.2\.2\s/);
    const lookup = `const t = process.hrtime.bigint();
      require('dns').lookup(process.argv[1], (err) =>
        console.log(JSON.stringify({ code: err ? err.code : null, ms: Number(process.hrtime.bigint() - t) / 1e6 })));`;
    for (const name of [LAB_NAMES.coder, LAB_NAMES.derp1]) {
      const r = JSON.parse(await e.lab.exec(e.client, process.execPath, ['-e', lookup, name])) as {
        code: string | null;
        ms: number;
      };
      assert.ok(r.code === 'EAI_AGAIN' || r.code === 'ENOTFOUND', `${name} resolved in the client namespace`);
      assert.ok(r.ms < 500, `a failed lookup took ${r.ms} ms`);
    }
    const direct = await curl(e.client, ['--noproxy', '*', coder(PORTS.deployment)]);
    assert.equal(direct.exit, 6, direct.stderr); // Could not resolve host
  });

  it('through the proxy with the private CA: the deployment answers its DERP map, by name', async () => {
    const seenBefore = deployment.requests.length;
    const r = await curl(e.client, [
      '--proxy',
      proxy.url,
      '--cacert',
      file('ca.pem'),
      '-H',
      `Coder-Session-Token: ${TOKEN}`,
      coder(PORTS.deployment),
    ]);
    assert.equal(r.exit, 0, r.stderr);
    assert.deepEqual([r.connect, r.status], ['200', '200']);
    assert.deepEqual(JSON.parse(r.body), {
      derp_map: DERP_MAP,
      derp_force_websockets: false,
      disable_direct_connections: false,
      hostname_suffix: 'coder',
    });
    assert.ok((await proxy.requests()).includes(`CONNECT ${LAB_NAMES.coder}:${PORTS.deployment}`));
    const seen = (await deployment.waitForRequests(seenBefore + 1))[seenBefore];
    assert.equal(seen?.path, CONNECTION_PATH);
    assert.equal(seen?.headers['coder-session-token'], '<valid token>');
    assert.match(seen?.headers['user-agent'] ?? '', /^curl\//);
    // The proxy is named too (the client resolves only it).
    const named = await curl(e.client, [
      '--proxy',
      `http://${LAB_NAMES.proxy}:${proxy.port}`,
      '--cacert',
      file('ca.pem'),
      coder(PORTS.deployment, '/api/v2/buildinfo'),
    ]);
    assert.equal(named.status, '200', named.stderr);
  });

  it('without the CA the certificate is refused; without the token coderd says 401, with a wrong one too', async () => {
    const seenBefore = deployment.requests.length;
    const untrusted = await curl(e.client, ['--proxy', proxy.url, coder(PORTS.deployment)]);
    assert.equal(untrusted.exit, 60, untrusted.stderr); // peer certificate cannot be authenticated
    const anonymous = await curl(e.client, ['--proxy', proxy.url, '--cacert', file('ca.pem'), coder(PORTS.deployment)]);
    assert.equal(anonymous.status, '401');
    assert.equal((JSON.parse(anonymous.body) as { message: string }).message, SIGNED_OUT_MESSAGE);
    const wrong = await curl(e.client, [
      '--proxy',
      proxy.url,
      '--cacert',
      file('ca.pem'),
      '-H',
      'Coder-Session-Token: not-it',
      coder(PORTS.deployment),
    ]);
    assert.equal(wrong.status, '401');
    const seen = (await deployment.waitForRequests(seenBefore + 2)).slice(seenBefore);
    assert.deepEqual(
      seen.map((r) => [r.status, r.headers['coder-session-token']]),
      [
        [401, undefined],
        [401, '<wrong token>'],
      ],
    );
    assert.ok(!deploymentStdout.includes(TOKEN), 'the stand-in printed the token');
    const argv = await readFile(`/proc/${deployment.child.pid}/cmdline`, 'utf8');
    assert.ok(!argv.includes(TOKEN), 'the token is on the stand-in’s command line');
  });

  it('proxy-only: direct TCP and UDP to the public side are dropped (curl times out); off, direct works', async () => {
    const resolve = ['--resolve', `${LAB_NAMES.coder}:${PORTS.deployment}:${PUBLIC_IPS[0]}`];
    const args = ['--noproxy', '*', ...resolve, '--cacert', file('ca.pem'), '--connect-timeout', '1'];
    const before = await directDrops(e);
    const dropped = await curl(e.client, [...args, coder(PORTS.deployment, '/api/v2/buildinfo')]);
    assert.equal(dropped.exit, 28, dropped.stderr); // timed out: dropped, not refused
    assert.ok(dropped.ms < 3000, `curl took ${dropped.ms} ms`);
    const udp = `const s = require('dgram').createSocket('udp4');
      s.send(Buffer.alloc(20), 3478, process.argv[1], () => s.close());`;
    await e.lab.exec(e.client, process.execPath, ['-e', udp, PUBLIC_IPS[1]]);
    const after = await directDrops(e);
    assert.ok(after.tcp > before.tcp, 'no TCP packet was dropped');
    assert.ok(after.udp > before.udp, 'no UDP packet was dropped');
    await setProxyOnly(e, false);
    try {
      const direct = await curl(e.client, [...args, coder(PORTS.deployment, '/api/v2/buildinfo')]);
      assert.equal(direct.status, '200', direct.stderr);
    } finally {
      await setProxyOnly(e, true);
    }
    const again = await curl(e.client, [...args, coder(PORTS.deployment, '/api/v2/buildinfo')]);
    assert.equal(again.exit, 28, again.stderr);
  });

  it('the access gate: 403 (not JSON) without its header, the deployment behind it with it', async () => {
    const common = ['--proxy', proxy.url, '--cacert', file('ca.pem'), '-H', `Coder-Session-Token: ${TOKEN}`];
    const without = await curl(e.client, [...common, coder(PORTS.gated)]);
    assert.equal(without.status, '403');
    assert.match(without.body, /^<html>/);
    const wrong = await curl(e.client, [...common, '-H', `${GATE.name}: nope`, coder(PORTS.gated)]);
    assert.equal(wrong.status, '403');
    const withIt = await curl(e.client, [...common, '-H', `${GATE.name}: ${GATE.value}`, coder(PORTS.gated)]);
    assert.equal(withIt.status, '200', withIt.stderr);
    assert.deepEqual(
      (await gated.waitForRequests(3)).map((r) => [r.status, r.headers[GATE.name.toLowerCase()]]),
      [
        [403, undefined],
        [403, '<wrong value>'],
        [200, '<expected value>'],
      ],
    );
  });

  it('mutual TLS: no handshake without a client certificate or with one from another CA', async () => {
    const common = ['--proxy', proxy.url, '--cacert', file('ca.pem'), '-H', `Coder-Session-Token: ${TOKEN}`];
    // TLS 1.3: the client's handshake is done before the server checks its certificate, so curl
    // sees the refusal as the connection's end (52, "Empty reply") or an alert (56); TLS 1.2 fails
    // inside the handshake (35).
    const none = await curl(e.client, [...common, coder(PORTS.mtls)]);
    assert.ok([52, 56].includes(none.exit), `curl exit ${none.exit}: ${none.stderr}`);
    assert.equal(none.status, '000');
    const none12 = await curl(e.client, [...common, '--tls-max', '1.2', coder(PORTS.mtls)]);
    assert.equal(none12.exit, 35, none12.stderr);
    const stranger = await curl(e.client, [
      ...common,
      '--cert',
      file('mallory.pem'),
      '--key',
      file('mallory.key'),
      coder(PORTS.mtls),
    ]);
    assert.ok([35, 52, 56].includes(stranger.exit), `curl exit ${stranger.exit}: ${stranger.stderr}`);
    const alice = await curl(e.client, [
      ...common,
      '--cert',
      file('alice.pem'),
      '--key',
      file('alice.key'),
      coder(PORTS.mtls),
    ]);
    assert.equal(alice.status, '200', alice.stderr);
    assert.deepEqual(
      (await mtls.waitForRequests(1)).map((r) => r.clientCert),
      [{ cn: 'alice', authorized: true }],
    );
  });

  it('the authenticating proxy: 407 without credentials, 401 with wrong ones, through with them', async () => {
    const common = ['--cacert', file('ca.pem'), coder(PORTS.deployment, '/api/v2/buildinfo')];
    const anonymous = await curl(e.client, ['--proxy', authProxy.url, ...common]);
    assert.equal(anonymous.connect, '407', anonymous.stderr);
    assert.equal(anonymous.exit, 56);
    const wrong = await curl(e.client, ['--proxy', authProxy.url, '--proxy-user', 'alice:nope', ...common]);
    // tinyproxy 1.11 answers wrong credentials with 401 Unauthorized and WWW-Authenticate (not 407 as
    // for none): a client must take a 401 to its CONNECT as the proxy's refusal too.
    assert.equal(wrong.connect, '401');
    assert.ok(authProxy.urlWithCredentials);
    const ok = await curl(e.client, ['--proxy', authProxy.urlWithCredentials, ...common]);
    assert.deepEqual([ok.connect, ok.status], ['200', '200']);
    // Plain HTTP through it: the 407 is the proxy's own page, with its challenge.
    const plain = await curl(e.client, ['--proxy', authProxy.url, '-i', `http://${LAB_NAMES.coder}/`]);
    assert.equal(plain.status, '407');
    assert.match(plain.body, /^Proxy-Authenticate: Basic realm="Tinyproxy"/im);
  });

  it('CONNECT only to the configured ports: another port is refused by the proxy (403)', async () => {
    const r = await curl(e.client, ['--proxy', proxy.url, `https://${LAB_NAMES.coder}:${PORTS.notAllowed}/`]);
    assert.equal(r.connect, '403', r.stderr);
  });

  it('the DERP stand-in: bound to the IPv4 address only, reached by name through the proxy', async () => {
    const sockets = await e.lab.exec(e.pub, 'ss', ['-Hntl']);
    const derp = sockets.split('\n').filter((l) => l.includes(`:${PORTS.derp} `));
    assert.equal(derp.length, 1, sockets);
    assert.match(derp[0] ?? '', new RegExp(` ${PUBLIC_IPS[0].replaceAll('.', '\\.')}:${PORTS.derp} `));
    const r = await curl(e.client, [
      '--proxy',
      proxy.url,
      '--cacert',
      file('ca.pem'),
      `https://${LAB_NAMES.derp1}:${PORTS.derp}/derp/latency-check`,
    ]);
    assert.deepEqual([r.connect, r.status], ['200', '200']);
  });

  it('the hanging proxy accepts and never answers: the client gives up at its own deadline', async () => {
    const r = await curl(e.client, [
      '--proxy',
      hanging.url,
      '--max-time',
      '1',
      '--cacert',
      file('ca.pem'),
      coder(PORTS.deployment),
    ]);
    assert.equal(r.exit, 28, r.stderr);
    assert.ok(r.ms < 2500, `curl took ${r.ms} ms`);
    assert.equal(r.connect, '000');
    assert.ok(hanging.accepted() >= 1);
  });
});
