import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../../support/paths';

// config.ts binds config-reader.ts to VS Code; config-reader.test.ts tests what is read and how.
const READERS = [
  path.join('src', 'vscode', 'settings', 'config-reader.ts'),
  path.join('src', 'vscode', 'settings', 'config.ts'),
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('settings', () => {
  it('are read by config.ts (through config-reader.ts) only', () => {
    const readers = sourceFiles(path.join(REPO_ROOT, 'src'))
      .map((file) => path.relative(REPO_ROOT, file))
      .filter((file) =>
        /\b(getConfiguration|onDidChangeConfiguration)\b/.test(readFileSync(path.join(REPO_ROOT, file), 'utf8')),
      );
    assert.deepEqual(readers, READERS);
  });

  it('that name a program or a key file are application-scoped: a remote machine’s settings never set them', () => {
    // In a remote window VS Code merges the remote machine's settings into `machine`- and
    // `window`-scoped values; only `application` scope is the user's own machine alone.
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { scope?: string }> } };
    };
    const props = pkg.contributes.configuration.properties;
    const named = Object.keys(props).filter((key) => /path|file|command/i.test(key));
    assert.deepEqual(named, ['wsdoctor.coderPath', 'wsdoctor.speedtest.identityFile']);
    for (const key of named) assert.equal(props[key].scope, 'application', key);
  });
});
