// `wsdoctor check`'s live progress: what the status line says, and that it is drawn only on a
// terminal's stderr (never with --json or when piped), then erased before the report.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkCommand } from '../../../../src/cli/check/check-command';
import { CheckProgress } from '../../../../src/cli/check/check-progress';
import type { LocalProbeRunner } from '../../../../src/diag/check/check';
import { writeCoderLogin } from '../../../support/coder-login';
import { HOSTILE, TERMINAL_CONTROL } from '../../../support/hostile-text';
import { FAKE_CODER } from '../../../support/paths';
import { recordingIo } from '../../../support/recording-io';

const CLEAR = '\r\x1b[2K';

/** The status lines drawn, in order (each one erases the line before it). */
const drawn = (err: string): string[] => err.split(CLEAR).filter(Boolean);

describe('check progress line', () => {
  it('follows the CLI, the pings, netcheck and the probes', () => {
    const p = new CheckProgress(3, { cli: true, local: true });
    assert.equal(p.line(), 'wsdoctor check: finding the Coder CLI and login · netcheck running · probes: 0 done');
    assert.equal(
      p.update({ type: 'cli', cli: { path: '/x/coder', version: 'v2.20.0' } }),
      'wsdoctor check: Coder CLI v2.20.0 · pings 0/3 · netcheck running · probes: 0 done',
    );
    p.update({ type: 'ping', sample: { outcome: 'pong', atMs: 1, path: 'derp', latencyMs: 40 } });
    p.update({ type: 'ping', sample: { outcome: 'timeout', atMs: 2 } });
    p.update({ type: 'probe', outcome: { name: 'mtu', ran: true } });
    assert.equal(
      p.update({ type: 'source-done', source: 'netcheck', ok: false, error: 'x' }),
      'wsdoctor check: Coder CLI v2.20.0 · pings 2/3 · netcheck failed · probes: 1 done',
    );
    assert.equal(
      p.update({ type: 'source-done', source: 'local', ok: true }),
      'wsdoctor check: Coder CLI v2.20.0 · pings 2/3 · netcheck failed · probes done (1 done)',
    );
    assert.equal(p.update({ type: 'raw', source: 'ping', line: 'noise' }), null, 'nothing shown changed');
  });

  it('says when there is no usable CLI, and prints a CLI version only once it is safe', () => {
    const none = new CheckProgress(5, { cli: true, local: false });
    none.update({ type: 'source-done', source: 'version', ok: false, error: 'no CLI' });
    assert.equal(none.line(), 'wsdoctor check: no usable Coder CLI · netcheck not run');
    const hostile = new CheckProgress(5, { cli: true, local: false });
    hostile.update({ type: 'cli', cli: { path: '/x', version: HOSTILE } });
    assert.doesNotMatch(hostile.line(), TERMINAL_CONTROL);
  });

  describe('in the command', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'wsd-progress-'));
      writeCoderLogin(dir);
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const probes: LocalProbeRunner = async (_ctx, emit) => {
      emit({ type: 'probe', outcome: { name: 'mtu', ran: true, data: { interfaces: [] } } });
      emit({ type: 'probe', outcome: { name: 'vpn', ran: true, data: { routes: [] } } });
      emit({ type: 'source-done', source: 'local', ok: true });
    };

    it('draws on a terminal, then erases itself before the report', async () => {
      const io = recordingIo(true);
      assert.equal(await checkCommand(['--local', '--global-config', dir], io, probes), 0);
      const lines = drawn(io.err);
      assert.equal(lines[0], 'wsdoctor check: probes: 0 done');
      assert.ok(lines.includes('wsdoctor check: probes: 2 done'), io.err);
      assert.ok(io.err.endsWith(CLEAR), 'the status line is erased at the end');
      assert.match(io.out, /^Workspace: \(none: local probes only\)/);
    });

    it('stays silent when stderr is piped, and with --json', async () => {
      const piped = recordingIo(false);
      assert.equal(await checkCommand(['--local', '--global-config', dir], piped, probes), 0);
      assert.equal(piped.err, '');
      const json = recordingIo(true);
      assert.equal(await checkCommand(['--local', '--global-config', dir, '--json'], json, probes), 0);
      assert.equal(json.err, '');
      assert.equal((JSON.parse(json.out) as { schemaVersion: number }).schemaVersion, 1);
    });

    it('counts the pings of a real run against the fake coder', async () => {
      const io = recordingIo(true);
      const code = await checkCommand(
        ['relayed', '--no-local', '--count', '4', '--coder', FAKE_CODER, '--global-config', dir],
        io,
      );
      assert.equal(code, 0, io.out + io.err);
      const lines = drawn(io.err);
      assert.match(lines[1], /^wsdoctor check: Coder CLI v\S+ · pings 0\/4 · netcheck running$/);
      for (const n of [1, 2, 3, 4])
        assert.ok(
          lines.some((l) => l.includes(`pings ${n}/4`)),
          io.err,
        );
      assert.match(lines[lines.length - 1], /netcheck done/);
      assert.match(io.out, /^Workspace: relayed/);
    });
  });
});
