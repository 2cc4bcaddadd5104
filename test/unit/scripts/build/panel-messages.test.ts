import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../../support/paths';

const PANEL_MESSAGES = path.join(REPO_ROOT, 'scripts', 'build', 'panel-messages.mjs');

describe('scripts/build/panel-messages', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'wsd-panel-messages-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function write(files: Record<string, string>): void {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
  }

  /** Runs the script on a metafile whose outputs hold the given inputs with their byte counts. */
  function run(outputs: Record<string, Record<string, number>>): { status: number | null; stderr: string } {
    const meta = {
      outputs: Object.fromEntries(
        Object.entries(outputs).map(([out, inputs]) => [
          out,
          { inputs: Object.fromEntries(Object.entries(inputs).map(([i, bytes]) => [i, { bytesInOutput: bytes }])) },
        ]),
      ),
    };
    writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(meta));
    const r = spawnSync(process.execPath, [PANEL_MESSAGES, 'meta.json'], { cwd: dir, encoding: 'utf8' });
    return { status: r.status, stderr: r.stderr };
  }

  const list = (name: string): unknown => JSON.parse(readFileSync(path.join(dir, name), 'utf8'));

  it("lists beside each bundle the messages of our sources in it, each once, sorted; not a package's, not a dropped file's", () => {
    write({
      'src/webview/a/view.ts': "h('h2', {}, l10n.t('Issues')); l10n.t('Checked at {0}.', when);",
      'src/diag/labels.ts': "export const p = () => l10n.t('Relayed through DERP'); l10n.t('Issues');",
      'src/diag/unused.ts': "l10n.t('Never bundled');",
      'src/webview/b/app.ts': "l10n.t('Start');",
      'node_modules/kit/index.js': "l10n.t('Not ours');",
    });
    mkdirSync(path.join(dir, 'dist/webview'), { recursive: true });
    const r = run({
      'dist/webview/a.js': {
        'src/webview/a/view.ts': 120,
        'src/diag/labels.ts': 80,
        'src/diag/unused.ts': 0,
        'node_modules/kit/index.js': 500,
      },
      'dist/webview/a.css': { 'src/webview/a/view.ts': 1 },
      'dist/webview/b.js': { 'src/webview/b/app.ts': 10 },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(list('dist/webview/a.l10n.json'), ['Checked at {0}.', 'Issues', 'Relayed through DERP']);
    assert.deepEqual(list('dist/webview/b.l10n.json'), ['Start']);
    assert.equal(existsSync(path.join(dir, 'dist/webview/a.css.l10n.json')), false);
  });

  it('fails on a message that is not one plain literal, naming its place', () => {
    write({ 'src/webview/a/view.ts': 'l10n.t(`Checked at ${when}`);' });
    mkdirSync(path.join(dir, 'dist/webview'), { recursive: true });
    const r = run({ 'dist/webview/a.js': { 'src/webview/a/view.ts': 40 } });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /src\/webview\/a\/view\.ts:1: the message is a template with \$\{\}/);
    assert.equal(existsSync(path.join(dir, 'dist/webview/a.l10n.json')), false);
  });
});
