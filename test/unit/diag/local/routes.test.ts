import assert from 'node:assert/strict';
import { parseNetstatRn, parseRouteGet } from '../../../../src/diag/local/route-parse-mac';
import { parseProcIpv6Route, parseProcNetRoute } from '../../../../src/diag/local/route-parse-linux';
import { parseRoutePrint } from '../../../../src/diag/local/route-parse-windows';
import { internetRoutes, isTunnelInterface, routeFor } from '../../../../src/diag/local/routes';
import { vpnFindings, type RouteUse } from '../../../../src/diag/local/vpn-probe';
import { fixture } from './fixtures';

const ifacesFor = (routes: ReturnType<typeof parseProcNetRoute>): string[] =>
  internetRoutes(routes).map((r) => r.route.iface);

describe('route parsers and the VPN rule', () => {
  it('reads /proc/net/route: a plain default route through enp3s0', () => {
    const routes = parseProcNetRoute(fixture('proc-net-route.plain.txt'));
    assert.deepEqual(routes[0], {
      family: 4,
      destination: '0.0.0.0',
      prefixLength: 0,
      iface: 'enp3s0',
      gateway: '192.168.1.1',
      metric: 100,
    });
    assert.deepEqual(routes[1], {
      family: 4,
      destination: '172.17.0.0',
      prefixLength: 16,
      iface: 'docker0',
      metric: 0,
    });
    assert.deepEqual(ifacesFor(routes), ['enp3s0', 'enp3s0']);
  });

  it('sees an OpenVPN split default (0/1 + 128/1 via tun0) win over the /0 route', () => {
    const routes = parseProcNetRoute(fixture('proc-net-route.openvpn-split.txt'));
    assert.deepEqual(ifacesFor(routes), ['tun0', 'tun0']);
    // The VPN server itself is still reached through the LAN.
    assert.equal(routeFor(routes, '203.0.113.11')?.iface, 'enp3s0');
  });

  it('picks the lowest metric between two default routes and ignores routes that are not up', () => {
    const routes = parseProcNetRoute(fixture('proc-net-route.wg-default.txt'));
    assert.equal(
      routes.some((r) => r.iface === 'eth9'),
      false,
    );
    assert.deepEqual(ifacesFor(routes), ['wg0', 'wg0']);
  });

  it('reads /proc/net/ipv6_route, skipping lo and the reject route', () => {
    const routes = parseProcIpv6Route(fixture('proc-ipv6-route.txt'));
    assert.equal(routes.length, 4);
    const def = routes.find((r) => r.prefixLength === 0);
    assert.deepEqual(def, {
      family: 6,
      destination: '0:0:0:0:0:0:0:0',
      prefixLength: 0,
      iface: 'enp3s0',
      gateway: 'fe80:0:0:0:0:0:0:1',
      metric: 1024,
    });
    assert.equal(routeFor(routes, '2606:4700:4700::1111')?.iface, 'enp3s0');
  });

  it('reads macOS `route -n get default`', () => {
    assert.deepEqual(parseRouteGet(fixture('route-get-default.macos.txt')), { iface: 'en0', gateway: '192.168.0.1' });
    assert.equal(parseRouteGet('route: writing to routing socket: not in table'), null);
  });

  it('reads macOS `netstat -rn` with a Tailscale exit node (0/1 + 128.0/1 via utun3)', () => {
    const routes = parseNetstatRn(fixture('netstat-rn.macos-tailscale-exit.txt'));
    assert.ok(routes.some((r) => r.destination === '128.0.0.0' && r.prefixLength === 1 && r.iface === 'utun3'));
    assert.ok(routes.some((r) => r.destination === '10.20.30.0' && r.prefixLength === 24 && r.iface === 'bridge0'));
    assert.ok(routes.some((r) => r.destination === '127.0.0.0' && r.prefixLength === 8));
    const uses = internetRoutes(routes);
    assert.deepEqual(
      uses.map((u) => u.route.iface),
      ['utun3', 'utun3', 'utun0'],
    );
  });

  it('reads the older macOS `netstat -rn` layout with Refs and Use columns', () => {
    const routes = parseNetstatRn(fixture('netstat-rn.macos-old.txt'));
    assert.deepEqual(routes[0], {
      family: 4,
      destination: '0.0.0.0',
      prefixLength: 0,
      iface: 'en1',
      gateway: '10.0.1.1',
      metric: 0,
    });
    assert.deepEqual(ifacesFor(routes), ['en1', 'en1']);
  });

  it('reads Windows `route print`: interface list, active routes only, wrapped IPv6 rows', () => {
    const { routes, interfaceList } = parseRoutePrint(fixture('route-print.windows-wireguard.txt'));
    assert.equal(interfaceList.get(23), 'WireGuard Tunnel');
    assert.equal(interfaceList.get(12), 'Intel(R) Ethernet Connection I219-LM');
    assert.equal(interfaceList.get(17), 'Microsoft ISATAP Adapter');
    assert.equal(routes.filter((r) => r.family === 4).length, 5, 'the persistent 192.168.1.254 route is not active');
    assert.ok(!routes.some((r) => r.gateway === '192.168.1.254' || r.gateway === '2001:db8:30::1'));
    assert.ok(
      routes.some(
        (r) => r.family === 6 && r.destination === '2001:db8:30::aaaa:bbbb:cccc:dddd' && r.prefixLength === 128,
      ),
    );
    // Metric 5 via the WireGuard address beats metric 35 via the LAN.
    assert.deepEqual(
      internetRoutes(routes).map((u) => u.route.iface),
      ['10.66.0.2', '10.66.0.2', '#12'],
    );
  });

  it('knows tunnel names on every platform and leaves ordinary ones alone', () => {
    for (const name of [
      'tun0',
      'utun3',
      'wg0',
      'ppp0',
      'tailscale0',
      'ipsec0',
      'WireGuard Tunnel',
      'wg-office',
      'OpenVPN Data Channel Offload',
      'Cisco AnyConnect Secure Mobility Client Virtual Miniport Adapter for Windows x64',
      'nordlynx',
      'zt7nnig26',
    ]) {
      assert.equal(isTunnelInterface(name), true, name);
    }
    for (const name of [
      'eth0',
      'enp3s0',
      'en0',
      'wlan0',
      'Wi-Fi',
      'Ethernet',
      'docker0',
      'bridge0',
      'lo',
      'Intel(R) Ethernet Connection I219-LM',
    ]) {
      assert.equal(isTunnelInterface(name), false, name);
    }
  });

  it('turns a tunnel carrying public traffic into one vpn finding naming it', () => {
    const use = (iface: string, tunnel: boolean): RouteUse => ({
      destination: '8.8.8.8',
      iface,
      tunnel,
      via: 'route-table',
    });
    assert.deepEqual(vpnFindings([use('enp3s0', false), use('tun0', true), use('wg0', true)]), [
      { id: 'vpn', side: 'client', detail: { interface: 'tun0' } },
    ]);
    assert.deepEqual(vpnFindings([use('enp3s0', false)]), []);
    assert.deepEqual(vpnFindings([]), []);
  });

  it('survives garbage and truncation', () => {
    for (const text of ['', 'nonsense\r\n', fixture('proc-net-route.plain.txt').slice(0, 150)]) {
      assert.doesNotThrow(() => parseProcNetRoute(text));
      assert.doesNotThrow(() => parseProcIpv6Route(text));
      assert.doesNotThrow(() => parseNetstatRn(text));
      assert.doesNotThrow(() => parseRoutePrint(text));
    }
    assert.deepEqual(parseProcNetRoute('Iface\tDestination\nxx\tzz\n'), []);
  });
});
