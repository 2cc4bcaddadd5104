// `wsdoctor check --no-local --json` against the fake coder: everything netcheck reported reaches the
// JSON report, and the DERP table comes from netcheck when wsdoctor's own probes are off.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { NetcheckSummary } from '../../src/diag/model';
import type { DerpRelays } from '../../src/diag/present/derp-table';
import { writeCoderLogin } from '../support/coder-login';
import { CLI_BUNDLE, FAKE_CODER } from '../support/paths';
import { runNode } from '../support/processes';

interface NetcheckJson {
  netcheck: NetcheckSummary | null;
  derpRelays: DerpRelays | null;
  probes: unknown[];
  sources: { source: string; ok: boolean; error?: string }[];
}

describe('wsdoctor check shows what coder netcheck knows', function () {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wsd-netcheck-'));
    env = {
      PATH: process.env.PATH,
      HOME: dir,
      FAKE_CODER_LINE_MS: '5',
      CODER_CONFIG_DIR: writeCoderLogin(path.join(dir, 'coderv2')),
    };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function check(
    netcheck: string,
    extra: string[] = ['--json'],
  ): Promise<{ code: number | null; out: string; stderr: string }> {
    const r = await runNode(
      CLI_BUNDLE,
      ['check', 'relayed', '--no-local', '--count', '2', '--coder', FAKE_CODER, ...extra],
      { ...env, FAKE_CODER_NETCHECK: netcheck },
    );
    return { code: r.code, out: r.stdout, stderr: r.stderr };
  }

  it('--no-local --json: the netcheck fields, its warnings, and the DERP table measured by netcheck', async () => {
    const { code, out, stderr } = await check('netcheck/full.json');
    assert.equal(code, 0, out + stderr);
    const report = JSON.parse(out) as NetcheckJson;
    assert.deepEqual(report.probes, [], 'no local probes ran');
    assert.ok(report.sources.some((s) => s.source === 'netcheck' && s.ok));
    const n = report.netcheck!;
    assert.deepEqual(
      [n.ipv4, n.ipv6, n.ipv6CanSend, n.osHasIPv6, n.hairPinning, n.upnp, n.pmp, n.pcp, n.captivePortal],
      [true, true, true, true, true, true, false, false, false],
    );
    assert.deepEqual(
      n.warnings.map((w) => w.code),
      ['EDERP01', 'EIF01'],
    );
    assert.deepEqual(report.derpRelays?.measuredBy, ['netcheck']);
    assert.deepEqual(
      report.derpRelays?.regions.map((r) => [r.regionName, r.netcheckLatencyMs, r.preferred]),
      [
        ['Paris', 24.125, true],
        ['Frankfurt', 31.25, false],
        ['STUN 1000', 38.25, false],
        ['San Francisco', 152.5, false],
      ],
    );
  });

  it('--no-local --json: fields an older CLI leaves out are null, not false', async () => {
    const { code, out } = await check('netcheck/missing-fields.json');
    assert.equal(code, 0, out);
    const n = (JSON.parse(out) as NetcheckJson).netcheck!;
    assert.deepEqual([n.udp, n.ipv6, n.hairPinning, n.upnp, n.captivePortal], [true, null, null, null, null]);
  });

  it('--no-local, text: the netcheck section and its DERP table', async () => {
    const { code, out } = await check('netcheck/captive-portal.json', []);
    assert.equal(code, 0, out);
    assert.match(out, /^Network \(coder netcheck\):$/m);
    assert.match(out, /^ {2}Captive portal: yes$/m);
    const full = await check('netcheck/full.json', []);
    assert.match(
      full.out,
      /^DERP relays \(latency measured by coder netcheck\):\n {2}Region +Latency\n {2}Paris \(preferred\) +24\.1 ms$/m,
    );
  });
});
