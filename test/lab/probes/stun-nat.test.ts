// Root-only: real NAT (iptables MASQUERADE) between a client namespace and two kinds of STUN server
// on the same two public addresses: stund (plain RFC 5389) and a stand-in that keeps derper's rule.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseNetcheck } from '../../../src/diag/coder/netcheck';
import {
  appendFingerprint,
  decodeMessage,
  encodeBindingRequest,
  fingerprintMatches,
  mappedAddress,
} from '../../../src/diag/local/stun-codec';
import {
  buildNatLab,
  CLIENT_IP,
  DERPER_STUN_PORT,
  NAT_PUBLIC_IP,
  PUBLIC_IPS,
  runProbesIn,
  setNat,
  startDerperStunIn,
  startStund,
  udpExchange,
  type DerperStunLab,
  type NatLab,
  type ProbeRun,
} from '../support/nat-lab';
import { Lab, requireRoot, requireTools } from '../support/netns';
import { CLI_BUNDLE } from '../../support/paths';
import { makeTestTls } from '../support/test-tls';

const STUN_SERVERS = PUBLIC_IPS.map((ip) => `${ip}:3478`);
const DEADLINE_MS = 2500;

/** Both kinds run side by side on the same two addresses: a plain RFC 5389 server and derper's rule. */
const SERVER_KINDS = [
  { name: 'stund (plain RFC 5389)', port: 3478, derper: false },
  { name: 'derper stand-in (SOFTWARE tailnode + FINGERPRINT, or silence)', port: DERPER_STUN_PORT, derper: true },
];

interface StunData {
  udp: string;
  mapping: string;
  mappedEndpoints: string[];
  localPorts: { IPv4?: number };
  servers: { server: string; outcome: string; attempts: number; mapped?: string; error?: string }[];
}

function answered(data: StunData): void {
  assert.deepEqual(
    data.servers.map((s) => s.outcome),
    ['answered', 'answered'],
    JSON.stringify(data.servers),
  );
}

describe('lab: STUN through a real NAT', function () {
  let lab: Lab | null = null;
  let n: NatLab;
  let derper: DerperStunLab;
  let dir = '';
  let rangesWithNat = '';
  let rangesWithoutNat = '';

  before(async function () {
    requireRoot();
    requireTools({
      ip: 'iproute2',
      iptables: 'iptables',
      conntrack: 'conntrack',
      stund: 'stun-server',
      ss: 'iproute2',
      openssl: 'openssl',
    });
    lab = new Lab();
    n = await buildNatLab(lab);
    await startStund(n);
    derper = await startDerperStunIn(n);
    dir = await mkdtemp(join(tmpdir(), 'wsdoctor-lab-aws-'));
    // Two AWS range lists of our own: one that holds the NAT's public address, one that does not.
    const list = (prefix: string): string =>
      JSON.stringify({
        createDate: '2025-01-01-00-00-00',
        prefixes: [{ ip_prefix: prefix, region: 'lab-1', service: 'EC2' }],
        ipv6_prefixes: [],
      });
    rangesWithNat = join(dir, 'with-nat.json');
    rangesWithoutNat = join(dir, 'without-nat.json');
    await writeFile(rangesWithNat, list('203.0.113.0/28'));
    await writeFile(rangesWithoutNat, list('198.51.100.0/24'));
  });

  after(async function () {
    await lab?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const probe = (awsRangesFile: string): Promise<ProbeRun> =>
    runProbesIn(n.lab, n.client, {
      stunServers: STUN_SERVERS,
      awsRangesFile,
      deadlineMs: DEADLINE_MS,
      skip: ['mtu', 'vpn', 'deployment', 'derp'],
    });

  for (const kind of SERVER_KINDS) {
    describe(kind.name, () => {
      const servers = PUBLIC_IPS.map((ip) => `${ip}:${kind.port}`);
      const probeKind = (): Promise<ProbeRun> =>
        runProbesIn(n.lab, n.client, {
          stunServers: servers,
          awsRangesFile: rangesWithoutNat,
          deadlineMs: DEADLINE_MS,
          skip: ['mtu', 'vpn', 'deployment', 'derp'],
        });
      /** The derper stand-in's log lines of one run: every request accepted, or none arrived at all. */
      const derperLines = async (work: () => Promise<ProbeRun>): Promise<{ r: ProbeRun; lines: string[] }> => {
        const before = derper.lines.length;
        const r = await work();
        await new Promise((resolve) => setTimeout(resolve, 100)); // the stand-in's last lines
        return { r, lines: derper.lines.slice(before) };
      };

      it("no NAT (routed): UDP works, both servers see the client's own address and port", async () => {
        await setNat(n, 'routed');
        const { r, lines } = await derperLines(probeKind);
        const stun = r.probes.get('stun');
        assert.equal(stun?.ran, true, stun?.reason);
        const data = stun?.data as StunData;
        answered(data);
        assert.equal(data.udp, 'ok');
        assert.equal(data.mapping, 'endpoint-independent');
        assert.deepEqual(data.mappedEndpoints, [`${CLIENT_IP}:${data.localPorts.IPv4}`]);
        assert.deepEqual(r.findings, []);
        if (kind.derper)
          assert.ok(lines.length >= 2 && lines.every((l) => l.startsWith('accepted ')), lines.join('; '));
      });

      it('plain MASQUERADE: no hard NAT, UDP works, the mapped address is the NAT public address', async () => {
        await setNat(n, 'masquerade');
        const { r, lines } = await derperLines(probeKind);
        const stun = r.probes.get('stun');
        assert.equal(stun?.ran, true, stun?.reason);
        const data = stun?.data as StunData;
        answered(data);
        assert.equal(data.udp, 'ok');
        assert.equal(data.mapping, 'endpoint-independent');
        assert.equal(data.mappedEndpoints.length, 1);
        assert.equal(data.mappedEndpoints[0].split(':')[0], NAT_PUBLIC_IP);
        assert.deepEqual(r.findings, []);
        const aws = r.probes.get('aws');
        assert.equal(aws?.ran, true, aws?.reason);
        assert.deepEqual((aws?.data as { checked: string[] }).checked, [NAT_PUBLIC_IP]);
        if (kind.derper)
          assert.ok(lines.length >= 2 && lines.every((l) => l.startsWith('accepted ')), lines.join('; '));
      });

      it('MASQUERADE --random-fully: different public ports per server -> hard-nat', async () => {
        await setNat(n, 'random-fully');
        const r = await probeKind();
        const data = r.probes.get('stun')?.data as StunData;
        answered(data);
        assert.equal(data.mapping, 'endpoint-dependent');
        assert.equal(data.mappedEndpoints.length, 2);
        assert.ok(data.mappedEndpoints.every((e) => e.startsWith(`${NAT_PUBLIC_IP}:`)));
        assert.deepEqual(
          r.findings.map((f) => f.id),
          ['hard-nat'],
        );
      });

      it('UDP dropped at the NAT -> udp-blocked within the deadline, and no hard-nat', async () => {
        await setNat(n, 'udp-dropped');
        const { r, lines } = await derperLines(probeKind);
        const data = r.probes.get('stun')?.data as StunData;
        assert.equal(data.udp, 'blocked');
        for (const s of data.servers) {
          assert.equal(s.outcome, 'no-answer');
          assert.ok(s.attempts >= 2, `retransmitted (${s.attempts} requests)`);
          // The STUN budget is what is left of the run's deadline, never more.
          const budget = /no answer within (\d+) ms/.exec(s.error ?? '');
          assert.ok(budget, s.error);
          assert.ok(Number(budget[1]) <= DEADLINE_MS, s.error);
        }
        assert.deepEqual(r.findings, [{ id: 'udp-blocked', side: 'client', detail: { servers: servers.join(', ') } }]);
        assert.match(r.probes.get('aws')?.reason ?? '', /could not check/);
        assert.deepEqual(lines, [], 'nothing reached the server');
      });
    });
  }

  it('the derper stand-in answers only Tailscale-style requests; stund answers a bare one too', async () => {
    await setNat(n, 'masquerade');
    const txid = randomBytes(12);
    const bare = Buffer.concat([Buffer.from('000100002112a442', 'hex'), txid]);
    const fingerprintOnly = appendFingerprint(bare);
    const ours = encodeBindingRequest(txid);
    const send = (port: number, datagram: Buffer): Promise<Buffer[]> =>
      udpExchange(n.lab, n.client, { host: PUBLIC_IPS[0], port }, datagram, 1000);
    assert.equal((await send(3478, bare)).length, 1, 'stund answers a bare RFC 5389 request');
    const before = derper.lines.length;
    assert.deepEqual(await send(DERPER_STUN_PORT, bare), [], 'the derper stand-in ignores a bare request');
    assert.deepEqual(await send(DERPER_STUN_PORT, fingerprintOnly), [], '... and one with only a FINGERPRINT');
    const answers = await send(DERPER_STUN_PORT, ours);
    assert.equal(answers.length, 1, 'it answers ours');
    const decoded = decodeMessage(answers[0]);
    assert.ok(decoded.ok);
    assert.equal(fingerprintMatches(decoded.message), true);
    assert.equal(mappedAddress(decoded.message)?.address, NAT_PUBLIC_IP);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(
      derper.lines.slice(before).map((l) => l.split(' ')[0]),
      ['wrong-software', 'wrong-software', 'accepted'],
    );
  });

  it("a deployment whose relays run derper's STUN: heard behind a NAT; with UDP dropped, the relays answering over TCP are named", async () => {
    // Region 1: a relay over TLS with derper's STUN on the same address; region 2: STUN only (no relay listens).
    const tls = await makeTestTls([PUBLIC_IPS[0]]);
    const caFile = join(dir, 'relay-ca.pem');
    await writeFile(caFile, tls.caPem);
    const relay = n.lab.spawn(n.pub, process.execPath, [
      join(__dirname, '..', 'support', 'derp-standin.js'),
      JSON.stringify({ host: PUBLIC_IPS[0], port: 8443, tls: { key: tls.key, cert: tls.cert } }),
    ]);
    await n.lab.waitFor(relay, /listening/);
    const region = (id: number, name: string, host: string): [string, unknown] => [
      String(id),
      {
        region: {
          RegionID: id,
          RegionCode: `lab${id}`,
          RegionName: name,
          Nodes: [{ Name: `${id}a`, RegionID: id, HostName: host, STUNPort: DERPER_STUN_PORT, DERPPort: 8443 }],
        },
      },
    ];
    const netcheck = parseNetcheck(
      JSON.stringify({
        derp: {
          regions: Object.fromEntries([
            region(1, 'Lab relay', PUBLIC_IPS[0]),
            region(2, 'Lab relay down', PUBLIC_IPS[1]),
          ]),
        },
      }),
    );
    const servers = PUBLIC_IPS.map((ip) => `${ip}:${DERPER_STUN_PORT}`);
    const probeMap = (): Promise<ProbeRun> =>
      runProbesIn(n.lab, n.client, {
        netcheck,
        net: { caFiles: [caFile] },
        skip: ['mtu', 'vpn', 'deployment', 'aws'],
        deadlineMs: 4000,
      });

    await setNat(n, 'masquerade');
    const heard = await probeMap();
    const heardData = heard.probes.get('stun')?.data as StunData & { source: string };
    assert.equal(heardData.source, 'netcheck');
    answered(heardData);
    assert.deepEqual([heardData.udp, heardData.mapping], ['ok', 'endpoint-independent']);
    assert.deepEqual(
      heard.findings.map((f) => f.id),
      ['derp-unreachable'],
    );

    await setNat(n, 'udp-dropped');
    const r = await probeMap();
    const data = r.probes.get('stun')?.data as StunData & { silentServers: string[]; relaysAnswered: string[] };
    assert.deepEqual([data.udp, data.silentServers, data.relaysAnswered], ['blocked', servers, ['Lab relay']]);
    assert.deepEqual(
      r.findings.find((f) => f.id === 'udp-blocked'),
      { id: 'udp-blocked', side: 'client', detail: { servers: servers.join(', '), relaysAnswered: 'Lab relay' } },
    );
    assert.deepEqual(r.findings.map((f) => f.id).sort(), ['derp-unreachable', 'udp-blocked']);
  });

  it('the public address inside an AWS range (our own list) -> aws-hard-nat', async () => {
    await setNat(n, 'masquerade');
    const r = await probe(rangesWithNat);
    assert.deepEqual(r.findings, [
      { id: 'aws-hard-nat', side: 'client', detail: { address: NAT_PUBLIC_IP, prefix: '203.0.113.0/28' } },
    ]);
  });

  it("a DROP in the client's own OUTPUT chain (send fails with EPERM) -> udp-blocked, not a crash", async () => {
    await setNat(n, 'masquerade');
    await n.lab.exec(n.client, 'iptables', ['-I', 'OUTPUT', '-p', 'udp', '--dport', '3478', '-j', 'DROP']);
    try {
      const r = await probe(rangesWithoutNat);
      const data = r.probes.get('stun')?.data as StunData;
      assert.deepEqual(
        data.servers.map((s) => s.outcome),
        ['send-blocked', 'send-blocked'],
      );
      assert.match(data.servers[0].error ?? '', /EPERM/);
      assert.deepEqual(
        r.findings.map((f) => f.id),
        ['udp-blocked'],
      );
    } finally {
      await n.lab.exec(n.client, 'iptables', ['-F', 'OUTPUT']);
    }
  });
  it('wsdoctor check --local --json against derper-style STUN gives the expected UDP, hard-NAT and public-address facts in all four scenarios', async () => {
    const servers = PUBLIC_IPS.map((ip) => `${ip}:${DERPER_STUN_PORT}`).join(',');
    const expected = {
      routed: { udp: 'ok', mapping: 'endpoint-independent', issues: [] as string[], public: CLIENT_IP },
      masquerade: { udp: 'ok', mapping: 'endpoint-independent', issues: [] as string[], public: NAT_PUBLIC_IP },
      'random-fully': { udp: 'ok', mapping: 'endpoint-dependent', issues: ['hard-nat'], public: NAT_PUBLIC_IP },
      'udp-dropped': { udp: 'blocked', mapping: 'unknown', issues: ['udp-blocked'], public: null },
    } as const;
    const seen: string[] = [];
    for (const [mode, want] of Object.entries(expected)) {
      await setNat(n, mode as keyof typeof expected);
      // An empty home: no Coder login, so only the probes run (and AWS's list is not fetched from outside).
      const home = await mkdtemp(join(tmpdir(), 'wsdoctor-lab-home-'));
      try {
        const out = await n.lab.exec(
          n.client,
          'env',
          [
            `HOME=${home}`,
            `XDG_CONFIG_HOME=${home}`,
            `XDG_CACHE_HOME=${home}`,
            process.execPath,
            CLI_BUNDLE,
            'check',
            '--local',
            '--stun',
            servers,
            '--json',
          ],
          60_000,
        );
        const report = JSON.parse(out) as {
          issues: { id: string }[];
          probes: { name: string; data?: StunData }[];
        };
        const stun = report.probes.find((p) => p.name === 'stun')?.data;
        const publicIps = [...new Set((stun?.mappedEndpoints ?? []).map((e) => e.split(':')[0]))];
        const ids = report.issues.map((i) => i.id).filter((id) => ['udp-blocked', 'hard-nat'].includes(id));
        seen.push(
          `${mode}: udp ${stun?.udp}, ${stun?.mapping}, [${ids.join(', ')}], public ${publicIps.join(', ') || '-'}`,
        );
        assert.equal(stun?.udp, want.udp, mode);
        assert.equal(stun?.mapping, want.mapping, mode);
        assert.deepEqual(ids, want.issues, mode);
        assert.deepEqual(publicIps, want.public ? [want.public] : [], mode);
      } finally {
        await rm(home, { recursive: true, force: true });
      }
    }
    console.log(`      ${seen.join('\n      ')}`);
  });
});
