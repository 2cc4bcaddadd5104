// Host key checking against a real sshd (unknown, changed, hashed, --accept-new), and the
// `wsdoctor speedtest` command end to end in text and JSON.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { speedtestCommand } from '../../../src/cli/speedtest/speedtest-command';
import { parseSpeedtestJson } from '../../../src/diag/coder/speedtest-json';
import { fingerprint } from '../../../src/diag/speedtest/known-hosts';
import { runSpeedtest } from '../../../src/diag/speedtest/speedtest';
import { setTranslator } from '../../../src/diag/l10n';
import { marked } from '../../support/marked-translator';
import { LAB_TOOLS, sshOptions } from '../support-speed/fixture';
import { createLink } from '../support-speed/link';
import type { LabLink } from '../support-speed/link';
import { requireLab, run } from '../support-speed/sh';
import { startSshd } from '../support-speed/sshd';
import type { LabSshd } from '../support-speed/sshd';
import { recordingIo } from '../../support/recording-io';

describe('lab: host keys and wsdoctor speedtest against a real sshd', function () {
  let link: LabLink | undefined;
  let sshd: LabSshd | undefined;
  const signal = new AbortController().signal;

  before(async function () {
    requireLab(LAB_TOOLS);
    link = await createLink('hk');
    sshd = await startSshd(link);
  });

  after(async () => {
    await sshd?.stop();
    await link?.destroy();
  });

  const file = (name: string, text: string): string => {
    assert.ok(sshd);
    const f = path.join(sshd.dir, name);
    writeFileSync(f, text);
    return f;
  };

  it('refuses an unknown host key and says how to trust it', async () => {
    assert.ok(sshd);
    const report = await runSpeedtest(
      sshOptions(sshd, { knownHostsFiles: [file('empty', '')], durationSeconds: 1 }),
      () => undefined,
      signal,
    );
    assert.match(report.error ?? '', /host key of \[.*\]:2222 \(ssh-ed25519 SHA256:.*\) is not in known_hosts/);
    assert.match(report.error ?? '', /--accept-new/);
    assert.deepEqual(report.results, []);
  });

  it('refuses a changed host key, even with --accept-new, and leaves known_hosts alone', async () => {
    assert.ok(sshd);
    const other = path.join(sshd.dir, 'other_host_key');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const otherKey = readFileSync(`${other}.pub`, 'utf8').split(' ')[1];
    const text = `[${sshd.host}]:${sshd.port} ssh-ed25519 ${otherKey}\n`;
    const kh = file('changed', text);
    for (const acceptNew of [false, true]) {
      const report = await runSpeedtest(
        sshOptions(sshd, { knownHostsFiles: [kh], acceptNew, durationSeconds: 1 }),
        () => undefined,
        signal,
      );
      assert.match(report.error ?? '', /has CHANGED/);
      assert.match(report.error ?? '', /ssh-keygen -R/);
    }
    assert.equal(readFileSync(kh, 'utf8'), text);
  });

  it('accepts a hashed [host]:port entry written by ssh-keygen -H', async () => {
    assert.ok(sshd);
    const kh = file('hashed', readFileSync(sshd.knownHosts, 'utf8'));
    await run('ssh-keygen', ['-q', '-H', '-f', kh]);
    assert.match(readFileSync(kh, 'utf8'), /^\|1\|/);
    const report = await runSpeedtest(
      sshOptions(sshd, { knownHostsFiles: [kh], durationSeconds: 1 }),
      () => undefined,
      signal,
    );
    assert.equal(report.error, null);
  });

  it('--accept-new records an unknown key, and the next run trusts it without the flag', async () => {
    assert.ok(sshd);
    const kh = path.join(sshd.dir, 'fresh', 'known_hosts');
    const warnings: string[] = [];
    const first = await runSpeedtest(
      sshOptions(sshd, { knownHostsFiles: [kh], acceptNew: true, durationSeconds: 1 }),
      (e) => e.type === 'warning' && warnings.push(e.message),
      signal,
    );
    assert.equal(first.error, null);
    assert.ok(warnings.some((w) => w.includes('recorded it in')));
    assert.equal(
      readFileSync(kh, 'utf8').trim(),
      `[${sshd.host}]:${sshd.port} ssh-ed25519 ${sshd.hostKey.toString('base64')}`,
    );
    const second = await runSpeedtest(
      sshOptions(sshd, { knownHostsFiles: [kh], durationSeconds: 1 }),
      () => undefined,
      signal,
    );
    assert.equal(second.error, null);
  });

  it('trust and run again: the fingerprint seen is pinned, recorded, and only that key is accepted', async () => {
    assert.ok(sshd);
    const kh = path.join(sshd.dir, 'pinned', 'known_hosts');
    const refused = await runSpeedtest(
      sshOptions(sshd, { knownHostsFiles: [kh], durationSeconds: 1 }),
      () => undefined,
      signal,
    );
    const seen = refused.unknownHostKey;
    assert.equal(seen, fingerprint(sshd.hostKey), refused.error ?? '');
    // The extension's way: its own words in the user's language, no flags named, the fingerprint as data.
    setTranslator(marked);
    let asked;
    try {
      asked = await runSpeedtest(
        sshOptions(sshd, {
          knownHostsFiles: [kh],
          durationSeconds: 1,
          frontEnd: { keyFileOption: 'wsdoctor.speedtest.identityFile', hostKeyFlags: false },
        }),
        () => undefined,
        signal,
      );
    } finally {
      setTranslator(null);
    }
    assert.equal(asked.unknownHostKey, seen);
    assert.match(asked.error ?? '', /^«/);
    assert.doesNotMatch(asked.error ?? '', /--trust-host-key|--accept-new/);
    // Another key's fingerprint: the server's real key is refused, with both named, and nothing written.
    const other = path.join(sshd.dir, 'pin_other_key');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const otherPrint = fingerprint(Buffer.from(readFileSync(`${other}.pub`, 'utf8').split(' ')[1], 'base64'));
    const wrong = await runSpeedtest(
      sshOptions(sshd, { knownHostsFiles: [kh], trustHostKey: otherPrint, acceptNew: true, durationSeconds: 1 }),
      () => undefined,
      signal,
    );
    assert.match(wrong.error ?? '', /not the one you trusted/);
    assert.ok((wrong.error ?? '').includes(otherPrint) && (wrong.error ?? '').includes(seen ?? '-'));
    assert.deepEqual(wrong.results, []);
    assert.equal(existsSync(kh), false);
    // The pinned key itself: measured, and recorded with its fingerprint in the note.
    const warnings: string[] = [];
    const trusted = await runSpeedtest(
      sshOptions(sshd, { knownHostsFiles: [kh], trustHostKey: seen ?? undefined, durationSeconds: 1 }),
      (e) => e.type === 'warning' && warnings.push(e.message),
      signal,
    );
    assert.equal(trusted.error, null);
    assert.ok(
      warnings.some((w) => w.includes(`${seen ?? '-'}) and recorded it in ${kh}`)),
      warnings.join('\n'),
    );
    assert.equal(
      readFileSync(kh, 'utf8').trim(),
      `[${sshd.host}]:${sshd.port} ssh-ed25519 ${sshd.hostKey.toString('base64')}`,
    );
  });

  it('wsdoctor speedtest --trust-host-key accepts only the key with that fingerprint', async () => {
    assert.ok(sshd);
    const kh = path.join(sshd.dir, 'pinned-cli', 'known_hosts');
    const target = `ssh://root@${sshd.host}:${sshd.port}`;
    const common = [target, '--identity', sshd.clientKey, '--known-hosts', kh, '--time', '1s', '--json'];
    const wrongIo = recordingIo();
    const wrongPrint = `SHA256:${'A'.repeat(43)}`;
    assert.equal(await speedtestCommand([...common, '--trust-host-key', wrongPrint], wrongIo), 2);
    assert.match(wrongIo.out, /not the one you trusted/);
    assert.equal(existsSync(kh), false);
    const io = recordingIo();
    assert.equal(await speedtestCommand([...common, '--trust-host-key', fingerprint(sshd.hostKey)], io), 0, io.out);
    assert.match(readFileSync(kh, 'utf8'), /ssh-ed25519/);
  });

  it('wsdoctor speedtest --json prints one document with the CLI interval shape per direction', async () => {
    assert.ok(sshd);
    const io = recordingIo();
    const argv = [
      `ssh://root@${sshd.host}:${sshd.port}`,
      '--identity',
      sshd.clientKey,
      '--known-hosts',
      sshd.knownHosts,
      '--time',
      '2s',
      '--direction',
      'both',
      '--json',
    ];
    const code = await speedtestCommand(argv, io);
    assert.equal(code, 0, io.err);
    const doc = JSON.parse(io.out) as {
      results: Array<{ direction: string; partial: boolean; overall: unknown; intervals: unknown }>;
      latency: { idleMs: number; loadedMs: number };
    };
    assert.deepEqual(
      doc.results.map((r) => [r.direction, r.partial]),
      [
        ['download', false],
        ['upload', false],
      ],
    );
    for (const r of doc.results) {
      // The Coder CLI's own parser reads each result.
      const parsed = parseSpeedtestJson(JSON.stringify({ overall: r.overall, intervals: r.intervals }));
      assert.equal(parsed.intervals[0].end_time_seconds, 1);
      assert.ok(parsed.overall.throughput_mbits > 0);
    }
    assert.equal(typeof doc.latency.idleMs, 'number');
    assert.equal(typeof doc.latency.loadedMs, 'number');
  });

  it('wsdoctor speedtest prints the interval table, and exits 2 when it cannot run', async () => {
    assert.ok(sshd);
    const io = recordingIo();
    const code = await speedtestCommand(
      [
        `ssh://root@${sshd.host}:${sshd.port}`,
        '--identity',
        sshd.clientKey,
        '--known-hosts',
        sshd.knownHosts,
        '--time',
        '1s',
      ],
      io,
    );
    assert.equal(code, 0, io.err);
    assert.match(io.out, /INTERVAL\s+TRANSFER\s+BANDWIDTH/);
    assert.match(io.out, /0\.00-1\.00 sec\s+[\d.]+ MBytes\s+[\d.]+ Mbits\/sec/);
    assert.match(io.out, /Latency: idle [\d.]+ ms, under load [\d.]+ ms/);
    const bad = recordingIo();
    const refused = await speedtestCommand(
      [`ssh://root@${sshd.host}:2299`, '--identity', sshd.clientKey, '--known-hosts', sshd.knownHosts, '--time', '1s'],
      bad,
    );
    assert.equal(refused, 2);
    assert.match(bad.out, /Error: Connection refused/);
  });
});
