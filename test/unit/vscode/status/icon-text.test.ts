import assert from 'node:assert/strict';
import { escapeIcons, statusBarText } from '../../../../src/vscode/status/icon-text';

describe('icon text', () => {
  it('keeps codicon syntax in untrusted text literal and shows invisible characters', () => {
    assert.equal(escapeIcons('$(zap) x'), '\\$(zap) x');
    assert.equal(escapeIcons('$(zap) Frank\u202efurt'), '\\$(zap) Frank\\u{202e}furt');
  });

  it('draws our icon and escapes the label', () => {
    assert.equal(statusBarText({ icon: 'pulse', label: '20 ms · DERP $(zap)' }), '$(pulse) 20 ms · DERP \\$(zap)');
  });
});
