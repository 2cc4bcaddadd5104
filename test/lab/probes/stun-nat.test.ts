// Root-only: real NAT (iptables MASQUERADE) between a client namespace and two real STUN servers.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildNatLab,
  NAT_PUBLIC_IP,
  PUBLIC_IPS,
  runProbesIn,
  setNat,
  startStund,
  type NatLab,
} from '../support/nat-lab';
import { Lab, requireRoot, requireTools } from '../support/netns';

const STUN_SERVERS = PUBLIC_IPS.map((ip) => `${ip}:3478`);
const DEADLINE_MS = 2500;

interface StunData {
  udp: string;
  mapping: string;
  mappedEndpoints: string[];
  localPorts: { IPv4?: number };
  servers: { server: string; outcome: string; attempts: number; mapped?: string; error?: string }[];
}

describe('lab: STUN through a real NAT', function () {
  let lab: Lab | null = null;
  let n: NatLab;
  let dir = '';
  let rangesWithNat = '';
  let rangesWithoutNat = '';

  before(async function () {
    requireRoot();
    requireTools({
      ip: 'iproute2',
      iptables: 'iptables',
      conntrack: 'conntrack',
      stund: 'stun-server',
      ss: 'iproute2',
    });
    lab = new Lab();
    n = await buildNatLab(lab);
    await startStund(n);
    dir = await mkdtemp(join(tmpdir(), 'wsdoctor-lab-aws-'));
    // Two AWS range lists of our own: one that holds the NAT's public address, one that does not.
    const list = (prefix: string): string =>
      JSON.stringify({
        createDate: '2025-01-01-00-00-00',
        prefixes: [{ ip_prefix: prefix, region: 'lab-1', service: 'EC2' }],
        ipv6_prefixes: [],
      });
    rangesWithNat = join(dir, 'with-nat.json');
    rangesWithoutNat = join(dir, 'without-nat.json');
    await writeFile(rangesWithNat, list('203.0.113.0/28'));
    await writeFile(rangesWithoutNat, list('198.51.100.0/24'));
  });

  after(async function () {
    await lab?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const probe = (awsRangesFile: string) =>
    runProbesIn(n.lab, n.client, {
      stunServers: STUN_SERVERS,
      awsRangesFile,
      deadlineMs: DEADLINE_MS,
      skip: ['mtu', 'vpn', 'deployment', 'derp'],
    });

  it('plain MASQUERADE: no hard NAT, UDP works, the mapped address is the NAT public address', async () => {
    await setNat(n, 'masquerade');
    const r = await probe(rangesWithoutNat);
    const stun = r.probes.get('stun');
    assert.equal(stun?.ran, true, stun?.reason);
    const data = stun?.data as StunData;
    assert.deepEqual(
      data.servers.map((s) => s.outcome),
      ['answered', 'answered'],
    );
    assert.equal(data.udp, 'ok');
    assert.equal(data.mapping, 'endpoint-independent');
    assert.equal(data.mappedEndpoints.length, 1);
    assert.equal(data.mappedEndpoints[0].split(':')[0], NAT_PUBLIC_IP);
    assert.deepEqual(r.findings, []);
    const aws = r.probes.get('aws');
    assert.equal(aws?.ran, true, aws?.reason);
    assert.deepEqual((aws?.data as { checked: string[] }).checked, [NAT_PUBLIC_IP]);
  });

  it('the public address inside an AWS range (our own list) -> aws-hard-nat', async () => {
    await setNat(n, 'masquerade');
    const r = await probe(rangesWithNat);
    assert.deepEqual(r.findings, [
      { id: 'aws-hard-nat', side: 'client', detail: { address: NAT_PUBLIC_IP, prefix: '203.0.113.0/28' } },
    ]);
  });

  it('MASQUERADE --random-fully: different public ports per server -> hard-nat', async () => {
    await setNat(n, 'random-fully');
    const r = await probe(rangesWithoutNat);
    const data = r.probes.get('stun')?.data as StunData;
    assert.equal(data.mapping, 'endpoint-dependent');
    assert.equal(data.mappedEndpoints.length, 2);
    assert.ok(data.mappedEndpoints.every((e) => e.startsWith(`${NAT_PUBLIC_IP}:`)));
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['hard-nat'],
    );
  });

  it('UDP dropped at the NAT -> udp-blocked within the deadline, and no hard-nat', async () => {
    await setNat(n, 'udp-dropped');
    const r = await probe(rangesWithoutNat);
    const stun = r.probes.get('stun');
    const data = stun?.data as StunData;
    assert.equal(data.udp, 'blocked');
    for (const s of data.servers) {
      assert.equal(s.outcome, 'no-answer');
      assert.ok(s.attempts >= 2, `retransmitted (${s.attempts} requests)`);
      // The STUN budget is what is left of the run's deadline, never more.
      const budget = /no answer within (\d+) ms/.exec(s.error ?? '');
      assert.ok(budget, s.error);
      assert.ok(Number(budget[1]) <= DEADLINE_MS, s.error);
    }
    assert.deepEqual(r.findings, [{ id: 'udp-blocked', side: 'client', detail: { servers: STUN_SERVERS.join(', ') } }]);
    assert.match(r.probes.get('aws')?.reason ?? '', /could not check/);
  });

  it("a DROP in the client's own OUTPUT chain (send fails with EPERM) -> udp-blocked, not a crash", async () => {
    await setNat(n, 'masquerade');
    await n.lab.exec(n.client, 'iptables', ['-I', 'OUTPUT', '-p', 'udp', '--dport', '3478', '-j', 'DROP']);
    try {
      const r = await probe(rangesWithoutNat);
      const data = r.probes.get('stun')?.data as StunData;
      assert.deepEqual(
        data.servers.map((s) => s.outcome),
        ['send-blocked', 'send-blocked'],
      );
      assert.match(data.servers[0].error ?? '', /EPERM/);
      assert.deepEqual(
        r.findings.map((f) => f.id),
        ['udp-blocked'],
      );
    } finally {
      await n.lab.exec(n.client, 'iptables', ['-F', 'OUTPUT']);
    }
  });
});
