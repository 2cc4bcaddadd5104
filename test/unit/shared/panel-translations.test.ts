import assert from 'node:assert/strict';
import { MAX_TRANSLATIONS, parseTranslations } from '../../../src/shared/panel-translations';
import { MAX_TEXT } from '../../../src/diag/wire/limits';

describe('engine texts sent to a panel', () => {
  it('keeps string pairs and drops the rest; anything but an object gives no translations', () => {
    const parsed = parseTranslations({ 'Low MTU': 'Niedrige MTU', n: 1, o: {}, long: 'x'.repeat(MAX_TEXT + 1) });
    assert.deepEqual({ ...parsed }, { 'Low MTU': 'Niedrige MTU' });
    for (const bad of [null, 'text', 3, [['a', 'b']]]) assert.deepEqual({ ...parseTranslations(bad) }, {});
  });

  it('treats __proto__ as an ordinary message and stops at the limit', () => {
    const hostile = JSON.parse('{"__proto__": "polluted", "yes": "ja"}') as unknown;
    const parsed = parseTranslations(hostile);
    assert.equal(parsed.__proto__, 'polluted');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    const many = Object.fromEntries(Array.from({ length: MAX_TRANSLATIONS + 5 }, (_, i) => [`m${i}`, `t${i}`]));
    assert.equal(Object.keys(parseTranslations(many)).length, MAX_TRANSLATIONS);
  });
});
