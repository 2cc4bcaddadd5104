// `coder ssh --network-info-dir DIR` for the fake coder: writes DIR/<pid>.json like the real CLI
// (first soon after start, then every FAKE_CODER_NETINFO_MS, default 2000) while the process runs,
// and removes it on exit. The path comes from FAKE_CODER_SSH_PATH (or the scenario's `sshPath`):
//   derp:<Region> (default derp:Frankfurt) | p2p | upgrade-after:<seconds>s[:<Region>] | coder-connect
'use strict';
/* global require, module, setInterval */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS script
const fs = require('node:fs');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS script
const path = require('node:path');

function parsePathSpec(spec) {
  const text = spec || 'derp:Frankfurt';
  if (text === 'p2p') return () => ({ p2p: true, region: 'Frankfurt', connect: false });
  if (text === 'coder-connect') return () => ({ p2p: false, region: '', connect: true });
  let m = /^derp:(.+)$/.exec(text);
  if (m) return () => ({ p2p: false, region: m[1], connect: false });
  m = /^upgrade-after:(\d+(?:\.\d+)?)s(?::(.+))?$/.exec(text);
  if (m) {
    const afterMs = Number(m[1]) * 1000;
    const region = m[2] || 'Frankfurt';
    const started = Date.now();
    return () => ({ p2p: Date.now() - started >= afterMs, region, connect: false });
  }
  process.stderr.write(`fake coder: bad FAKE_CODER_SSH_PATH ${JSON.stringify(text)}\n`);
  process.exit(1);
}

/** Starts writing DIR/<pid>.json; returns nothing, the timer dies with the process. */
function startNetworkInfo(dir, spec) {
  const current = parsePathSpec(spec);
  const file = path.join(dir, `${process.pid}.json`);
  const everyMs = Number(process.env.FAKE_CODER_NETINFO_MS ?? 2000);
  const write = () => {
    const now = current();
    const latency = now.connect ? 0 : now.p2p ? 12.4 : 48.7;
    const info = {
      p2p: now.p2p,
      latency,
      preferred_derp: now.region,
      derp_latency: now.region ? { [now.region]: 47.9 } : {},
      upload_bytes_sec: 1024,
      download_bytes_sec: 4096,
      using_coder_connect: now.connect,
    };
    try {
      fs.writeFileSync(file, JSON.stringify(info));
    } catch (err) {
      process.stderr.write(`fake coder: cannot write network info: ${err.message}\n`);
    }
  };
  setTimeout(write, 200).unref();
  setInterval(write, everyMs).unref();
  process.on('exit', () => {
    try {
      fs.unlinkSync(file);
    } catch {
      // Already gone.
    }
  });
}

module.exports = { startNetworkInfo };
