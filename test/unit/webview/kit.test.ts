// The panels' controls, each made and labelled one way (built here under a stand-in document: the
// @vscode-elements classes themselves are not loaded, only their tags and properties are set).
import assert from 'node:assert/strict';
import {
  button,
  checkbox,
  dataTable,
  progressBar,
  progressRing,
  radioGroup,
  setDisabled,
  singleSelect,
} from '../../../src/webview/kit';
import { fake, useFakeDocument } from '../../support/fake-document';
import type { FakeElement } from '../../support/fake-document';

const attrs = (el: FakeElement): Record<string, string> => Object.fromEntries(el.attributes);

describe('webview controls kit', () => {
  useFakeDocument();

  it('a button presses on click, and not while it is disabled', () => {
    let presses = 0;
    const el = button('Run', () => presses++, { id: 'run', secondary: true });
    assert.equal(fake(el).tagName, 'vscode-button');
    assert.deepEqual(attrs(fake(el)), { id: 'run', secondary: '' });
    assert.equal(el.textContent, 'Run');
    fake(el).fire('click');
    setDisabled(el, true);
    fake(el).fire('click');
    assert.equal(presses, 1);
    setDisabled(el, false);
    fake(el).fire('click');
    assert.equal(presses, 2);
    assert.deepEqual(attrs(fake(button('Plain', () => undefined))), {});
  });

  it('setDisabled says it to assistive technology too', () => {
    const el = checkbox('local', 'Run local probes');
    setDisabled(el, true);
    assert.equal(el.disabled, true);
    assert.equal(fake(el).getAttribute('aria-disabled'), 'true');
    setDisabled(el, false);
    assert.equal(fake(el).getAttribute('aria-disabled'), 'false');
  });

  it('radios are named and identified after their group, which a visible label names', () => {
    const { group, radios } = radioGroup('direction', 'direction-label', [
      { value: 'down', label: 'Download' },
      { value: 'up', label: 'Upload' },
    ]);
    assert.deepEqual(attrs(fake(group)), { 'aria-labelledby': 'direction-label' });
    assert.deepEqual(
      radios.map((r) => attrs(fake(r))),
      [
        { id: 'direction-down', name: 'direction', value: 'down' },
        { id: 'direction-up', name: 'direction', value: 'up' },
      ],
    );
    assert.deepEqual(fake(group).children, radios);
    assert.equal(group.textContent, 'DownloadUpload');
  });

  it('a drop-down carries its label and its options', () => {
    const el = singleSelect('streams', 'Streams', [
      { value: '1', label: 'One' },
      { value: '4', label: 'Four' },
    ]);
    assert.equal(el.label, 'Streams');
    assert.deepEqual(
      fake(el).children.map((o) => [o.tagName, o.getAttribute('value'), o.textContent]),
      [
        ['vscode-option', '1', 'One'],
        ['vscode-option', '4', 'Four'],
      ],
    );
  });

  it('a progress bar starts empty out of 100; a ring starts hidden; both are labelled', () => {
    const bar = progressBar('Download progress');
    assert.equal(bar.max, 100);
    assert.equal(bar.value, 0);
    assert.equal(fake(bar).getAttribute('aria-label'), 'Download progress');
    const ring = progressRing('Checking');
    assert.deepEqual(attrs(fake(ring)), { 'aria-label': 'Checking', hidden: '' });
  });

  it('a table is named by its caption, with a header, its rows and the footer row last, set apart', () => {
    const table = fake(
      dataTable({
        caption: 'Intervals',
        columns: ['Second', 'Mbit/s'],
        rows: [
          ['0-1', '48'],
          ['1-2', '50'],
        ],
        footer: ['total', '49'],
        class: 'intervals',
      }),
    );
    assert.deepEqual(attrs(table), { class: 'intervals', 'aria-label': 'Intervals', 'bordered-rows': '' });
    const [caption, header, body] = table.children;
    assert.deepEqual(
      [caption.tagName, caption.getAttribute('slot'), caption.textContent],
      ['div', 'caption', 'Intervals'],
    );
    assert.deepEqual(
      header.children.map((c) => c.textContent),
      ['Second', 'Mbit/s'],
    );
    assert.equal(body.getAttribute('slot'), 'body');
    assert.deepEqual(
      body.children.map((r) => [r.getAttribute('class'), r.children.map((c) => c.textContent)]),
      [
        [null, ['0-1', '48']],
        [null, ['1-2', '50']],
        ['total-row', ['total', '49']],
      ],
    );
    assert.equal(fake(dataTable({ caption: 'x', columns: [], rows: [] })).children[2].children.length, 0);
  });
});
