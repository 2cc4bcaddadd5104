import assert from 'node:assert/strict';
import { parseCommandLine, positiveInt, UsageError } from '../../../src/cli/args';

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
