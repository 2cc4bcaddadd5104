import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { listProcesses, parsePsOutput } from '../../../../src/diag/status/process-table';
import type { ProcessEntry } from '../../../../src/diag/status/process-table';
import { proxyNetworkInfoDir } from '../../../../src/diag/status/proxy-command';
import { fixture } from '../../../support/paths';

const PROC = fixture('status/proc');
const ME = process.getuid?.() ?? 0;
const LINUX_NET = '/home/alice/.config/Code/User/globalStorage/coder.coder-remote/net';
const MAC_NET = '/Users/alice/Library/Application Support/Code/User/globalStorage/coder.coder-remote/net';
const HOST = 'coder-vscode.dev.coder.com--alice--';

/** The pids whose ProxyCommand serves `host`, with the folder each names. */
function matches(processes: readonly ProcessEntry[], host: string): [number, string][] {
  return processes
    .map((p): [number, string | null] => [p.pid, proxyNetworkInfoDir(p.argv, host)])
    .filter((m): m is [number, string] => m[1] !== null)
    .sort((a, b) => a[0] - b[0]);
}

describe('process table (Linux /proc)', () => {
  it('reads every process with its exact arguments, and skips what is not one', async () => {
    const table = await listProcesses({ platform: 'linux', procRoot: PROC, uid: ME });
    assert.ok(table);
    const pids = table.map((p) => p.pid).sort((a, b) => a - b);
    // 2 is a kernel thread (empty cmdline), 5008 vanished (no cmdline), self/net/sys are not pids.
    assert.deepEqual(
      pids,
      [1, 2001, 2002, 2003, 2004, 3001, 3002, 4001, 4002, 5001, 5002, 5003, 5004, 5005, 5006, 5007],
    );
    const window1 = table.find((p) => p.pid === 2001);
    assert.equal(window1?.argv.length, 14);
    assert.equal(window1?.argv[8], LINUX_NET);
    assert.equal(window1?.argv[13], `${HOST}ws1`);
  });

  it('finds each window by its own host only', async () => {
    const table = (await listProcesses({ platform: 'linux', procRoot: PROC, uid: ME })) ?? [];
    // 2001 and 2004: the live proxy and one left by a reconnect. Not the ssh client (2002), the
    // shell wrapper (2003), grep (5001), a proxy without --network-info-dir (5002) or --stdio
    // (5003), the host only as the folder's value (5004), ws10 (5005), `ws1 ` (5006), garbage (5007).
    assert.deepEqual(matches(table, `${HOST}ws1`), [
      [2001, LINUX_NET],
      [2004, LINUX_NET],
    ]);
    assert.deepEqual(matches(table, `${HOST}ws2.main`), [[3001, LINUX_NET]]);
    assert.deepEqual(matches(table, `${HOST}ws2`), []);
    assert.deepEqual(matches(table, `${HOST}ws3`), [[3002, LINUX_NET]], 'older vscodessh');
    assert.deepEqual(matches(table, 'coder.ws4'), [], 'config-ssh host without a network-info folder');
    assert.deepEqual(matches(table, 'ws5.coder'), [[4002, '/home/alice/.cache/coder-net']]);
  });

  it("ignores other users' processes, and says when there is no table", async () => {
    assert.deepEqual(await listProcesses({ platform: 'linux', procRoot: PROC, uid: ME + 1 }), []);
    assert.equal(await listProcesses({ platform: 'linux', procRoot: fixture('status/no-such-proc') }), null);
    assert.equal(await listProcesses({ platform: 'win32' }), null);
  });
});

describe('process table (macOS ps)', () => {
  const PS_TEXT = readFileSync(fixture('status/ps-macos.txt'), 'utf8');

  it('parses `ps -o pid=,uid=,command=` for this user, joining folders that contain spaces', async () => {
    const table = await listProcesses({ platform: 'darwin', uid: 501, ps: () => Promise.resolve(PS_TEXT) });
    assert.ok(table);
    assert.deepEqual(
      table.map((p) => p.pid),
      [612, 7001, 7002, 7003, 7004, 7006],
      'root (1), another user (7005), garbage, an overflowing pid and an empty command are left out',
    );
    assert.deepEqual(matches(table, `${HOST}ws1`), [[7001, MAC_NET]]);
    assert.deepEqual(matches(table, `${HOST}ws2`), [[7003, MAC_NET]]);
    assert.deepEqual(matches(table, `${HOST}ws3`), [[7004, MAC_NET]], 'vscodessh with --network-info-dir=');
    assert.equal(await listProcesses({ platform: 'darwin', ps: () => Promise.resolve(null) }), null);
  });

  it('keeps CRLF and odd spacing from breaking lines', () => {
    const entries = parsePsOutput(
      `  10 501 coder ssh --stdio --network-info-dir /a b/net --x y h\r\n  11 501   spaced\r\n`,
      501,
    );
    assert.deepEqual(entries, [
      { pid: 10, argv: ['coder', 'ssh', '--stdio', '--network-info-dir', '/a b/net', '--x', 'y', 'h'] },
      { pid: 11, argv: ['spaced'] },
    ]);
  });
});
