// The .vsix holds only what runs: bundles, media and the top-level documents.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/paths';

const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^LICENSE$/,
  /^dist\/(extension|cli)\.js$/,
  /^dist\/engines\/[\w-]+\.js$/,
  /^dist\/webview\/[\w.-]+\.(js|css)$/,
  /^media\/[\w./-]+$/,
];

const vsce = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');

describe('extension package contents', () => {
  it('packages into a .vsix under 1 MB', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wsd-vsix-'));
    try {
      const out = path.join(dir, 'ext.vsix');
      execFileSync(
        process.execPath,
        [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', out],
        { cwd: REPO_ROOT, stdio: 'pipe' },
      );
      const size = statSync(out).size;
      assert.ok(size < 1024 * 1024, `vsix is ${size} bytes`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists only bundles, media and documents: no sources, tests, maps or node_modules', () => {
    const files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    })
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    assert.ok(files.includes('dist/extension.js'), `no extension bundle in ${files.join(', ')}`);
    assert.ok(files.includes('dist/cli.js'));
    for (const f of files)
      assert.ok(
        ALLOWED.some((re) => re.test(f)),
        `unexpected file in the package: ${f}`,
      );
  });
});
