import assert from 'node:assert/strict';
import type { DiagEvent } from '../../../../src/diag/events';
import { reportToMarkdown } from '../../../../src/diag/present/markdown';
import { mdCode, mdText } from '../../../../src/diag/present/markdown-text';
import { reduceAll } from '../../../../src/diag/check/report';

const relayed: DiagEvent[] = [
  { type: 'started', workspace: 'dev', at: '2026-01-01T00:00:00.000Z' },
  { type: 'cli', cli: { path: '/usr/bin/coder', version: 'v2.18.0' } },
  { type: 'ping', sample: { outcome: 'pong', atMs: 1000, path: 'derp', latencyMs: 48, derpRegion: 'Frankfurt' } },
  { type: 'ping', sample: { outcome: 'timeout', atMs: 2000 } },
  { type: 'ping', sample: { outcome: 'pong', atMs: 3000, path: 'derp', latencyMs: 52, derpRegion: 'Frankfurt' } },
  { type: 'check', check: { id: 'derp-connected', status: 'ok', message: 'Connected to DERP region Frankfurt.' } },
  { type: 'check', check: { id: 'wireguard', status: 'warn', message: 'Handshake 6 minutes ago.' } },
  {
    type: 'issue',
    source: 'ping',
    finding: { id: 'udp-blocked', side: 'client', cliText: 'Client could not connect to STUN over UDP' },
  },
  { type: 'issue', source: 'ping', finding: { id: 'hard-nat', side: 'agent' } },
  { type: 'probe', outcome: { name: 'derp', ran: true, data: { regionLatencyMs: { Frankfurt: 21.4, Paris: 30 } } } },
  { type: 'probe', outcome: { name: 'vpn', ran: false, reason: 'ip is not installed' } },
  { type: 'source-done', source: 'netcheck', ok: false, error: '`coder netcheck` exited with code 1' },
  { type: 'finished', at: '2026-01-01T00:00:05.000Z' },
];

describe('Markdown report', () => {
  it('says the path, the numbers, the checklist, the issues by side with docs links, probes and failures', () => {
    const md = reportToMarkdown(reduceAll(relayed));
    assert.match(md, /^# Connection report: dev$/m);
    assert.match(md, /Path: \*\*Relayed via DERP Frankfurt\*\*/);
    assert.match(md, /3 sent, 2 answered, 1 timed out, 0 failed \(loss 33%\)/);
    assert.match(md, /min 48 ms, avg 50 ms, max 52 ms, jitter –/);
    assert.match(md, /^- ✔ Connected to DERP region Frankfurt\.$/m);
    assert.match(md, /^- ⚠ Handshake 6 minutes ago\.$/m);
    const general = md.indexOf('### General');
    const client = md.indexOf('### Your machine');
    const agent = md.indexOf('### The workspace');
    assert.ok(general > 0 && client > general && agent > client, 'issues grouped general, client, agent');
    assert.match(
      md,
      /\*\*UDP blocked\*\*: Your machine could not reach a STUN server over UDP.*\[Troubleshooting\]\(<https:\/\/coder\.com\/docs\/admin\/networking\/troubleshooting#udp-blocked>\)/,
    );
    assert.match(
      md,
      /Coder CLI: `` Client could not connect to STUN over UDP ``|Coder CLI: ` Client could not connect to STUN over UDP `/,
    );
    assert.match(md, /\| Frankfurt \| 21\.4 \|/);
    assert.match(md, /### vpn \(did not run\)/);
    assert.match(md, /ip is not installed/);
    assert.match(md, /## What could not be checked[\s\S]*netcheck: \\`coder netcheck\\` exited with code 1/);
  });

  it('notes a CLI with limited diagnostics under its version, as text', () => {
    const note = 'Limited diagnostics: Coder CLI v0.27.3 is old; see https://<deployment>/bin/ **now**.';
    const events = relayed.map((e): DiagEvent =>
      e.type === 'cli' ? { type: 'cli', cli: { ...e.cli, version: 'v0.27.3', note } } : e,
    );
    const md = reportToMarkdown(reduceAll(events));
    assert.match(
      md,
      /^- Coder CLI: v0\.27\.3\n {2}- ⚠ Limited diagnostics: Coder CLI v0\.27\.3 is old; see https:\/\/&lt;deployment&gt;\/bin\/ \\\*\\\*now\\\*\\\*\.$/m,
    );
    assert.doesNotMatch(reportToMarkdown(reduceAll(relayed)), /Limited diagnostics/);
  });

  it('adds advice when the connection is relayed and nothing explains it', () => {
    const events = relayed.filter((e) => e.type !== 'issue');
    const md = reportToMarkdown(reduceAll(events));
    assert.match(md, /> Nothing this check found explains why the connection is relayed/);
    assert.doesNotMatch(reportToMarkdown(reduceAll(relayed)), /Nothing this check found explains/);
  });

  it('says direct with the endpoint and the upgrade time', () => {
    const md = reportToMarkdown(
      reduceAll([
        { type: 'started', workspace: 'dev', at: 'x' },
        { type: 'ping', sample: { outcome: 'pong', atMs: 500, path: 'derp', latencyMs: 60, derpRegion: 'Frankfurt' } },
        {
          type: 'ping',
          sample: { outcome: 'pong', atMs: 2500, path: 'p2p', latencyMs: 12, endpoint: '[2001:db8::1]:41641' },
        },
        { type: 'finished', at: 'y' },
      ]),
    );
    assert.match(md, /Direct \(p2p\) \\\[2001:db8::1\\\]:41641 \(upgraded from a relay after 2\.5 s\)/);
    assert.match(md, /No issues found\./);
  });

  it('renders hostile names literally: no HTML, no links, no emphasis', () => {
    const hostile = '<img src=x onerror=alert(1)> [click](javascript:alert(1)) **bold** `tick`';
    const md = reportToMarkdown(
      reduceAll([
        { type: 'started', workspace: hostile, at: 'x' },
        { type: 'ping', sample: { outcome: 'pong', atMs: 1, path: 'derp', latencyMs: 5, derpRegion: hostile } },
        {
          type: 'issue',
          source: 'ping',
          finding: { id: 'cli-other', side: 'general', cliText: 'a ``` b', docs: 'javascript:alert(1)' },
        },
        { type: 'finished', at: 'y' },
      ]),
    );
    assert.doesNotMatch(md, /<img/);
    assert.doesNotMatch(md, /(?<!\\)\]\(javascript:/, 'an unescaped link');
    assert.doesNotMatch(md, /\(<javascript:/);
    assert.ok(md.includes('&lt;img src=x onerror=alert(1)&gt;') || md.includes('&lt;img src=x onerror=alert(1)\\>'));
    assert.ok(md.includes('\\*\\*bold\\*\\*'));
    assert.equal(mdCode('a ``` b'), '```` a ``` b ````');
    assert.equal(mdText('line\nbreak'), 'line break');
  });
});
