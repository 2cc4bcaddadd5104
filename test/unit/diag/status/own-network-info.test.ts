import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freshestNetworkInfo, ownNetworkInfoFiles } from '../../../../src/diag/status/own-network-info';
import type { ProcessEntry } from '../../../../src/diag/status/process-table';

const HOST1 = 'coder-vscode.dev.coder.com--alice--ws1';
const HOST2 = 'coder-vscode.dev.coder.com--alice--ws2';
const MAX_AGE = 15_000;

describe("this window's own network-info file", () => {
  let dir: string;
  let net: string;
  const now = Date.now();
  const proxy = (pid: number, host: string, folder = net): ProcessEntry => ({
    pid,
    argv: ['/bin/coder', 'ssh', '--stdio', '--network-info-dir', folder, host],
  });
  const write = (folder: string, pid: number, latency: number | string, ageMs: number): void => {
    const file = path.join(folder, `${pid}.json`);
    writeFileSync(file, typeof latency === 'string' ? latency : JSON.stringify({ p2p: true, latency }));
    utimesSync(file, (now - ageMs) / 1000, (now - ageMs) / 1000);
  };
  const find = (sshHost: string, processes: ProcessEntry[], networkInfoDir: string | null = net) =>
    freshestNetworkInfo(ownNetworkInfoFiles({ sshHost, networkInfoDir, processes }), now, MAX_AGE);

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wsd-own-'));
    net = path.join(dir, 'net');
    mkdirSync(net);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads its own pid's file, never the fresher one of another window", async () => {
    write(net, 101, 10, 3_000);
    write(net, 202, 200, 100);
    const processes = [proxy(101, HOST1), proxy(202, HOST2)];
    const own = await find(HOST1, processes);
    assert.deepEqual(own && { pid: own.pid, ms: own.info.latencyMs }, { pid: 101, ms: 10 });
    assert.equal(own?.file, path.join(net, '101.json'));
    assert.equal((await find(HOST2, processes))?.info.latencyMs, 200);
  });

  it('picks the freshest of several proxies for the host (a reconnect leaves the old one)', async () => {
    write(net, 101, 10, 9_000);
    write(net, 102, 12, 1_000);
    write(net, 103, '{"p2p":true,"lat', 10); // the newest is half-written
    const own = await find(HOST1, [proxy(101, HOST1), proxy(102, HOST1), proxy(103, HOST1)]);
    assert.equal(own?.pid, 102);
  });

  it('finds nothing when its file is stale or missing, or the process names another folder', async () => {
    write(net, 101, 10, 60_000);
    assert.equal(await find(HOST1, [proxy(101, HOST1), proxy(104, HOST1)]), null);
    const elsewhere = path.join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    write(elsewhere, 105, 10, 100);
    assert.equal(await find(HOST1, [proxy(105, HOST1, elsewhere)]), null, 'not the Coder extension folder');
    assert.equal((await find(HOST1, [proxy(105, HOST1, elsewhere)], null))?.pid, 105, 'any folder when none is set');
    assert.equal(await find(HOST1, [proxy(105, HOST1, 'relative/net')], null), null);
    assert.equal(await find(HOST1, []), null);
  });

  it('accepts the same folder spelled differently', async () => {
    write(net, 101, 10, 100);
    assert.equal((await find(HOST1, [proxy(101, HOST1, `${net}/`)]))?.pid, 101);
    assert.equal((await find(HOST1, [proxy(101, HOST1, path.join(net, '..', 'net'))]))?.pid, 101);
  });
});
