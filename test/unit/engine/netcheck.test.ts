import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { netcheckFindings, parseNetcheck, stunServers } from '../../../src/diag/coder/netcheck';
import { fixture } from '../../support/paths';

const load = (name: string) => readFileSync(fixture(`netcheck/${name}`), 'utf8');

describe('coder netcheck parser', () => {
  it('reads regions, STUN servers and latency from a healthy report', () => {
    const r = parseNetcheck(load('healthy.json'));
    assert.deepEqual(r.regions.map((x) => x.name).sort(), ['Frankfurt', 'STUN 1000']);
    assert.deepEqual(stunServers(r).sort(), ['derp-fra.example.test:3478', 'stun.example.test:3478']);
    assert.equal(r.regionLatencyMs['10'], 31.25);
    assert.equal(r.udp, true);
    assert.equal(r.globalV4, '198.51.100.23:41641');
    assert.deepEqual(netcheckFindings(r), []);
  });

  it('finds no STUN, UDP blocked, hard NAT and low MTU', () => {
    assert.deepEqual(netcheckFindings(parseNetcheck(load('no-stun.json'))), [{ id: 'no-stun', side: 'general' }]);
    assert.deepEqual(netcheckFindings(parseNetcheck(load('udp-blocked.json'))), [
      { id: 'udp-blocked', side: 'client' },
    ]);
    assert.deepEqual(netcheckFindings(parseNetcheck(load('hard-nat.json'))), [{ id: 'hard-nat', side: 'client' }]);
    // docker0 is below 1378 too, but only has a link-local address, as the CLI's rule says.
    assert.deepEqual(netcheckFindings(parseNetcheck(load('low-mtu.json'))), [
      { id: 'low-mtu', side: 'client', detail: { interface: 'wg0', mtu: 1280 } },
    ]);
  });

  it('rejects truncated, empty and wrongly shaped output with a clear message', () => {
    assert.throws(() => parseNetcheck(load('truncated.json')), /not valid JSON.*truncated/);
    assert.throws(() => parseNetcheck(''), /empty/);
    assert.throws(() => parseNetcheck('[1,2]'), /netcheck report: expected an object/);
    assert.throws(() => parseNetcheck(load('wrong-shape.json')), /derp\.regions\.10\.region: expected an object/);
  });
});
