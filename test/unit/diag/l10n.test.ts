// The engine's translation seam: English by default (the CLI), the extension's translator once
// installed, looked up at call time.
import assert from 'node:assert/strict';
import { bundleTranslator, l10n, setTranslator } from '../../../src/diag/l10n';

describe('engine l10n seam', () => {
  afterEach(() => setTranslator(null));

  it('speaks English with no translator, filling {n} placeholders in any order', () => {
    assert.equal(l10n.t('{1} before {0}, {1} again', 'a', 2), '2 before a, 2 again');
    assert.equal(l10n.t('{0} and {3}', true), 'true and {3}');
    assert.equal(l10n.t('Saved to {0}.', '/tmp/{1}'), 'Saved to /tmp/{1}.');
  });

  it('goes through the installed translator at each call, and back to English on null', () => {
    setTranslator((m, ...a) => `«${m}»${a.join('|')}`);
    assert.equal(l10n.t('Hello {0}', 'x'), '«Hello {0}»x');
    setTranslator(null);
    assert.equal(l10n.t('Hello {0}', 'x'), 'Hello x');
  });

  it('looks a message up in a bundle, keeps the English of one it lacks, and takes no key from the prototype', () => {
    const t = bundleTranslator({ 'Hello {0}': 'Hallo {0}' });
    assert.equal(t('Hello {0}', 'Welt'), 'Hallo Welt');
    assert.equal(t('Bye {0}', 'Welt'), 'Bye Welt');
    assert.equal(t('constructor'), 'constructor');
    assert.equal(t('toString'), 'toString');
  });
});
