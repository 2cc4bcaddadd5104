import assert from 'node:assert/strict';
import { csvRecord, netSecrets, netSettingsFromEnv, withProxyEnvironment } from '../../../../src/diag/net/settings';

describe('network settings from the environment', () => {
  it('an empty environment sets nothing', () => {
    assert.deepEqual(netSettingsFromEnv({}, 'linux'), {});
  });

  it('HTTPS_PROXY wins over https_proxy, HTTP_PROXY over http_proxy; a blank one does not count', () => {
    assert.deepEqual(
      netSettingsFromEnv(
        {
          HTTPS_PROXY: 'http://upper:1',
          https_proxy: 'http://lower:1',
          HTTP_PROXY: 'http://upper:2',
          http_proxy: 'http://lower:2',
        },
        'linux',
      ),
      { httpsProxy: 'http://upper:1', httpProxy: 'http://upper:2' },
    );
    assert.deepEqual(netSettingsFromEnv({ https_proxy: 'http://lower:1', http_proxy: 'http://lower:2' }, 'linux'), {
      httpsProxy: 'http://lower:1',
      httpProxy: 'http://lower:2',
    });
    assert.deepEqual(netSettingsFromEnv({ HTTPS_PROXY: '  ', https_proxy: 'http://lower:1' }, 'linux'), {
      httpsProxy: 'http://lower:1',
    });
  });

  it('the HTTPS proxy is not taken for plain HTTP, nor the other way round', () => {
    assert.deepEqual(netSettingsFromEnv({ HTTPS_PROXY: 'http://p:1' }, 'linux'), { httpsProxy: 'http://p:1' });
    assert.deepEqual(netSettingsFromEnv({ HTTP_PROXY: 'http://p:2' }, 'linux'), { httpProxy: 'http://p:2' });
  });

  it('NO_PROXY splits at commas, trimmed, without empty entries; NO_PROXY wins over no_proxy', () => {
    assert.deepEqual(netSettingsFromEnv({ NO_PROXY: ' foo.com, .corp ,,10.0.0.0/8,', no_proxy: 'other' }, 'linux'), {
      noProxy: ['foo.com', '.corp', '10.0.0.0/8'],
    });
    assert.deepEqual(netSettingsFromEnv({ no_proxy: 'a.example,b.example' }, 'linux'), {
      noProxy: ['a.example', 'b.example'],
    });
    assert.deepEqual(netSettingsFromEnv({ NO_PROXY: ' , ' }, 'linux'), {});
  });

  it('SSL_CERT_FILE and NODE_EXTRA_CA_CERTS both become CA files', () => {
    assert.deepEqual(
      netSettingsFromEnv({ SSL_CERT_FILE: '/etc/corp/ca.pem', NODE_EXTRA_CA_CERTS: '/home/me/extra.pem' }, 'linux'),
      { caFiles: ['/etc/corp/ca.pem', '/home/me/extra.pem'] },
    );
    assert.deepEqual(netSettingsFromEnv({ NODE_EXTRA_CA_CERTS: '/home/me/extra.pem' }, 'linux'), {
      caFiles: ['/home/me/extra.pem'],
    });
    assert.deepEqual(netSettingsFromEnv({ SSL_CERT_FILE: ' ' }, 'linux'), {});
  });

  it("SSL_CERT_DIR splits at ':' (at ';' on Windows, where ':' is in drive letters)", () => {
    assert.deepEqual(netSettingsFromEnv({ SSL_CERT_DIR: '/etc/ssl/certs::/opt/corp/certs' }, 'linux'), {
      caDirs: ['/etc/ssl/certs', '/opt/corp/certs'],
    });
    assert.deepEqual(netSettingsFromEnv({ SSL_CERT_DIR: 'C:\\certs;D:\\more certs;' }, 'win32'), {
      caDirs: ['C:\\certs', 'D:\\more certs'],
    });
  });

  it('CODER_HEADER_COMMAND is the header command', () => {
    assert.deepEqual(netSettingsFromEnv({ CODER_HEADER_COMMAND: ' printf "X-A=1" ' }, 'linux'), {
      headerCommand: 'printf "X-A=1"',
    });
  });

  describe('CODER_HEADER, one CSV record as the Coder CLI reads it', () => {
    const headers = (value: string): unknown => {
      const s = netSettingsFromEnv({ CODER_HEADER: value }, 'linux');
      return s.headersProblem ? { problem: s.headersProblem } : s.headers;
    };

    it('commas separate headers', () => {
      assert.deepEqual(headers('X-A=1,X-B=2'), ['X-A=1', 'X-B=2']);
      assert.deepEqual(headers('X-A=1'), ['X-A=1']);
    });

    it('a quoted field may hold commas, and "" in it is a quote', () => {
      assert.deepEqual(headers('"X-List=a,b,c",X-B=2'), ['X-List=a,b,c', 'X-B=2']);
      assert.deepEqual(headers('"X-Say=a ""quoted"" word"'), ['X-Say=a "quoted" word']);
    });

    it('fields are kept as they are: spaces, empty fields (which the CLI then refuses, as parseHeaderLines does)', () => {
      assert.deepEqual(headers('X-A=1, X-B=2'), ['X-A=1', ' X-B=2']);
      assert.deepEqual(headers('X-A=1,,X-B=2'), ['X-A=1', '', 'X-B=2']);
      assert.deepEqual(headers('X-A=1,'), ['X-A=1', '']);
    });

    it('an empty CODER_HEADER is no headers', () => {
      assert.deepEqual(netSettingsFromEnv({ CODER_HEADER: '' }, 'linux'), {});
    });

    it('a malformed value is a problem that never quotes the value', () => {
      const secret = 'tok-9f8e7d';
      for (const value of [
        `X-Token=${secret}"`,
        `"X-Token=${secret}`,
        `"X-Token=${secret}"x`,
        `X-A=1,"X-Token=${secret}`,
      ]) {
        const s = netSettingsFromEnv({ CODER_HEADER: value }, 'linux');
        assert.equal(s.headers, undefined, value);
        assert.match(s.headersProblem ?? '', /^CODER_HEADER is not a comma-separated list: /, value);
        assert.ok(!JSON.stringify(s).includes(secret), JSON.stringify(s));
      }
    });
  });

  describe('csvRecord (Go encoding/csv Reader.Read)', () => {
    const ok = (text: string, fields: string[]): void => assert.deepEqual(csvRecord(text), { ok: true, fields }, text);
    const bad = (text: string, reason: RegExp): void => {
      const r = csvRecord(text);
      assert.equal(r.ok, false, `${JSON.stringify(text)} -> ${JSON.stringify(r)}`);
      if (!r.ok) assert.match(r.reason, reason);
    };

    it('reads only the first record, skipping empty lines before it', () => {
      ok('a,b\nc,d', ['a', 'b']);
      ok('\n\r\na,b', ['a', 'b']);
      ok('a,b\r\n', ['a', 'b']);
      ok('a,b\r', ['a', 'b']);
    });

    it('quoted fields span lines (a CRLF in one is read as LF), and may be empty', () => {
      ok('"a\nb",c', ['a\nb', 'c']);
      ok('"a\r\nb"', ['a\nb']);
      ok('""', ['']);
      ok('"",""', ['', '']);
      ok(',', ['', '']);
      ok('"a"\nb', ['a']);
    });

    it('refuses what Go refuses', () => {
      bad('a"b', /field 1 has a double quote/);
      bad('x,a"b', /field 2 has a double quote/);
      bad('"a"b', /field 1 has text after its closing double quote/);
      bad('"a', /field 1 opens a double quote that is never closed/);
      bad('"a\nb', /never closed/);
      bad('x,"a,b', /field 2 opens/);
      bad('\n', /no field/);
      bad('\r', /no field/);
    });
  });
});

describe('what the settings give the Coder CLI and the redactor', () => {
  it('the CLI gets the proxy variables the settings chose, over the inherited ones, and keeps the rest', () => {
    const env = { PATH: '/bin', HTTPS_PROXY: 'http://old:1', NO_PROXY: 'x' };
    const out = withProxyEnvironment(env, {
      httpsProxy: 'http://u:p@proxy.corp:3128',
      httpProxy: 'http://proxy.corp:3128',
      noProxy: ['.corp', '10.0.0.0/8'],
    });
    assert.deepEqual(out, {
      PATH: '/bin',
      HTTPS_PROXY: 'http://u:p@proxy.corp:3128',
      HTTP_PROXY: 'http://proxy.corp:3128',
      NO_PROXY: '.corp,10.0.0.0/8',
    });
    assert.equal(env.HTTPS_PROXY, 'http://old:1', 'the inherited environment is not changed');
    assert.deepEqual(withProxyEnvironment(env, {}), env);
  });

  it("a proxy's password (as written and decoded) is a secret to clean from reports", () => {
    assert.deepEqual(netSecrets({ httpsProxy: 'http://alice:pa%40ss-long@proxy:3128', httpProxy: 'proxy:3128' }), [
      'pa%40ss-long',
      'pa@ss-long',
    ]);
    assert.deepEqual(netSecrets(undefined), []);
    assert.deepEqual(netSecrets({ httpsProxy: '::not a url::' }), []);
  });
});
