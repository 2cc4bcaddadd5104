import assert from 'node:assert/strict';
import { derpTargets, mapStunServers, parseDerpMap, type DerpTarget } from '../../../../src/diag/coder/derp-map';
import { Network } from '../../../../src/diag/net/network';
import {
  checkFirstFrame,
  judgeDerp,
  probeDerpRegion,
  type DerpRegionResult,
} from '../../../../src/diag/local/derp-probe';
import {
  serverKeyFrame,
  startDerpStandin,
  type DerpStandin,
  type DerpStandinOptions,
} from '../../../lab/support/derp-standin';

/** A relay target as derpTargets makes it, dialled at the address in its URL. */
function target(regionId: number, regionName: string, baseUrl: string): DerpTarget {
  const host = baseUrl.replace(/^\w+:\/\/|:\d+$/g, '');
  return {
    regionId,
    regionName,
    nodeName: '',
    baseUrl,
    dial: { source: 'ipv4', address: host },
    certName: host,
    insecure: false,
  };
}

describe('DERP reachability (loopback stand-in over plain HTTP)', () => {
  let standin: DerpStandin | null = null;
  let network: Network;
  before(async () => (network = await Network.prepare({})));
  afterEach(async () => {
    await standin?.close();
    standin = null;
  });
  const probe = async (extra: Partial<DerpStandinOptions>, deadlineMs = 3000): Promise<DerpRegionResult> => {
    standin = await startDerpStandin({ host: '127.0.0.1', port: 0, ...extra });
    return probeDerpRegion(target(7, 'Loopback', `http://127.0.0.1:${standin.port}`), {
      network,
      deadlineMs,
      signal: new AbortController().signal,
    });
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
    const r = await probeDerpRegion(target(1, 'Gone', `http://127.0.0.1:${port}`), {
      network,
      deadlineMs: 2000,
      signal: new AbortController().signal,
    });
    assert.equal(r.latencyMs, null);
    assert.match(r.latencyError ?? '', /ECONNREFUSED/);
    assert.deepEqual(
      judgeDerp([r]).findings.map((f) => f.id),
      ['derp-unreachable'],
    );
  });

  /** Waits a moment for the stand-in to see every client hang up. */
  const peersAfterSettle = async (): Promise<number> => {
    for (let i = 0; i < 50 && standin!.openPeers() > 0; i++) await new Promise((r) => setTimeout(r, 10));
    return standin!.openPeers();
  };

  it('ends every stage at its deadline when the relay goes silent after 101, and hangs up', async () => {
    const started = performance.now();
    const r = await probe({ silentAfterUpgrade: true }, 400);
    const ms = performance.now() - started;
    assert.ok(ms < 900, `took ${Math.round(ms)} ms for a 400 ms deadline`);
    assert.equal(r.upgrade, 'failed');
    assert.equal(r.upgradeError, 'no answer before the deadline');
    assert.equal(r.websocket, 'failed');
    assert.equal(r.websocketError, 'no answer before the deadline');
    assert.equal(typeof r.latencyMs, 'number');
    assert.equal(await peersAfterSettle(), 0);
  });

  it('stops at once on cancel after the upgrade, and hangs up', async () => {
    standin = await startDerpStandin({ host: '127.0.0.1', port: 0, silentAfterUpgrade: true });
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 150);
    const r = await probeDerpRegion(target(7, 'Loopback', `http://127.0.0.1:${standin.port}`), {
      network,
      deadlineMs: 10_000,
      signal: controller.signal,
    });
    const ms = performance.now() - started;
    assert.ok(ms < 600, `took ${Math.round(ms)} ms after a cancel at 150 ms`);
    assert.equal(r.upgradeError, 'cancelled');
    assert.equal(r.websocketError, 'cancelled');
    assert.equal(await peersAfterSettle(), 0);
  });

  it('answers at once, without dialling, when already cancelled', async () => {
    standin = await startDerpStandin({ host: '127.0.0.1', port: 0 });
    const r = await probeDerpRegion(target(7, 'Loopback', `http://127.0.0.1:${standin.port}`), {
      network,
      deadlineMs: 5000,
      signal: AbortSignal.abort(),
    });
    assert.deepEqual([r.upgradeError, r.websocketError, r.latencyError], ['cancelled', 'cancelled', 'cancelled']);
  });

  it('reports a target URL that cannot be built as failed instead of throwing', async () => {
    const r = await probeDerpRegion(target(9, 'Bad', 'https://bad host:443'), {
      network,
      deadlineMs: 1000,
      signal: new AbortController().signal,
    });
    assert.equal(r.upgrade, 'failed');
    assert.equal(r.websocket, 'failed');
    assert.equal(r.latencyMs, null);
    assert.match(r.upgradeError ?? '', /Invalid URL/);
  });

  it('picks the nearest region and names every affected region in one finding', () => {
    const base = {
      url: 'x',
      dialed: { address: '192.0.2.1', from: 'ipv4' as const },
      upgrade: 'ok' as const,
      websocket: 'ok' as const,
    };
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
    assert.deepEqual(derpTargets(regions).targets, [
      {
        regionId: 999,
        regionName: 'Embedded',
        nodeName: '999b',
        baseUrl: 'https://coder.example.com:443',
        dial: { source: 'dns', hostName: 'coder.example.com' },
        certName: 'coder.example.com',
        insecure: false,
      },
      {
        regionId: 1001,
        regionName: 'Plain',
        nodeName: 'p',
        baseUrl: 'http://192.0.2.40:8080',
        dial: { source: 'ipv4', address: '192.0.2.40' },
        certName: '192.0.2.40',
        insecure: false,
      },
    ]);
  });

  it('passes over a node with a bad host, address or port and names the region left without one', () => {
    const regions = parseDerpMap({
      Regions: {
        '1': {
          RegionID: 1,
          RegionName: 'Second node works',
          Nodes: [
            { Name: 'a', HostName: 'bad host', DERPPort: 443 },
            { Name: 'b', HostName: 'derp-b.example.com', DERPPort: 443 },
          ],
        },
        '2': { RegionID: 2, RegionName: 'Port', Nodes: [{ Name: 'p', HostName: 'derp.example.com', DERPPort: 99999 }] },
        '3': { RegionID: 3, RegionName: 'Address', Nodes: [{ Name: 'i', HostName: '', IPv4: '1.2.3' }] },
        '4': { RegionID: 4, RegionName: 'Slash', Nodes: [{ Name: 's', HostName: 'evil.com/x?', DERPPort: 1 }] },
      },
    });
    const { targets, skipped } = derpTargets(regions);
    assert.deepEqual(
      targets.map((t) => [t.regionName, t.baseUrl]),
      [['Second node works', 'https://derp-b.example.com:443']],
    );
    assert.deepEqual(
      skipped.map((s) => [s.regionName, s.reason]),
      [
        ['Port', 'node p: DERPPort 99999 is not a port number'],
        ['Address', 'node i: IPv4 "1.2.3" is not an IP address'],
        ['Slash', 'node s: "evil.com/x?" is not a host name or IP address'],
      ],
    );
    assert.deepEqual(mapStunServers(regions), [{ host: 'derp-b.example.com', port: 3478 }]);
  });
});
