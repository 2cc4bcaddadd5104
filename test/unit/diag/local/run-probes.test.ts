import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { issueMessage } from '../../../../src/diag/catalogue';
import { parseNetcheck } from '../../../../src/diag/coder/netcheck';
import type { DiagEvent, IssueFinding } from '../../../../src/diag/events';
import type { ProbeOutcome } from '../../../../src/diag/model';
import { reduceAll } from '../../../../src/diag/check/report';
import { makeLocalProbeRunner, wsdoctorCacheDir } from '../../../../src/diag/local/check-runner';
import type { FetchFn } from '../../../../src/diag/net/fetch-fn';
import { runLocalProbes, type LocalProbeOptions } from '../../../../src/diag/local/run-probes';
import { toJsonReport } from '../../../../src/diag/present/json';
import { reportToMarkdown } from '../../../../src/diag/present/markdown';
import { mdText } from '../../../../src/diag/present/markdown-text';
import { summariseProbe } from '../../../../src/diag/present/probe-summary';
import { toText } from '../../../../src/diag/present/text';
import { startDerpStandin, type DerpStandin } from '../../../lab/support/derp-standin';
import { startFakeStun, type FakeStun } from './fake-stun';
import { boundReport, parseReport } from '../../../../src/diag/wire/check-report';
import { FIXTURES, fixture } from './fixtures';

const never = new AbortController().signal;

async function collect(
  options: LocalProbeOptions,
): Promise<{ events: DiagEvent[]; probes: Map<string, ProbeOutcome>; findings: IssueFinding[] }> {
  const events: DiagEvent[] = [];
  await runLocalProbes(options, (e) => events.push(e), never);
  const probes = new Map<string, ProbeOutcome>();
  const findings: IssueFinding[] = [];
  for (const e of events) {
    if (e.type === 'probe') probes.set(e.outcome.name, e.outcome);
    if (e.type === 'issue') {
      assert.equal(e.source, 'local');
      findings.push(e.finding);
    }
  }
  return { events, probes, findings };
}

async function sysfsTree(root: string, ifaces: { name: string; mtu: number; flags: string }[]): Promise<void> {
  for (const i of ifaces) {
    await mkdir(join(root, i.name), { recursive: true });
    await writeFile(join(root, i.name, 'mtu'), `${i.mtu}\n`);
    await writeFile(join(root, i.name, 'flags'), `${i.flags}\n`);
  }
}

describe('runLocalProbes', () => {
  let dir = '';
  const stuns: FakeStun[] = [];
  let derp: DerpStandin | null = null;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wsdoctor-probes-'));
  });
  afterEach(async () => {
    await Promise.all(stuns.splice(0).map((s) => s.close()));
    await derp?.close();
    derp = null;
    await rm(dir, { recursive: true, force: true });
  });

  /** Linux seams: sysfs with eth0 (1500) and wg0 (1280, up), routes with the default via wg0. */
  async function linuxSeams(): Promise<Partial<LocalProbeOptions>> {
    const sys = join(dir, 'sys');
    await sysfsTree(sys, [
      { name: 'lo', mtu: 65536, flags: '0x9' },
      { name: 'eth0', mtu: 1500, flags: '0x1003' },
      { name: 'wg0', mtu: 1280, flags: '0x1091' },
      { name: 'tun9', mtu: 1000, flags: '0x1090' },
    ]);
    const proc = join(dir, 'proc');
    await mkdir(proc);
    await writeFile(join(proc, 'route'), fixture('proc-net-route.wg-default.txt'));
    await writeFile(join(proc, 'ipv6_route'), '');
    const addresses = new Map([
      ['lo', ['127.0.0.1', '::1']],
      ['eth0', ['192.0.2.5', 'fe80::1']],
      ['wg0', ['10.8.0.2']],
      ['tun9', ['10.9.0.2']],
    ]);
    return {
      platform: 'linux',
      sysClassNet: sys,
      procNet: proc,
      addresses: () => addresses,
      routeLookup: () => Promise.resolve(null),
    };
  }

  it('finds low MTU, VPN, hard NAT and an AWS address, each once, and says where they came from', async () => {
    stuns.push(await startFakeStun('answer', () => ({ address: '198.51.100.9', port: 40001 })));
    stuns.push(await startFakeStun('answer', () => ({ address: '198.51.100.9', port: 40002 })));
    const { probes, findings } = await collect({
      ...(await linuxSeams()),
      stunServers: stuns.map((s) => `127.0.0.1:${s.port}`),
      awsRangesFile: join(FIXTURES, 'aws-ip-ranges.small.json'),
      deadlineMs: 2000,
    });
    assert.deepEqual(findings.map((f) => `${f.id}:${f.side}`).sort(), [
      'aws-hard-nat:client',
      'hard-nat:client',
      'low-mtu:client',
      'vpn:client',
    ]);
    assert.deepEqual(findings.find((f) => f.id === 'low-mtu')?.detail, { interface: 'wg0', mtu: 1280 });
    assert.deepEqual(findings.find((f) => f.id === 'vpn')?.detail, { interface: 'wg0' });
    assert.deepEqual(findings.find((f) => f.id === 'aws-hard-nat')?.detail, {
      address: '198.51.100.9',
      prefix: '198.51.100.0/25',
    });
    const stun = probes.get('stun');
    assert.equal(stun?.ran, true);
    assert.deepEqual((stun?.data as { mappedEndpoints: string[] }).mappedEndpoints, [
      '198.51.100.9:40001',
      '198.51.100.9:40002',
    ]);
    assert.equal((stun?.data as { source: string }).source, 'option');
    assert.equal(probes.get('aws')?.ran, true);
    assert.equal(probes.get('deployment')?.ran, false);
    assert.match(probes.get('derp')?.reason ?? '', /no DERP map/);
  });

  it('merges with the CLI: same id and side is one issue with both sources', async () => {
    stuns.push(await startFakeStun('answer', () => ({ address: '198.51.100.9', port: 40001 })));
    stuns.push(await startFakeStun('answer', () => ({ address: '198.51.100.9', port: 40002 })));
    const { events } = await collect({
      ...(await linuxSeams()),
      stunServers: stuns.map((s) => `127.0.0.1:${s.port}`),
      skip: ['aws'],
      deadlineMs: 2000,
    });
    const cli: DiagEvent[] = [
      {
        type: 'issue',
        source: 'ping',
        finding: { id: 'hard-nat', side: 'client', cliText: 'Client is potentially behind a hard NAT' },
      },
      { type: 'issue', source: 'ping', finding: { id: 'hard-nat', side: 'agent' } },
      {
        type: 'issue',
        source: 'netcheck',
        finding: { id: 'low-mtu', side: 'client', detail: { interface: 'wg0', mtu: 1280 } },
      },
      {
        type: 'issue',
        source: 'netcheck',
        finding: { id: 'low-mtu', side: 'client', detail: { interface: 'utun4', mtu: 1200 } },
      },
    ];
    const report = reduceAll([...cli, ...events]);
    const summary = report.issues
      .map((i) => `${i.id}/${i.side}/${i.detail?.interface ?? ''}/${i.sources.join('+')}`)
      .sort();
    assert.deepEqual(summary, [
      'hard-nat/agent//ping',
      'hard-nat/client//ping+local',
      'low-mtu/client/utun4/netcheck',
      'low-mtu/client/wg0/netcheck+local',
      'vpn/client/wg0/local',
    ]);
    assert.equal(
      report.issues.find((i) => i.id === 'hard-nat' && i.side === 'client')?.cliText,
      'Client is potentially behind a hard NAT',
    );
    assert.deepEqual(report.probes.map((p) => p.name).sort(), ['deployment', 'derp', 'mtu', 'network', 'stun', 'vpn']);
  });

  it('follows the deployment: direct connections blocked, its STUN servers, its relay', async () => {
    stuns.push(await startFakeStun('answer'));
    stuns.push(await startFakeStun('answer'));
    derp = await startDerpStandin({ host: '127.0.0.1', port: 0, refuseUpgrade: true });
    const map = {
      Regions: {
        '1': {
          RegionID: 1,
          RegionName: 'Here',
          Nodes: [{ Name: '1a', HostName: '127.0.0.1', DERPPort: derp.port, ForceHTTP: true, STUNPort: stuns[0].port }],
        },
        '2': {
          RegionID: 2,
          RegionName: 'STUN',
          Nodes: [{ Name: '2s', HostName: 'x.invalid', IPv4: '127.0.0.1', STUNPort: stuns[1].port, STUNOnly: true }],
        },
      },
    };
    const calls: string[] = [];
    const fetchFn: FetchFn = (url, init) => {
      calls.push(`${url} ${init.headers?.['Coder-Session-Token'] ?? ''}`);
      const body = JSON.stringify({ derp_map: map, disable_direct_connections: true, derp_force_websockets: false });
      return Promise.resolve({ ok: true, status: 200, text: () => Promise.resolve(body) });
    };
    await writeFile(join(dir, 'url'), 'https://coder.test');
    await writeFile(join(dir, 'session'), 'tok-SECRET');
    const { events, probes, findings } = await collect({
      configDir: dir,
      fetch: fetchFn,
      skip: ['mtu', 'vpn', 'aws'],
      deadlineMs: 2500,
    });
    assert.deepEqual(calls, ['https://coder.test/api/v2/workspaceagents/connection tok-SECRET']);
    assert.deepEqual(findings.map((f) => f.id).sort(), ['derp-websocket-only', 'direct-disabled-deployment']);
    const stun = probes.get('stun')?.data as { source: string; udp: string; mapping: string };
    assert.deepEqual([stun.source, stun.udp, stun.mapping], ['deployment', 'ok', 'endpoint-independent']);
    const derpData = probes.get('derp')?.data as { nearest: { regionName: string; latencyMs: number } };
    assert.equal(derpData.nearest.regionName, 'Here');
    assert.equal(typeof derpData.nearest.latencyMs, 'number');
    assert.equal(JSON.stringify(events).includes('SECRET'), false, 'the session token never reaches an event');
  });

  it('says no-stun when the DERP map has no STUN nodes, and which probes could not run', async () => {
    const netcheck = parseNetcheck(
      JSON.stringify({
        derp: {
          regions: {
            '9': {
              region: {
                RegionID: 9,
                RegionName: 'Only relay',
                Nodes: [{ Name: 'n', HostName: '127.0.0.1', STUNPort: -1, DERPPort: 1 }],
              },
            },
          },
        },
      }),
    );
    const { probes, findings } = await collect({ netcheck, skip: ['mtu', 'vpn'], deadlineMs: 1500 });
    assert.deepEqual(findings.map((f) => `${f.id}:${f.side}`).sort(), ['derp-unreachable:client', 'no-stun:general']);
    assert.match(probes.get('stun')?.reason ?? '', /no STUN servers; name some with --stun host:port /);
    assert.match(probes.get('aws')?.reason ?? '', /could not check/);
    assert.match(probes.get('deployment')?.reason ?? '', /no deployment URL/);
    // The extension names its setting instead of wsdoctor's flag.
    const inEditor = await collect({
      netcheck,
      skip: ['mtu', 'vpn'],
      deadlineMs: 1500,
      stunOption: 'wsdoctor.stunServers',
    });
    assert.match(inEditor.probes.get('stun')?.reason ?? '', /name some with wsdoctor\.stunServers /);
  });

  it('runs with nothing known and explains every probe that could not run', async () => {
    const { probes, findings } = await collect({
      ...(await linuxSeams()),
      skip: [],
      deadlineMs: 1000,
      fetch: () => Promise.reject(new Error('offline')),
      publicStunServers: [],
    });
    assert.equal(probes.get('mtu')?.ran, true);
    assert.equal(probes.get('vpn')?.ran, true);
    for (const name of ['stun', 'aws', 'derp', 'deployment']) assert.equal(probes.get(name)?.ran, false, name);
    assert.match(probes.get('stun')?.reason ?? '', /no STUN servers known/);
    assert.equal(
      findings.some((f) => f.id === 'udp-blocked' || f.id === 'hard-nat'),
      false,
    );
  });

  it('reports UDP blocked when every STUN server stays silent', async () => {
    stuns.push(await startFakeStun('silent'));
    stuns.push(await startFakeStun('silent'));
    const { probes, findings } = await collect({
      stunServers: stuns.map((s) => `127.0.0.1:${s.port}`),
      skip: ['mtu', 'vpn', 'deployment', 'derp'],
      deadlineMs: 600,
      stunRtoMs: 100,
      awsRangesFile: join(FIXTURES, 'aws-ip-ranges.small.json'),
    });
    assert.deepEqual(findings, [
      { id: 'udp-blocked', side: 'client', detail: { servers: stuns.map((s) => `127.0.0.1:${s.port}`).join(', ') } },
    ]);
    assert.equal((probes.get('stun')?.data as { udp: string }).udp, 'blocked');
    assert.match(probes.get('aws')?.reason ?? '', /no STUN server reported a public address/);
  });

  /** A signed-in deployment whose DERP map has these relays (plain HTTP) and no STUN servers of its own. */
  async function deploymentWithRelays(relays: { name: string; port: number }[]): Promise<Partial<LocalProbeOptions>> {
    const regions = relays.map((r, i) => [
      String(i + 1),
      {
        RegionID: i + 1,
        RegionName: r.name,
        Nodes: [{ Name: `${i + 1}a`, HostName: '127.0.0.1', DERPPort: r.port, ForceHTTP: true, STUNPort: -1 }],
      },
    ]);
    const body = JSON.stringify({ derp_map: { Regions: Object.fromEntries(regions) } });
    await writeFile(join(dir, 'url'), 'https://coder.test');
    await writeFile(join(dir, 'session'), 'tok');
    return {
      configDir: dir,
      fetch: () => Promise.resolve({ ok: true, status: 200, text: () => Promise.resolve(body) }),
    };
  }

  /** A TCP port nobody listens on. */
  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  it('silent STUN servers while a DERP relay answers over TCP: UDP blocked, or the servers refuse our requests', async () => {
    stuns.push(await startFakeStun('silent'));
    stuns.push(await startFakeStun('silent'));
    derp = await startDerpStandin({ host: '127.0.0.1', port: 0 });
    const servers = stuns.map((s) => `127.0.0.1:${s.port}`);
    const { events, probes, findings } = await collect({
      ...(await deploymentWithRelays([
        { name: 'Here', port: derp.port },
        { name: 'Gone', port: await closedPort() },
      ])),
      stunServers: servers,
      skip: ['mtu', 'vpn', 'aws'],
      deadlineMs: 1500,
      stunRtoMs: 100,
    });
    assert.deepEqual(
      findings.filter((f) => f.id === 'udp-blocked'),
      [{ id: 'udp-blocked', side: 'client', detail: { servers: servers.join(', '), relaysAnswered: 'Here' } }],
    );
    const stun = probes.get('stun')!;
    const data = stun.data as { udp: string; silentServers: string[]; relaysAnswered: string[] };
    assert.deepEqual([data.udp, data.silentServers, data.relaysAnswered], ['blocked', servers, ['Here']]);
    const line = `UDP blocked, or the STUN servers refuse our requests: no answer over UDP from ${servers.join(', ')}, while DERP relays Here answered over TCP`;
    assert.equal(summariseProbe(stun), line);
    // Every presenter says it, and the panel takes the report as it is.
    const report = reduceAll(events);
    const explanation = `UDP looks blocked, or these STUN servers refuse our requests: ${servers.join(', ')} answered nothing over UDP while the DERP relays Here answered over TCP.`;
    const issue = report.issues.find((i) => i.id === 'udp-blocked');
    assert.ok(issue?.message.startsWith(explanation), issue?.message);
    assert.ok(toText(report).includes(explanation) && toText(report).includes(line), toText(report));
    assert.ok(reportToMarkdown(report).includes(mdText(explanation)));
    assert.ok(reportToMarkdown(report).includes(mdText(line)));
    const json = toJsonReport(report) as { issues: { id: string; detail?: Record<string, string> }[] };
    assert.equal(json.issues.find((i) => i.id === 'udp-blocked')?.detail?.relaysAnswered, 'Here');
    assert.deepEqual(parseReport(JSON.parse(JSON.stringify(boundReport(report)))), boundReport(report));
  });

  it('silent STUN servers and no relay answering over TCP: UDP blocked, the servers named, nothing about relays', async () => {
    stuns.push(await startFakeStun('silent'));
    const servers = [`127.0.0.1:${stuns[0].port}`];
    const { probes, findings } = await collect({
      ...(await deploymentWithRelays([{ name: 'Gone', port: await closedPort() }])),
      stunServers: servers,
      skip: ['mtu', 'vpn', 'aws'],
      deadlineMs: 1000,
      stunRtoMs: 100,
    });
    // no-stun: the map's relay has no STUN port of its own; the servers come from --stun.
    assert.deepEqual(findings.map((f) => f.id).sort(), ['derp-unreachable', 'no-stun', 'udp-blocked']);
    const udp = findings.find((f) => f.id === 'udp-blocked')!;
    assert.deepEqual(udp.detail, { servers: servers[0] });
    assert.equal(
      issueMessage({ ...udp, message: '' }),
      `Your machine got no answer over UDP from the STUN servers ${servers[0]}, so a direct connection cannot form. Allow outbound UDP (to the STUN servers and to the other end) in the firewall.`,
    );
    const stun = probes.get('stun')!;
    assert.equal((stun.data as { relaysAnswered?: string[] }).relaysAnswered, undefined);
    assert.equal(summariseProbe(stun), `UDP blocked: no answer from STUN servers ${servers[0]}`);
  });

  it('keeps going when one probe breaks, and says which', async () => {
    const { probes } = await collect({
      ...(await linuxSeams()),
      addresses: () => {
        throw new Error('boom');
      },
      skip: ['deployment', 'stun', 'aws', 'derp'],
      deadlineMs: 500,
    });
    assert.match(probes.get('mtu')?.reason ?? '', /failed unexpectedly: boom/);
    assert.match(probes.get('vpn')?.reason ?? '', /failed unexpectedly: boom/);
  });

  it('ignores --stun entries that are not host:port and says so', async () => {
    const { probes } = await collect({
      stunServers: ['http://nope'],
      skip: ['mtu', 'vpn', 'deployment', 'derp', 'aws'],
      deadlineMs: 500,
    });
    assert.match(probes.get('stun')?.reason ?? '', /no usable STUN server in http:\/\/nope/);
  });

  it('plugs into the check as a LocalProbeRunner and reports the local source done', async () => {
    stuns.push(await startFakeStun('answer'));
    stuns.push(await startFakeStun('answer'));
    const events: DiagEvent[] = [];
    const runner = makeLocalProbeRunner({ cacheDir: join(dir, 'cache') });
    await runner(
      {
        stunServers: stuns.map((s) => `127.0.0.1:${s.port}`),
        netcheck: Promise.resolve(null),
        deployment: Promise.resolve(null),
        deploymentNote: Promise.resolve('no Coder deployment is signed in on this machine'),
        env: {},
        deadlineMs: 1500,
      },
      (e) => events.push(e),
      never,
    );
    const report = reduceAll(events);
    assert.deepEqual(report.sources, [{ source: 'local', ok: true }]);
    assert.deepEqual(report.probes.map((p) => p.name).sort(), [
      'aws',
      'deployment',
      'derp',
      'mtu',
      'network',
      'stun',
      'vpn',
    ]);
    assert.equal(events[events.length - 1].type, 'source-done');
    assert.equal(
      report.probes.find((p) => p.name === 'deployment')?.reason,
      'no Coder deployment is signed in on this machine',
    );
  });

  it('without a deployment, checks NAT against public STUN servers and says which', async () => {
    stuns.push(await startFakeStun('answer', () => ({ address: '203.0.113.5', port: 40001 })));
    stuns.push(await startFakeStun('answer', () => ({ address: '203.0.113.5', port: 40002 })));
    const publicStunServers = stuns.map((s) => `127.0.0.1:${s.port}`);
    const events: DiagEvent[] = [];
    // As `wsdoctor check --local` runs it: no login, no netcheck, no --stun.
    const runner = makeLocalProbeRunner({
      cacheDir: join(dir, 'cache'),
      publicStunServers,
    });
    await runner(
      {
        netcheck: Promise.resolve(null),
        deployment: Promise.resolve(null),
        deploymentNote: Promise.resolve('no Coder deployment is signed in on this machine'),
        env: {},
        deadlineMs: 1500,
      },
      (e) => events.push(e),
      never,
    );
    const report = reduceAll(events);
    const stun = report.probes.find((p) => p.name === 'stun');
    const data = stun?.data as { source: string; basis: string; mapping: string; servers: { server: string }[] };
    assert.equal(stun?.ran, true);
    assert.equal(data.source, 'public');
    assert.equal(data.mapping, 'endpoint-dependent');
    assert.equal(
      data.basis,
      `NAT: checked against public STUN servers ${publicStunServers.join(', ')} (no deployment known)`,
    );
    assert.deepEqual(
      report.issues.map((i) => `${i.id}:${i.sources.join('+')}`),
      ['hard-nat:local'],
    );
    assert.ok(
      stuns.every((s) => s.requests > 0),
      'both stand-ins were asked',
    );
    // Every presenter says which servers were used.
    const sentence = `NAT: checked against public STUN servers ${publicStunServers.join(', ')} (no deployment known)`;
    assert.ok(summariseProbe(stun!).startsWith(`${sentence}; UDP ok, hard NAT`), summariseProbe(stun!));
    assert.ok(toText(report).includes(`stun: ${sentence}`));
    assert.ok(reportToMarkdown(report).includes(mdText(sentence)));
    assert.ok(JSON.stringify(toJsonReport(report)).includes(JSON.stringify(sentence)));
  });

  it('prefers the deployment, netcheck or --stun over public STUN servers', async () => {
    stuns.push(await startFakeStun('answer'));
    stuns.push(await startFakeStun('silent'));
    const netcheck = parseNetcheck(
      JSON.stringify({
        derp: {
          regions: {
            '1': {
              region: { RegionID: 1, RegionName: 'Here', Nodes: [{ HostName: '127.0.0.1', STUNPort: stuns[0].port }] },
            },
          },
        },
      }),
    );
    const publicStunServers = [`127.0.0.1:${stuns[1].port}`];
    const viaNetcheck = await collect({
      netcheck,
      publicStunServers,
      skip: ['mtu', 'vpn', 'aws', 'derp', 'deployment'],
    });
    assert.equal((viaNetcheck.probes.get('stun')?.data as { source: string }).source, 'netcheck');
    const viaOption = await collect({
      stunServers: [`127.0.0.1:${stuns[0].port}`],
      publicStunServers,
      skip: ['mtu', 'vpn', 'aws', 'derp', 'deployment'],
    });
    assert.equal((viaOption.probes.get('stun')?.data as { source: string }).source, 'option');
    assert.equal(stuns[1].requests, 0, 'the public stand-in was never asked');
  });

  it('finds the cache folder per platform', () => {
    assert.equal(wsdoctorCacheDir({}, 'linux', '/home/u'), join('/home/u', '.cache', 'wsdoctor'));
    assert.equal(wsdoctorCacheDir({ XDG_CACHE_HOME: '/c' }, 'linux', '/home/u'), join('/c', 'wsdoctor'));
  });
});
