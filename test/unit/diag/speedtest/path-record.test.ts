import assert from 'node:assert/strict';
import { parseNetworkInfo } from '../../../../src/diag/coder/network-info';
import { cliSpeedtestArgv, isUnknownFlag, pingOnceArgv, sshStdioArgv } from '../../../../src/diag/speedtest/coder-argv';
import {
  MAX_PATH_CHANGES,
  PathRecord,
  hopFromNetworkInfo,
  hopFromPong,
  latencyFromNetworkInfo,
} from '../../../../src/diag/speedtest/path-record';
import type { PathChange } from '../../../../src/diag/speedtest/types';

const info = (fields: Record<string, unknown>) => parseNetworkInfo(JSON.stringify({ latency: 48.74, ...fields }));

describe('speed test path record', () => {
  it('reads the path from a network-info file: relay, direct, Coder Connect', () => {
    const relayed = info({ p2p: false, preferred_derp: 'Frankfurt' });
    assert.deepEqual(hopFromNetworkInfo(relayed), { kind: 'derp', derpRegion: 'Frankfurt' });
    assert.equal(latencyFromNetworkInfo(relayed), 48.7);
    assert.deepEqual(hopFromNetworkInfo(info({ p2p: true, preferred_derp: 'Frankfurt' })), {
      kind: 'p2p',
      derpRegion: null,
    });
    // Coder Connect says p2p false and latency 0: neither a relay nor 0 ms.
    const vpn = info({ p2p: false, latency: 0, using_coder_connect: true, preferred_derp: 'Frankfurt' });
    assert.deepEqual(hopFromNetworkInfo(vpn), { kind: 'coder-connect', derpRegion: null });
    assert.equal(latencyFromNetworkInfo(vpn), null);
    assert.deepEqual(hopFromNetworkInfo(info({ p2p: false })), { kind: 'derp', derpRegion: 'unknown' });
  });

  it('reads the path from a coder ping pong', () => {
    assert.deepEqual(hopFromPong({ path: 'derp', latencyMs: 48, derpRegion: 'Sydney' }), {
      kind: 'derp',
      derpRegion: 'Sydney',
    });
    assert.deepEqual(hopFromPong({ path: 'p2p', latencyMs: 9, endpoint: '198.51.100.7:41641' }), {
      kind: 'p2p',
      derpRegion: null,
    });
  });

  it('keeps the first path and each change, with seconds since the start', () => {
    const seen: PathChange[] = [];
    const record = new PathRecord(10_000, (c) => seen.push(c));
    assert.equal(record.current, null);
    assert.equal(record.observe({ kind: 'derp', derpRegion: 'Frankfurt' }, 48, 10_400), true);
    assert.equal(record.observe({ kind: 'derp', derpRegion: 'Frankfurt' }, 51, 12_400), false);
    assert.equal(record.observe({ kind: 'p2p', derpRegion: null }, 12, 13_260), true);
    assert.deepEqual(record.changes, [
      { kind: 'derp', derpRegion: 'Frankfurt', atSeconds: 0.4, latencyMs: 48 },
      { kind: 'p2p', derpRegion: null, atSeconds: 3.3, latencyMs: 12 },
    ]);
    assert.deepEqual(seen, record.changes);
    assert.deepEqual(record.current, { kind: 'p2p', derpRegion: null, atSeconds: 3.3, latencyMs: 12 });
  });

  it('stops recording a flapping path at the limit', () => {
    const record = new PathRecord(0);
    for (let i = 0; i < MAX_PATH_CHANGES * 2; i++)
      record.observe(i % 2 ? { kind: 'p2p', derpRegion: null } : { kind: 'derp', derpRegion: 'X' }, 1, i * 1000);
    assert.equal(record.changes.length, MAX_PATH_CHANGES);
  });
});

describe('speed test argv for the Coder CLI', () => {
  it('builds every call in one place, the workspace last', () => {
    const login = ['--global-config', '/cfg', '--url', 'https://coder.example.com'];
    assert.deepEqual(sshStdioArgv([], 'dev', null), ['ssh', '--stdio', 'dev']);
    assert.deepEqual(sshStdioArgv(login, 'dev', '/tmp/x'), [
      ...login,
      'ssh',
      '--stdio',
      '--network-info-dir',
      '/tmp/x',
      'dev',
    ]);
    assert.deepEqual(pingOnceArgv(login, 'dev'), [...login, 'ping', '-n', '1', 'dev']);
    assert.deepEqual(cliSpeedtestArgv([], 'dev', 'upload', 5), [
      'speedtest',
      '-o',
      'json',
      '--direction',
      'up',
      '-t',
      '5s',
      'dev',
    ]);
  });

  it('recognises an old CLI refusing a flag', () => {
    assert.equal(isUnknownFlag('error: unknown flag: --network-info-dir', '--network-info-dir'), true);
    assert.equal(isUnknownFlag("Error: unknown flag '--network-info-dir'", '--network-info-dir'), true);
    assert.equal(isUnknownFlag('error: unknown flag: --output', '--network-info-dir'), false);
    assert.equal(isUnknownFlag('dial tcp: connection refused', '--network-info-dir'), false);
  });
});
