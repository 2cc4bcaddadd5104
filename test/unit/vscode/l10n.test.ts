import assert from 'node:assert/strict';
import { english, panelTranslations, parsePanelMessages } from '../../../src/vscode/l10n';

describe('english translator', () => {
  it('fills {n} placeholders in any order, more than once, and leaves unknown ones', () => {
    assert.equal(english.t('{1} before {0}, {1} again', 'a', 2), '2 before a, 2 again');
    assert.equal(english.t('Saved to {0}.', '/tmp/{1}'), 'Saved to /tmp/{1}.');
    assert.equal(english.t('{0} and {3}', true), 'true and {3}');
    assert.equal(english.t('no placeholder'), 'no placeholder');
  });
});

describe('panel translations', () => {
  const bundle = { 'Run again': 'Erneut ausführen', 'Checked at {0}.': 'Geprüft um {0}.', Start: 'Starten', odd: 3 };

  it("are the bundle's translations of the panel's messages only, string pairs only", () => {
    assert.deepEqual(panelTranslations(bundle, ['Run again', 'Checked at {0}.', 'odd', 'Not in the bundle']), {
      'Run again': 'Erneut ausführen',
      'Checked at {0}.': 'Geprüft um {0}.',
    });
    // A message named like a property of every object is looked up as a message, not found there.
    assert.deepEqual(panelTranslations(bundle, ['constructor', 'toString', '__proto__']), {});
  });

  it('are none in English (no bundle loaded) or for a panel with no messages', () => {
    assert.deepEqual(panelTranslations(undefined, ['Run again']), {});
    assert.deepEqual(panelTranslations(bundle, []), {});
  });

  it("read the build's list of a panel's messages, its strings only, and refuse what is no list", () => {
    assert.deepEqual(parsePanelMessages('["Issues", 3, "Start", null]'), ['Issues', 'Start']);
    assert.throws(() => parsePanelMessages('{"Issues": "Probleme"}'), /not a list/);
    assert.throws(() => parsePanelMessages('["Issues"'));
  });
});
