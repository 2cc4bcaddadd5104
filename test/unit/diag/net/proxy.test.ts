import assert from 'node:assert/strict';
import { bypassMatches, proxyFor, proxyLabel, type ProxyChoice } from '../../../../src/diag/net/proxy';
import type { NetSettings } from '../../../../src/diag/net/settings';

const PROXY = 'http://proxy.corp:3128';
const both: NetSettings = { httpsProxy: PROXY, httpProxy: PROXY };

function route(url: string, settings: NetSettings): ProxyChoice {
  return proxyFor(new URL(url), settings);
}

/** Whether `url` goes through the proxy with this NO_PROXY list (both proxies set). */
function proxied(url: string, noProxy: string[]): boolean {
  const choice = route(url, { ...both, noProxy });
  assert.notEqual(choice.kind, 'invalid', `${url}: ${JSON.stringify(choice)}`);
  return choice.kind === 'proxy';
}

describe('proxy choice (Go ProxyFromEnvironment semantics)', () => {
  describe('NO_PROXY entries', () => {
    // [entry, URL, goes through the proxy]
    const cases: [string, string, boolean][] = [
      // A name matches itself and its subdomains, never a name that merely ends the same way.
      ['foo.com', 'https://foo.com/', false],
      ['foo.com', 'https://bar.foo.com/', false],
      ['foo.com', 'https://a.b.foo.com/', false],
      ['foo.com', 'https://xfoo.com/', true],
      ['foo.com', 'https://foo.com.evil.net/', true],
      ['foo.com', 'https://oo.com/', true],
      // A leading dot (or "*.") matches subdomains only.
      ['.foo.com', 'https://foo.com/', true],
      ['.foo.com', 'https://bar.foo.com/', false],
      ['*.foo.com', 'https://foo.com/', true],
      ['*.foo.com', 'https://bar.foo.com/', false],
      ['*.foo.com', 'https://xfoo.com/', true],
      // Everything.
      ['*', 'https://anything.example/', false],
      ['*', 'https://10.1.2.3/', false],
      // IPv4 and CIDR ranges: only IP hosts.
      ['10.0.0.0/8', 'https://10.1.2.3/', false],
      ['10.0.0.0/8', 'https://11.0.0.1/', true],
      ['10.0.0.0/8', 'https://ten.example/', true],
      ['192.168.1.10', 'https://192.168.1.10/', false],
      ['192.168.1.10', 'https://192.168.1.11/', true],
      ['192.168.1.10', 'https://192.168.1.100/', true],
      // IPv6, bracketed or not, and in other spellings of the same address.
      ['[2001:db8::1]', 'https://[2001:db8::1]/', false],
      ['2001:db8::1', 'https://[2001:db8::1]/', false],
      ['2001:DB8:0:0::1', 'https://[2001:db8::1]/', false],
      ['2001:db8::1', 'https://[2001:db8::2]/', true],
      ['2001:db8::/32', 'https://[2001:db8:ff::7]/', false],
      ['2001:db8::/32', 'https://[2001:db9::7]/', true],
      // host:port applies on that port only; the URL's port is its scheme's default when it has none.
      ['foo.com:8443', 'https://foo.com:8443/', false],
      ['foo.com:8443', 'https://foo.com/', true],
      ['foo.com:443', 'https://foo.com/', false],
      ['foo.com:443', 'wss://foo.com/', false],
      ['foo.com:443', 'http://foo.com/', true],
      ['foo.com:80', 'http://foo.com/', false],
      ['foo.com:80', 'ws://foo.com/', false],
      ['foo.com:80', 'https://foo.com/', true],
      ['10.1.2.3:8080', 'http://10.1.2.3:8080/', false],
      ['10.1.2.3:8080', 'http://10.1.2.3/', true],
      ['[2001:db8::1]:443', 'https://[2001:db8::1]/', false],
      ['[2001:db8::1]:443', 'https://[2001:db8::1]:8443/', true],
      // Case and spaces do not matter; empty entries match nothing.
      ['FOO.Com', 'https://foo.com/', false],
      ['  foo.com  ', 'https://bar.foo.com/', false],
      ['', 'https://foo.com/', true],
      ['   ', 'https://foo.com/', true],
      [':8080', 'https://foo.com:8080/', true],
    ];
    for (const [entry, url, viaProxy] of cases) {
      it(`${JSON.stringify(entry)} ${viaProxy ? 'does not cover' : 'covers'} ${url}`, () => {
        assert.equal(proxied(url, [entry]), viaProxy);
      });
    }

    it('URL hosts are case-insensitive too', () => {
      assert.equal(proxied('https://BAR.Foo.COM/', ['foo.com']), false);
    });

    it('one matching entry of several is enough; empty entries in the list are ignored', () => {
      assert.equal(proxied('https://bar.foo.com/', ['', 'other.net', ' ', '.foo.com']), false);
      assert.equal(proxied('https://bar.foo.com/', ['', 'other.net', ' ']), true);
    });

    it('bypassMatches on its own: [::1] and a bare IPv6 entry', () => {
      assert.equal(bypassMatches('[::1]', '::1', '443'), true);
      assert.equal(bypassMatches('::1', '::1', '443'), true);
      assert.equal(bypassMatches('[::1]:80', '::1', '443'), false);
      assert.equal(bypassMatches('2001:db8::1', '2001:db8:0:0:0:0:0:1', '443'), true);
    });
  });

  describe('which proxy', () => {
    it('https and wss take the HTTPS proxy, http and ws the HTTP proxy, never the other one', () => {
      const settings = { httpsProxy: 'http://secure-proxy:1', httpProxy: 'http://plain-proxy:2' };
      const proxyHost = (url: string): string => {
        const c = route(url, settings);
        return c.kind === 'proxy' ? c.url.host : c.kind;
      };
      assert.equal(proxyHost('https://coder.example.com/'), 'secure-proxy:1');
      assert.equal(proxyHost('wss://coder.example.com/derp'), 'secure-proxy:1');
      assert.equal(proxyHost('http://coder.example.com/'), 'plain-proxy:2');
      assert.equal(proxyHost('ws://coder.example.com/derp'), 'plain-proxy:2');
      assert.deepEqual(route('https://coder.example.com/', { httpProxy: 'http://plain-proxy:2' }), {
        kind: 'direct',
        why: 'no-proxy-set',
      });
      assert.deepEqual(route('http://coder.example.com/', { httpsProxy: 'http://secure-proxy:1' }), {
        kind: 'direct',
        why: 'no-proxy-set',
      });
      assert.deepEqual(route('https://coder.example.com/', {}), { kind: 'direct', why: 'no-proxy-set' });
    });

    it('loopback is never proxied, whatever NO_PROXY says', () => {
      for (const url of [
        'https://127.0.0.1:8443/',
        'https://127.9.8.7/',
        'http://localhost:3000/',
        'https://LOCALHOST/',
        'https://[::1]:443/',
        'https://coder.localhost/',
      ])
        assert.deepEqual(route(url, both), { kind: 'direct', why: 'loopback' }, url);
      // Not loopback: a name that only starts like it, and 128.0.0.1.
      assert.equal(route('https://localhost.example.com/', both).kind, 'proxy');
      assert.equal(route('https://128.0.0.1/', both).kind, 'proxy');
    });

    it('a bypassed host says why', () => {
      assert.deepEqual(route('https://bar.foo.com/', { ...both, noProxy: ['foo.com'] }), {
        kind: 'direct',
        why: 'bypassed',
      });
    });

    it('"proxy:3128" without a scheme is an HTTP proxy', () => {
      const c = route('https://coder.example.com/', { httpsProxy: 'proxy:3128' });
      assert.equal(c.kind, 'proxy');
      if (c.kind !== 'proxy') return;
      assert.equal(c.url.protocol, 'http:');
      assert.equal(c.url.hostname, 'proxy');
      assert.equal(c.url.port, '3128');
      assert.equal(c.label, 'http://proxy:3128');
    });

    it('an https:// proxy stays https', () => {
      const c = route('https://coder.example.com/', { httpsProxy: 'https://proxy.corp:8443' });
      assert.equal(c.kind === 'proxy' && c.url.protocol, 'https:');
    });

    it('socks5:// and other schemes are invalid, and say which scheme', () => {
      const c = route('https://coder.example.com/', { httpsProxy: 'socks5://proxy.corp:1080' });
      assert.equal(c.kind, 'invalid');
      if (c.kind !== 'invalid') return;
      assert.match(c.reason, /socks5/);
      assert.equal(c.label, 'socks5://proxy.corp:1080');
    });

    it('a URL that does not parse is invalid', () => {
      const c = route('https://coder.example.com/', { httpsProxy: 'http://[not-an-address' });
      assert.equal(c.kind, 'invalid');
    });

    it('a user name or password that is not properly percent-encoded is invalid (as Go refuses it), not a crash later', () => {
      const c = route('https://coder.example.com/', { httpsProxy: 'http://alice:100%25%zz@proxy.corp:3128' });
      assert.equal(c.kind, 'invalid');
      assert.doesNotMatch(JSON.stringify(c), /100|%zz/);
      // Properly encoded, the same characters are fine.
      assert.equal(
        route('https://coder.example.com/', { httpsProxy: 'http://alice:100%25@proxy.corp:3128' }).kind,
        'proxy',
      );
    });
  });

  describe('labels never show credentials', () => {
    const SECRET = 'pw-s3cr3t';
    const values = [
      `http://alice:${SECRET}@proxy.corp:3128`,
      `alice:${SECRET}@proxy.corp:3128`,
      `https://alice:${SECRET}@proxy.corp:8443/path?x=1`,
      `socks5://alice:${SECRET}@proxy.corp:1080`,
      `http://alice:${SECRET}@[garbage`,
      `http://alice:${SECRET}@proxy corp:3128`,
      `alice:${SECRET}@`,
      `http://alice:p@ss:${SECRET}@proxy.corp:3128`,
      `ftp://alice:${SECRET}@proxy.corp`,
    ];
    for (const value of values) {
      it(JSON.stringify(value.replace(SECRET, '***')), () => {
        assert.ok(!proxyLabel(value).includes(SECRET), proxyLabel(value));
        assert.ok(!proxyLabel(value).includes('alice'), proxyLabel(value));
        const c = route('https://coder.example.com/', { httpsProxy: value });
        if (c.kind !== 'proxy') assert.ok(!JSON.stringify(c).includes(SECRET), JSON.stringify(c));
        else assert.ok(!c.label.includes(SECRET), c.label);
      });
    }

    it('a label is the scheme, host and port', () => {
      assert.equal(proxyLabel(`http://alice:${SECRET}@proxy.corp:3128/some/path`), 'http://proxy.corp:3128');
      assert.equal(proxyLabel('proxy.corp:3128'), 'http://proxy.corp:3128');
    });
  });
});
