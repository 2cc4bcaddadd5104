// `wsdoctor check`: its flags (refused before anything runs), when it says the check could not run,
// and its live progress, drawn only on a terminal's stderr (never with --json or when piped), then
// erased before the report.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../../../src/cli';
import { UsageError } from '../../../../src/cli/args';
import { checkCommand, couldNotRun, parseStunFlag } from '../../../../src/cli/check/check-command';
import type { LocalProbeRunner } from '../../../../src/diag/check/check';
import type { Report } from '../../../../src/diag/model';
import { writeCoderLogin } from '../../../support/coder-login';
import { FAKE_CODER } from '../../../support/paths';
import { recordingIo } from '../../../support/recording-io';

const CLEAR = '\r\x1b[2K';

/** The status lines drawn, in order (each one erases the line before it). */
const drawn = (err: string): string[] => err.split(CLEAR).filter(Boolean);

describe('wsdoctor check --stun', () => {
  it('accepts host:port lists, IPv4 and [IPv6]', () => {
    assert.deepEqual(parseStunFlag('stun.example.com:3478, 192.0.2.1:19302,[2001:db8::1]:3479'), [
      'stun.example.com:3478',
      '192.0.2.1:19302',
      '[2001:db8::1]:3479',
    ]);
  });

  it('refuses port 0, ports past 65535, empty lists and entries, and missing ports', () => {
    assert.throws(() => parseStunFlag('host:0'), /"host:0" has port 0; a port is 1 to 65535/);
    assert.throws(() => parseStunFlag('host:99999'), /port 99999/);
    assert.throws(() => parseStunFlag(',,,'), /needs at least one HOST:PORT/);
    assert.throws(() => parseStunFlag(''), /needs at least one/);
    assert.throws(() => parseStunFlag('a:1,,b:2'), /an empty entry/);
    assert.throws(() => parseStunFlag('host'), /"host" is not HOST:PORT/);
    assert.throws(() => parseStunFlag('bad host:1'), /is not HOST:PORT/);
    for (const bad of ['host:0', ',,,', 'x:99999']) assert.throws(() => parseStunFlag(bad), UsageError);
  });

  it('is the rule --stun applies, entry by entry', () => {
    assert.deepEqual(parseStunFlag('a.example:1, [::1]:2'), ['a.example:1', '[::1]:2']);
    assert.throws(() => parseStunFlag('a.example:1,b.example'), /--stun: "b.example" is not HOST:PORT/);
    assert.throws(() => parseStunFlag('a.example:99999'), /--stun: "a.example:99999" has port 99999/);
    assert.throws(() => parseStunFlag('a:1,,b:2'), /an empty entry/);
  });
});

describe('wsdoctor check refuses bad flags before running anything', () => {
  const usage = async (argv: string[]): Promise<{ code: number; err: string; out: string }> => {
    const io = recordingIo();
    const code = await main(argv, io);
    return { code, err: io.err, out: io.out };
  };

  it('--coder --json, --stun host:0 and ,,, exit 2 with the reason and the usage on stderr', async () => {
    for (const [argv, reason] of [
      [['check', 'dev', '--coder', '--json'], /--coder needs a value/],
      [['check', '--local', '--stun', 'host:0'], /port 0/],
      [['check', '--local', '--stun', ',,,'], /at least one HOST:PORT/],
      [['check', '--local', '--global-config', ''], /--global-config needs a folder/],
      [['check', 'dev', '--count=0'], /--count must be a whole number/],
    ] as const) {
      const r = await usage([...argv]);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.err, reason);
      assert.match(r.err, /Usage: wsdoctor check/);
      assert.equal(r.out, '');
    }
  });

  it('keeps --deployment and --global-config exclusive', async () => {
    await assert.rejects(
      checkCommand(['--local', '--deployment', 'a', '--global-config', '/x'], recordingIo()),
      /give one of them/,
    );
  });

  it('needs one workspace, or --local without one', async () => {
    for (const [argv, reason] of [
      [[], /Which workspace\?/],
      [['a', 'b'], /Expected one workspace, got 2/],
      [['dev', '--local'], /--local runs without a workspace/],
      [['--local', '--no-local'], /contradict each other/],
      [['dev', '--client-cert', 'c.pem'], /--client-cert and --client-key go together/],
    ] as const)
      await assert.rejects(checkCommand([...argv], recordingIo()), (err: unknown) => {
        assert.ok(err instanceof UsageError, String(err));
        assert.match(err.message, reason);
        return true;
      });
  });
});

describe('wsdoctor check: could it run?', () => {
  const report = (sources: Report['sources'], sent: number): Report =>
    ({ sources, pings: { sent } }) as unknown as Report;
  const ok = (source: string) => ({ source, ok: true }) as Report['sources'][number];
  const failed = (source: string) => ({ source, ok: false, error: 'x' }) as Report['sources'][number];

  it('did not when there is no CLI, or no ping attempt came back', () => {
    assert.equal(couldNotRun(report([failed('version')], 0), false), true);
    assert.equal(couldNotRun(report([ok('version'), failed('ping')], 0), false), true);
  });

  it('did when pings were sent, even if some failed, or only netcheck or the probes failed', () => {
    assert.equal(couldNotRun(report([ok('version'), failed('ping')], 3), false), false);
    assert.equal(
      couldNotRun(report([ok('version'), ok('ping'), failed('netcheck'), failed('local')], 5), false),
      false,
    );
  });

  it('with --local, only the probes count', () => {
    assert.equal(couldNotRun(report([failed('local')], 0), true), true);
    assert.equal(couldNotRun(report([failed('version'), ok('local')], 0), true), false);
  });
});

describe('wsdoctor check', () => {
  describe('progress on stderr', () => {
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
