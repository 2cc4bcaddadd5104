import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseNetworkInfo, readFreshestNetworkInfo } from '../../../src/diag/status/network-info';

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

  it('reads the newest fresh <pid>.json and passes over stale, foreign and half-written files', async () => {
    const now = Date.now();
    const write = (name: string, text: string, ageMs: number): void => {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      utimesSync(file, (now - ageMs) / 1000, (now - ageMs) / 1000);
    };
    write('100.json', SAMPLE.replace('87.7', '10'), 60_000);
    write('200.json', SAMPLE.replace('87.7', '20'), 2_000);
    write('300.json', '{"p2p":true,"lat', 500);
    write('notes.json', SAMPLE, 100);
    const fresh = await readFreshestNetworkInfo(dir, now, 15_000);
    assert.equal(fresh?.info.latencyMs, 20);
    assert.equal(path.basename(fresh?.file ?? ''), '200.json');
    assert.equal(await readFreshestNetworkInfo(dir, now + 30_000, 15_000), null);
    assert.equal(await readFreshestNetworkInfo(path.join(dir, 'missing'), now, 15_000), null);
  });
});
