import assert from 'node:assert/strict';
import { contentSecurityPolicy, panelPage, panelTitle } from '../../../../src/vscode/panels/webview-page';
import type { PageParts } from '../../../../src/vscode/panels/webview-page';

const speedtestHtml = (p: Omit<PageParts, 'title' | 'body'>): string =>
  panelPage({ ...p, title: 'Speed test', body: '<main id="app"></main>' });

describe('panel HTML shell', () => {
  const html = speedtestHtml({
    cspSource: 'https://webview.test',
    nonce: 'abc123==',
    scriptUri: 'https://webview.test/dist/webview/speedtest.js',
    styleUri: 'https://webview.test/media/speedtest.css',
  });

  it('has a strict CSP: nothing by default, scripts only by nonce, no inline allowances', () => {
    const csp = contentSecurityPolicy('https://webview.test', 'abc123==');
    assert.match(csp, /^default-src 'none';/);
    assert.match(csp, /script-src 'nonce-abc123=='$/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    assert.ok(html.includes(`content="${csp}"`));
  });

  it('loads exactly one script, by nonce, with no inline code or handlers', () => {
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.deepEqual(scripts, ['<script nonce="abc123==" src="https://webview.test/dist/webview/speedtest.js">']);
    assert.match(html, /<script[^>]*><\/script>/);
    assert.doesNotMatch(html, /\son[a-z]+=/i);
    assert.doesNotMatch(html, /<style/);
  });

  it('escapes attribute values', () => {
    const h = speedtestHtml({ cspSource: 'x', nonce: 'n"><script>', scriptUri: 'a"b', styleUri: 'c' });
    assert.doesNotMatch(h, /n"><script>/);
    assert.match(h, /src="a&quot;b"/);
  });

  it('titles a tab with its target, cut to 40 characters', () => {
    assert.equal(panelTitle('Speed test', null), 'Speed test');
    assert.equal(panelTitle('Connection', 'dev'), 'Connection: dev');
    const long = panelTitle('Connection', 'w'.repeat(5000));
    assert.equal(long, `Connection: ${'w'.repeat(39)}…`);
  });
});
