import assert from 'node:assert/strict';
import { EventDetector, saysWorkspaceStopped } from '../../../../src/diag/timeline/detect';
import type { Clocks } from '../../../../src/diag/timeline/detect';
import type { LiveSample, StatusEvent } from '../../../../src/diag/status/state';
import type { TimelineEvent } from '../../../../src/diag/wire/timeline-data';

const T0 = Date.UTC(2025, 2, 3, 9, 12, 0);

/** A scripted session: both clocks advance together unless a step says otherwise. */
class Script {
  readonly detector = new EventDetector();
  readonly events: TimelineEvent[] = [];
  samples = 0;
  private wall = T0;
  private mono = 0;

  private clocks(): Clocks {
    return { wallMs: this.wall, monoMs: this.mono };
  }

  after(ms: number, wallExtraMs = 0): this {
    this.wall += ms + wallExtraMs;
    this.mono += ms;
    return this;
  }

  feed(event: StatusEvent): this {
    const d = this.detector.observe(event, this.clocks());
    this.events.push(...d.events);
    this.samples += d.samples.length;
    return this;
  }

  ping(path: LiveSample['path'], region: string | null = null, latencyMs: number | null = 20): this {
    return this.feed({
      type: 'sample',
      sample: { latencyMs, path, region, endpoint: null, atMs: this.wall, source: 'ping' },
    });
  }

  info(fileAtMs: number, path: LiveSample['path'] = 'p2p'): this {
    return this.feed({
      type: 'sample',
      sample: { latencyMs: 15, path, region: null, endpoint: null, atMs: fileAtMs, source: 'network-info' },
    });
  }

  tick(): this {
    const d = this.detector.tick(this.clocks());
    this.events.push(...d.events);
    return this;
  }

  get now(): number {
    return this.wall;
  }

  types(): string[] {
    return this.events.map((e) => (e.from !== undefined ? `${e.type} ${e.from}→${e.to}` : e.type));
  }
}

describe('timeline event detection', () => {
  it('p2p → DERP → p2p gives two path changes with from and to', () => {
    const s = new Script().ping('p2p').after(1000).ping('p2p').after(1000).ping('derp', 'Frankfurt');
    s.after(1000).ping('derp', 'Frankfurt').after(1000).ping('p2p');
    assert.deepEqual(s.types(), ['path-changed p2p→derp', 'path-changed derp→p2p']);
    assert.equal(s.samples, 5);
    assert.equal(s.events[0].atMs, T0 + 2000);
  });

  it('a change of DERP region is its own event', () => {
    const s = new Script()
      .ping('derp', 'Frankfurt')
      .after(1000)
      .ping('derp', 'London')
      .after(1000)
      .ping('coder-connect', null, null);
    assert.deepEqual(s.types(), ['region-changed Frankfurt→London', 'path-changed derp→coder-connect']);
  });

  it('three failed or timed-out pings in a row: offline once, then online with the next answer', () => {
    const s = new Script().ping('p2p');
    s.after(1000).feed({ type: 'failure', reason: 'Ping timed out.' });
    s.after(1000).feed({ type: 'failure', reason: 'Ping timed out.' });
    assert.deepEqual(s.types(), []);
    s.after(1000).feed({ type: 'failure', reason: 'Ping failed: connection refused' });
    s.after(1000).feed({ type: 'failure', reason: 'Ping timed out.' });
    s.after(1000).ping('p2p');
    assert.deepEqual(s.types(), ['offline', 'online']);
    assert.equal(s.events[0].atMs, T0 + 3000);
    assert.match(s.events[0].detail ?? '', /3 pings in a row/);
    // Each failure is kept as a lost sample.
    assert.equal(s.samples, 6);
  });

  it('two failures between answers are not offline', () => {
    const s = new Script().ping('p2p');
    for (let i = 0; i < 5; i++) {
      s.after(1000)
        .feed({ type: 'failure', reason: 'Ping timed out.' })
        .after(1000)
        .feed({ type: 'failure', reason: 'x' });
      s.after(1000).ping('p2p');
    }
    assert.deepEqual(s.types(), []);
  });

  it('a clock gap (sleep and wake): the wall clock jumped, the monotonic one did not', () => {
    const s = new Script().ping('p2p').after(1000).tick();
    s.after(1000, 45 * 60_000).tick();
    assert.deepEqual(s.types(), ['clock-gap']);
    assert.match(s.events[0].detail ?? '', /45 min/);
    // The time asleep is not silence: no offline right after waking.
    s.after(1000).tick();
    assert.deepEqual(s.types(), ['clock-gap']);
  });

  it('a clock gap also when nothing ran for minutes on either clock', () => {
    const s = new Script()
      .tick()
      .after(5 * 60_000)
      .tick();
    assert.deepEqual(s.types(), ['clock-gap']);
  });

  it('a stale network-info file: stale, then offline after 15 s without a fresh reading, then online', () => {
    const s = new Script();
    const file = s.now;
    s.info(file);
    for (let i = 0; i < 9; i++) s.after(1000).info(file).tick();
    assert.deepEqual(s.types(), [], 'the same file read again for 9 s is not stale yet');
    assert.equal(s.samples, 1, 'the same file time is one reading, not many');
    s.after(2000).info(file).tick();
    assert.deepEqual(s.types(), ['stale']);
    s.after(4000).tick();
    assert.deepEqual(s.types(), ['stale', 'offline']);
    assert.match(s.events[1].detail ?? '', /No network info for 15 s/);
    s.after(1000).info(s.now).tick();
    assert.deepEqual(s.types(), ['stale', 'offline', 'online']);
  });

  it('the pinger going silent is stale', () => {
    const s = new Script()
      .ping('p2p')
      .after(15_000)
      .feed({ type: 'unknown', reason: '`coder ping` printed nothing for 15 s' });
    assert.deepEqual(s.types(), ['stale']);
  });

  it('a stopped workspace, then started again', () => {
    const reason =
      '`coder ping` exited with code 1: error: workspace "dev" is stopped: start it with "coder start dev"';
    const s = new Script().ping('p2p').after(1000).feed({ type: 'offline', reason });
    s.after(1000).feed({ type: 'offline', reason }).after(30_000).ping('p2p');
    assert.deepEqual(s.types(), ['workspace-stopped', 'workspace-started']);
    assert.equal(saysWorkspaceStopped('dial tcp: connection refused'), false);
  });

  it('the workspace state from elsewhere', () => {
    const detector = new EventDetector();
    const at = { wallMs: T0, monoMs: 0 };
    assert.deepEqual(detector.workspaceState(true, at).events, []);
    assert.deepEqual(
      detector.workspaceState(false, at).events.map((e) => e.type),
      ['workspace-stopped'],
    );
    assert.deepEqual(detector.workspaceState(false, at).events, []);
    assert.deepEqual(
      detector.workspaceState(true, at).events.map((e) => e.type),
      ['workspace-started'],
    );
  });
});
