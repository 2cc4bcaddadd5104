import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/paths';

const READER = path.join('src', 'vscode', 'config.ts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('settings', () => {
  it('are read by config.ts only', () => {
    const readers = sourceFiles(path.join(REPO_ROOT, 'src'))
      .map((file) => path.relative(REPO_ROOT, file))
      .filter((file) =>
        /\b(getConfiguration|onDidChangeConfiguration)\b/.test(readFileSync(path.join(REPO_ROOT, file), 'utf8')),
      );
    assert.deepEqual(readers, [READER]);
  });
});

describe("the Coder extension's settings", () => {
  it('are read from user settings only, never a folder that may set a command to run', () => {
    const source = readFileSync(path.join(REPO_ROOT, READER), 'utf8');
    const body = /function readCoderSettings\(\)[\s\S]*?\n}\n/.exec(source)?.[0];
    assert.ok(body, 'readCoderSettings is gone: keep the coder.* settings user-only wherever they are read');
    assert.match(body, /\.inspect<unknown>\(key\)\?\.globalValue/);
    assert.doesNotMatch(body, /\bc\.get\b/, 'c.get merges workspace values in');
  });
});
