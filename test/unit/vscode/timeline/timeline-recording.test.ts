import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Memento } from 'vscode';
import type { StatusEvent } from '../../../../src/diag/status/state';
import type { Clocks } from '../../../../src/diag/timeline/detect';
import type { Diagnosis } from '../../../../src/diag/timeline/diagnosis';
import { TimelinePersistence, MAX_STORED_TIMELINES } from '../../../../src/vscode/timeline/timeline-persistence';
import { TimelineRecording } from '../../../../src/vscode/timeline/timeline-recording';
import { TimelineStore } from '../../../../src/diag/timeline/store';
import { TimelineFiles } from '../../../../src/diag/timeline/timeline-files';
import { MemoryMemento } from '../../../support/memory-memento';

let folder: string;
const persistenceOf = (state: MemoryMemento): TimelinePersistence =>
  new TimelinePersistence(new TimelineFiles(folder), state as unknown as Memento);

const T0 = Date.UTC(2025, 2, 3, 14, 30, 0);

function sample(path: 'p2p' | 'derp', latencyMs: number): StatusEvent {
  return {
    type: 'sample',
    sample: { latencyMs, path, region: path === 'derp' ? 'Frankfurt' : null, endpoint: null, atMs: 0, source: 'ping' },
  };
}

function setup(state: MemoryMemento, clock: { now: number }) {
  const diagnoses: string[] = [];
  const notified: string[] = [];
  const recording = new TimelineRecording(
    {
      persistence: persistenceOf(state),
      diagnose: (workspace, trigger, atMs): Promise<Diagnosis> => {
        diagnoses.push(`${workspace}:${trigger}`);
        return Promise.resolve({
          atMs,
          trigger,
          issues: [{ id: 'udp-blocked', side: 'client', message: 'UDP is blocked.', docs: 'https://coder.com/docs' }],
        });
      },
      onDiagnosed: (_w, _d, event) => notified.push(event.detail ?? ''),
      onChange: () => undefined,
      log: () => undefined,
      clocks: (): Clocks => ({ wallMs: clock.now, monoMs: clock.now - T0 }),
    },
    { enabled: true, minIntervalMinutes: 10, errorMs: 250 },
  );
  return { recording, diagnoses, notified };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('the extension timeline recording', () => {
  beforeEach(() => (folder = mkdtempSync(path.join(tmpdir(), 'wsd-timelines-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));
  it('records the feed, diagnoses a drop to DERP once, and keeps the result over a reload', async () => {
    const state = new MemoryMemento();
    const clock = { now: T0 };
    const first = setup(state, clock);
    first.recording.observe({ type: 'workspace', workspace: 'dev' });
    await settle();
    for (const path of ['p2p', 'p2p', 'derp', 'p2p', 'derp'] as const) {
      clock.now += 1000;
      first.recording.observe(sample(path, path === 'p2p' ? 12 : 48));
    }
    await settle();
    // Two drops to DERP within the interval: one diagnosis.
    assert.deepEqual(first.diagnoses, ['dev:path-to-derp']);
    assert.equal(first.notified.length, 1);
    assert.match(first.notified[0], /^switched to DERP Frankfurt: .* on your machine$/);
    assert.match(first.recording.lastDiagnosis?.cause ?? '', /^switched to DERP Frankfurt/);
    await first.recording.shutdown();

    // A reload: a new recording restores the timeline, and the interval still holds.
    clock.now += 60_000;
    const second = setup(state, clock);
    second.recording.observe({ type: 'workspace', workspace: 'dev' });
    await settle();
    const store = second.recording.storeOf('dev');
    assert.ok(store);
    assert.deepEqual(
      store.events().map((e) => e.type),
      ['path-changed', 'path-changed', 'path-changed', 'diagnosed'],
    );
    assert.equal(store.samples().length, 5);
    assert.match(second.recording.lastDiagnosis?.cause ?? '', /^switched to DERP Frankfurt/);
    for (const path of ['p2p', 'derp'] as const) {
      clock.now += 1000;
      second.recording.observe(sample(path, 20));
    }
    await settle();
    assert.deepEqual(second.diagnoses, [], 'diagnosed again within the interval after a reload');
    await second.recording.shutdown();
  });

  it('switches workspaces: the first is saved, the second starts from its own stored timeline', async () => {
    const state = new MemoryMemento();
    const clock = { now: T0 };
    const { recording } = setup(state, clock);
    recording.observe({ type: 'workspace', workspace: 'a' });
    await settle();
    recording.observe(sample('p2p', 10));
    recording.observe({ type: 'workspace', workspace: 'b' });
    await settle();
    assert.equal(recording.storeOf('a'), null);
    assert.ok(recording.storeOf('b')?.isEmpty());
    assert.equal(persistenceOf(state).load('a').store.samples().length, 1);
    await recording.shutdown();
  });

  it('switching B then C quickly (a save still pending) leaves the recorder on C and files C under C', async () => {
    const state = new MemoryMemento();
    // Saves take a while, as extension state does: the switch to B waits for A's save.
    let release: () => void = () => undefined;
    const slow = new Promise<void>((r) => (release = r));
    const save = TimelineFiles.prototype.save;
    TimelineFiles.prototype.save = async function (this: TimelineFiles, ...args: Parameters<typeof save>) {
      await slow;
      return save.apply(this, args);
    };
    const clock = { now: T0 };
    const { recording } = setup(state, clock);
    recording.observe({ type: 'workspace', workspace: 'a' });
    recording.observe(sample('p2p', 10));
    recording.observe({ type: 'workspace', workspace: 'b' });
    recording.observe({ type: 'workspace', workspace: 'c' });
    clock.now += 1000;
    recording.observe(sample('derp', 40));
    release();
    await recording.shutdown();
    TimelineFiles.prototype.save = save;
    assert.equal(recording.workspace, 'c');
    assert.equal(recording.storeOf('c')?.samples().length, 1);
    const persistence = persistenceOf(state);
    assert.deepEqual(
      persistence
        .load('c')
        .store.samples()
        .map((s) => s.latencyMs),
      [40],
    );
    assert.ok(persistence.load('b').store.isEmpty(), "C's reading was filed under B");
    assert.deepEqual(
      persistence
        .load('a')
        .store.samples()
        .map((s) => s.latencyMs),
      [10],
    );
  });

  it('drops a corrupt stored timeline with a reason, and keeps at most the newest workspaces', async () => {
    const state = new MemoryMemento();
    const persistence = persistenceOf(state);
    await state.update('wsdoctor.timeline.v1:dev', { version: 1, samples: 'garbage' });
    const restored = persistence.load('dev');
    assert.ok(restored.store.isEmpty());
    assert.match(restored.reason ?? '', /dropped/);
    const store = new TimelineStore();
    store.addSample({ atMs: T0, latencyMs: 1, path: 'p2p', derpRegion: null });
    for (let i = 0; i < MAX_STORED_TIMELINES + 3; i++) await persistence.save(`w${i}`, store);
    assert.ok(persistence.load('w0').store.isEmpty(), 'the oldest workspace was not dropped');
    assert.equal(persistence.load(`w${MAX_STORED_TIMELINES + 2}`).store.samples().length, 1);
    assert.deepEqual(
      state.keys().filter((k) => k !== 'wsdoctor.timeline.v1:dev'),
      [],
      'a save wrote to extension state',
    );
  });
});
