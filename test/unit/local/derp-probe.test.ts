import assert from 'node:assert/strict';
import { derpTargets, parseDerpMap } from '../../../src/diag/local/derp-map';
import { checkFirstFrame, judgeDerp, probeDerpRegion, type DerpRegionResult } from '../../../src/diag/local/derp-probe';
import {
  serverKeyFrame,
  startDerpStandin,
  type DerpStandin,
  type DerpStandinOptions,
} from '../../lab/support/derp-standin';

describe('DERP reachability (loopback stand-in over plain HTTP)', () => {
  let standin: DerpStandin | null = null;
  afterEach(async () => {
    await standin?.close();
    standin = null;
  });
  const probe = async (extra: Partial<DerpStandinOptions>, deadlineMs = 3000): Promise<DerpRegionResult> => {
    standin = await startDerpStandin({ host: '127.0.0.1', port: 0, ...extra });
    return probeDerpRegion(
      { regionId: 7, regionName: 'Loopback', baseUrl: `http://127.0.0.1:${standin.port}` },
      { deadlineMs, signal: new AbortController().signal },
    );
  };

  it('measures latency and sees both the plain upgrade and the WebSocket', async () => {
    const r = await probe({});
    assert.equal(typeof r.latencyMs, 'number');
    assert.ok(r.latencyMs! >= 0);
    assert.equal(r.upgrade, 'ok');
    assert.equal(r.websocket, 'ok');
    assert.equal(standin!.counts.latency, 3);
    assert.deepEqual(judgeDerp([r]).findings, []);
    assert.equal(judgeDerp([r]).nearest?.regionName, 'Loopback');
  });

  it('calls a relay whose plain upgrade is refused "WebSocket only"', async () => {
    const r = await probe({ refuseUpgrade: true });
    assert.equal(r.upgrade, 'refused');
    assert.match(r.upgradeError ?? '', /HTTP 403/);
    assert.equal(r.websocket, 'ok');
    assert.deepEqual(judgeDerp([r]).findings, [
      { id: 'derp-websocket-only', side: 'client', detail: { region: 'Loopback' } },
    ]);
  });

  it('calls a relay that refuses both upgrades unreachable', async () => {
    const r = await probe({ refuseUpgrade: true, refuseWebsocket: true });
    assert.equal(r.websocket, 'refused');
    assert.deepEqual(
      judgeDerp([r]).findings.map((f) => f.id),
      ['derp-unreachable'],
    );
  });

  it('does not count an upgrade whose first frame is not a DERP server key', async () => {
    const r = await probe({ firstFrameHex: '0400000000' });
    assert.equal(r.upgrade, 'failed');
    assert.match(r.upgradeError ?? '', /server key/);
    assert.equal(r.websocket, 'failed');
  });

  it('reports a closed port as unreachable without latency', async () => {
    standin = await startDerpStandin({ host: '127.0.0.1', port: 0 });
    const port = standin.port;
    await standin.close();
    standin = null;
    const r = await probeDerpRegion(
      { regionId: 1, regionName: 'Gone', baseUrl: `http://127.0.0.1:${port}` },
      { deadlineMs: 2000, signal: new AbortController().signal },
    );
    assert.equal(r.latencyMs, null);
    assert.match(r.latencyError ?? '', /ECONNREFUSED/);
    assert.deepEqual(
      judgeDerp([r]).findings.map((f) => f.id),
      ['derp-unreachable'],
    );
  });

  it('picks the nearest region and names every affected region in one finding', () => {
    const base = { url: 'x', upgrade: 'ok' as const, websocket: 'ok' as const };
    const results: DerpRegionResult[] = [
      { ...base, regionId: 1, regionName: 'A', latencyMs: 40 },
      { ...base, regionId: 2, regionName: 'B', latencyMs: 12, upgrade: 'refused' },
      { ...base, regionId: 3, regionName: 'C', latencyMs: null, upgrade: 'failed' },
      { ...base, regionId: 4, regionName: 'D', latencyMs: 30, upgrade: 'refused', websocket: 'failed' },
    ];
    const judged = judgeDerp(results);
    assert.equal(judged.nearest?.regionName, 'B');
    assert.deepEqual(judged.findings, [
      { id: 'derp-websocket-only', side: 'client', detail: { region: 'B, C' } },
      { id: 'derp-unreachable', side: 'client', detail: { region: 'D' } },
    ]);
  });

  it('checks the first frame bytes', () => {
    assert.equal(checkFirstFrame(serverKeyFrame()), 'ok');
    assert.equal(checkFirstFrame(serverKeyFrame().subarray(0, 8)), 'more');
    assert.equal(checkFirstFrame(Buffer.alloc(0)), 'more');
    assert.equal(checkFirstFrame(Buffer.from('HTTP/1.1 200 OK')), 'bad');
    const wrongMagic = serverKeyFrame();
    wrongMagic[6] = 0;
    assert.equal(checkFirstFrame(wrongMagic), 'bad');
  });

  it('turns a DERP map into one target per region (skipping STUN-only nodes)', () => {
    const regions = parseDerpMap({
      Regions: {
        '999': {
          RegionID: 999,
          RegionCode: 'coder',
          RegionName: 'Embedded',
          Nodes: [{ Name: '999b', RegionID: 999, HostName: 'coder.example.com', DERPPort: 0, STUNPort: -1 }],
        },
        '1000': {
          RegionID: 1000,
          RegionName: 'STUN only',
          Nodes: [{ Name: 's', HostName: 'stun.example.net', STUNPort: 19302, STUNOnly: true }],
        },
        '1001': {
          RegionID: 1001,
          RegionName: 'Plain',
          Nodes: [{ Name: 'p', HostName: '', IPv4: '192.0.2.40', DERPPort: 8080, ForceHTTP: true }],
        },
      },
    });
    assert.deepEqual(derpTargets(regions), [
      { regionId: 999, regionName: 'Embedded', baseUrl: 'https://coder.example.com:443' },
      { regionId: 1001, regionName: 'Plain', baseUrl: 'http://192.0.2.40:8080' },
    ]);
  });
});
