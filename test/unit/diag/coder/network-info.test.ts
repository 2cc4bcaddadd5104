import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseNetworkInfo, readNetworkInfoFile } from '../../../../src/diag/coder/network-info';

const SAMPLE =
  '{"p2p":false,"latency":87.7,"preferred_derp":"Coder Embedded Relay","derp_latency":{"Coder Embedded Relay":88.4},"upload_bytes_sec":448,"download_bytes_sec":569,"using_coder_connect":false}';

describe('network-info files', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'wsd-net-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('parses the file the CLI writes', () => {
    assert.deepEqual(parseNetworkInfo(SAMPLE), {
      p2p: false,
      latencyMs: 87.7,
      preferredDerp: 'Coder Embedded Relay',
      derpLatencyMs: { 'Coder Embedded Relay': 88.4 },
      uploadBytesSec: 448,
      downloadBytesSec: 569,
      usingCoderConnect: false,
    });
    assert.equal(parseNetworkInfo('{"p2p":true,"latency":3}').preferredDerp, null);
    assert.throws(() => parseNetworkInfo('{"p2p":true}'), /latency/);
    assert.throws(() => parseNetworkInfo('{"p2p":tr'), /not valid JSON/);
    assert.throws(() => parseNetworkInfo('[1]'), /object/);
  });

  it('reads one file, and says why when it has nothing current', async () => {
    const now = Date.now();
    const write = (name: string, text: string, ageMs: number): string => {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      utimesSync(file, (now - ageMs) / 1000, (now - ageMs) / 1000);
      return file;
    };
    const fresh = await readNetworkInfoFile(write('200.json', SAMPLE, 2_000), now, 15_000);
    assert.equal(fresh.kind === 'fresh' && fresh.info.latencyMs, 87.7);
    assert.equal((await readNetworkInfoFile(write('100.json', SAMPLE, 60_000), now, 15_000)).kind, 'stale');
    const half = await readNetworkInfoFile(write('300.json', '{"p2p":true,"lat', 500), now, 15_000);
    assert.match(half.kind === 'invalid' ? half.reason : '', /not valid JSON/);
    const big = await readNetworkInfoFile(write('400.json', ' '.repeat(70_000), 500), now, 15_000);
    assert.match(big.kind === 'invalid' ? big.reason : '', /too big/);
    assert.equal((await readNetworkInfoFile(path.join(dir, '500.json'), now, 15_000)).kind, 'missing');
    assert.equal((await readNetworkInfoFile(dir, now, 15_000)).kind, 'invalid');
  });

  it('a file dated in the future is not fresh: it would be fresh forever', async () => {
    const now = Date.now();
    const file = path.join(dir, '600.json');
    writeFileSync(file, SAMPLE);
    // Written before the clock went back 2 h, or by a machine whose clock runs ahead.
    const future = (now + 2 * 3600_000) / 1000;
    utimesSync(file, future, future);
    assert.equal((await readNetworkInfoFile(file, now, 15_000)).kind, 'stale');
    // A second or two ahead (a file system's clock) is still a reading.
    const soon = (now + 2_000) / 1000;
    utimesSync(file, soon, soon);
    assert.equal((await readNetworkInfoFile(file, now, 15_000)).kind, 'fresh');
  });
});
