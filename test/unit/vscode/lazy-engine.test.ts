// Engine bundles load on first use and speak the host's language.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { followTranslator } from '../../../src/diag/l10n';
import type { Translate } from '../../../src/diag/l10n';
import { loadEngineFrom } from '../../../src/vscode/lazy-engine';

interface RecordingEngine {
  setTranslator(translate: Translate | null): void;
  name: string;
  given: unknown[];
}

describe('lazy engine loading', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wsd-engines-'));
    mkdirSync(path.join(dir, 'engines'));
    for (const name of ['speedtest', 'local-probes'])
      writeFileSync(
        path.join(dir, 'engines', `${name}.js`),
        `exports.name = ${JSON.stringify(name)}; exports.given = [];
         exports.setTranslator = (t) => exports.given.push(t);`,
      );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads <dir>/engines/<name>.js and hands it the host translator, followed at each call', () => {
    const engine = loadEngineFrom<RecordingEngine>(dir, 'speedtest');
    assert.equal(engine.name, 'speedtest');
    assert.deepEqual(engine.given, [followTranslator]);
    assert.equal(loadEngineFrom<RecordingEngine>(dir, 'local-probes').name, 'local-probes');
  });

  it('says which bundle is missing', () => {
    rmSync(path.join(dir, 'engines', 'speedtest.js'));
    assert.throws(() => loadEngineFrom(dir, 'speedtest'), /engines[/\\]speedtest\.js/);
  });
});
