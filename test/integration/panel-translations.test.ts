// The built panel bundles (dist/webview/*.js) each come with the list of the messages they can show
// (dist/webview/*.l10n.json): what the host sends a panel of the German bundle is exactly that part,
// the panel's own texts and the engine texts it makes, and it passes the panel's check whole.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { MAX_TRANSLATIONS, parseTranslations } from '../../src/shared/panel-translations';
import { panelTranslations, parsePanelMessages } from '../../src/vscode/l10n';
import { REPO_ROOT } from '../support/paths';

const german = JSON.parse(readFileSync(path.join(REPO_ROOT, 'l10n', 'bundle.l10n.de.json'), 'utf8')) as Record<
  string,
  string
>;

const panelList = (panel: string): string[] =>
  parsePanelMessages(readFileSync(path.join(REPO_ROOT, 'dist', 'webview', `${panel}.l10n.json`), 'utf8'));

/** The l10n.t messages of a source folder, as scripts/l10n-extract.mjs finds them. */
function sourceMessages(folder: string): string[] {
  const script = path.join(REPO_ROOT, 'scripts', 'l10n-extract.mjs');
  const run = spawnSync(process.execPath, [script, '--list', '--root', path.join(REPO_ROOT, folder)], {
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  return (JSON.parse(run.stdout) as { messages: string[] }).messages;
}

describe('panel translations from the built bundles', () => {
  const lists = { check: panelList('check'), speedtest: panelList('speedtest') };

  it("list every text of the panel's own code and the engine texts it makes, and no other panel's", () => {
    for (const [panel, list] of Object.entries(lists)) {
      const own = sourceMessages(path.join('src', 'webview', panel));
      assert.deepEqual(
        own.filter((m) => !list.includes(m)),
        [],
        `${panel}: texts of its code missing from the list`,
      );
    }
    // What the German e2e test reads in the check panel: its own texts and the engine's.
    for (const m of ['Checked at {0}.', 'Issues', 'Next step:', 'Relayed via DERP {0}', 'Relayed through DERP'])
      assert.ok(lists.check.includes(m), m);
    assert.ok(!lists.check.includes('Start') && !lists.check.includes('Copy as Markdown'));
    assert.ok(lists.speedtest.includes('Start') && lists.speedtest.includes('Latency under load'));
    assert.ok(!lists.speedtest.includes('Checked at {0}.'));
  });

  it('give each panel the German of all it lists, within the limit, unchanged by its check', () => {
    for (const [panel, list] of Object.entries(lists)) {
      const sent = panelTranslations(german, list);
      assert.deepEqual(Object.keys(sent).sort(), [...list].sort(), `${panel}: a listed text has no German`);
      assert.ok(list.length < MAX_TRANSLATIONS / 4, `${panel}: ${list.length} texts`);
      // Far less than the whole bundle: only what the panel can show.
      assert.ok(list.length < Object.keys(german).length / 2, `${panel}: ${list.length} texts`);
      assert.deepEqual({ ...parseTranslations(JSON.parse(JSON.stringify(sent))) }, sent, panel);
    }
  });
});
