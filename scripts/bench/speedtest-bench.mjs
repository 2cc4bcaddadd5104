// SSH speed test throughput against OpenSSH (`-c aes128-gcm@openssh.com`, the fastest cipher on a
// CPU with AES instructions, which ssh2 also negotiates) in the same run, both directions:
// - an unshaped veth link: ours with 1 stream and with 4 streams / OpenSSH's one stream (aim >= 0.95
//   with 1 stream);
// - a 50 ms RTT path (user-space delay relay): ours with 4 streams / OpenSSH's one stream (aim > 1).
// Median of ROUNDS rounds, each round running ours and OpenSSH back to back. Needs root (a network
// namespace and a private sshd); says so and exits 1 otherwise. Uses the compiled tree in out/.
/* global AbortController */
import { spawn } from 'node:child_process';
import { openSync, closeSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const out = new URL('../../out/', import.meta.url).pathname;

if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
  console.log('speedtest-bench: needs root (it creates a network namespace and runs a private sshd); not run.');
  process.exit(1);
}

const { createLink } = require(`${out}test/lab/support-speed/link.js`);
const { startSshd } = require(`${out}test/lab/support-speed/sshd.js`);
const { startDelayRelay } = require(`${out}test/lab/support-speed/fixture.js`);
const { runSpeedtest } = require(`${out}src/diag/throughput/speedtest.js`);

const SECONDS = 3;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CIPHER = 'aes128-gcm@openssh.com';

function ssh(to, remote, stdinFile) {
  const args = [
    ...['-c', CIPHER, '-q', '-i', to.clientKey, '-p', String(to.port)],
    ...['-o', `UserKnownHostsFile=${to.knownHosts}`, '-o', 'BatchMode=yes', `root@${to.host}`, remote],
  ];
  return new Promise((resolve, reject) => {
    const fd = stdinFile ? openSync(stdinFile, 'r') : 'ignore';
    const t0 = performance.now();
    const child = spawn('ssh', args, { stdio: [fd, 'ignore', 'inherit'] });
    child.on('close', (code) => {
      if (typeof fd === 'number') closeSync(fd);
      if (code === 0) resolve((performance.now() - t0) / 1000);
      else reject(new Error(`ssh ${remote} exited ${code}`));
    });
  });
}

/** OpenSSH's rate for `bytes`, with its connection set-up (timed by `ssh host true`) taken out. */
async function openssh(to, direction, bytes) {
  const setup = await ssh(to, 'true');
  const total =
    direction === 'download'
      ? await ssh(to, `head -c ${bytes} /dev/zero`)
      : await ssh(to, `head -c ${bytes} >/dev/null`, '/dev/zero');
  return (bytes * 8) / 1e6 / Math.max(0.05, total - setup);
}

async function ours(to, direction, streams) {
  const report = await runSpeedtest(
    {
      target: { kind: 'ssh', host: to.host, port: to.port, username: 'root' },
      directions: [direction],
      durationSeconds: SECONDS,
      identityFile: to.clientKey,
      knownHostsFiles: [to.knownHosts],
      streams,
    },
    () => undefined,
    new AbortController().signal,
  );
  if (report.error) throw new Error(report.error);
  return report.results[0];
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => `${median(xs).toFixed(2)} (${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)})`;

/** Rounds of ours (for each stream count) then OpenSSH moving the bytes our 1-stream run moved. */
async function compare(to, label, direction, streamCounts) {
  const ratios = new Map(streamCounts.map((n) => [n, []]));
  const rates = new Map(streamCounts.map((n) => [n, []]));
  const theirs = [];
  const cpu = new Map(streamCounts.map((n) => [n, 0]));
  for (let i = 0; i < ROUNDS; i++) {
    const mine = [];
    for (const n of streamCounts) mine.push([n, await ours(to, direction, n)]);
    // Enough bytes to leave slow start behind, few enough to stay short on a slow path.
    const bytes = Math.max(64 * 1024 * 1024, Math.min(...mine.map(([, r]) => r.bytes)));
    const o = await openssh(to, direction, bytes);
    theirs.push(o);
    for (const [n, r] of mine) {
      ratios.get(n).push(r.overall.throughput_mbits / o);
      rates.get(n).push(r.overall.throughput_mbits);
      if (r.cpuLimited) cpu.set(n, cpu.get(n) + 1);
    }
  }
  for (const n of streamCounts) {
    console.log(
      `${label} ${direction}, ${n} stream${n > 1 ? 's' : ''}: wsdoctor ${median(rates.get(n)).toFixed(0)} Mbit/s, ` +
        `OpenSSH ${CIPHER} 1 stream ${median(theirs).toFixed(0)} Mbit/s; ratio median (min-max) ${spread(ratios.get(n))}; ` +
        `CPU-limited in ${cpu.get(n)} of ${ROUNDS}`,
    );
  }
}

const link = await createLink('bench');
let sshd;
let relay;
try {
  sshd = await startSshd(link);
  for (const direction of ['download', 'upload']) await compare(sshd, 'unshaped', direction, [1, 4]);
  relay = await startDelayRelay(sshd.host, sshd.port, 25);
  const knownHosts = path.join(sshd.dir, 'known_hosts_bench_relay');
  writeFileSync(knownHosts, `[127.0.0.1]:${relay.port} ssh-ed25519 ${sshd.hostKey.toString('base64')}\n`);
  const delayed = { ...sshd, host: '127.0.0.1', port: relay.port, knownHosts };
  for (const direction of ['download', 'upload']) await compare(delayed, '50 ms RTT', direction, [4]);
  console.log(`aims: unshaped 1 stream >= 0.95 both ways; 50 ms RTT 4 streams > 1 (median of ${ROUNDS} rounds)`);
} finally {
  await relay?.stop();
  if (sshd) await sshd.stop();
  await link.destroy();
}
