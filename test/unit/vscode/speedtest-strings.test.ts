// The speed test panel's texts as the host sends them: every one passes the panel's check whole, and
// with the German bundle loaded each comes out in German, its placeholders kept for the panel to fill.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { MAX_PANEL_STRING } from '../../../src/shared/panel-strings';
import { SPEEDTEST_STRING_KEYS, parseSpeedtestStrings } from '../../../src/shared/speedtest-strings';
import { english } from '../../../src/vscode/l10n';
import type { L10n } from '../../../src/vscode/l10n';
import { speedtestStrings } from '../../../src/vscode/speedtest-strings';
import { REPO_ROOT } from '../../support/paths';

/** A translator like vscode.l10n with the German bundle loaded; a message it lacks stays English. */
function bundleTranslator(file: string): { l10n: L10n; missing: string[] } {
  const bundle = JSON.parse(readFileSync(path.join(REPO_ROOT, 'l10n', file), 'utf8')) as Record<string, string>;
  const missing: string[] = [];
  const l10n: L10n = {
    t: (message, ...args) => {
      if (!Object.hasOwn(bundle, message)) missing.push(message);
      return english.t(bundle[message] ?? message, ...args);
    },
  };
  return { l10n, missing };
}

describe('speed test panel texts', () => {
  it('are all there in English, within the limit, and pass the panel check unchanged', () => {
    const s = speedtestStrings(english);
    assert.deepEqual(Object.keys(s).sort(), [...SPEEDTEST_STRING_KEYS].sort());
    for (const [key, text] of Object.entries(s))
      assert.ok(text.trim() !== '' && text.length <= MAX_PANEL_STRING, `${key}: ${JSON.stringify(text)}`);
    assert.deepEqual(parseSpeedtestStrings(JSON.parse(JSON.stringify(s))), s);
    // The panel fills these; the host leaves them as placeholders.
    assert.equal(s.target, 'Target: {0}');
    assert.equal(s.failedWith, 'Failed: {0}. {1}');
  });

  it('come out in German with the German bundle, placeholders kept', () => {
    const { l10n, missing } = bundleTranslator('bundle.l10n.de.json');
    const de = speedtestStrings(l10n);
    const en = speedtestStrings(english);
    assert.deepEqual(missing, []);
    assert.equal(de.start, 'Starten');
    assert.equal(de.intervals, '{0}-Intervalle');
    const same = SPEEDTEST_STRING_KEYS.filter((key) => de[key] === en[key]);
    // Only what German borrows as it is: the direction names, the seconds unit.
    assert.deepEqual(same, ['download', 'upload', 'seconds', 'legendDownload']);
    const placeholders = (text: string): string[] => (text.match(/\{\d\}/g) ?? []).sort();
    for (const key of SPEEDTEST_STRING_KEYS) assert.deepEqual(placeholders(de[key]), placeholders(en[key]), key);
    // An in-progress status still ends in `…`, which tells the panel a run stopped half-way.
    assert.ok(de.starting.endsWith('…'));
  });
});
