// SSH speed test throughput against OpenSSH on the same unshaped lab link in the same run.
// Prints ours / OpenSSH's for download and upload (aim >= 0.9). Needs root (a network namespace
// and a private sshd); says so and exits 1 otherwise. Uses the compiled tree in out/.
/* global AbortController */
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const out = new URL('../../out/', import.meta.url).pathname;

if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
  console.log('speedtest-bench: needs root (it creates a network namespace and runs a private sshd); not run.');
  process.exit(1);
}

const { createLink } = require(`${out}test/lab/support-speed/link.js`);
const { startSshd } = require(`${out}test/lab/support-speed/sshd.js`);
const { runSpeedtest } = require(`${out}src/diag/throughput/speedtest.js`);

const SECONDS = 3;
const ROUNDS = 3;

function ssh(sshd, remote, stdinFile, cipher) {
  const args = [
    ...(cipher ? ['-c', cipher] : []),
    '-q',
    '-i',
    sshd.clientKey,
    '-p',
    String(sshd.port),
    '-o',
    `UserKnownHostsFile=${sshd.knownHosts}`,
    '-o',
    'BatchMode=yes',
    `root@${sshd.host}`,
    remote,
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
async function openssh(sshd, direction, bytes, cipher) {
  const setup = await ssh(sshd, 'true', undefined, cipher);
  const total =
    direction === 'download'
      ? await ssh(sshd, `head -c ${bytes} /dev/zero`, undefined, cipher)
      : await ssh(sshd, `head -c ${bytes} >/dev/null`, '/dev/zero', cipher);
  return (bytes * 8) / 1e6 / Math.max(0.05, total - setup);
}

async function ours(sshd, direction) {
  const report = await runSpeedtest(
    {
      target: { kind: 'ssh', host: sshd.host, port: sshd.port, username: 'root' },
      directions: [direction],
      durationSeconds: SECONDS,
      identityFile: sshd.clientKey,
      knownHostsFiles: [sshd.knownHosts],
    },
    () => undefined,
    new AbortController().signal,
  );
  if (report.error) throw new Error(report.error);
  return report.results[0];
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const link = await createLink('bench');
let sshd;
try {
  sshd = await startSshd(link);
  for (const direction of ['download', 'upload']) {
    const mine = [];
    const theirs = [];
    const sameCipher = [];
    for (let i = 0; i < ROUNDS; i++) {
      const r = await ours(sshd, direction);
      mine.push(r.overall.throughput_mbits);
      theirs.push(await openssh(sshd, direction, r.bytes));
      // ssh2 negotiates AES-GCM; OpenSSH's own default is chacha20-poly1305, usually slower here.
      sameCipher.push(await openssh(sshd, direction, r.bytes, 'aes128-gcm@openssh.com'));
    }
    const m = median(mine);
    const o = median(theirs);
    const g = median(sameCipher);
    console.log(
      `${direction}: wsdoctor ${m.toFixed(0)} Mbit/s; OpenSSH ${o.toFixed(0)} Mbit/s (ratio ${(m / o).toFixed(2)}), ` +
        `OpenSSH with aes128-gcm ${g.toFixed(0)} Mbit/s (ratio ${(m / g).toFixed(2)}); median of ${ROUNDS}, aim >= 0.9`,
    );
  }
} finally {
  if (sshd) await sshd.stop();
  await link.destroy();
}
