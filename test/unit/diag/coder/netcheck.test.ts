import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { netcheckFindings, parseNetcheck, stunServers } from '../../../../src/diag/coder/netcheck';
import { summariseNetcheck } from '../../../../src/diag/coder/netcheck-summary';
import { makeRedactor } from '../../../../src/diag/redact';
import { fixture } from '../../../support/paths';

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

describe('coder netcheck summary (everything netcheck knows)', () => {
  const summary = (name: string) => summariseNetcheck(parseNetcheck(load(name)));

  it('keeps IPv4/IPv6, hairpinning, port mapping, captive portal, warnings and latencies nearest first', () => {
    const s = summary('full.json');
    assert.deepEqual(
      [s.udp, s.ipv4, s.ipv4CanSend, s.ipv6, s.ipv6CanSend, s.osHasIPv6],
      [true, true, true, true, true, true],
    );
    assert.deepEqual([s.hairPinning, s.upnp, s.pmp, s.pcp, s.captivePortal], [true, true, false, false, false]);
    assert.deepEqual([s.globalV4, s.globalV6], ['198.51.100.23:41641', '[2001:db8::23]:41641']);
    assert.deepEqual(s.preferredRegion, { regionId: 11, regionName: 'Paris' });
    assert.deepEqual(
      s.regionLatencies.map((r) => [r.regionName, r.latencyMs, r.preferred]),
      [
        ['Paris', 24.125, true],
        ['Frankfurt', 31.25, false],
        ['STUN 1000', 38.25, false],
        ['San Francisco', 152.5, false],
      ],
    );
    // The CLI repeats a node's warning on its region and on the DERP report: shown once, where it happened.
    assert.deepEqual(
      s.warnings.map((w) => `${w.where}/${w.code}`),
      ['Paris/EDERP01', 'Interfaces/EIF01'],
    );
    assert.match(s.warnings[1].message, /wg0 has MTU 1280/);
    assert.deepEqual(s.unreadable, []);
  });

  it('tells "no IPv6" from an unknown one', () => {
    const s = summary('no-ipv6.json');
    assert.deepEqual([s.ipv6, s.ipv6CanSend, s.osHasIPv6, s.globalV6], [false, false, false, '']);
    assert.equal(s.hairPinning, false);
    assert.equal(summary('healthy.json').hairPinning, null);
  });

  it('reports a captive portal with the errors netcheck gave, and no invented preferred region', () => {
    const s = summary('captive-portal.json');
    assert.equal(s.captivePortal, true);
    assert.equal(s.udp, false);
    assert.equal(s.preferredRegion, null);
    assert.deepEqual(s.regionLatencies, []);
    assert.deepEqual(
      s.warnings.map((w) => `${w.where}/${w.code}`),
      ['Frankfurt/error', 'DERP/netcheck error'],
    );
    assert.match(s.warnings[1].message, /captive portal detected/);
  });

  it('reads fields an older CLI leaves out as unknown, never as false', () => {
    const r = parseNetcheck(load('missing-fields.json'));
    assert.deepEqual(
      r.regions.map((x) => x.name),
      ['Frankfurt'],
      'a null region is skipped',
    );
    const s = summariseNetcheck(r);
    for (const key of [
      'ipv4',
      'ipv4CanSend',
      'ipv6',
      'ipv6CanSend',
      'osHasIPv6',
      'hairPinning',
      'upnp',
      'pmp',
      'pcp',
      'captivePortal',
      'globalV4',
      'globalV6',
    ] as const)
      assert.equal(s[key], null, key);
    assert.equal(s.udp, true);
    assert.deepEqual(s.warnings, []);
    assert.deepEqual(s.unreadable, []);
  });

  it('keeps the rest of the report when values are garbage, names them, and makes hostile text inert', () => {
    const s = summary('hostile.json');
    assert.deepEqual([s.hairPinning, s.upnp, s.pcp, s.captivePortal, s.ipv6], [null, null, null, null, null]);
    assert.deepEqual([s.udp, s.pmp], [true, false], 'good fields next to bad ones survive');
    assert.deepEqual(s.unreadable.sort(), [
      'derp.netcheck.CaptivePortal',
      'derp.netcheck.HairPinning',
      'derp.netcheck.PCP',
      'derp.netcheck.RegionLatency.12',
      'derp.netcheck.RegionLatency.99',
      'derp.netcheck.UPnP',
      'derp.regions.10.warnings[1]',
      'interfaces.warnings',
    ]);
    const [first, second] = s.regionLatencies;
    assert.equal(first.regionName, '<img src=x onerror=alert(1)> | **bold** red next', 'no control characters');
    assert.equal(second.regionName.length, 200, 'long names are cut');
    assert.ok(second.regionName.endsWith('…'));
    assert.equal(s.warnings[0].message, "<script>alert('x')</script> node unhealthy click");
    assert.deepEqual(s.warnings[1], {
      where: first.regionName,
      code: '',
      message: 'plain string warning from an old CLI',
    });
  });

  it('redacts a session token that shows up in a warning', () => {
    const report = parseNetcheck(load('full.json'));
    report.warnings[0].message = 'token AbCdEfGhIj-0123456789abcdefghijkl rejected';
    const s = summariseNetcheck(report, makeRedactor([]));
    assert.equal(s.warnings[0].message, 'token [redacted] rejected');
  });
});
