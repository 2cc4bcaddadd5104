import assert from 'node:assert/strict';
import { english } from '../../../src/vscode/l10n';

describe('english translator', () => {
  it('fills {n} placeholders in any order, more than once, and leaves unknown ones', () => {
    assert.equal(english.t('{1} before {0}, {1} again', 'a', 2), '2 before a, 2 again');
    assert.equal(english.t('Saved to {0}.', '/tmp/{1}'), 'Saved to /tmp/{1}.');
    assert.equal(english.t('{0} and {3}', true), 'true and {3}');
    assert.equal(english.t('no placeholder'), 'no placeholder');
  });
});
