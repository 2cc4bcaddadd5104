import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AWS_RANGES_URL,
  CACHE_FILE,
  findAwsPrefix,
  MAX_RANGES_BYTES,
  loadAwsRanges,
  parseAwsRanges,
} from '../../../../src/diag/local/aws-ranges';
import type { FetchFn } from '../../../../src/diag/net/fetch-fn';
import { cidrContains, ipToBigInt, isLinkLocalOrLoopback, parseCidr } from '../../../../src/diag/net/ip-math';
import { FIXTURES, fixture } from './fixtures';

const RANGES_FILE = join(FIXTURES, 'aws-ip-ranges.small.json');
const failingFetch: FetchFn = () => Promise.reject(new TypeError('fetch failed'));
const fetchOf =
  (body: string, calls: string[] = []): FetchFn =>
  (url) => {
    calls.push(url);
    return Promise.resolve({ ok: true, status: 200, text: () => Promise.resolve(body) });
  };

describe('AWS ranges', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wsdoctor-aws-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('parses the published format and finds IPv4 and IPv6 addresses in it', () => {
    const ranges = parseAwsRanges(fixture('aws-ip-ranges.small.json'));
    assert.equal(ranges.createDate, '2024-11-14-22-13-07');
    assert.equal(ranges.prefixes.length, 4);
    assert.equal(findAwsPrefix(ranges, '198.51.100.127')?.region, 'eu-central-1');
    assert.equal(findAwsPrefix(ranges, '198.51.100.128'), null, '/25 ends at .127');
    assert.equal(findAwsPrefix(ranges, '3.5.143.255')?.text, '3.5.140.0/22');
    assert.equal(findAwsPrefix(ranges, '2600:1f14:1fff::1')?.region, 'us-west-2');
    assert.equal(findAwsPrefix(ranges, '2600:1f14:2000::1'), null);
    assert.equal(findAwsPrefix(ranges, 'not an ip'), null);
  });

  it('rejects a list that is not the published format, saying where', () => {
    assert.throws(() => parseAwsRanges('{"prefixes":[{"ip_prefix":"300.1.1.0/24"}]}'), /prefixes\[0\]\.ip_prefix/);
    assert.throws(() => parseAwsRanges('{"ipv6_prefixes":[]}'), /prefixes: expected a list/);
    assert.throws(() => parseAwsRanges('<html>'), /not valid JSON/);
  });

  it('uses a given file without touching the network', async () => {
    const calls: string[] = [];
    const r = await loadAwsRanges({ file: RANGES_FILE, cacheDir: dir, fetch: fetchOf('{}', calls) });
    assert.ok(r.ok);
    assert.equal(r.source, 'file');
    assert.deepEqual(calls, []);
  });

  it('downloads, caches with the date, then serves the cache while it is fresh', async () => {
    const calls: string[] = [];
    const body = fixture('aws-ip-ranges.small.json');
    const first = await loadAwsRanges({
      cacheDir: dir,
      fetch: fetchOf(body, calls),
      now: () => Date.parse('2025-01-01T00:00:00Z'),
    });
    assert.ok(first.ok);
    assert.equal(first.source, 'download');
    assert.deepEqual(calls, [AWS_RANGES_URL]);
    const cached = JSON.parse(await readFile(join(dir, CACHE_FILE), 'utf8')) as { fetchedAt: string };
    assert.equal(cached.fetchedAt, '2025-01-01T00:00:00.000Z');
    const second = await loadAwsRanges({
      cacheDir: dir,
      fetch: fetchOf(body, calls),
      now: () => Date.parse('2025-01-03T00:00:00Z'),
    });
    assert.ok(second.ok);
    assert.equal(second.source, 'cache');
    assert.equal(calls.length, 1);
  });

  it('falls back to a stale cache when the download fails, and says why', async () => {
    await writeFile(
      join(dir, CACHE_FILE),
      JSON.stringify({ fetchedAt: '2020-01-01T00:00:00.000Z', body: fixture('aws-ip-ranges.small.json') }),
    );
    const r = await loadAwsRanges({ cacheDir: dir, fetch: failingFetch });
    assert.ok(r.ok);
    assert.equal(r.source, 'stale-cache');
    assert.match(r.note ?? '', /fetch failed/);
  });

  it('cannot check when there is neither a download nor a cache', async () => {
    const r = await loadAwsRanges({ cacheDir: dir, fetch: failingFetch });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, /downloading .* failed: fetch failed, and no cached copy exists/);
    const missing = await loadAwsRanges({ file: join(dir, 'nope.json') });
    assert.equal(missing.ok, false);
  });

  it('gives up on a hanging download after its timeout', async () => {
    const hanging: FetchFn = (_url, init) =>
      new Promise((_resolve, reject) => init.signal.addEventListener('abort', () => reject(new Error('aborted'))));
    const r = await loadAwsRanges({ cacheDir: dir, fetch: hanging, timeoutMs: 50 });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, /timed out/);
  });

  it('refuses a download larger than the cap, stopping the stream instead of reading it all', async () => {
    let pulled = 0;
    let cancelled = false;
    const endless: FetchFn = () =>
      Promise.resolve({
        ok: true,
        status: 200,
        text: () => Promise.reject(new Error('the capped reader must not call text()')),
        body: new ReadableStream<Uint8Array>({
          pull: (controller) => {
            pulled += 1;
            controller.enqueue(new Uint8Array(1024 * 1024).fill(0x20));
          },
          cancel: () => void (cancelled = true),
        }),
      });
    const r = await loadAwsRanges({ cacheDir: dir, fetch: endless, timeoutMs: 5000 });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, new RegExp(`larger than ${MAX_RANGES_BYTES} bytes`));
    assert.ok(cancelled, 'the stream was not cancelled');
    assert.ok(pulled <= MAX_RANGES_BYTES / (1024 * 1024) + 2, `pulled ${pulled} MiB`);

    const declared: FetchFn = () =>
      Promise.resolve({
        ok: true,
        status: 200,
        headers: { get: (name: string) => (name === 'content-length' ? String(MAX_RANGES_BYTES + 1) : null) },
        text: () => Promise.reject(new Error('must not read a body declared too large')),
      });
    const d = await loadAwsRanges({ cacheDir: dir, fetch: declared });
    assert.equal(d.ok, false);
    if (!d.ok) assert.match(d.reason, /larger than/);
  });

  it('does not trust a cache dated in the future: it downloads again', async () => {
    await writeFile(
      join(dir, CACHE_FILE),
      JSON.stringify({ fetchedAt: '2099-01-01T00:00:00.000Z', body: fixture('aws-ip-ranges.small.json') }),
    );
    const calls: string[] = [];
    const r = await loadAwsRanges({
      cacheDir: dir,
      fetch: fetchOf(fixture('aws-ip-ranges.small.json'), calls),
      now: () => Date.parse('2025-01-01T00:00:00Z'),
    });
    assert.equal(r.ok && r.source, 'download');
    assert.deepEqual(calls, [AWS_RANGES_URL]);
  });

  it('matches an IPv4 address seen as IPv4-mapped IPv6 (::ffff:a.b.c.d) against IPv4 ranges', () => {
    const ranges = parseAwsRanges(fixture('aws-ip-ranges.small.json'));
    assert.equal(findAwsPrefix(ranges, '::ffff:198.51.100.127')?.region, 'eu-central-1');
    assert.equal(findAwsPrefix(ranges, '::FFFF:c633:647f')?.region, 'eu-central-1');
    assert.equal(findAwsPrefix(ranges, '::ffff:198.51.100.128'), null);
    assert.ok(!cidrContains(parseCidr('::ffff:0:0/96')!, '198.51.100.1'), 'an IPv6 range stays IPv6');
  });

  it('refuses a CIDR with an empty, signed, fractional or repeated prefix length', () => {
    for (const bad of ['10.0.0.0/', '10.0.0.0/ 8', '10.0.0.0/+8', '10.0.0.0/8.0', '10.0.0.0/8/8', '10.0.0.0/1e1'])
      assert.equal(parseCidr(bad), null, bad);
    assert.equal(parseCidr('10.0.0.0/8')?.bits, 8);
    assert.equal(parseCidr('10.0.0.1')?.bits, 32);
  });

  it('does CIDR math for both families', () => {
    assert.equal(ipToBigInt('::ffff:192.0.2.1')?.value, 0xffffc0000201n);
    assert.equal(ipToBigInt('fe80::1%eth0')?.family, 6);
    assert.ok(cidrContains(parseCidr('0.0.0.0/0')!, '8.8.8.8'));
    assert.ok(!cidrContains(parseCidr('0.0.0.0/0')!, '::1'));
    assert.ok(cidrContains(parseCidr('128.0.0.0/1')!, '151.101.1.1'));
    assert.equal(parseCidr('10.0.0.0/33'), null);
    assert.ok(isLinkLocalOrLoopback('fe80::1'));
    assert.ok(isLinkLocalOrLoopback('169.254.3.4'));
    assert.ok(!isLinkLocalOrLoopback('10.0.0.1'));
    assert.ok(!isLinkLocalOrLoopback('fd00::2'));
  });
});
