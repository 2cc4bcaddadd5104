import assert from 'node:assert/strict';
import { parseNetcheck } from '../../../../src/diag/coder/netcheck';
import {
  derpTargets,
  mapStunServers,
  nodeAddress,
  nodeProblem,
  parseDerpMap,
  parseDerpNode,
  regionsFromNetcheck,
  type DerpMapNode,
} from '../../../../src/diag/coder/derp-map';

const node = (fields: Record<string, unknown>): DerpMapNode =>
  parseDerpNode({ Name: 'n', HostName: 'derp.example.com', ...fields }, 'node');

describe('DERP nodes addressed as Tailscale addresses them', () => {
  it('dials IPv4, else IPv6, else resolves HostName in the families left on', () => {
    assert.deepEqual(nodeAddress(node({ IPv4: '203.0.113.7', IPv6: '2001:db8::7' })), {
      source: 'ipv4',
      address: '203.0.113.7',
    });
    assert.deepEqual(nodeAddress(node({ IPv6: '2001:db8::7' })), { source: 'ipv6', address: '2001:db8::7' });
    assert.deepEqual(nodeAddress(node({ IPv4: 'none', IPv6: '2001:db8::7' })), {
      source: 'ipv6',
      address: '2001:db8::7',
    });
    assert.deepEqual(nodeAddress(node({})), { source: 'dns', hostName: 'derp.example.com' });
    assert.deepEqual(nodeAddress(node({ IPv4: 'none' })), { source: 'dns', hostName: 'derp.example.com', family: 6 });
    assert.deepEqual(nodeAddress(node({ IPv6: 'none' })), { source: 'dns', hostName: 'derp.example.com', family: 4 });
    assert.deepEqual(nodeAddress(node({ IPv4: 'none', IPv6: 'none' })), { problem: 'both IPv4 and IPv6 are "none"' });
    assert.deepEqual(nodeAddress(node({ HostName: '' })), { problem: 'no HostName and no address' });
  });

  it('refuses an address of the wrong family or not an address at all', () => {
    assert.match(nodeProblem(node({ IPv4: '2001:db8::1' })) ?? '', /IPv4 "2001:db8::1" is not an IP address/);
    assert.match(nodeProblem(node({ IPv6: '192.0.2.1' })) ?? '', /IPv6 "192\.0\.2\.1" is not an IP address/);
    assert.match(nodeProblem(node({ CertName: 'bad name!' })) ?? '', /CertName/);
    assert.match(nodeProblem(node({ STUNTestIP: 'localhost' })) ?? '', /STUNTestIP/);
    assert.equal(nodeProblem(node({ IPv4: 'none' })), null);
  });

  it('makes a target whose URL names the HostName, dialled at the map address, checked against CertName', () => {
    const regions = parseDerpMap({
      Regions: {
        '1': {
          RegionID: 1,
          RegionName: 'One',
          Nodes: [{ Name: '1a', HostName: 'derp1.example.com', IPv4: '203.0.113.10', CertName: 'relay.example.com' }],
        },
        '2': {
          RegionID: 2,
          RegionName: 'Two',
          Nodes: [{ Name: '2a', HostName: '', IPv6: '2001:db8::2', DERPPort: 8443 }],
        },
        '3': {
          RegionID: 3,
          RegionName: 'Three',
          Nodes: [{ Name: '3a', HostName: 'plain.example.com', ForceHTTP: true, InsecureForTests: true }],
        },
      },
    });
    const { targets } = derpTargets(regions);
    assert.deepEqual(
      targets.map((t) => [t.baseUrl, t.dial, t.certName, t.insecure]),
      [
        ['https://derp1.example.com:443', { source: 'ipv4', address: '203.0.113.10' }, 'relay.example.com', false],
        ['https://[2001:db8::2]:8443', { source: 'ipv6', address: '2001:db8::2' }, '2001:db8::2', false],
        ['http://plain.example.com:80', { source: 'dns', hostName: 'plain.example.com' }, 'plain.example.com', true],
      ],
    );
  });

  it('sends STUN where netcheck sends it: STUNTestIP, the map address, else the HostName; -1 and out-of-range ports mean none', () => {
    const regions = parseDerpMap({
      Regions: {
        '1': {
          RegionID: 1,
          Nodes: [
            { Name: 'a', HostName: 'a.example.com', IPv4: '203.0.113.1', STUNPort: 0 },
            { Name: 'b', HostName: 'b.example.com', STUNPort: 3479, STUNTestIP: '127.0.0.1' },
            { Name: 'c', HostName: 'c.example.com', STUNPort: -1 },
            { Name: 'd', HostName: 'd.example.com', STUNPort: 70000 },
            { Name: 'e', HostName: 'e.example.com', IPv4: 'none', STUNOnly: true, STUNPort: 19302 },
            { Name: 'f', HostName: 'f.example.com', IPv4: 'none', IPv6: 'none' },
          ],
        },
      },
    });
    assert.deepEqual(mapStunServers(regions), [
      { host: '203.0.113.1', port: 3478 },
      { host: '127.0.0.1', port: 3479 },
      { host: 'e.example.com', port: 19302 },
    ]);
  });

  it('reads the same fields from coder netcheck, whose STUN list then uses the map addresses too', () => {
    const report = parseNetcheck(
      JSON.stringify({
        derp: {
          regions: {
            '5': {
              region: {
                RegionID: 5,
                RegionName: 'Five',
                Nodes: [
                  {
                    Name: '5a',
                    HostName: 'five.example.com',
                    IPv4: '198.51.100.5',
                    CertName: 'five-cert',
                    STUNPort: 0,
                  },
                ],
              },
            },
          },
        },
      }),
    );
    const [region] = regionsFromNetcheck(report);
    assert.equal(region.nodes[0].ipv4, '198.51.100.5');
    assert.equal(region.nodes[0].certName, 'five-cert');
    assert.deepEqual(mapStunServers([region]), [{ host: '198.51.100.5', port: 3478 }]);
  });
});
