// `wsdoctor fleet` in process: its flags, the live progress line on a terminal's stderr, and that it
// lets go of Ctrl-C when done.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { UsageError } from '../../../../src/cli/args';
import { fleetCommand } from '../../../../src/cli/fleet/fleet-command';
import { writeCoderLogin } from '../../../support/coder-login';
import { FAKE_CODER, fixture } from '../../../support/paths';
import { recordingIo } from '../../../support/recording-io';

const CLEAR = '\r\x1b[2K';

describe('wsdoctor fleet command', () => {
  let dir: string;
  const saved = { ...process.env };
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wsd-fleet-cmd-'));
    writeCoderLogin(dir);
    process.env.FAKE_CODER_SCENARIOS = fixture('fake-coder/fleet-scenarios.json');
    process.env.FAKE_CODER_LINE_MS = '5';
  });
  afterEach(() => {
    process.env = { ...saved };
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a workspace argument and out-of-range numbers with a usage error', async () => {
    const io = recordingIo();
    await assert.rejects(
      fleetCommand(['dev'], io),
      (e: unknown) => e instanceof UsageError && /takes no workspace/.test(e.message),
    );
    await assert.rejects(fleetCommand(['--concurrency', '0'], io), /--concurrency must be a whole number from 1 to 64/);
    await assert.rejects(fleetCommand(['--timeout', 'soon'], io), /--timeout must be a whole number/);
    await assert.rejects(fleetCommand(['--count', '101'], io), /--count must be a whole number from 1 to 100/);
  });

  it('draws progress on a terminal, erases it before the table, and removes its interrupt handler', async () => {
    const io = recordingIo(true);
    const code = await fleetCommand(
      ['--global-config', dir, '--coder', FAKE_CODER, '--timeout', '1', '--concurrency', '8'],
      io,
    );
    assert.equal(code, 0);
    const lines = io.err.split(CLEAR).filter(Boolean);
    assert.equal(lines[0], 'wsdoctor fleet: listing workspaces');
    assert.ok(lines.includes('wsdoctor fleet: 12 workspaces listed · checked 0/8'), lines.join('\n'));
    assert.match(lines[lines.length - 1], /^wsdoctor fleet: 12 workspaces listed · checked 8\/8$/);
    assert.ok(io.err.endsWith(CLEAR), 'the progress line is erased');
    assert.match(io.out, /^8 running · 3 direct/);
    assert.equal(io.handlers.size, 0);
  });

  it('draws no progress with --json', async () => {
    const io = recordingIo(true);
    await fleetCommand(['--global-config', dir, '--coder', FAKE_CODER, '--timeout', '1', '--json'], io);
    assert.equal(io.err, '');
    assert.equal((JSON.parse(io.out) as { workspaces: unknown[] }).workspaces.length, 12);
  });
});
