// Root-only: the probes on an enterprise network, through the real stand-ins: a proxy-only network
// (tinyproxy, with and without a login, and one that never answers), a deployment behind a private
// CA, mutual TLS and an access gate, and a DERP relay reachable only at the IPv4 its map gives.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IssueFinding } from '../../../src/diag/events';
import { parseNetcheck } from '../../../src/diag/coder/netcheck';
import type { DerpRegionResult } from '../../../src/diag/local/derp-probe';
import type { LocalProbeOptions } from '../../../src/diag/local/options';
import type { NetSettings } from '../../../src/diag/net/settings';
import { CLI_BUNDLE } from '../../support/paths';
import { spawnDeploymentStandin, type DerpMapJson } from '../support/deployment-standin';
import { spawnDerpStandin } from '../support/derp-standin';
import {
  buildEnterpriseLab,
  LAB_NAMES,
  PROXY_IP,
  PUBLIC_HOSTS,
  setNamesIn,
  setProxyOnly,
  type EnterpriseLab,
} from '../support/enterprise-lab';
import { PUBLIC_IPS, runProbesIn, setNat, startStund, type ProbeRun } from '../support/nat-lab';
import { Lab, requireRoot, requireTools, run } from '../support/netns';
import { startHangingProxy, startTinyproxy, type LabProxy } from '../support/proxy';
import { issueClientCert, issueServerCert, makeTestCa } from '../support/test-tls';

const PORTS = { deployment: 443, mtls: 4443, gated: 5443, derp: 8443 };
const TOKEN = 'lab-session-token-7c1e';
const GATE = { name: 'Cf-Access-Token', value: 'gate-secret-value-5521' };
const PROXY_PASSWORD = 'proxy-pass-4410';

function derpMap(node: Record<string, unknown>): DerpMapJson {
  const base = { Name: '1a', RegionID: 1, HostName: LAB_NAMES.derp1, STUNPort: 3478, DERPPort: PORTS.derp };
  return {
    Regions: { '1': { RegionID: 1, RegionCode: 'lab1', RegionName: 'Lab relay', Nodes: [{ ...base, ...node }] } },
  } as DerpMapJson;
}
/** The relay as Coder maps it: a HostName the client may not resolve, and the IPv4 to dial. */
const MAP = derpMap({ IPv4: PUBLIC_IPS[0] });

const ids = (r: ProbeRun): string[] => r.findings.map((f) => f.id).sort();
const finding = (r: ProbeRun, id: string): IssueFinding | undefined => r.findings.find((f) => f.id === id);
const relays = (r: ProbeRun): DerpRegionResult[] =>
  (r.probes.get('derp')?.data as { regions?: DerpRegionResult[] } | undefined)?.regions ?? [];

describe('lab: probes on an enterprise network (proxy-only, private CA, mTLS, access gate)', function () {
  let lab: Lab | null = null;
  let e: EnterpriseLab;
  let dir = '';
  let proxy: LabProxy;
  let authProxy: LabProxy;
  let hangingUrl = '';
  const file = (name: string): string => join(dir, name);
  const deploymentUrl = (port: number): string => `https://${LAB_NAMES.coder}:${port}`;

  before(async function () {
    requireRoot();
    requireTools({
      ip: 'iproute2',
      iptables: 'iptables',
      openssl: 'openssl',
      tinyproxy: 'tinyproxy',
      stund: 'stun-server',
    });
    lab = new Lab();
    e = await buildEnterpriseLab(lab);
    dir = await mkdtemp(join(tmpdir(), 'wsdoctor-lab-net-'));
    lab.onCleanup(() => rm(dir, { recursive: true, force: true }));
    await startStund(e);

    const serverCa = await makeTestCa('Lab Corp Root CA');
    const clientCa = await makeTestCa('Lab Corp Client CA');
    const server = await issueServerCert(serverCa, [LAB_NAMES.coder, LAB_NAMES.derp1, PUBLIC_IPS[0]]);
    const alice = await issueClientCert(clientCa, 'alice');
    await writeFile(file('ca.pem'), serverCa.caPem);
    await writeFile(file('alice.pem'), alice.cert);
    await writeFile(file('alice.key'), alice.key, { mode: 0o600 });

    const base = { host: PUBLIC_IPS[0], sessionToken: TOKEN, derpMap: MAP };
    await Promise.all([
      spawnDeploymentStandin(lab, e.pub, { ...base, port: PORTS.deployment, tls: server }),
      spawnDeploymentStandin(lab, e.pub, {
        ...base,
        port: PORTS.mtls,
        tls: { ...server, clientCa: clientCa.caPem },
        requireClientCert: true,
      }),
      spawnDeploymentStandin(lab, e.pub, { ...base, port: PORTS.gated, tls: server, requireHeader: GATE }),
      spawnDerpStandin(lab, e.pub, { host: PUBLIC_IPS[0], port: PORTS.derp, tls: server }),
    ]);
    const connectPorts = Object.values(PORTS);
    const hanging = await startHangingProxy(lab, e.proxy, { host: PROXY_IP, port: 3130 });
    hangingUrl = hanging.url;
    [proxy, authProxy] = await Promise.all([
      startTinyproxy(lab, e.proxy, { listen: PROXY_IP, port: 3128, connectPorts }),
      startTinyproxy(lab, e.proxy, {
        listen: PROXY_IP,
        port: 3129,
        connectPorts,
        basicAuth: { user: 'alice', password: PROXY_PASSWORD },
      }),
    ]);
  });

  after(async function () {
    await lab?.cleanup();
  });

  /** The probes in the client namespace against the deployment at `port`; STUN from the map. */
  const probe = (
    net: NetSettings,
    port = PORTS.deployment,
    extra: Partial<LocalProbeOptions> = {},
  ): Promise<ProbeRun> =>
    runProbesIn(e.lab, e.client, {
      deploymentUrl: deploymentUrl(port),
      sessionToken: TOKEN,
      net,
      skip: ['mtu', 'vpn', 'aws'],
      deadlineMs: 2500,
      ...extra,
    });
  const viaProxy = (more: NetSettings = {}): NetSettings => ({
    httpsProxy: proxy.url,
    caFiles: [file('ca.pem')],
    ...more,
  });

  it('proxy-only network: deployment, DERP map and relay all through the proxy, and the report says every connection will be relayed', async () => {
    await setProxyOnly(e, true);
    const r = await probe(viaProxy());
    assert.equal(r.probes.get('deployment')?.ran, true, r.probes.get('deployment')?.reason);
    const [relay] = relays(r);
    assert.equal(typeof relay.latencyMs, 'number', relay.latencyError);
    assert.deepEqual([relay.upgrade, relay.websocket], ['ok', 'ok']);
    assert.deepEqual(relay.dialed, { address: PUBLIC_IPS[0], from: 'ipv4', proxy: proxy.url });
    assert.equal((r.probes.get('stun')?.data as { udp: string }).udp, 'blocked');
    assert.deepEqual(finding(r, 'proxy-only-network')?.detail, { proxy: proxy.url });
    const network = r.probes.get('network')?.data as { directTcp: { reached: boolean }; relaysThroughProxy: string[] };
    assert.equal(network.directTcp.reached, false);
    assert.deepEqual(network.relaysThroughProxy, ['Lab relay']);
    // The proxy was asked for the names, as Tailscale's DERP client asks (the client cannot resolve them).
    const seen = await proxy.requests();
    assert.ok(seen.includes(`CONNECT ${LAB_NAMES.coder}:${PORTS.deployment}`), seen.join('\n'));
    assert.ok(seen.includes(`CONNECT ${LAB_NAMES.derp1}:${PORTS.derp}`), seen.join('\n'));
  });

  it('a relay reachable only at its IPv4, with a HostName the client cannot resolve, is reached at that IPv4', async () => {
    await setProxyOnly(e, false);
    const r = await probe({ caFiles: [file('ca.pem')] }, PORTS.deployment, {
      deploymentUrl: `https://${PUBLIC_IPS[0]}:${PORTS.deployment}`,
      skip: ['mtu', 'vpn', 'aws', 'stun'],
    });
    const [relay] = relays(r);
    assert.equal(typeof relay.latencyMs, 'number', relay.latencyError);
    assert.deepEqual(relay.dialed, { address: PUBLIC_IPS[0], from: 'ipv4' });
    assert.equal(relay.url, `https://${LAB_NAMES.derp1}:${PORTS.derp}`);
    assert.deepEqual(ids(r), []);
  });

  it('IPv4 "none": the relay is not dialled at any IPv4, and the report says the name did not resolve', async () => {
    await setProxyOnly(e, false);
    const r = await probe({ caFiles: [file('ca.pem')] }, PORTS.deployment, {
      deploymentUrl: undefined,
      netcheck: undefined,
      skip: ['mtu', 'vpn', 'aws', 'stun', 'deployment'],
      ...netcheckOf(derpMap({ IPv4: 'none' })),
    });
    const [relay] = relays(r);
    assert.deepEqual(relay.dialed, { address: LAB_NAMES.derp1, from: 'dns' });
    assert.equal(relay.latencyMs, null);
    assert.match(relay.latencyError ?? '', /EAI_AGAIN|ENOTFOUND|ENODATA/);
    assert.deepEqual(ids(r), ['derp-unreachable']);
  });

  it("a private CA this machine doesn't trust: a finding naming the issuer, not 'could not run'", async () => {
    await setProxyOnly(e, true);
    const r = await probe({ httpsProxy: proxy.url });
    assert.equal(r.probes.get('deployment')?.ran, false);
    assert.deepEqual(finding(r, 'tls-certificate')?.detail, {
      problem: 'untrusted',
      host: `${LAB_NAMES.coder}`,
      issuer: 'Lab Corp Root CA',
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      fix: '--ca-file FILE (or SSL_CERT_FILE)',
    });
  });

  it('a deployment that wants a client certificate: required without one, fine with coder.tlsCertFile/KeyFile', async () => {
    await setProxyOnly(e, true);
    const without = await probe(viaProxy(), PORTS.mtls);
    assert.equal(finding(without, 'client-certificate')?.detail?.problem, 'required');
    const withCert = await probe(
      viaProxy({ clientCertFile: file('alice.pem'), clientKeyFile: file('alice.key') }),
      PORTS.mtls,
    );
    assert.equal(withCert.probes.get('deployment')?.ran, true, withCert.probes.get('deployment')?.reason);
  });

  it('an access gate: 403 without the header command, through with it; a failing or garbage command is a finding', async () => {
    await setProxyOnly(e, true);
    const without = await probe(viaProxy(), PORTS.gated);
    assert.equal(finding(without, 'deployment-headers')?.detail?.problem, 'refused');
    const command = `printf '${GATE.name}=${GATE.value}\\n'`;
    const gated = await probe(viaProxy({ headerCommand: command }), PORTS.gated);
    assert.equal(gated.probes.get('deployment')?.ran, true, gated.probes.get('deployment')?.reason);
    for (const bad of ['exit 3', `echo 'not a header ${GATE.value}'`]) {
      const r = await probe(viaProxy({ headerCommand: bad }), PORTS.gated);
      assert.equal(finding(r, 'deployment-headers')?.detail?.problem, 'failed', bad);
      assert.equal(JSON.stringify(r.events).includes(GATE.value), false, 'the header value never reaches a report');
    }
  });

  it('a proxy that wants a login: named without its credentials; with them, through', async () => {
    await setProxyOnly(e, true);
    const without = await probe(viaProxy({ httpsProxy: authProxy.url }));
    assert.deepEqual(finding(without, 'proxy-problem')?.detail, {
      problem: 'auth',
      proxy: authProxy.url,
      status: 407,
      fix: 'HTTPS_PROXY',
    });
    const wrong = await probe(viaProxy({ httpsProxy: authProxy.url.replace('//', '//alice:wrong@') }));
    // tinyproxy answers wrong credentials with 401, not 407: the finding says what it answered.
    assert.deepEqual(finding(wrong, 'proxy-problem')?.detail, {
      problem: 'auth-refused',
      proxy: authProxy.url,
      status: 401,
      fix: 'HTTPS_PROXY',
    });
    const right = await probe(viaProxy({ httpsProxy: authProxy.url.replace('//', `//alice:${PROXY_PASSWORD}@`) }));
    assert.equal(right.probes.get('deployment')?.ran, true, right.probes.get('deployment')?.reason);
    for (const r of [without, wrong, right])
      assert.equal(
        JSON.stringify(r.events).includes(PROXY_PASSWORD),
        false,
        'the proxy password never reaches a report',
      );
  });

  it('a proxy that never answers: the deadline holds and the proxy is named', async () => {
    await setProxyOnly(e, true);
    const started = Date.now();
    const r = await probe(viaProxy({ httpsProxy: hangingUrl }), PORTS.deployment, {
      skip: ['mtu', 'vpn', 'aws', 'stun'],
    });
    const ms = Date.now() - started;
    assert.ok(ms < 2500 + 2500, `took ${ms} ms with a 2500 ms deadline`);
    assert.equal(r.probes.get('deployment')?.ran, false);
    assert.match(r.probes.get('deployment')?.reason ?? '', /did not answer within/);
  });

  it('a CA file that cannot be read is a finding and the rest still runs', async () => {
    await setProxyOnly(e, true);
    const r = await probe(viaProxy({ caFiles: [file('missing.pem'), file('ca.pem')] }));
    assert.equal(r.probes.get('deployment')?.ran, true);
    assert.equal(finding(r, 'tls-file')?.detail?.file, file('missing.pem'));
  });

  it('wsdoctor check --local through the proxy (environment only) finishes within 2 s of the same check without it', async () => {
    const login = file('login');
    await run('mkdir', ['-p', login]);
    await writeFile(join(login, 'url'), deploymentUrl(PORTS.deployment));
    await writeFile(join(login, 'session'), TOKEN, { mode: 0o600 });
    const check = async (env: string[]): Promise<{ ms: number; json: CheckJson }> => {
      const started = Date.now();
      const out = await e.lab.exec(
        e.client,
        'env',
        [...env, process.execPath, CLI_BUNDLE, 'check', '--local', '--global-config', login, '--json'],
        60_000,
      );
      return { ms: Date.now() - started, json: JSON.parse(out) as CheckJson };
    };
    // With the proxy: a proxy-only network, the client resolves nothing but the proxy.
    await setProxyOnly(e, true);
    const proxied = await check([`HTTPS_PROXY=${proxy.url}`, `SSL_CERT_FILE=${file('ca.pem')}`]);
    // Without: the same network with direct TCP allowed (UDP still dropped), names resolvable, no proxy.
    await setProxyOnly(e, false);
    await setNat(e, 'udp-dropped');
    await setNamesIn(e.lab, e.client, { ...PUBLIC_HOSTS, [LAB_NAMES.proxy]: PROXY_IP });
    try {
      const direct = await check([`SSL_CERT_FILE=${file('ca.pem')}`]);
      for (const { json } of [proxied, direct]) {
        const ran = Object.fromEntries(json.probes.map((p) => [p.name, p.ran]));
        assert.deepEqual([ran.deployment, ran.derp], [true, true], JSON.stringify(json.probes));
      }
      assert.ok(proxied.json.issues.some((i) => i.id === 'proxy-only-network'));
      assert.ok(!direct.json.issues.some((i) => i.id === 'proxy-only-network'));
      console.log(`      check --local: ${proxied.ms} ms through the proxy, ${direct.ms} ms without it`);
      assert.ok(proxied.ms <= direct.ms + 2000, `${proxied.ms} ms through the proxy vs ${direct.ms} ms without`);
    } finally {
      await setNamesIn(e.lab, e.client, { [LAB_NAMES.proxy]: PROXY_IP });
      await setNat(e, 'masquerade');
      await setProxyOnly(e, true);
    }
  });
});

interface CheckJson {
  probes: { name: string; ran: boolean }[];
  issues: { id: string }[];
}

/** A netcheck report carrying this DERP map, as `coder netcheck` prints it. */
function netcheckOf(map: DerpMapJson): Pick<LocalProbeOptions, 'netcheck'> {
  const regions = Object.fromEntries(Object.entries(map.Regions).map(([id, region]) => [id, { region }]));
  return { netcheck: parseNetcheck(JSON.stringify({ derp: { regions } })) };
}
