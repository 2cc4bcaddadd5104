import assert from 'node:assert/strict';
import { parseCommandLine, positiveInt, UsageError } from '../../../src/cli/args';
import { checkCommand, parseStunFlag } from '../../../src/cli/check/check-command';
import { speedtestCommand } from '../../../src/cli/speedtest/speedtest-command';
import { main } from '../../../src/cli';
import { recordingIo } from '../../support/recording-io';

const options = { count: { type: 'string' }, coder: { type: 'string' }, json: { type: 'boolean' } } as const;

describe('wsdoctor argument parser (node:util parseArgs, strict)', () => {
  it('reads values in both spellings, switches and positionals', () => {
    const a = parseCommandLine(['dev', '--count', '3', '--coder=/x/coder', '--json'], options);
    assert.deepEqual(a.positionals, ['dev']);
    assert.equal(a.values.count, '3');
    assert.equal(a.values.coder, '/x/coder');
    assert.equal(a.values.json, true);
  });

  it('refuses unknown flags, missing values, values on switches and bad numbers, as usage errors', () => {
    assert.throws(() => parseCommandLine(['--jsno'], options), /^Error: Unknown option --jsno$/);
    assert.throws(() => parseCommandLine(['-n', '3'], options), /Unknown option -n/);
    assert.throws(() => parseCommandLine(['--count'], options), /--count needs a value/);
    assert.throws(() => parseCommandLine(['--json=yes'], options), /--json takes no value/);
    assert.throws(() => parseCommandLine(['--count', '3', '-x'], options), UsageError);
    assert.throws(() => positiveInt('0', 'count', 5, 100), /from 1 to 100/);
    assert.throws(() => positiveInt('3x', 'count', 5, 100), UsageError);
    assert.equal(positiveInt(undefined, 'count', 5, 100), 5);
  });

  it('never takes the next flag as a value: --coder --json is an error', () => {
    assert.throws(
      () => parseCommandLine(['dev', '--coder', '--json'], options),
      (err: unknown) => err instanceof UsageError && /--coder needs a value, not another option/.test(err.message),
    );
    assert.equal(parseCommandLine(['--coder=--odd-path'], options).values.coder, '--odd-path');
  });

  it('treats everything after -- as positional', () => {
    assert.deepEqual(parseCommandLine(['--', '--json'], options).positionals, ['--json']);
  });
});

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
});

describe('wsdoctor commands refuse bad flags before running anything', () => {
  const usage = async (argv: string[]): Promise<{ code: number; err: string; out: string }> => {
    const io = recordingIo();
    const code = await main(argv, io);
    return { code, err: io.err, out: io.out };
  };

  it('check: --coder --json, --stun host:0 and ,,, exit 2 with the reason and the usage on stderr', async () => {
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

  it('speedtest: --coder --json and unknown flags are usage errors', async () => {
    await assert.rejects(speedtestCommand(['dev', '--coder', '--json'], recordingIo()), /--coder needs a value/);
    await assert.rejects(speedtestCommand(['dev', '--directon', 'up'], recordingIo()), /Unknown option --directon/);
  });

  it('check keeps --deployment and --global-config exclusive', async () => {
    await assert.rejects(
      checkCommand(['--local', '--deployment', 'a', '--global-config', '/x'], recordingIo()),
      /give one of them/,
    );
  });
});
