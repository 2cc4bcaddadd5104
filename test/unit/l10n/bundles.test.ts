// The two languages are complete and in step with the sources: the manifest's %keys% and the
// package.nls files, every vscode.l10n.t message and the bundles in l10n/, and the placeholders of
// each translation.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/paths';

const readJson = (file: string): unknown => JSON.parse(readFileSync(path.join(REPO_ROOT, file), 'utf8'));

/** Every `%key%` the manifest uses, wherever it is. */
function manifestKeys(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const m = /^%([^%\s]+)%$/.exec(value);
    if (m) into.add(m[1]);
  } else if (Array.isArray(value)) value.forEach((v) => manifestKeys(v, into));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((v) => manifestKeys(v, into));
  return into;
}

/** `{0}`, `{1}`… of a message, sorted, each once. */
const placeholders = (text: string): string[] => [...new Set(text.match(/\{\d+\}/g) ?? [])].sort();

/** Command ids and setting names a message points at must survive translation. */
const references = (text: string): string[] => (text.match(/command:[\w.]+|#[\w.]+#/g) ?? []).sort();

function sourceMessages(root = 'src'): string[] {
  const script = path.join(REPO_ROOT, 'scripts', 'l10n-extract.mjs');
  const run = spawnSync(process.execPath, [script, '--list', '--root', path.join(REPO_ROOT, root)], {
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  const { messages, problems } = JSON.parse(run.stdout) as { messages: string[]; problems: string[] };
  assert.deepEqual(problems, [], 'every l10n.t message is one plain string literal');
  return messages;
}

const nlsFiles = readdirSync(REPO_ROOT).filter((n) => /^package\.nls(\.[\w-]+)?\.json$/.test(n));
const bundleFiles = readdirSync(path.join(REPO_ROOT, 'l10n')).filter((n) => /^bundle\.l10n(\.[\w-]+)?\.json$/.test(n));

describe('translations', () => {
  it('ship English and German for both the manifest and the extension', () => {
    assert.deepEqual(nlsFiles.sort(), ['package.nls.de.json', 'package.nls.json']);
    assert.deepEqual(bundleFiles.sort(), ['bundle.l10n.de.json', 'bundle.l10n.json']);
    assert.equal((readJson('package.json') as { l10n?: string }).l10n, './l10n');
  });

  it('have every %key% of package.json in each package.nls file, and no key the manifest does not use', () => {
    const used = [...manifestKeys(readJson('package.json'))].sort();
    assert.ok(used.includes('command.checkConnection.title'), `manifest keys: ${used.join(', ')}`);
    for (const file of nlsFiles) {
      const nls = readJson(file) as Record<string, unknown>;
      assert.deepEqual(Object.keys(nls).sort(), used, file);
      for (const [key, text] of Object.entries(nls))
        assert.ok(typeof text === 'string' && text.trim() !== '', `${file}: ${key} is empty`);
    }
  });

  it('have every l10n.t message of src in each bundle, no stale key, and an English bundle of the sources', () => {
    const messages = sourceMessages();
    assert.ok(messages.length > 50, `only ${messages.length} messages found`);
    for (const file of bundleFiles) {
      const bundle = readJson(path.join('l10n', file)) as Record<string, unknown>;
      assert.deepEqual(Object.keys(bundle).sort(), messages, `${file} is out of step: node scripts/l10n-extract.mjs`);
      for (const [key, text] of Object.entries(bundle))
        assert.ok(typeof text === 'string' && text.trim() !== '', `${file}: ${JSON.stringify(key)} is empty`);
    }
    const english = readJson('l10n/bundle.l10n.json') as Record<string, string>;
    for (const m of messages) assert.equal(english[m], m);
  });

  it('cover the engine texts the extension shows (src/diag), not only those of src/vscode', () => {
    const engine = sourceMessages(path.join('src', 'diag'));
    assert.ok(engine.length > 100, `only ${engine.length} engine messages found`);
    assert.ok(engine.includes('Relayed through DERP') && engine.includes('{0} running'), engine.join(', '));
    // Errors, warnings, speed test phases and probe reasons too, not only labels.
    for (const m of [
      'Could not start the upload: {0}',
      'Measuring download for {0} s',
      'took longer than {0} ms',
      '{0} exited with code {1}: {2}',
      'could not run {0}: {1}',
    ])
      assert.ok(engine.includes(m), m);
    const all = new Set(sourceMessages());
    for (const file of bundleFiles) {
      const bundle = readJson(path.join('l10n', file)) as Record<string, unknown>;
      for (const m of engine) {
        assert.ok(all.has(m), m);
        assert.ok(Object.hasOwn(bundle, m), `${file} lacks ${JSON.stringify(m)}`);
      }
    }
  });

  it("cover the panels' own texts (src/webview), which a German panel shows in German", () => {
    const panels = sourceMessages(path.join('src', 'webview'));
    assert.ok(panels.length > 100, `only ${panels.length} panel messages found`);
    // What the German e2e test reads in the check panel, and the speed test panel's controls.
    for (const m of ['Checked at {0}.', 'Issues', 'Next step:', 'Connection to {0}', 'Start', 'Failed: {0}. {1}'])
      assert.ok(panels.includes(m), m);
    const all = new Set(sourceMessages());
    const german = readJson('l10n/bundle.l10n.de.json') as Record<string, string>;
    for (const m of panels) {
      assert.ok(all.has(m), m);
      assert.ok(Object.hasOwn(german, m), `bundle.l10n.de.json lacks ${JSON.stringify(m)}`);
    }
    // Only what German borrows as it is: units, the statistics' short names, the direction names.
    const same = panels.filter((m) => german[m] === m);
    assert.deepEqual(same, [
      'Coder Connect',
      'Deployment {0}.',
      'Download',
      'Download ↓',
      'Jitter',
      'Max',
      'Min',
      'OK',
      'Pings',
      'Upload',
      '{0} s',
    ]);
    // An in-progress status still ends in `…`, which tells the speed test panel a run stopped half-way.
    assert.ok(german['Starting…'].endsWith('…'));
  });

  it('keep the placeholders, command links and setting references of each English text', () => {
    const pairs: Array<[string, string, string]> = [];
    const englishNls = readJson('package.nls.json') as Record<string, string>;
    for (const file of nlsFiles.filter((f) => f !== 'package.nls.json')) {
      const nls = readJson(file) as Record<string, string>;
      for (const [key, english] of Object.entries(englishNls)) pairs.push([`${file} ${key}`, english, nls[key]]);
    }
    for (const file of bundleFiles.filter((f) => f !== 'bundle.l10n.json')) {
      const bundle = readJson(path.join('l10n', file)) as Record<string, string>;
      for (const [english, translated] of Object.entries(bundle)) pairs.push([file, english, translated]);
    }
    assert.ok(pairs.length > 100);
    for (const [where, english, translated] of pairs) {
      assert.deepEqual(placeholders(translated), placeholders(english), `${where}: ${JSON.stringify(english)}`);
      assert.deepEqual(references(translated), references(english), `${where}: ${JSON.stringify(english)}`);
    }
  });

  it('translate into German for real: most texts differ from the English', () => {
    const bundle = readJson('l10n/bundle.l10n.de.json') as Record<string, string>;
    const same = Object.entries(bundle).filter(([english, german]) => english === german);
    // Only words German borrows as they are (OK, Jitter, Pings, Min, Max…).
    assert.ok(same.length < Object.keys(bundle).length / 10, `untranslated: ${same.map(([e]) => e).join(', ')}`);
    const nls = readJson('package.nls.de.json') as Record<string, string>;
    const english = readJson('package.nls.json') as Record<string, string>;
    const sameNls = Object.keys(nls).filter((k) => nls[k] === english[k]);
    assert.deepEqual(sameNls.sort(), ['configuration.title', 'displayName'], 'only the product name stays');
  });
});
