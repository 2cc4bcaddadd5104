import assert from 'node:assert/strict';
import { majorOf, parseVersionJson, parseVersionText } from '../../../../src/diag/coder/version';

describe('coder version parsing', () => {
  it('reads the JSON form and the plain form of old builds', () => {
    assert.equal(parseVersionJson('{"version":"v2.18.0+a1b2c3d","build_time":"x"}'), 'v2.18.0+a1b2c3d');
    assert.equal(parseVersionJson('Coder v2.1.0'), null);
    assert.equal(parseVersionJson('{"version":"devel"}'), null);
    assert.equal(parseVersionText('Coder v0.27.3+b1a2c3d Tue Apr  4 10:11:12 UTC 2023\n'), 'v0.27.3+b1a2c3d');
    assert.equal(parseVersionText('\x00 junk'), null);
  });

  it('knows the major version', () => {
    assert.equal(majorOf('v2.18.0+abc'), 2);
    assert.equal(majorOf('0.27.3'), 0);
    assert.equal(majorOf('nope'), null);
  });
});
