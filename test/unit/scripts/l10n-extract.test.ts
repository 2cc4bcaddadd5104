import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/paths';

const EXTRACT = path.join(REPO_ROOT, 'scripts', 'l10n-extract.mjs');

/** What the extractor lists for a source tree made of `files`. */
function list(root: string, files: Record<string, string>): { messages: string[]; problems: string[] } {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  const run = spawnSync(process.execPath, [EXTRACT, '--list', '--root', root], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as { messages: string[]; problems: string[] };
}

describe('scripts/l10n-extract', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'wsd-l10n-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds every message in any quote, across lines and folders, once each, with escapes read', () => {
    const found = list(dir, {
      'a.ts': "vscode.l10n.t('Run again'); l10n.t(\"Don't stop\"); x.l10n.t(`Saved to {0}.`, uri);",
      'deep/b.tsx': "const s = vscode.l10n.t(\n  'It\\'s {0} \\u00e9t\\u00e9',\n  n,\n);\nvscode.l10n.t('Run again');",
      'c.d.ts': "declare const x: l10n.t('not source');",
      'notes.md': "l10n.t('not a source file')",
    });
    assert.deepEqual(found.problems, []);
    assert.deepEqual(found.messages, ["Don't stop", "It's {0} été", 'Run again', 'Saved to {0}.']);
  });

  it('finds a call that Prettier broke across lines before its .t (a chained call)', () => {
    const found = list(dir, {
      'chain.ts': "const s = l10n\n  .t(\n    'The relay {0} is down.',\n    region,\n  )\n  .replace('  ', ' ');",
    });
    assert.deepEqual(found.problems, []);
    assert.deepEqual(found.messages, ['The relay {0} is down.']);
  });

  it('names every call whose message is not one plain literal, with its place', () => {
    const found = list(dir, {
      'bad.ts': [
        'vscode.l10n.t(message);',
        'vscode.l10n.t(`Saved to ${uri}`);',
        "vscode.l10n.t('fine');",
        "vscode.l10n.t('never closed);",
      ].join('\n'),
    });
    assert.deepEqual(found.messages, ['fine']);
    assert.deepEqual(found.problems, [
      'bad.ts:1: the message is not a string literal',
      'bad.ts:2: the message is a template with ${}',
      'bad.ts:4: the string literal does not end',
    ]);
  });
});
