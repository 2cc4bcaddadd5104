// The status indicator's feed against the fake coder and real files: the network-info file first
// (nothing spawned), one pinger otherwise, and no process left when it stops.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { resolveCoderCli } from '../../src/diag/coder/session';
import { StatusFeed } from '../../src/diag/status/feed';
import type { StatusEvent } from '../../src/diag/status/state';
import { writeCoderLogin } from '../support/coder-login';
import { FAKE_CODER } from '../support/paths';
import { loggedInvocations, waitAllDead } from '../support/processes';

const INFO = {
  p2p: false,
  latency: 42.5,
  preferred_derp: 'Frankfurt',
  derp_latency: { Frankfurt: 41 },
  upload_bytes_sec: 10,
  download_bytes_sec: 20,
  using_coder_connect: false,
};

async function until(what: string, test: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('status feed', function () {
  let dir: string;
  let netDir: string;
  let log: string;
  let events: StatusEvent[];
  let feed: StatusFeed | undefined;

  const samples = (source: string) => events.filter((e) => e.type === 'sample' && e.sample.source === source);
  const pings = () => loggedInvocations(log).filter((c) => c.command === 'ping');
  const makeFeed = (networkInfoDir: string | null, coder = FAKE_CODER) =>
    new StatusFeed({
      networkInfoDir,
      resolveCli: () =>
        resolveCoderCli({
          pick: { kind: 'auto' },
          coderPath: coder,
          storageDirs: [],
          env: { ...process.env, FAKE_CODER_LOG: log, CODER_CONFIG_DIR: writeCoderLogin(path.join(dir, 'login')) },
        }),
      emit: (e) => events.push(e),
    });

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wsd-feed-'));
    netDir = path.join(dir, 'net');
    mkdirSync(netDir);
    log = path.join(dir, 'invocations.jsonl');
    events = [];
  });
  afterEach(async () => {
    await feed?.shutdown();
    feed = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a fresh network-info file and runs nothing', async () => {
    writeFileSync(path.join(netDir, '4242.json'), JSON.stringify(INFO));
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
    const file = path.join(netDir, '4242.json');
    writeFileSync(file, JSON.stringify(INFO));
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
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
});
