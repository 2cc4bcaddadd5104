// The process table read for real: /proc on Linux, and `ps` the way macOS is asked (procps's `ps`
// takes the same options), each finding a live process that looks like a window's ProxyCommand.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { listProcesses } from '../../src/diag/status/process-table';
import { proxyNetworkInfoDir } from '../../src/diag/status/proxy-command';
import { waitAllDead } from '../support/processes';

const HOST = 'coder-vscode.dev.coder.com--alice--ws1';
// macOS keeps VS Code's storage under `Application Support`: a space `ps` does not quote.
const NET = '/home/alice/Library/Application Support/Code/User/globalStorage/coder.coder-remote/net';

describe('process table (this machine)', function () {
  let child: ChildProcess | undefined;

  beforeEach(async () => {
    child = spawn(
      process.execPath,
      ['-e', 'setInterval(() => {}, 60000)', 'ssh', '--stdio', '--network-info-dir', NET, '--log-dir', '/l', HOST],
      { stdio: 'ignore' },
    );
    await new Promise<void>((resolve, reject) => child?.once('spawn', resolve).once('error', reject));
  });
  afterEach(async () => {
    const pid = child?.pid;
    child?.kill('SIGKILL');
    if (pid !== undefined) await waitAllDead([pid]);
  });

  const found = (table: { pid: number; argv: string[] }[] | null) =>
    (table ?? []).filter((p) => proxyNetworkInfoDir(p.argv, HOST) === NET).map((p) => p.pid);

  // These run where the tests run (Linux); a machine without /proc or ps fails them rather than skipping.
  it('finds the process in /proc with its exact arguments', async function () {
    assert.equal(process.platform, 'linux', 'this test reads /proc');
    const table = await listProcesses();
    assert.deepEqual(found(table), [child?.pid]);
    assert.ok(!found(table).includes(process.pid));
  });

  it('finds it through `ps`, joining the folder split at its space', async function () {
    assert.ok(existsSync('/bin/ps'), 'procps (scripts/setup.sh installs it) is needed for this test');
    const table = await listProcesses({ platform: 'darwin' });
    assert.ok(table && table.length > 1, 'ps listed processes');
    assert.deepEqual(found(table), [child?.pid]);
  });
});
