import assert from 'node:assert/strict';
import { append, attributeEntries, h, replaceChildren, setText } from '../../../src/webview/dom';
import { fake, FakeElement, FakeText, useFakeDocument } from '../../support/fake-document';

const HOSTILE = '<img src=x onerror=alert(1)>';

describe('webview dom builder', () => {
  useFakeDocument();

  it('puts strings in as text nodes, so a name written like HTML stays text', () => {
    const el = fake(h('p', { class: 'target' }, 'Target: ', HOSTILE));
    assert.equal(el.tagName, 'p');
    assert.deepEqual(
      el.childNodes.map((c) => c.nodeType),
      [3, 3],
    );
    assert.equal(el.textContent, `Target: ${HOSTILE}`);
    assert.ok(
      el.childNodes.every((c) => !(c instanceof FakeElement)),
      'an element was made from text',
    );
  });

  it('sets string attributes, empty ones for true, and skips false and undefined', () => {
    const el = fake(h('vscode-button', { id: 'start', secondary: true, hidden: false, title: undefined }));
    assert.deepEqual(
      [...el.attributes],
      [
        ['id', 'start'],
        ['secondary', ''],
      ],
    );
  });

  it('refuses event handler attributes in any case', () => {
    for (const name of ['onclick', 'onError', 'ONLOAD'])
      assert.throws(() => h('a', { [name]: 'alert(1)' }), new RegExp(`refusing to set ${name}`));
    assert.throws(() => attributeEntries({ onmouseover: true }), /refusing/);
    // A name that merely contains "on" is fine.
    assert.deepEqual(attributeEntries({ 'aria-description': 'on air' }), [['aria-description', 'on air']]);
  });

  it('appends nodes and text in order and skips null, undefined and false', () => {
    const child = h('strong', {}, 'b');
    const el = fake(h('p', {}, 'a', null, child, undefined, false, 'c'));
    assert.equal(el.childNodes.length, 3);
    assert.equal(el.childNodes[1], child as unknown);
    append(el as unknown as Node, 'd', null);
    assert.equal(el.textContent, 'abcd');
  });

  it('replaceChildren drops what was there', () => {
    const el = h('ul', {}, h('li', {}, 'old'), h('li', {}, 'older'));
    replaceChildren(el, h('li', {}, 'new'));
    assert.equal(fake(el).childNodes.length, 1);
    assert.equal(el.textContent, 'new');
    replaceChildren(el);
    assert.equal(fake(el).childNodes.length, 0);
  });

  it('setText writes only when the text changed (a live region would announce every write)', () => {
    const el = h('p', { role: 'status' });
    setText(el, 'Running…');
    setText(el, 'Running…');
    assert.equal(fake(el).textWrites, 1);
    setText(el, HOSTILE);
    assert.equal(fake(el).textWrites, 2);
    assert.equal(el.textContent, HOSTILE);
    assert.ok(fake(el).childNodes[0] instanceof FakeText);
  });
});
