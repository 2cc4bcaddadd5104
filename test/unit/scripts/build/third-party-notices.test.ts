import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../../support/paths';

const NOTICES = path.join(REPO_ROOT, 'scripts', 'build', 'third-party-notices.mjs');

function fakePackage(root: string, dir: string, pkg: object, licence?: [string, string]): void {
  mkdirSync(path.join(root, dir), { recursive: true });
  writeFileSync(path.join(root, dir, 'package.json'), JSON.stringify(pkg));
  if (licence) writeFileSync(path.join(root, dir, licence[0]), licence[1]);
}

describe('scripts/build/third-party-notices', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'wsd-notices-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function run(outputs: Record<string, Record<string, number>>): {
    status: number | null;
    stderr: string;
    text: string;
  } {
    const meta = {
      outputs: Object.fromEntries(
        Object.entries(outputs).map(([out, inputs]) => [
          out,
          { inputs: Object.fromEntries(Object.entries(inputs).map(([i, bytes]) => [i, { bytesInOutput: bytes }])) },
        ]),
      ),
    };
    writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(meta));
    const r = spawnSync(process.execPath, [NOTICES, 'notices.txt', 'meta.json'], { cwd: dir, encoding: 'utf8' });
    let text = '';
    try {
      text = readFileSync(path.join(dir, 'notices.txt'), 'utf8');
    } catch {
      // no file: the run failed, which the status says
    }
    return { status: r.status, stderr: r.stderr, text };
  }

  it('lists every package with bytes in a bundle, nested and scoped ones too, with its licence text in full', () => {
    fakePackage(dir, 'node_modules/alpha', { name: 'alpha', version: '1.2.3', license: 'MIT' }, [
      'LICENSE',
      'alpha licence\r\nline 2',
    ]);
    fakePackage(
      dir,
      'node_modules/@scope/beta',
      { name: '@scope/beta', version: '2.0.0', license: 'BSD-3-Clause', homepage: 'https://beta.test/' },
      ['LICENSE.md', 'beta licence'],
    );
    fakePackage(
      dir,
      'node_modules/alpha/node_modules/gamma',
      { name: 'gamma', version: '0.1.0', licenses: [{ type: 'ISC' }] },
      ['licence.txt', 'gamma licence'],
    );
    fakePackage(dir, 'node_modules/shaken', { name: 'shaken', version: '9.9.9', license: 'GPL-3.0' }, [
      'LICENSE',
      'never bundled',
    ]);
    const { status, stderr, text } = run({
      'dist/a.js': { 'src/a.ts': 100, 'node_modules/alpha/index.js': 10, 'node_modules/shaken/index.js': 0 },
      'dist/b.js': {
        'node_modules/@scope/beta/lib/x.js': 5,
        'node_modules/alpha/node_modules/gamma/g.js': 1,
        'node_modules/alpha/other.js': 3,
      },
    });
    assert.equal(status, 0, stderr);
    assert.match(text, /^- @scope\/beta 2\.0\.0 \(BSD-3-Clause\)\n- alpha 1\.2\.3 \(MIT\)\n- gamma 0\.1\.0 \(ISC\)$/m);
    assert.match(text, /alpha licence\nline 2/, 'the text in full, line ends normalised');
    assert.match(text, /https:\/\/beta\.test\/\n-+\n\nbeta licence/);
    assert.match(text, /gamma licence/);
    assert.equal(
      text.match(/^alpha 1\.2\.3 \(MIT\)$/gm)?.length,
      1,
      'one section per package, however many of its files',
    );
    assert.doesNotMatch(text, /shaken|never bundled/, 'a package tree-shaken to nothing is not listed');
    assert.doesNotMatch(text, /src\/a\.ts/);
  });

  it('stops with the package named when a bundled package ships no licence file', () => {
    fakePackage(dir, 'node_modules/bare', { name: 'bare', version: '0.0.1', license: 'MIT' });
    const { status, stderr } = run({ 'dist/a.js': { 'node_modules/bare/index.js': 10 } });
    assert.equal(status, 1);
    assert.match(stderr, /bare@0\.0\.1 .*ships no LICENSE file/);
    assert.doesNotMatch(stderr, /\n\s+at /);
  });
});
