import assert from 'node:assert/strict';
import { mdText } from '../../../../src/diag/present/markdown-text';

describe('Markdown text', () => {
  it('shows invisible characters in names as their codes', () => {
    assert.equal(mdText('Frank\u202efurt'), 'Frank\\\\u{202e}furt');
  });
});
