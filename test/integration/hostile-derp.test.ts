// `wsdoctor check --local` against a deployment whose DERP map points at hostile relays: one that
// answers `101 Switching Protocols` and then stays silent, and a node whose HostName is not a host.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeCoderLogin } from '../support/coder-login';
import { CLI_BUNDLE } from '../support/paths';

/** `check --local`'s probe budget (LOCAL_DEADLINE_MS in the engine). */
const LOCAL_DEADLINE_MS = 8000;

interface Probe {
  name: string;
  ran: boolean;
  reason?: string;
  data?: { regions?: { regionName: string; upgrade: string; upgradeError?: string }[]; skipped?: unknown[] };
}

interface Server {
  port: number;
  /** Sockets whose client has not hung up yet. */
  open: Set<Socket>;
  close(): Promise<void>;
}

async function listen(server: http.Server): Promise<Server> {
  const open = new Set<Socket>();
  const all = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    open.add(s);
    all.add(s);
    // Upgraded sockets are half-open after the client's FIN; a FIN is the client letting go.
    s.on('end', () => open.delete(s));
    s.on('close', () => open.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    open,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of all) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Latency checks answer; both upgrades get a 101 and then nothing, ever. */
function silentRelay(onUpgrade: () => void): Promise<Server> {
  const server = http.createServer((_req, res) => res.writeHead(200, { 'Content-Length': '0' }).end());
  server.on('upgrade', (_req, socket: Socket) => {
    socket.on('error', () => undefined);
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: DERP\r\nConnection: Upgrade\r\n\r\n');
    onUpgrade();
  });
  return listen(server);
}

/** The deployment's `/api/v2/workspaceagents/connection`, serving the given DERP map nodes. */
function deploymentApi(nodes: Record<string, unknown>[]): Promise<Server> {
  const body = JSON.stringify({
    derp_map: { Regions: { '1': { RegionID: 1, RegionCode: 'lab', RegionName: 'Lab', Nodes: nodes } } },
    disable_direct_connections: false,
  });
  const server = http.createServer((req, res) => {
    if (req.url !== '/api/v2/workspaceagents/connection') return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
  });
  return listen(server);
}

/** The server notices a closed socket a moment after the peer went. */
async function settledOpenCount(server: Server): Promise<number> {
  for (let i = 0; i < 50 && server.open.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
  return server.open.size;
}

interface Run {
  code: number | null;
  ms: number;
  stdout: string;
  stderr: string;
}

describe('wsdoctor check --local against hostile DERP relays', function () {
  this.timeout(30_000);
  let dir: string;
  const servers: Server[] = [];
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'wsd-derp-'))));
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  function check(apiPort: number, interruptWhen?: (interrupt: () => void) => void): Promise<Run> {
    const login = writeCoderLogin(path.join(dir, 'login'), `http://127.0.0.1:${apiPort}`);
    const env = { PATH: process.env.PATH, HOME: dir, XDG_CACHE_HOME: path.join(dir, 'cache') };
    const args = [CLI_BUNDLE, 'check', '--local', '--global-config', login, '--json'];
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, ms: performance.now() - started, stdout, stderr }));
      interruptWhen?.(() => child.kill('SIGINT'));
    });
  }

  const probes = (run: Run): Map<string, Probe> => {
    assert.ok(run.stdout.trim().startsWith('{'), `not JSON: ${run.stdout}${run.stderr}`);
    return new Map((JSON.parse(run.stdout) as { probes: Probe[] }).probes.map((p) => [p.name, p]));
  };

  it('ends near the probe deadline when a relay goes silent after the upgrade, leaving no socket', async () => {
    const relay = await silentRelay(() => undefined);
    const api = await deploymentApi([{ Name: '1a', HostName: '127.0.0.1', DERPPort: relay.port, ForceHTTP: true }]);
    servers.push(relay, api);
    const run = await check(api.port);
    const overshoot = run.ms - LOCAL_DEADLINE_MS;
    console.log(
      `      deadline ${LOCAL_DEADLINE_MS} ms, ended after ${Math.round(run.ms)} ms (overshoot ${Math.round(overshoot)} ms, process start included)`,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.ok(overshoot < 1500, `ran ${Math.round(run.ms)} ms`);
    const derp = probes(run).get('derp');
    assert.equal(derp?.data?.regions?.[0].upgrade, 'failed');
    assert.match(derp?.data?.regions?.[0].upgradeError ?? '', /deadline/);
    assert.equal(await settledOpenCount(relay), 0);
  });

  it('stops at once on SIGINT while a relay is silent after the upgrade', async () => {
    let interruptedAt = 0;
    let interrupt = (): void => undefined;
    const relay = await silentRelay(() => {
      if (interruptedAt) return;
      interruptedAt = performance.now();
      interrupt();
    });
    const api = await deploymentApi([{ Name: '1a', HostName: '127.0.0.1', DERPPort: relay.port, ForceHTTP: true }]);
    servers.push(relay, api);
    const run = await check(api.port, (send) => (interrupt = send));
    const afterSignal = performance.now() - interruptedAt;
    console.log(`      SIGINT answered in ${Math.round(afterSignal)} ms`);
    assert.ok(interruptedAt > 0, 'the relay never saw an upgrade');
    assert.equal(run.code, 130, run.stderr);
    assert.ok(afterSignal < 1000, `took ${Math.round(afterSignal)} ms after SIGINT`);
    assert.equal(await settledOpenCount(relay), 0);
  });

  it('skips a node whose HostName is not a host, with the reason, and runs everything else', async () => {
    const api = await deploymentApi([{ Name: 'evil', HostName: 'bad host', DERPPort: 443, STUNPort: -1 }]);
    servers.push(api);
    const run = await check(api.port);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /Unhandled|TypeError|at /);
    const all = probes(run);
    for (const probe of all.values()) assert.doesNotMatch(probe.reason ?? '', /unexpectedly/, probe.name);
    assert.equal(all.get('deployment')?.ran, true);
    assert.equal(all.get('derp')?.ran, false);
    assert.match(all.get('derp')?.reason ?? '', /Lab: node evil: "bad host" is not a host name/);
    assert.match(all.get('stun')?.reason ?? '', /no STUN servers/);
  });
});
