// The status indicator's feed against the fake coder, real files and real processes: this window's
// own network-info file first (nothing spawned), one pinger otherwise, and no process left when it stops.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { resolveCoderCli } from '../../src/diag/coder/login';
import { StatusFeed } from '../../src/diag/status/feed';
import type { StatusEvent } from '../../src/diag/status/state';
import { writeCoderLogin } from '../support/coder-login';
import { FAKE_CODER } from '../support/paths';
import { isAlive, loggedInvocations, waitAllDead } from '../support/processes';
import { until } from '../support/until';

const INFO = {
  p2p: false,
  latency: 42.5,
  preferred_derp: 'Frankfurt',
  derp_latency: { Frankfurt: 41 },
  upload_bytes_sec: 10,
  download_bytes_sec: 20,
  using_coder_connect: false,
};

const HOST = 'coder-vscode.dev.coder.com--alice--';

describe('status feed', function () {
  let dir: string;
  let netDir: string;
  let log: string;
  let events: StatusEvent[];
  let feed: StatusFeed | undefined;
  let others: StatusFeed[];
  let proxies: ChildProcess[];

  const samples = (source: string) => events.filter((e) => e.type === 'sample' && e.sample.source === source);
  const pings = () => loggedInvocations(log).filter((c) => c.command === 'ping');
  const makeFeed = (
    networkInfoDir: string | null,
    coder = FAKE_CODER,
    sshHost: string | null = networkInfoDir && `${HOST}ws1`,
    emit = (e: StatusEvent) => void events.push(e),
  ) =>
    new StatusFeed({
      sshHost,
      networkInfoDir,
      resolveCli: () =>
        resolveCoderCli({
          pick: { kind: 'auto' },
          coderPath: coder,
          storageDirs: [],
          env: { ...process.env, FAKE_CODER_LOG: log, CODER_CONFIG_DIR: path.join(dir, 'coderv2') },
        }),
      emit,
    });
  /** A long-lived process whose arguments look like a window's ProxyCommand for `host`. */
  const startProxy = async (host: string, folder = netDir): Promise<number> => {
    const child = spawn(
      process.execPath,
      ['-e', 'setInterval(() => {}, 60000)', 'ssh', '--stdio', '--network-info-dir', folder, host],
      { stdio: 'ignore' },
    );
    proxies.push(child);
    await new Promise<void>((resolve, reject) => child.once('spawn', resolve).once('error', reject));
    return child.pid as number;
  };
  const writeInfo = (pid: number, info: object, ageMs = 0): void => {
    const file = path.join(netDir, `${pid}.json`);
    writeFileSync(file, JSON.stringify({ ...INFO, ...info }));
    const at = new Date(Date.now() - ageMs);
    utimesSync(file, at, at);
  };
  const latencies = (list: StatusEvent[]) =>
    list.flatMap((e) => (e.type === 'sample' && e.sample.source === 'network-info' ? [e.sample.latencyMs] : []));

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wsd-feed-'));
    netDir = path.join(dir, 'net');
    mkdirSync(netDir);
    log = path.join(dir, 'invocations.jsonl');
    writeCoderLogin(path.join(dir, 'coderv2'));
    events = [];
    others = [];
    proxies = [];
  });
  afterEach(async () => {
    await Promise.all([feed, ...others].map((f) => f?.shutdown()));
    feed = undefined;
    const pids = proxies.flatMap((p) => (p.pid === undefined ? [] : [p.pid]));
    for (const p of proxies) p.kill('SIGKILL');
    await waitAllDead([...pids, ...pings().map((c) => c.pid)]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a fresh network-info file and runs nothing', async () => {
    writeInfo(await startProxy(`${HOST}ws1`), {});
    feed = makeFeed(netDir);
    await feed.restart({ workspace: 'looping', enabled: true, refreshSeconds: 1 });
    await until('a second reading', () => samples('network-info').length >= 2);
    const [first] = samples('network-info');
    assert.deepEqual(
      first.type === 'sample' && { ms: first.sample.latencyMs, path: first.sample.path, region: first.sample.region },
      { ms: 42.5, path: 'derp', region: 'Frankfurt' },
    );
    assert.equal(feed.pinging, false);
    assert.deepEqual(loggedInvocations(log), []);
  });

  it('falls back to exactly one pinger when the file is stale, and stops it when a fresh one appears', async () => {
    const pid = await startProxy(`${HOST}ws1`);
    const file = path.join(netDir, `${pid}.json`);
    writeInfo(pid, {}, 60_000);
    feed = makeFeed(netDir);
    await feed.restart({ workspace: 'looping', enabled: true, refreshSeconds: 1 });
    assert.equal(events[0]?.type, 'connecting');
    await until('pongs from the pinger', () => samples('ping').length >= 2);
    assert.equal(feed.pinging, true);
    await new Promise((r) => setTimeout(r, 2500)); // a few more polls: still one pinger
    assert.equal(pings().length, 1, 'one coder ping, not one per poll');
    writeFileSync(file, JSON.stringify({ ...INFO, p2p: true, latency: 9 }));
    await until('the pinger to stop', () => !feed?.pinging);
    await waitAllDead(pings().map((c) => c.pid));
    await until('a reading from the new file', () =>
      samples('network-info').some((e) => e.type === 'sample' && e.sample.path === 'p2p'),
    );
  });

  it('pings when the window has no network-info folder, and leaves no process after shutdown', async () => {
    feed = makeFeed(null);
    await feed.restart({ workspace: 'looping', enabled: true, refreshSeconds: 1 });
    await until('a pong', () => samples('ping').length >= 1);
    await feed.shutdown();
    assert.equal(feed.pinging, false);
    await waitAllDead(pings().map((c) => c.pid));
  });

  it('runs nothing while disabled or without a workspace, and says when the CLI is missing', async () => {
    feed = makeFeed(null);
    await feed.restart({ workspace: null, enabled: true, refreshSeconds: 1 });
    await feed.restart({ workspace: 'looping', enabled: false, refreshSeconds: 1 });
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(events, []);
    assert.deepEqual(loggedInvocations(log), []);
    feed = makeFeed(null, path.join(dir, 'no-coder'));
    await feed.restart({ workspace: 'looping', enabled: true, refreshSeconds: 1 });
    const missing = (events as StatusEvent[]).find((e) => e.type === 'cli-missing');
    assert.match(missing?.type === 'cli-missing' ? missing.reason : '', /Coder CLI not found at/);
  });

  it("says a sign-in is needed when the window's deployment has no login, and runs nothing", async () => {
    feed = new StatusFeed({
      sshHost: null,
      networkInfoDir: null,
      resolveCli: () =>
        resolveCoderCli({
          pick: { kind: 'remote', safeHost: 'coder.example.com' },
          coderPath: FAKE_CODER,
          storageDirs: [path.join(dir, 'no-store')],
          env: { PATH: process.env.PATH, HOME: dir, FAKE_CODER_LOG: log },
        }),
      emit: (e) => void events.push(e),
    });
    await feed.restart({ workspace: 'alice/dev', enabled: true, refreshSeconds: 1 });
    const out = events.find((e) => e.type === 'signed-out');
    assert.match(out?.type === 'signed-out' ? out.reason : '', /coder\.example\.com has no login on this machine/);
    assert.equal(
      events.some((e) => e.type === 'cli-missing'),
      false,
    );
    assert.deepEqual(
      loggedInvocations(log).filter((c) => c.command !== 'version'),
      [],
    );
  });

  it("gives each of two windows its own window's figure", async () => {
    const [pid1, pid2] = [await startProxy(`${HOST}ws1`), await startProxy(`${HOST}ws2`)];
    writeInfo(pid1, { latency: 11, p2p: true }, 3_000);
    writeInfo(pid2, { latency: 222 }); // the freshest file in the folder is window 2's
    const seen2: StatusEvent[] = [];
    feed = makeFeed(netDir);
    others.push(makeFeed(netDir, FAKE_CODER, `${HOST}ws2`, (e) => void seen2.push(e)));
    await feed.restart({ workspace: 'alice/ws1', enabled: true, refreshSeconds: 1 });
    await others[0].restart({ workspace: 'alice/ws2', enabled: true, refreshSeconds: 1 });
    await until('two readings each', () => latencies(events).length >= 2 && latencies(seen2).length >= 2);
    assert.ok(
      latencies(events).every((ms) => ms === 11),
      `window 1 saw ${latencies(events).join(', ')}`,
    );
    assert.ok(
      latencies(seen2).every((ms) => ms === 222),
      `window 2 saw ${latencies(seen2).join(', ')}`,
    );
    const first = events.find((e) => e.type === 'sample');
    assert.equal(first?.type === 'sample' && first.sample.path, 'p2p');
    assert.deepEqual(first?.type === 'sample' && first.sample.rates, { downloadBytesSec: 20, uploadBytesSec: 10 });
    assert.deepEqual(loggedInvocations(log), [], 'nothing pinged');
  });

  it('follows the window to a new coder ssh when the old one is replaced', async () => {
    const old = await startProxy(`${HOST}ws1`);
    writeInfo(old, { latency: 30 });
    feed = makeFeed(netDir);
    await feed.restart({ workspace: 'alice/ws1', enabled: true, refreshSeconds: 1 });
    await until('a reading from the first process', () => latencies(events).includes(30));
    const fresh = await startProxy(`${HOST}ws1`);
    writeInfo(fresh, { latency: 31 });
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(!latencies(events).includes(31), 'the known process is kept while its file is fresh');
    proxies[0].kill('SIGKILL');
    unlinkSync(path.join(netDir, `${old}.json`));
    await until('a reading from the new process', () => latencies(events).includes(31));
    assert.equal(feed.pinging, false);
  });

  it('shows Coder Connect from the file, not a 0 ms relay', async () => {
    writeInfo(await startProxy(`${HOST}ws1`), { using_coder_connect: true, p2p: false, latency: 0 });
    feed = makeFeed(netDir);
    await feed.restart({ workspace: 'alice/ws1', enabled: true, refreshSeconds: 1 });
    await until('a reading', () => samples('network-info').length >= 1);
    const [first] = samples('network-info');
    assert.deepEqual(first.type === 'sample' && [first.sample.path, first.sample.latencyMs, first.sample.region], [
      'coder-connect',
      null,
      null,
    ]);
  });

  it("pings when this window's process cannot be found, never reading another window's file", async () => {
    const other = await startProxy(`${HOST}ws2`);
    writeInfo(other, { latency: 222 });
    writeFileSync(path.join(netDir, '1.json'), JSON.stringify(INFO)); // no such proxy
    feed = makeFeed(netDir, FAKE_CODER, `${HOST}ws1`);
    await feed.restart({ workspace: 'looping', enabled: true, refreshSeconds: 1 });
    await until('pongs from the pinger', () => samples('ping').length >= 1);
    assert.deepEqual(samples('network-info'), []);
    assert.equal(pings().length, 1);
    await feed.shutdown();
    await waitAllDead(pings().map((c) => c.pid));
    assert.ok(isAlive(other), 'the other window is left alone');
  });
});
