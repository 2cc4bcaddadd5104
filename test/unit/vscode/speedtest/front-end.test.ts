import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../../support/paths';
import { EXTENSION_FRONT_END } from '../../../../src/vscode/speedtest/front-end';
import { CLI_FRONT_END } from '../../../../src/diag/speedtest/types';

describe('the speed test as the extension runs it (front end)', () => {
  it('names a setting the extension contributes for the key file, and asks about host keys itself', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.ok(pkg.contributes.configuration.properties[EXTENSION_FRONT_END.keyFileOption]);
    assert.equal(EXTENSION_FRONT_END.hostKeyFlags, false);
    assert.notEqual(EXTENSION_FRONT_END.keyFileOption, CLI_FRONT_END.keyFileOption);
  });
});
