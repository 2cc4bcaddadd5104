import assert from 'node:assert/strict';
import { headerValues, loginRedactor, makeRedactor } from '../../../src/diag/redact';

describe('redact', () => {
  const redact = makeRedactor([]);

  it('takes the credentials out of URLs of any scheme, anywhere in the text, and keeps a user name alone', () => {
    assert.equal(
      redact('GET https://alice:s3cr3t-pass@coder.example.com/api/v2: 401'),
      'GET https://[redacted]@coder.example.com/api/v2: 401',
    );
    assert.equal(
      redact('proxyconnect tcp: dial socks5://u:p%40ss@proxy:1080 and wss://x:y@h'),
      'proxyconnect tcp: dial socks5://[redacted]@proxy:1080 and wss://[redacted]@h',
    );
    assert.equal(redact('"http://user:pw@proxy.corp:3128"'), '"http://[redacted]@proxy.corp:3128"');
    assert.equal(redact('Speed test of ssh://me@127.0.0.1:22'), 'Speed test of ssh://me@127.0.0.1:22');
  });

  it('takes the credentials out of a proxy variable set without a scheme', () => {
    assert.equal(redact('HTTPS_PROXY=puser:ppass@proxy:3128'), 'HTTPS_PROXY=[redacted]@proxy:3128');
    assert.equal(redact('all_proxy: "u:p@proxy"'), 'all_proxy: "[redacted]@proxy"');
  });

  it('keeps the name of a header the CLI quotes and removes its value', () => {
    assert.equal(
      redact('error: split header "CF-Access-Client-Secret: abc123" had less than two parts'),
      'error: split header "CF-Access-Client-Secret: [redacted]" had less than two parts',
    );
    assert.equal(redact('split header "X-Key=a\\"b c" had'), 'split header "X-Key=[redacted]" had');
    assert.equal(redact('split header "just-a-secret value" had'), 'split header "[redacted]" had');
  });

  it("removes any value of a configured header's Name: value and Name=value fragments", () => {
    const r = makeRedactor([], ['X-Api-Key']);
    assert.equal(r('sent x-api-key: other-value, X-Api-Key=zzz;'), 'sent x-api-key: [redacted], X-Api-Key=[redacted];');
    assert.equal(r('X-Api-Keyring: kept'), 'X-Api-Keyring: kept');
  });

  it("the login's redactor also removes CODER_HEADER's values", () => {
    const r = loginRedactor([], { CODER_HEADER: 'X-One=first-secret-value, X-Two=second-secret-value' });
    assert.equal(r('got first-secret-value and second-secret-value'), 'got [redacted] and [redacted]');
    assert.deepEqual(headerValues(['A=1', 'B', 'C= spaced ']), ['1', 'spaced']);
  });
});
