import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Memento } from 'vscode';
import { timelineToJson } from '../../../../src/diag/timeline/serialize';
import { TimelineFiles } from '../../../../src/diag/timeline/timeline-files';
import { MAX_STORED_TIMELINES } from '../../../../src/diag/timeline/timeline-files';
import { TimelinePersistence } from '../../../../src/vscode/timeline/timeline-persistence';
import { fullTimeline } from '../../../support/full-timeline';
import { MemoryMemento } from '../../../support/memory-memento';

describe('timeline persistence', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(path.join(tmpdir(), 'wsd-timeline-persistence-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it(`keeps ${MAX_STORED_TIMELINES} full timelines in files, not in extension state`, async () => {
    const state = new MemoryMemento();
    const persistence = new TimelinePersistence(new TimelineFiles(folder), state as unknown as Memento);
    const full = fullTimeline();
    for (let i = 0; i < MAX_STORED_TIMELINES; i++) await persistence.save(`w${i}`, full);
    console.log(`      extension state after ${MAX_STORED_TIMELINES} full timelines: ${state.bytes()} B`);
    assert.ok(state.bytes() < 100, `${state.bytes()} B`);
    assert.equal(readdirSync(folder).length, MAX_STORED_TIMELINES);
    assert.equal(persistence.load('w7').store.samples().length, full.samples().length);
  });

  it('moves the timelines an earlier version kept in extension state into files, once, newest kept', async () => {
    const state = new MemoryMemento();
    const full = timelineToJson(fullTimeline());
    const count = MAX_STORED_TIMELINES + 2;
    for (let i = 0; i < count; i++) await state.update(`wsdoctor.timeline.v1:w${i}`, full);
    // Most recently recorded first, as earlier versions kept it.
    await state.update(
      'wsdoctor.timeline.v1.workspaces',
      Array.from({ length: count }, (_, i) => `w${i}`),
    );
    await state.update('wsdoctor.autoDiagnose.muted', ['w3']);
    await state.update('wsdoctor.timeline.v1:broken', { version: 1, samples: 'garbage' });
    const before = state.bytes();
    const files = new TimelineFiles(folder);
    const persistence = new TimelinePersistence(files, state as unknown as Memento);
    // Before the move, a timeline still comes from extension state.
    assert.equal(persistence.load('w1').store.samples().length, full.samples.length);
    // A window of this version already saved w0: its file is newer and stays.
    const newer = fullTimeline(Date.UTC(2025, 5, 1));
    await persistence.save('w0', newer);

    const log: string[] = [];
    assert.equal(await persistence.migrateFromState((l) => log.push(l)), count);
    const after = state.bytes();
    console.log(`      extension state with ${count} full timelines: ${before} B before the move, ${after} B after`);
    assert.deepEqual(state.keys(), ['wsdoctor.autoDiagnose.muted']);
    assert.ok(after < 100, `${after} B`);
    assert.deepEqual(log, []);
    assert.equal(readdirSync(folder).length, MAX_STORED_TIMELINES);
    assert.deepEqual(persistence.load('w0').store.samples()[0], newer.samples()[0]);
    for (const w of ['w1', `w${MAX_STORED_TIMELINES - 2}`])
      assert.equal(persistence.load(w).store.samples().length, full.samples.length, w);
    assert.equal(files.has(`w${count - 1}`), false, 'the least recently recorded was kept');
    const broken = persistence.load('broken');
    assert.equal(broken.store.isEmpty(), true);
    assert.equal(await persistence.migrateFromState(() => undefined), 0);
  });
});
