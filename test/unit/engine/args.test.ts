import assert from 'node:assert/strict';
import { parseArgs, positiveInt, UsageError } from '../../../src/cli/args';

const spec = { values: ['count', 'coder'], switches: ['json'] };

describe('wsdoctor argument parser', () => {
  it('reads values in both spellings, switches and positionals', () => {
    const a = parseArgs(['dev', '--count', '3', '--coder=/x/coder', '--json'], spec);
    assert.deepEqual(a.positional, ['dev']);
    assert.equal(a.values.get('count'), '3');
    assert.equal(a.values.get('coder'), '/x/coder');
    assert.ok(a.switches.has('json'));
  });

  it('refuses unknown flags, missing values and bad numbers', () => {
    assert.throws(() => parseArgs(['--jsno'], spec), UsageError);
    assert.throws(() => parseArgs(['-n', '3'], spec), /Unknown option -n/);
    assert.throws(() => parseArgs(['--count'], spec), /needs a value/);
    assert.throws(() => positiveInt('0', 'count', 5, 100), /from 1 to 100/);
    assert.throws(() => positiveInt('3x', 'count', 5, 100), UsageError);
    assert.equal(positiveInt(undefined, 'count', 5, 100), 5);
  });

  it('treats everything after -- as positional', () => {
    assert.deepEqual(parseArgs(['--', '--json'], spec).positional, ['--json']);
  });
});
