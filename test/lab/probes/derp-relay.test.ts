// Root-only: DERP relay stand-ins over real TLS in the public namespace, probed from behind the NAT.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseNetcheck } from '../../../src/diag/coder/netcheck';
import type { DerpRegionResult } from '../../../src/diag/local/derp-probe';
import { buildNatLab, PUBLIC_IPS, runProbesIn, setNat, type NatLab } from '../support/nat-lab';
import { Lab, requireRoot, requireTools } from '../support/netns';
import { makeTestTls, type TestTls } from '../support/test-tls';

const PORT = 8443;

function netcheckFor(regions: { id: number; name: string; host: string }[]): string {
  const entries = regions.map((r) => [
    String(r.id),
    {
      region: {
        RegionID: r.id,
        RegionCode: `lab${r.id}`,
        RegionName: r.name,
        Nodes: [{ Name: `${r.id}a`, RegionID: r.id, HostName: r.host, STUNPort: -1, DERPPort: PORT }],
      },
    },
  ]);
  return JSON.stringify({ derp: { regions: Object.fromEntries(entries) } });
}

describe('lab: DERP reachability over HTTPS and WebSocket', function () {
  let lab: Lab | null = null;
  let n: NatLab;
  let tls: TestTls;
  let dir = '';
  let caFile = '';

  before(async function () {
    requireRoot();
    requireTools({ ip: 'iproute2', iptables: 'iptables', conntrack: 'conntrack', openssl: 'openssl' });
    lab = new Lab();
    n = await buildNatLab(lab);
    await setNat(n, 'masquerade');
    tls = await makeTestTls([...PUBLIC_IPS]);
    dir = await mkdtemp(join(tmpdir(), 'wsdoctor-lab-derp-'));
    caFile = join(dir, 'ca.pem');
    await writeFile(caFile, tls.caPem);
    const standin = join(__dirname, '..', 'support', 'derp-standin.js');
    // Region 1 is a normal relay; region 2 sits behind a "proxy" that refuses the plain upgrade.
    const ok = lab.spawn(n.pub, process.execPath, [
      standin,
      JSON.stringify({ host: PUBLIC_IPS[0], port: PORT, tls: { key: tls.key, cert: tls.cert } }),
    ]);
    const wsOnly = lab.spawn(n.pub, process.execPath, [
      standin,
      JSON.stringify({ host: PUBLIC_IPS[1], port: PORT, tls: { key: tls.key, cert: tls.cert }, refuseUpgrade: true }),
    ]);
    await Promise.all([lab.waitFor(ok, /listening/), lab.waitFor(wsOnly, /listening/)]);
  });

  after(async function () {
    await lab?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const regions = [
    { id: 1, name: 'Lab relay', host: PUBLIC_IPS[0] },
    { id: 2, name: 'Lab relay behind a proxy', host: PUBLIC_IPS[1] },
  ];

  it('reports per-region latency, the nearest region, and the WebSocket-only relay', async () => {
    const r = await runProbesIn(n.lab, n.client, {
      netcheck: parseNetcheck(netcheckFor(regions)),
      net: { caFiles: [caFile] },
      skip: ['mtu', 'vpn', 'deployment', 'stun', 'aws'],
      deadlineMs: 5000,
    });
    const derp = r.probes.get('derp');
    assert.equal(derp?.ran, true, derp?.reason);
    const data = derp?.data as { regions: DerpRegionResult[]; nearest: { regionId: number; latencyMs: number } };
    const [one, two] = data.regions;
    assert.equal(typeof one.latencyMs, 'number', one.latencyError);
    assert.equal(typeof two.latencyMs, 'number', two.latencyError);
    assert.deepEqual([one.upgrade, one.websocket], ['ok', 'ok']);
    assert.deepEqual([two.upgrade, two.websocket], ['refused', 'ok']);
    assert.match(two.upgradeError ?? '', /HTTP 403/);
    assert.ok([1, 2].includes(data.nearest.regionId));
    assert.deepEqual(r.findings, [
      { id: 'derp-websocket-only', side: 'client', detail: { region: 'Lab relay behind a proxy' } },
    ]);
  });

  it('without our CA the certificate is not trusted: the relay is unreachable, not silently accepted', async () => {
    const r = await runProbesIn(n.lab, n.client, {
      netcheck: parseNetcheck(netcheckFor(regions.slice(0, 1))),
      skip: ['mtu', 'vpn', 'deployment', 'stun', 'aws'],
      deadlineMs: 3000,
    });
    const one = (r.probes.get('derp')?.data as { regions: DerpRegionResult[] }).regions[0];
    assert.equal(one.latencyMs, null);
    assert.match(one.latencyError ?? '', /certificate/i);
    assert.deepEqual(one.failure?.kind, 'tls-untrusted');
    // Said as what it is: whose certificate, and the fix, beside "unreachable".
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['derp-unreachable', 'tls-certificate'],
    );
    assert.deepEqual(r.findings[1].detail, {
      problem: 'untrusted',
      host: `${PUBLIC_IPS[0]}:${PORT}`,
      issuer: 'wsdoctor lab CA',
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      fix: '--ca-file FILE (or SSL_CERT_FILE)',
    });
  });

  it('TCP to the relay dropped at the NAT -> derp-unreachable within the deadline', async () => {
    await n.lab.exec(n.nat, 'iptables', ['-I', 'FORWARD', '-p', 'tcp', '--dport', String(PORT), '-j', 'DROP']);
    try {
      const r = await runProbesIn(n.lab, n.client, {
        netcheck: parseNetcheck(netcheckFor(regions.slice(0, 1))),
        net: { caFiles: [caFile] },
        skip: ['mtu', 'vpn', 'deployment', 'stun', 'aws'],
        deadlineMs: 1500,
      });
      const one = (r.probes.get('derp')?.data as { regions: DerpRegionResult[] }).regions[0];
      assert.equal(one.latencyMs, null);
      assert.deepEqual([one.upgrade, one.websocket], ['failed', 'failed']);
      assert.deepEqual(r.findings, [{ id: 'derp-unreachable', side: 'client', detail: { region: 'Lab relay' } }]);
    } finally {
      await n.lab.exec(n.nat, 'iptables', ['-F', 'FORWARD']);
    }
  });
});
