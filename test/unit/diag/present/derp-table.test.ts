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

  it('has no table when the probe did not run or its data is odd', () => {
    assert.equal(derpRegionTable([{ name: 'derp', ran: false, reason: 'no map' }]), null);
    assert.equal(derpRegionTable([{ name: 'derp', ran: true, data: { regions: 'x' } }]), null);
    assert.equal(derpRegionTable([]), null);
  });
});
