// Root-only: the MTU and VPN probes read a real namespace's interfaces and routes.
import assert from 'node:assert/strict';
import { buildNatLab, runProbesIn, type NatLab } from '../support/nat-lab';
import { Lab, requireRoot, requireTools } from '../support/netns';

const ONLY = (name: 'mtu' | 'vpn') => ({
  skip: ['mtu', 'vpn', 'deployment', 'stun', 'aws', 'derp'].filter((p) => p !== name),
  deadlineMs: 2000,
});

describe('lab: MTU and VPN probes in a namespace', function () {
  let lab: Lab | null = null;
  let n: NatLab;

  before(async function () {
    requireRoot();
    requireTools({ ip: 'iproute2', iptables: 'iptables' });
    lab = new Lab();
    n = await buildNatLab(lab);
  });

  after(async function () {
    await lab?.cleanup();
  });

  it('an interface at MTU 1280 -> low-mtu naming it and its MTU', async () => {
    await n.lab.ip(n.client, ['link', 'set', 'dev', n.clientIf, 'mtu', '1280']);
    const r = await runProbesIn(n.lab, n.client, ONLY('mtu'));
    assert.deepEqual(r.findings, [{ id: 'low-mtu', side: 'client', detail: { interface: n.clientIf, mtu: 1280 } }]);
    const data = r.probes.get('mtu')?.data as {
      via: string;
      interfaces: { name: string; mtu: number; checked: boolean }[];
    };
    assert.equal(data.via, '/sys/class/net');
    const byName = new Map(data.interfaces.map((i) => [i.name, [i.mtu, i.checked]]));
    assert.deepEqual(byName.get(n.clientIf), [1280, true]);
    assert.deepEqual(byName.get('lo'), [65536, false]);
    assert.equal(byName.size, 2);
  });

  it('the same interface at MTU 1500 -> no finding', async () => {
    await n.lab.ip(n.client, ['link', 'set', 'dev', n.clientIf, 'mtu', '1500']);
    const r = await runProbesIn(n.lab, n.client, ONLY('mtu'));
    assert.equal(r.probes.get('mtu')?.ran, true);
    assert.deepEqual(r.findings, []);
  });

  it('a low-MTU interface that is down does not count', async () => {
    // A veth pair inside the client namespace (no dummy module needed); only one end gets an address.
    const dummy = n.lab.name('dm');
    await n.lab.ip(n.client, ['link', 'add', dummy, 'type', 'veth', 'peer', 'name', n.lab.name('dp')]);
    await n.lab.ip(n.client, ['addr', 'add', '10.201.0.2/24', 'dev', dummy]);
    await n.lab.ip(n.client, ['link', 'set', 'dev', dummy, 'mtu', '1200']);
    try {
      const down = await runProbesIn(n.lab, n.client, ONLY('mtu'));
      assert.deepEqual(down.findings, []);
      // Both ends up, so the link has carrier (an interface without carrier carries no traffic and
      // has no addresses in Node's view).
      await n.lab.ip(n.client, ['link', 'set', 'dev', n.lab.name('dp'), 'up']);
      await n.lab.ip(n.client, ['link', 'set', 'dev', dummy, 'up']);
      const up = await runProbesIn(n.lab, n.client, ONLY('mtu'));
      assert.deepEqual(up.findings, [{ id: 'low-mtu', side: 'client', detail: { interface: dummy, mtu: 1200 } }]);
    } finally {
      await n.lab.ip(n.client, ['link', 'del', dummy]);
    }
  });

  it('default route through the veth -> no vpn', async () => {
    const r = await runProbesIn(n.lab, n.client, ONLY('vpn'));
    assert.equal(r.probes.get('vpn')?.ran, true);
    const routes = (r.probes.get('vpn')?.data as { routes: { iface: string; tunnel: boolean; via: string }[] }).routes;
    assert.ok(routes.some((u) => u.via === 'route-table' && u.iface === n.clientIf));
    assert.ok(routes.some((u) => u.via === 'kernel-lookup' && u.iface === n.clientIf));
    assert.deepEqual(r.findings, []);
  });

  it('default route through a tun device -> vpn naming it', async () => {
    const tun = `tun${n.lab.prefix.slice(2)}`;
    await n.lab.ip(n.client, ['tuntap', 'add', 'dev', tun, 'mode', 'tun']);
    await n.lab.ip(n.client, ['addr', 'add', '10.202.0.2/24', 'dev', tun]);
    await n.lab.ip(n.client, ['link', 'set', 'dev', tun, 'up']);
    await n.lab.ip(n.client, ['route', 'replace', 'default', 'dev', tun]);
    try {
      const r = await runProbesIn(n.lab, n.client, ONLY('vpn'));
      assert.deepEqual(r.findings, [{ id: 'vpn', side: 'client', detail: { interface: tun } }]);
      const routes = (r.probes.get('vpn')?.data as { routes: { iface: string; tunnel: boolean; via: string }[] })
        .routes;
      assert.ok(routes.some((u) => u.via === 'route-table' && u.iface === tun && u.tunnel));
    } finally {
      await n.lab.ip(n.client, ['route', 'replace', 'default', 'via', '10.200.1.1']);
      await n.lab.ip(n.client, ['tuntap', 'del', 'dev', tun, 'mode', 'tun']);
    }
  });

  it('split default routes (0/1 + 128/1) through a tun device -> vpn', async () => {
    const tun = `tun${n.lab.prefix.slice(2)}s`;
    await n.lab.ip(n.client, ['tuntap', 'add', 'dev', tun, 'mode', 'tun']);
    await n.lab.ip(n.client, ['addr', 'add', '10.203.0.2/24', 'dev', tun]);
    await n.lab.ip(n.client, ['link', 'set', 'dev', tun, 'up']);
    await n.lab.ip(n.client, ['route', 'add', '0.0.0.0/1', 'dev', tun]);
    await n.lab.ip(n.client, ['route', 'add', '128.0.0.0/1', 'dev', tun]);
    try {
      const r = await runProbesIn(n.lab, n.client, ONLY('vpn'));
      assert.deepEqual(r.findings, [{ id: 'vpn', side: 'client', detail: { interface: tun } }]);
    } finally {
      await n.lab.ip(n.client, ['tuntap', 'del', 'dev', tun, 'mode', 'tun']);
    }
  });
});
