import assert from 'node:assert/strict';
import type { DiagEvent } from '../../../../src/diag/events';
import { summariseProbe } from '../../../../src/diag/present/probe-summary';
import { toText } from '../../../../src/diag/present/text';
import { reduceAll } from '../../../../src/diag/check/report';

describe('text report', () => {
  it('shows path, pings, checks, issues by side and what could not run', () => {
    const events: DiagEvent[] = [
      { type: 'ping', sample: { outcome: 'pong', atMs: 0, path: 'derp', derpRegion: 'Frankfurt', latencyMs: 40 } },
      { type: 'ping', sample: { outcome: 'timeout', atMs: 1 } },
      { type: 'check', check: { id: 'wireguard', status: 'warn', message: 'WireGuard handshake 6 minutes ago' } },
      { type: 'issue', source: 'ping', finding: { id: 'udp-blocked', side: 'agent' } },
      { type: 'source-done', source: 'netcheck', ok: false, error: 'unknown command "netcheck"' },
      { type: 'finished', at: 'x' },
    ];
    const text = toText(reduceAll(events, 'dev'));
    assert.match(text, /Path: Relayed via DERP Frankfurt/);
    assert.match(text, /Pings: 1\/2 answered \(1 timed out, 0 failed, 50% loss\)/);
    assert.match(text, /⚠ WireGuard handshake 6 minutes ago/);
    assert.match(text, /Issues \(the workspace\):\n {2}! The workspace could not reach a STUN server/);
    assert.match(text, /Issues \(general\):\n {2}! Traffic is relayed/);
    assert.match(text, /✘ netcheck: unknown command "netcheck"/);
  });

  it('puts the note of a CLI with limited diagnostics under its version', () => {
    const note = 'Limited diagnostics: update it.';
    const text = toText(
      reduceAll(
        [
          { type: 'cli', cli: { path: '/opt/coder', version: 'v0.27.3', note } },
          { type: 'ping', sample: { outcome: 'pong', atMs: 0, path: 'derp', derpRegion: 'Frankfurt', latencyMs: 40 } },
          { type: 'finished', at: 'x' },
        ],
        'dev',
      ),
    );
    assert.match(text, /^Coder CLI: v0\.27\.3 \(\/opt\/coder\)\n {2}⚠ Limited diagnostics: update it\.\nPath: /m);
    const current = toText(reduceAll([{ type: 'cli', cli: { path: '/opt/coder', version: 'v2.18.0' } }], 'dev'));
    assert.doesNotMatch(current, /⚠/);
    assert.doesNotMatch(current, /Deployment:/);
  });

  it('names the deployment whose login the CLI used', () => {
    const cli = { path: '/opt/coder', version: 'v2.18.0', deployment: 'https://coder.example.com' };
    const text = toText(reduceAll([{ type: 'cli', cli }], 'dev'));
    assert.match(text, /^Coder CLI: v2\.18\.0 \(\/opt\/coder\)\nDeployment: https:\/\/coder\.example\.com\n/m);
  });

  it('summarises each probe in one line, and falls back on odd data', () => {
    assert.equal(
      summariseProbe({
        name: 'mtu',
        ran: true,
        data: {
          interfaces: [
            { name: 'eth0', mtu: 1500, checked: true },
            { name: 'wg0', mtu: 1280, checked: true },
            { name: 'lo', mtu: 65536, checked: false },
          ],
        },
      }),
      '2 interface(s) checked; lowest MTU 1280 on wg0',
    );
    assert.equal(
      summariseProbe({ name: 'vpn', ran: true, data: { routes: [{ iface: 'tun0', tunnel: true }] } }),
      'traffic leaves through tunnel tun0',
    );
    assert.equal(
      summariseProbe({
        name: 'stun',
        ran: true,
        data: {
          udp: 'ok',
          mapping: 'endpoint-dependent',
          mappedEndpoints: ['203.0.113.1:1', '203.0.113.1:2'],
          servers: [{ outcome: 'answered' }, { outcome: 'answered' }],
        },
      }),
      'UDP ok, hard NAT; public 203.0.113.1:1, 203.0.113.1:2 (2 server(s) answered)',
    );
    assert.equal(
      summariseProbe({
        name: 'derp',
        ran: true,
        data: {
          nearest: { regionName: 'Frankfurt' },
          regions: [
            { regionName: 'Frankfurt', latencyMs: 12.4, upgrade: 'ok' },
            { regionName: 'Tokyo', latencyMs: null, upgrade: 'refused', websocket: 'ok' },
          ],
        },
      }),
      'nearest Frankfurt; Frankfurt 12 ms, Tokyo –, WebSocket only',
    );
    const blocked = {
      udp: 'blocked',
      mapping: 'unknown',
      servers: [{ outcome: 'no-answer' }, { outcome: 'no-answer' }],
    };
    // A report saved before the silent servers were named, then the servers, then the relays too.
    assert.equal(
      summariseProbe({ name: 'stun', ran: true, data: blocked }),
      'UDP blocked: no STUN server answered (2 tried)',
    );
    const silentServers = ['derp1.example:3478', 'derp2.example:3478', 7];
    assert.equal(
      summariseProbe({ name: 'stun', ran: true, data: { ...blocked, silentServers } }),
      'UDP blocked: no answer from STUN servers derp1.example:3478, derp2.example:3478',
    );
    assert.equal(
      summariseProbe({ name: 'stun', ran: true, data: { ...blocked, silentServers, relaysAnswered: ['Frankfurt'] } }),
      'UDP blocked, or the STUN servers refuse our requests: no answer over UDP from derp1.example:3478, derp2.example:3478, while DERP relays Frankfurt answered over TCP',
    );
    assert.equal(summariseProbe({ name: 'stun', ran: false, reason: 'no servers' }), 'could not run: no servers');
    assert.equal(summariseProbe({ name: 'mtu', ran: true, data: 'garbage' }), 'ran');
  });
});

describe('text report of the local probes alone', () => {
  it('does not claim a clean bill of health when probes could not run', () => {
    const report = reduceAll(
      [
        { type: 'probe', outcome: { name: 'mtu', ran: true, data: { interfaces: [] } } },
        { type: 'probe', outcome: { name: 'stun', ran: false, reason: 'no STUN servers known' } },
        { type: 'finished', at: 'x' },
      ],
      '',
    );
    const text = toText(report);
    assert.doesNotMatch(text, /^Path:/m);
    assert.match(text, /stun: could not run: no STUN servers known/);
    assert.match(text, /No issues found by the probes that ran \(1 could not run; see above\)\./);
  });
});
