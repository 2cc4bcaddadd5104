// `coder ssh --stdio` for the fake coder: forwards stdin/stdout to the TCP address in
// FAKE_CODER_SSH_TARGET (host:port, IPv6 as [addr]:port), so real SSH bytes reach a real sshd.
// Runs when required by test/fake-coder/coder, or directly: `node ssh-stdio.js`.
'use strict';
/* global require */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS script
const net = require('node:net');

const target = process.env.FAKE_CODER_SSH_TARGET ?? '';
const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target);
if (!m) {
  process.stderr.write('fake coder: set FAKE_CODER_SSH_TARGET=host:port for `ssh --stdio`\n');
  process.exit(1);
}
const sock = net.connect({ host: m[1], port: Number(m[2]) });
sock.setNoDelay(true);
sock.on('connect', () => {
  process.stdin.pipe(sock);
  sock.pipe(process.stdout);
});
sock.on('error', (err) => {
  // Worded like the real CLI's dial errors, so hints that match them are exercised.
  process.stderr.write(
    `error: dial tcp ${target}: ${err.code === 'ECONNREFUSED' ? 'connect: connection refused' : err.message}\n`,
  );
  process.exit(1);
});
sock.on('close', () => process.exit(0));
process.stdin.on('end', () => sock.end());
process.stdout.on('error', () => process.exit(0));
