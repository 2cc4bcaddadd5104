// `wsdoctor`'s own conventions: --version, where usage goes, and terminal-safe error lines.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli';
import { HOSTILE, TERMINAL_CONTROL } from '../support/hostile-text';
import { REPO_ROOT } from '../support/paths';
import { recordingIo } from '../support/recording-io';

const packageVersion = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

describe('wsdoctor conventions', () => {
  it('--version and -V print the package version on stdout and exit 0', async () => {
    for (const flag of ['--version', '-V']) {
      const io = recordingIo();
      assert.equal(await main([flag], io), 0);
      assert.equal(io.out, `wsdoctor ${packageVersion}\n`);
      assert.equal(io.err, '');
    }
  });

  it('asked-for help goes to stdout with exit 0; usage after no command goes to stderr with exit 2', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const io = recordingIo();
      assert.equal(await main(argv, io), 0);
      assert.match(io.out, /^wsdoctor: explains/);
      assert.equal(io.err, '');
    }
    const bare = recordingIo();
    assert.equal(await main([], bare), 2);
    assert.equal(bare.out, '');
    assert.match(bare.err, /Usage: wsdoctor check/);
    const commandHelp = recordingIo();
    assert.equal(await main(['speedtest', '--help'], commandHelp), 0);
    assert.match(commandHelp.out, /^Usage: wsdoctor speedtest/);
    assert.equal(commandHelp.err, '');
  });

  it('a mistake prints the reason and the usage on stderr only, exit 2', async () => {
    const io = recordingIo();
    assert.equal(await main(['check', '--cout', '3'], io), 2);
    assert.equal(io.out, '');
    assert.match(io.err, /^wsdoctor check: Unknown option --cout\n\nUsage: wsdoctor check/);
    const unknown = recordingIo();
    assert.equal(await main(['chekc'], unknown), 2);
    assert.equal(unknown.out, '');
    assert.match(unknown.err, /^wsdoctor: unknown command "chekc"\n\nwsdoctor: explains/);
  });

  it('error lines quote hostile arguments without their terminal escapes', async () => {
    for (const argv of [[HOSTILE], ['check', `--${HOSTILE}`], ['check', 'a', 'b', HOSTILE], ['speedtest', HOSTILE]]) {
      const io = recordingIo();
      assert.equal(await main(argv, io), 2, argv.join(' '));
      assert.notEqual(io.err, '');
      assert.doesNotMatch(io.err, TERMINAL_CONTROL, JSON.stringify(io.err));
      assert.equal(io.out, '');
    }
  });
});
