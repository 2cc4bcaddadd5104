import assert from 'node:assert/strict';
import { derpRegionTable } from '../../../../src/diag/present/derp-table';

describe('DERP region table', () => {
  it('lists regions nearest first, marks the nearest and says how each answered', () => {
    const table = derpRegionTable([
      {
        name: 'derp',
        ran: true,
        data: {
          nearest: { regionId: 2 },
          regions: [
            { regionId: 1, regionName: 'Tokyo', latencyMs: 180.26, upgrade: 'refused', websocket: 'ok' },
            { regionId: 2, regionName: 'Frankfurt', latencyMs: 12.04, upgrade: 'ok', websocket: 'ok' },
            { regionId: 3, regionName: '<b>x</b>', latencyMs: null, upgrade: 'failed', websocket: 'failed' },
          ],
        },
      },
    ]);
    assert.deepEqual(table?.rows, [
      ['Frankfurt (nearest)', '12.0 ms', 'yes', 'yes'],
      ['Tokyo', '180.3 ms', 'refused', 'yes'],
      ['<b>x</b>', 'no answer', 'failed', 'failed'],
    ]);
  });

  it("says where each relay was dialled: the map's address, the name resolved, and the proxy", () => {
    const table = derpRegionTable([
      {
        name: 'derp',
        ran: true,
        data: {
          regions: [
            {
              regionId: 1,
              regionName: 'A',
              latencyMs: 10,
              upgrade: 'ok',
              websocket: 'ok',
              dialed: { address: '203.0.113.10', from: 'ipv4' },
            },
            {
              regionId: 2,
              regionName: 'B',
              latencyMs: 20,
              upgrade: 'ok',
              websocket: 'ok',
              dialed: { address: 'derp.example.com', from: 'dns', proxy: 'http://proxy:3128' },
            },
            {
              regionId: 3,
              regionName: 'C',
              latencyMs: 30,
              upgrade: 'ok',
              websocket: 'ok',
              dialed: { address: '2001:db8::1', from: 'ipv6' },
            },
            { regionId: 4, regionName: 'D', latencyMs: 40, upgrade: 'ok', websocket: 'ok' },
          ],
        },
      },
    ]);
    assert.equal(table?.columns.at(-1), 'Dialled');
    assert.deepEqual(
      table?.rows.map((r) => r.at(-1)),
      [
        '203.0.113.10 (IPv4 from the map)',
        'derp.example.com (resolved) through http://proxy:3128',
        '2001:db8::1 (IPv6 from the map)',
        '–',
      ],
    );
  });

  it('has no table when the probe did not run or its data is odd', () => {
    assert.equal(derpRegionTable([{ name: 'derp', ran: false, reason: 'no map' }]), null);
    assert.equal(derpRegionTable([{ name: 'derp', ran: true, data: { regions: 'x' } }]), null);
    assert.equal(derpRegionTable([]), null);
  });
});
