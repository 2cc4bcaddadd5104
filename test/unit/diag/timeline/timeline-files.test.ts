import assert from 'node:assert/strict';
import { linkSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TimelineStore } from '../../../../src/diag/timeline/store';
import { MAX_STORED_TIMELINES, TimelineFiles } from '../../../../src/diag/timeline/timeline-files';

const T0 = Date.UTC(2025, 2, 3, 9, 12, 0);

function storeWith(samples: number): TimelineStore {
  const store = new TimelineStore();
  for (let i = 0; i < samples; i++)
    store.addSample({ atMs: T0 + i * 1000, latencyMs: 20, path: 'p2p', derpRegion: null });
  return store;
}

/** Makes the file of `workspace` look saved `secondsAgo` ago. */
function age(files: TimelineFiles, workspace: string, secondsAgo: number): void {
  const at = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(files.fileOf(workspace), at, at);
}

describe('timeline files', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(path.join(tmpdir(), 'wsd-timeline-files-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('keeps one file per workspace, named so that no name reaches outside the folder', async () => {
    const files = new TimelineFiles(path.join(folder, 'timelines'));
    const names = ['dev', '../../escape', 'a/b\\c', 'ü 😀', 'CON', '.', 'x'.repeat(500)];
    for (const [i, name] of names.entries()) await files.save(name, storeWith(i + 1));
    const stored = readdirSync(path.join(folder, 'timelines'));
    assert.equal(stored.length, names.length);
    for (const file of stored) assert.match(file, /^[0-9a-f]{40}\.timeline\.json$/);
    assert.deepEqual(readdirSync(folder), ['timelines']);
    for (const [i, name] of names.entries()) {
      const restored = files.load(name);
      assert.equal(restored.reason, null, name);
      assert.equal(restored.store.samples().length, i + 1, name);
    }
    assert.deepEqual(files.load('never-saved'), { store: files.load('never-saved').store, reason: null });
    assert.ok(files.load('never-saved').store.isEmpty());
  });

  it('writes a new file and renames it over the old one, leaving no temporary file', async () => {
    const files = new TimelineFiles(folder);
    await files.save('dev', storeWith(1));
    const before = readFileSync(files.fileOf('dev'), 'utf8');
    // A second name for the old file: an in-place write would change it too.
    const witness = path.join(folder, 'witness');
    linkSync(files.fileOf('dev'), witness);
    await files.save('dev', storeWith(2));
    assert.equal(readFileSync(witness, 'utf8'), before);
    assert.equal(files.load('dev').store.samples().length, 2);
    assert.deepEqual(
      readdirSync(folder).filter((f) => f.endsWith('.tmp')),
      [],
    );
  });

  it(`keeps at most ${MAX_STORED_TIMELINES} timelines, dropping the least recently saved`, async () => {
    const files = new TimelineFiles(folder);
    for (let i = 0; i < MAX_STORED_TIMELINES; i++) {
      await files.save(`w${i}`, storeWith(1));
      age(files, `w${i}`, 1000 - i);
    }
    // Saved again: no longer the oldest.
    await files.save('w0', storeWith(1));
    await files.save('new', storeWith(1));
    assert.equal(readdirSync(folder).length, MAX_STORED_TIMELINES);
    assert.equal(files.has('w1'), false, 'the least recently saved was kept');
    for (const w of ['w0', 'w2', 'new']) assert.equal(files.has(w), true, w);
  });

  it('keeps the folder under its total size, oldest first, but always the timeline just saved', async () => {
    const probe = new TimelineFiles(path.join(folder, 'probe'));
    await probe.save('w0', storeWith(200));
    const one = statSync(probe.fileOf('w0')).size;
    const files = new TimelineFiles(path.join(folder, 'bounded'), { maxTotalBytes: one * 3 + 100 });
    for (let i = 0; i < 3; i++) {
      await files.save(`w${i}`, storeWith(200));
      age(files, `w${i}`, 100 - i);
    }
    await files.save('w3', storeWith(200));
    assert.deepEqual(
      ['w0', 'w1', 'w2', 'w3'].map((w) => files.has(w)),
      [false, true, true, true],
    );
    await files.save('big', storeWith(1000));
    assert.equal(files.has('big'), true);
    assert.ok(['w1', 'w2', 'w3'].filter((w) => files.has(w)).length < 3);
  });

  it('ignores a corrupt, foreign or oversized file with the reason, and saves over it', async () => {
    const files = new TimelineFiles(folder);
    await files.save('dev', storeWith(1));
    const cases: [string, RegExp][] = [
      ['{"workspace":"dev","timeline":', /not JSON/],
      ['{"workspace":"other","timeline":{}}', /not the timeline of this workspace/],
      ['{"workspace":"dev","timeline":{"version":1,"samples":"garbage"}}', /dropped/],
      ['null', /not the timeline/],
      [' '.repeat(2_000_000), /bigger than a timeline/],
    ];
    for (const [text, reason] of cases) {
      writeFileSync(files.fileOf('dev'), text);
      const restored = files.load('dev');
      assert.ok(restored.store.isEmpty(), text.slice(0, 40));
      assert.match(restored.reason ?? '', reason, text.slice(0, 40));
    }
    await files.save('dev', storeWith(3));
    assert.equal(files.load('dev').store.samples().length, 3);
  });

  it('removes temporary files a window left behind when it died mid-write', async () => {
    const files = new TimelineFiles(folder);
    await files.save('dev', storeWith(1));
    const stale = files.fileOf('dev') + '.999.1.tmp';
    const fresh = files.fileOf('dev') + '.998.2.tmp';
    writeFileSync(stale, '{');
    writeFileSync(fresh, '{');
    const old = new Date(Date.now() - 3600_000);
    utimesSync(stale, old, old);
    await files.save('api', storeWith(1));
    const left = readdirSync(folder);
    assert.equal(left.includes(path.basename(stale)), false);
    assert.equal(left.includes(path.basename(fresh)), true, 'a write under way was removed');
  });
});
