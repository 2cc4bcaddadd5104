import assert from 'node:assert/strict';
import { parseIfconfig } from '../../../../src/diag/local/ifconfig-parse';
import { isChecked, lowMtuFindings, mergeAddresses } from '../../../../src/diag/local/interfaces';
import { parseIpAddr, parseIpLink } from '../../../../src/diag/local/ip-parse';
import { mergeNetshTables, parseNetshSubinterfaces } from '../../../../src/diag/local/netsh-parse';
import { fixture } from './fixtures';

describe('interface parsers and the low-MTU rule', () => {
  it('reads `ip -o link` and `ip -o addr`, and flags only the up wg0 at 1280', () => {
    const links = parseIpLink(fixture('ip-o-link.txt'));
    assert.deepEqual(
      links.map((l) => [l.name, l.mtu, l.up]),
      [
        ['lo', 65536, true],
        ['enp3s0', 1500, true],
        ['wlp2s0', 1500, true],
        ['docker0', 1500, true],
        ['wg0', 1280, true],
        ['veth1a2b3c', 1500, true],
        ['tun0', 1200, false],
      ],
    );
    const addrs = parseIpAddr(fixture('ip-o-addr.txt'));
    assert.deepEqual(addrs.get('enp3s0'), ['192.168.1.23', '2001:db8:10::23', 'fe80::3e7c:3fff:fe10:2030']);
    assert.deepEqual(addrs.get('veth1a2b3c'), ['fe80::9c1f:ff:fe44:5566']);
    const merged = mergeAddresses(links, addrs);
    assert.deepEqual(
      merged.filter(isChecked).map((i) => i.name),
      ['enp3s0', 'docker0', 'wg0'],
    );
    // tun0 is at 1200 but down; lo and the link-local-only veth do not count.
    assert.deepEqual(lowMtuFindings(merged), [
      { id: 'low-mtu', side: 'client', detail: { interface: 'wg0', mtu: 1280 } },
    ]);
  });

  it('reads macOS `ifconfig`: utun3 (1280, routable) counts, utun0 (link-local only) and down gif0 do not', () => {
    const ifaces = parseIfconfig(fixture('ifconfig-macos.txt'));
    assert.deepEqual(
      ifaces.map((i) => i.name),
      ['lo0', 'gif0', 'stf0', 'en0', 'awdl0', 'utun0', 'utun3', 'bridge0'],
    );
    const en0 = ifaces.find((i) => i.name === 'en0');
    assert.deepEqual(en0, {
      name: 'en0',
      mtu: 1500,
      up: true,
      addresses: ['fe80::1c2b:3a4d:5e6f:7081', '192.168.0.42', '2001:db8:20::1c2b'],
    });
    assert.deepEqual(ifaces.find((i) => i.name === 'utun3')?.addresses, [
      '100.101.102.103',
      'fe80::a00:27ff:fe4e:66a1',
      'fd7a:115c:a1e0::1234',
    ]);
    assert.equal(ifaces.find((i) => i.name === 'bridge0')?.up, false);
    assert.deepEqual(lowMtuFindings(ifaces), [
      { id: 'low-mtu', side: 'client', detail: { interface: 'utun3', mtu: 1280 } },
    ]);
  });

  it('reads `netsh interface ipv4/ipv6 show subinterfaces` (CRLF, names with spaces, huge loopback MTU)', () => {
    const v4 = parseNetshSubinterfaces(fixture('netsh-ipv4-subinterfaces.txt'));
    assert.deepEqual(
      v4.map((i) => [i.name, i.mtu, i.up]),
      [
        ['Loopback Pseudo-Interface 1', 4294967295, true],
        ['Ethernet', 1500, true],
        ['Wi-Fi', 1500, false],
        ['wg-office', 1280, true],
        ['Local Area Connection* 2', 1400, false],
      ],
    );
    const v6 = parseNetshSubinterfaces(fixture('netsh-ipv6-subinterfaces.txt'));
    const merged = mergeNetshTables(v4, v6);
    assert.equal(merged.length, 6);
    assert.equal(merged.find((i) => i.name === 'Ethernet')?.mtu, 1500);
    const withAddresses = mergeAddresses(
      merged,
      new Map([
        ['Ethernet', ['192.168.1.50']],
        ['wg-office', ['10.66.0.2']],
        ['Teredo Tunneling Pseudo-Interface', ['fe80::ffff:ffff:fffe']],
      ]),
    );
    assert.deepEqual(lowMtuFindings(withAddresses), [
      { id: 'low-mtu', side: 'client', detail: { interface: 'wg-office', mtu: 1280 } },
    ]);
  });

  it('reads a translated netsh table by its row shape', () => {
    const rows = parseNetshSubinterfaces(fixture('netsh-ipv4-subinterfaces.de.txt'));
    assert.deepEqual(
      rows.map((i) => [i.name, i.mtu]),
      [
        ['Ethernet', 1500],
        ['Mobilfunk', 1300],
      ],
    );
  });

  it('applies the 1378 threshold exactly (1377 warns, 1378 does not)', () => {
    const at = (mtu: number) => lowMtuFindings([{ name: 'x0', mtu, up: true, addresses: ['10.0.0.2'] }]).length;
    assert.equal(at(1377), 1);
    assert.equal(at(1378), 0);
    assert.equal(at(0), 0, 'an unknown MTU is not a finding');
  });

  it('returns nothing for garbage, empty or truncated text', () => {
    for (const text of ['', 'garbage\n\u001b[31mred\u001b[0m', fixture('ip-o-link.txt').slice(0, 30)]) {
      assert.deepEqual(parseIpLink(text), []);
      assert.deepEqual(parseIfconfig(text), []);
      assert.deepEqual(parseNetshSubinterfaces(text), []);
      assert.equal(parseIpAddr(text).size, 0);
    }
  });
});
