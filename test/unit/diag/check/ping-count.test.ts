import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { clampPingCount, PING_COUNT } from '../../../../src/diag/check/ping-count';
import { REPO_ROOT } from '../../../support/paths';

describe('ping count rule', () => {
  it('is what package.json declares for wsdoctor.pingCount', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      contributes: {
        configuration: { properties: Record<string, { default: number; minimum: number; maximum: number }> };
      };
    };
    const setting = pkg.contributes.configuration.properties['wsdoctor.pingCount'];
    assert.deepEqual(
      { min: setting.minimum, max: setting.maximum, default: setting.default },
      { min: PING_COUNT.min, max: PING_COUNT.max, default: PING_COUNT.default },
    );
  });

  it('clamps whatever a setting holds to a whole count in range', () => {
    assert.equal(clampPingCount(7), 7);
    assert.equal(clampPingCount(2.6), 3);
    assert.equal(clampPingCount(0), PING_COUNT.min);
    assert.equal(clampPingCount(-5), PING_COUNT.min);
    assert.equal(clampPingCount(1e9), PING_COUNT.max);
    for (const junk of [Number.NaN, Number.POSITIVE_INFINITY, '12', null, undefined, {}])
      assert.equal(clampPingCount(junk), PING_COUNT.default, String(junk));
  });
});
