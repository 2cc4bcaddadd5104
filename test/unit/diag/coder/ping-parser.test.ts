import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fixture } from '../../../support/paths';
import { LineSplitter } from '../../../../src/diag/coder/lines';
import { classifyDiagnostic } from '../../../../src/diag/coder/ping-diagnostics';
import { classifyStderrLine, createPingParser } from '../../../../src/diag/coder/ping-parser';
import type { DiagEvent, IssueFinding } from '../../../../src/diag/events';
import type { CheckStatus, PathState, Report, Side } from '../../../../src/diag/model';
import { emptyReport, reduce } from '../../../../src/diag/check/report';

const FIXTURES = fixture('ping');
const DOCS = 'https://coder.com/docs/admin/networking/troubleshooting';

function readFixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** Splits on LF only, keeping CR and ANSI codes, to prove the parser copes without the LineSplitter. */
function rawLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function splitterLines(text: string): string[] {
  const splitter = new LineSplitter();
  return [...splitter.push(Buffer.from(text, 'utf8')), ...splitter.end()];
}

/** Feeds lines one second apart; stderr lines go through classifyStderrLine and a second parser. */
function run(lines: string[], stderr: string[] = []): { events: DiagEvent[]; report: Report } {
  let clock = 0;
  const parser = createPingParser(() => clock);
  const errParser = createPingParser(() => clock);
  const events: DiagEvent[] = [];
  // The lead's pattern: the stderr notice first, anything else on stderr (newer CLIs print their
  // diagnostics there) through a parser of its own.
  for (const line of stderr) {
    const notice = classifyStderrLine(line);
    events.push(...(notice.length > 0 ? notice : errParser.push(line)));
  }
  events.push(...errParser.end());
  for (const line of lines) {
    clock += 1000;
    events.push(...parser.push(line));
  }
  events.push(...parser.end());
  const report = [...events, { type: 'finished', at: '1970-01-01T00:01:00.000Z' } as DiagEvent].reduce(
    reduce,
    emptyReport('dev', '1970-01-01T00:00:00.000Z'),
  );
  return { events, report };
}

function runFixture(name: string): { events: DiagEvent[]; report: Report } {
  const stderrName = name.replace(/\.txt$/, '.stderr.txt');
  const stderr = readdirSync(FIXTURES).includes(stderrName) ? rawLines(readFixture(stderrName)) : [];
  return run(rawLines(readFixture(name)), stderr);
}

function findings(events: DiagEvent[]): IssueFinding[] {
  return events.flatMap((e) => (e.type === 'issue' ? [e.finding] : []));
}

interface Expected {
  path: PathState;
  pings: {
    sent: number;
    received: number;
    timedOut: number;
    failed: number;
    minMs: number | null;
    avgMs: number | null;
    maxMs: number | null;
  };
  p2pEstablishedMs: number | null;
  upgradedAtMs: number | null;
  checks: Array<[string, CheckStatus]>;
  /** id, side, detail, docs link the CLI printed for that item (undefined when it printed none). */
  issues: Array<[string, Side, Record<string, string | number> | undefined, string | undefined]>;
  raw: string[];
}

const derp = (region: string): PathState => ({ kind: 'derp', derpRegion: region, endpoint: null });
const p2p = (endpoint: string): PathState => ({ kind: 'p2p', derpRegion: null, endpoint });
const stats = (
  sent: number,
  received: number,
  timedOut: number,
  failed: number,
  minMs: number | null,
  avgMs: number | null,
  maxMs: number | null,
) => ({
  sent,
  received,
  timedOut,
  failed,
  minMs,
  avgMs,
  maxMs,
});
const ALL_OK: Array<[string, CheckStatus]> = [
  ['derp-connected', 'ok'],
  ['coordinator-sent', 'ok'],
  ['coordinator-received', 'ok'],
  ['wireguard', 'ok'],
];
const withWireguard = (status: CheckStatus): Array<[string, CheckStatus]> => [
  ...ALL_OK.slice(0, 3),
  ['wireguard', status],
];

const RELAYED_FULL: Expected = {
  path: derp('Council Bluffs, Iowa'),
  pings: stats(3, 3, 0, 0, 39, (42 + 41 + 39) / 3, 42),
  p2pEstablishedMs: null,
  upgradedAtMs: null,
  checks: ALL_OK,
  issues: [
    ['derp-relay', 'general', undefined, undefined],
    ['low-mtu', 'client', { interface: 'utun0', mtu: 1280 }, undefined],
    ['hard-nat', 'agent', undefined, undefined],
    ['aws-hard-nat', 'agent', undefined, undefined],
  ],
  raw: [],
};

const UPGRADE: Expected = {
  path: p2p('198.51.100.20:41641'),
  pings: stats(5, 5, 0, 0, 11, (61 + 58 + 12 + 11 + 13) / 5, 61),
  p2pEstablishedMs: 1200,
  upgradedAtMs: 3000,
  checks: ALL_OK,
  issues: [['low-mtu', 'client', { interface: 'eth0', mtu: 1280 }, `${DOCS}#low-mtu`]],
  raw: ['✔ You are connected directly (p2p)'],
};

const EXPECTED: Record<string, Expected> = {
  'old-cli-pongs-only.txt': {
    path: derp('Frankfurt'),
    pings: stats(10, 10, 0, 0, 37, 411 / 10, 52),
    p2pEstablishedMs: null,
    upgradedAtMs: null,
    checks: [],
    issues: [],
    raw: [],
  },
  'relayed-full-diagnostics.txt': RELAYED_FULL,
  'relayed-full-diagnostics-windows-crlf.txt': RELAYED_FULL,
  'relayed-then-p2p-upgrade.txt': UPGRADE,
  'relayed-then-p2p-upgrade-ansi.txt': UPGRADE,
  'p2p-ipv6-timestamps.txt': {
    path: p2p('[2001:db8:85a3::8a2e:370:7334]:41641'),
    pings: stats(4, 4, 0, 0, 7, 8, 9),
    p2pEstablishedMs: 0,
    upgradedAtMs: 1000,
    checks: ALL_OK,
    issues: [],
    raw: [
      '✔ You are connected directly (p2p), over a private network',
      '-------------------------------------------------------------',
      'WORKSPACE       TOTAL  SUCCESSFUL  MIN  AVG  MAX  VARIANCE',
      'alice/dev.main  4      4           7ms  8ms  9ms  0s',
    ],
  },
  'timeouts-and-failures.txt': {
    path: derp('New York City'),
    pings: stats(8, 3, 3, 2, 118, (120 + 118 + 131) / 3, 131),
    p2pEstablishedMs: null,
    upgradedAtMs: null,
    checks: [],
    issues: [],
    raw: [],
  },
  'unknown-region-durations.txt': {
    path: derp('unknown'),
    pings: stats(5, 5, 0, 0, 0, (0.85 + 0.9 + 0 + 1204 + 62500) / 5, 62500),
    p2pEstablishedMs: null,
    upgradedAtMs: null,
    checks: [],
    issues: [],
    raw: [],
  },
  'direct-disabled-locally.txt': {
    path: derp('Sydney'),
    pings: stats(2, 2, 0, 0, 205, 207.5, 210),
    p2pEstablishedMs: null,
    upgradedAtMs: null,
    checks: ALL_OK,
    // The stderr notice comes first (it is printed before any ping), then the stdout one merges into it.
    issues: [
      ['direct-disabled-local', 'general', undefined, undefined],
      ['direct-disabled-local', 'general', undefined, undefined],
    ],
    raw: [],
  },
  'direct-disabled-locally-same-line.txt': {
    path: derp('Sydney'),
    pings: stats(1, 1, 0, 0, 199, 199, 199),
    p2pEstablishedMs: null,
    upgradedAtMs: null,
    checks: ALL_OK,
    issues: [['direct-disabled-local', 'general', undefined, undefined]],
    raw: [],
  },
  'deployment-blocked.txt': {
    path: derp('Tokyo'),
    pings: stats(3, 3, 0, 0, 149, 451 / 3, 152),
    p2pEstablishedMs: null,
    upgradedAtMs: null,
    checks: withWireguard('warn'),
    issues: [['direct-disabled-deployment', 'general', undefined, `${DOCS}#disabled-deployment-wide`]],
    raw: [],
  },
  'no-stun.txt': {
    path: derp('Coder Embedded Relay'),
    pings: stats(2, 2, 0, 0, 33, 34, 35),
    p2pEstablishedMs: null,
    upgradedAtMs: null,
    checks: ALL_OK,
    issues: [
      [
        'no-stun',
        'general',
        undefined,
        'https://coder.example.internal/docs/admin/networking/troubleshooting#no-stun-servers',
      ],
    ],
    raw: [],
  },
  'agent-hard-nat-aws.txt': {
    path: derp('Ohio'),
    pings: stats(3, 3, 0, 0, 23, 24, 25),
    p2pEstablishedMs: null,
    upgradedAtMs: null,
    checks: ALL_OK,
    issues: [
      ['derp-relay', 'general', undefined, `${DOCS}#common-problems-with-direct-connections`],
      ['hard-nat', 'agent', undefined, `${DOCS}#endpoint-dependent-nat-hard-nat`],
      ['aws-hard-nat', 'agent', undefined, `${DOCS}#endpoint-dependent-nat-hard-nat`],
    ],
    raw: [],
  },
  'client-udp-blocked.txt': {
    path: derp('London'),
    pings: stats(2, 2, 0, 0, 19, 20, 21),
    p2pEstablishedMs: null,
    upgradedAtMs: null,
    checks: ALL_OK,
    issues: [
      ['derp-relay', 'general', undefined, undefined],
      ['udp-blocked', 'client', undefined, `${DOCS}#udp-blocked`],
      ['hard-nat', 'client', undefined, `${DOCS}#endpoint-dependent-nat-hard-nat`],
      ['aws-hard-nat', 'client', undefined, `${DOCS}#endpoint-dependent-nat-hard-nat`],
    ],
    raw: [],
  },
  'low-mtu-both-spellings.txt': {
    path: derp('Paris'),
    pings: stats(2, 2, 0, 0, 29, 29.5, 30),
    p2pEstablishedMs: null,
    upgradedAtMs: null,
    checks: ALL_OK,
    issues: [
      ['derp-relay', 'general', undefined, undefined],
      ['low-mtu', 'client', { interface: 'eth0', mtu: 1280 }, undefined],
      ['low-mtu', 'client', { interface: 'vEthernet (WSL)', mtu: 1200 }, `${DOCS}#low-mtu`],
      ['low-mtu', 'agent', { interface: 'utun0', mtu: 1280 }, `${DOCS}#low-mtu`],
      ['udp-blocked', 'agent', undefined, `${DOCS}#udp-blocked`],
    ],
    raw: [],
  },
  'wireguard-stale-handshake.txt': {
    path: p2p('192.168.1.20:41641'),
    pings: stats(2, 2, 0, 0, 2, 2.5, 3),
    p2pEstablishedMs: 1005,
    upgradedAtMs: 1000,
    checks: withWireguard('warn'),
    issues: [],
    raw: [],
  },
  'not-connected-all-failed.txt': {
    path: { kind: 'unknown', derpRegion: null, endpoint: null },
    pings: stats(3, 0, 3, 0, null, null, null),
    p2pEstablishedMs: null,
    upgradedAtMs: null,
    checks: [
      ['derp-connected', 'fail'],
      ['coordinator-sent', 'fail'],
      ['coordinator-received', 'fail'],
      ['wireguard', 'fail'],
    ],
    issues: [['derp-relay', 'general', undefined, `${DOCS}#common-problems-with-direct-connections`]],
    raw: [],
  },
  'malicious-names.txt': {
    path: derp('東京 🗼 (ap-northeast-1)'),
    pings: stats(4, 3, 1, 0, 40, 41, 42),
    p2pEstablishedMs: null,
    upgradedAtMs: null,
    checks: ALL_OK,
    issues: [
      ['cli-other', 'general', undefined, undefined],
      ['low-mtu', 'client', { interface: '<img src=x onerror=alert(1)>', mtu: 576 }, undefined],
    ],
    raw: [],
  },
  'truncated-mid-diagnostics.txt': {
    path: derp('Frankfurt'),
    pings: stats(2, 2, 0, 0, 44, 45, 46),
    p2pEstablishedMs: null,
    upgradedAtMs: null,
    checks: ALL_OK,
    issues: [
      ['derp-relay', 'general', undefined, undefined],
      ['udp-blocked', 'client', undefined, `${DOCS}#udp-blo`],
    ],
    raw: [],
  },
  'truncated-mid-pong.txt': {
    path: derp('Frankfurt'),
    pings: stats(2, 2, 0, 0, 44, 45, 46),
    p2pEstablishedMs: null,
    upgradedAtMs: null,
    checks: [],
    issues: [],
    raw: ['pong from dev proxied via  DERP(Frankf'],
  },
};

function assertExpected(name: string, events: DiagEvent[], report: Report, want: Expected): void {
  assert.deepEqual(report.path, want.path, `${name}: path`);
  const { sent, received, timedOut, failed, minMs, maxMs } = report.pings;
  const { avgMs: _avg, ...wantCounts } = want.pings;
  assert.deepEqual({ sent, received, timedOut, failed, minMs, maxMs }, wantCounts, `${name}: ping counts`);
  if (want.pings.avgMs === null) assert.equal(report.pings.avgMs, null, `${name}: avg`);
  else
    assert.ok(
      Math.abs((report.pings.avgMs ?? NaN) - want.pings.avgMs) < 1e-9,
      `${name}: avg ${report.pings.avgMs} != ${want.pings.avgMs}`,
    );
  assert.equal(report.p2pEstablishedMs, want.p2pEstablishedMs, `${name}: p2pEstablishedMs`);
  assert.equal(report.upgradedAtMs, want.upgradedAtMs, `${name}: upgradedAtMs`);
  assert.deepEqual(
    report.checks.map((c) => [c.id, c.status]),
    want.checks,
    `${name}: checks`,
  );
  assert.deepEqual(
    findings(events).map((f) => [f.id, f.side, f.detail, f.docs]),
    want.issues,
    `${name}: issues the parser emitted`,
  );
  assert.deepEqual(
    report.rawLines,
    want.raw.map((l) => `[ping] ${l}`),
    `${name}: raw lines`,
  );
  // Every finding keeps the CLI's wording, and every check has our own sentence.
  for (const f of findings(events)) assert.ok(f.cliText && f.cliText.length > 0, `${name}: cliText of ${f.id}`);
  for (const c of report.checks) assert.match(c.message, /\.$/, `${name}: message of ${c.id}`);
}

describe('coder ping parser: recorded fixtures', () => {
  it('has an expectation for every recording and a recording for every expectation', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.txt') && !f.endsWith('.stderr.txt'));
    assert.deepEqual(files.sort(), Object.keys(EXPECTED).sort());
  });

  for (const [name, want] of Object.entries(EXPECTED)) {
    it(`parses ${name}`, () => {
      const { events, report } = runFixture(name);
      assertExpected(name, events, report, want);
    });
  }

  it('gives the same events through the LineSplitter as from lines split by hand', () => {
    for (const name of Object.keys(EXPECTED)) {
      const byHand = run(rawLines(readFixture(name))).events;
      const split = run(splitterLines(readFixture(name))).events;
      assert.deepEqual(split, byHand, name);
    }
  });

  it('parses the CRLF and ANSI copies exactly like their plain originals', () => {
    const pairs: Array<[string, string]> = [
      ['relayed-full-diagnostics-windows-crlf.txt', 'relayed-full-diagnostics.txt'],
      ['relayed-then-p2p-upgrade-ansi.txt', 'relayed-then-p2p-upgrade.txt'],
    ];
    for (const [copy, original] of pairs) {
      assert.ok(readFixture(copy).includes(copy.includes('crlf') ? '\r\n' : '\x1b['), `${copy} really has the bytes`);
      assert.deepEqual(runFixture(copy).events, runFixture(original).events, copy);
    }
  });
});

describe('coder ping parser: pongs', () => {
  it('reads region, latency and time of each DERP pong, keeping awkward region names whole', () => {
    const { events } = runFixture('malicious-names.txt');
    const pongs = events.flatMap((e) => (e.type === 'ping' ? [e.sample] : []));
    assert.deepEqual(pongs, [
      { outcome: 'timeout', atMs: 1000 },
      { outcome: 'pong', atMs: 2000, path: 'derp', latencyMs: 40, derpRegion: '<img src=x onerror=alert(1)>' },
      { outcome: 'pong', atMs: 3000, path: 'derp', latencyMs: 41, derpRegion: 'weird ) in 99ms (x)' },
      { outcome: 'pong', atMs: 4000, path: 'derp', latencyMs: 42, derpRegion: '東京 🗼 (ap-northeast-1)' },
    ]);
  });

  it('reads p2p endpoints (IPv4 and IPv6) and strips --time stamps', () => {
    const { events } = runFixture('p2p-ipv6-timestamps.txt');
    const samples = events.flatMap((e) => (e.type === 'ping' ? [e.sample] : []));
    assert.deepEqual(
      samples.map((s) => [s.path, s.endpoint, s.latencyMs]),
      [
        ['p2p', '[2001:db8:85a3::8a2e:370:7334]:41641', 8],
        ['p2p', '[2001:db8:85a3::8a2e:370:7334]:41641', 7],
        ['p2p', '[2001:db8:85a3::8a2e:370:7334]:41641', 9],
        ['p2p', '[2001:db8:85a3::8a2e:370:7334]:41641', 8],
      ],
    );
    const one = (line: string) => run([line]).events;
    assert.deepEqual(one('pong from dev p2p via  10.0.0.5:41641  in 4ms'), [
      { type: 'ping', sample: { outcome: 'pong', atMs: 1000, path: 'p2p', latencyMs: 4, endpoint: '10.0.0.5:41641' } },
    ]);
    assert.deepEqual(one('2024-05-01 10:00:00.123+0200 pong from dev proxied via DERP(A)\tin 5ms'), [
      { type: 'ping', sample: { outcome: 'pong', atMs: 1000, path: 'derp', latencyMs: 5, derpRegion: 'A' } },
    ]);
  });

  it('keeps the p2p-established time and when it arrived', () => {
    const { events } = runFixture('relayed-then-p2p-upgrade.txt');
    assert.deepEqual(
      events.filter((e) => e.type === 'p2p-established'),
      [{ type: 'p2p-established', ms: 1200, atMs: 3000 }],
    );
  });

  it('records timeouts and failures with their error text', () => {
    const { events } = runFixture('timeouts-and-failures.txt');
    const failures = events.flatMap((e) =>
      e.type === 'ping' && e.sample.outcome !== 'pong' ? [[e.sample.outcome, e.sample.error]] : [],
    );
    assert.deepEqual(failures, [
      ['timeout', undefined],
      ['timeout', undefined],
      ['failed', 'dial tcp 10.0.0.4:443: connect: connection refused'],
      ['timeout', undefined],
      ['failed', 'context canceled: agent "main" is "disconnected"'],
    ]);
  });
});

describe('coder ping parser: diagnostics', () => {
  it('holds an item until the next item starts, then emits it with its docs link', () => {
    let clock = 0;
    const parser = createPingParser(() => clock);
    assert.deepEqual(parser.push('❗ You are connected via a DERP relay, not directly (p2p)'), []);
    assert.deepEqual(
      parser.push('Possible client-side issues with direct connection:').map((e) => e.type),
      ['issue'],
    );
    assert.deepEqual(parser.push(' - Client could not connect to STUN over UDP'), []);
    assert.deepEqual(parser.push(`   ${DOCS}#udp-blocked`), []);
    const next = parser.push(' - Client IP address is within an AWS range (AWS uses hard NAT)');
    assert.deepEqual(findings(next), [
      {
        id: 'udp-blocked',
        side: 'client',
        cliText: 'Client could not connect to STUN over UDP',
        docs: `${DOCS}#udp-blocked`,
      },
    ]);
    clock = 5;
    assert.deepEqual(findings(parser.end()), [
      { id: 'aws-hard-nat', side: 'client', cliText: 'Client IP address is within an AWS range (AWS uses hard NAT)' },
    ]);
    assert.deepEqual(parser.end(), [], 'nothing is emitted twice');
  });

  it('emits an item on the blank line after it, so nothing waits for the end of the run', () => {
    const parser = createPingParser(() => 0);
    parser.push('Possible agent-side issues with direct connections:');
    assert.deepEqual(parser.push(' - Agent could not connect to STUN over UDP'), []);
    assert.deepEqual(
      findings(parser.push('')).map((f) => f.id),
      ['udp-blocked'],
    );
  });

  it('attaches the unindented low-MTU link to the MTU item before it, never to a raw line', () => {
    const { events } = runFixture('low-mtu-both-spellings.txt');
    const mtu = findings(events).filter((f) => f.id === 'low-mtu');
    assert.deepEqual(
      mtu.map((f) => [f.side, f.detail?.interface, f.docs]),
      [
        ['client', 'eth0', undefined],
        ['client', 'vEthernet (WSL)', `${DOCS}#low-mtu`],
        ['agent', 'utun0', `${DOCS}#low-mtu`],
      ],
    );
    assert.ok(events.every((e) => e.type !== 'raw'));
    assert.ok(
      mtu.every((f) => !f.cliText?.includes('https://')),
      'links are not part of the CLI text',
    );
  });

  it('keeps the second sentence of the locally-disabled notice with it, indented or not', () => {
    for (const second of [
      '   They may still be established over a private network.',
      'They may still be established over a private network.',
    ]) {
      const { events } = run([
        '❗ Direct connections are disabled locally, by `--disable-direct-connections`.',
        second,
      ]);
      assert.deepEqual(findings(events), [
        {
          id: 'direct-disabled-local',
          side: 'general',
          cliText:
            'Direct connections are disabled locally, by `--disable-direct-connections`. They may still be established over a private network.',
        },
      ]);
      assert.equal(events.length, 1);
    }
  });

  it('folds the coordinator follow-up lines into the coordinator check', () => {
    const { events } = runFixture('relayed-full-diagnostics.txt');
    const checks = events.flatMap((e) => (e.type === 'check' ? [e.check] : []));
    assert.equal(checks.length, 4);
    const received = checks.find((c) => c.id === 'coordinator-received');
    assert.equal(
      received?.message,
      "The workspace agent's connection details arrived from the Coder coordinator: the agent prefers DERP region Council Bluffs, Iowa (999); it reported 3 direct endpoints.",
    );
    assert.equal(
      checks.find((c) => c.id === 'derp-connected')?.message,
      'This machine is connected to DERP region Council Bluffs, Iowa (999).',
    );
  });

  it('warns about an old handshake whatever symbol the CLI used', () => {
    for (const line of [
      '✔ Wireguard handshake 6m0s ago',
      '⚠ Wireguard handshake 5m1s ago',
      '⚠ Wireguard handshake 12s ago',
      '✔ WireGuard handshake 1h2m3s ago',
    ]) {
      const { report } = run([line]);
      assert.deepEqual(
        report.checks.map((c) => [c.id, c.status]),
        [['wireguard', 'warn']],
        line,
      );
    }
    assert.equal(
      run(['✔ Wireguard handshake 5m0s ago']).report.checks[0].status,
      'ok',
      'exactly 5 minutes is still fresh',
    );
  });

  it('takes the side from a leading Client/Agent word and otherwise from the section', () => {
    const { events } = run([
      '✔ preferred DERP region: 1 (A)',
      'Possible client-side issues with direct connection:',
      ' - Agent could not connect to STUN over UDP',
      ' - something new the CLI says one day',
      '   https://docs.example/x#y',
      'POSSIBLE AGENT-SIDE ISSUES WITH DIRECT CONNECTIONS',
      '* IP address is within an AWS range',
      'Network interface wg0 has MTU 1280 (less than 1378)',
    ]);
    assert.deepEqual(
      findings(events).map((f) => [f.id, f.side, f.docs]),
      [
        ['udp-blocked', 'agent', undefined],
        ['cli-other', 'client', 'https://docs.example/x#y'],
        ['aws-hard-nat', 'agent', undefined],
        ['low-mtu', 'agent', undefined],
      ],
    );
    assert.equal(findings(events)[1].cliText, 'something new the CLI says one day');
  });

  it('treats dashes outside any diagnostics as ordinary output', () => {
    const { events } = run([' - just a list item from a build log', 'Possible nothing here']);
    assert.deepEqual(events, [
      { type: 'raw', source: 'ping', line: '- just a list item from a build log' },
      { type: 'raw', source: 'ping', line: 'Possible nothing here' },
    ]);
  });
});

describe('coder ping parser: classification by meaning', () => {
  const cases: Array<[string, string]> = [
    ['You are connected via a DERP relay, not directly (p2p)', 'derp-relay'],
    ['your connection is RELAYED and not direct', 'derp-relay'],
    ['Your Coder administrator has blocked direct connections', 'direct-disabled-deployment'],
    ['Direct connections are disabled by the deployment admin.', 'direct-disabled-deployment'],
    [
      'Direct connections are disabled locally, by `--disable-direct-connections` or `CODER_DISABLE_DIRECT_CONNECTIONS`.',
      'direct-disabled-local',
    ],
    ['Direct connections disabled.', 'direct-disabled-local'],
    ['The DERP map is not configured to use STUN', 'no-stun'],
    ['the derp map has no STUN servers!', 'no-stun'],
    ['Client could not connect to STUN over UDP', 'udp-blocked'],
    ['AGENT COULD NOT CONNECT TO STUN OVER UDP.', 'udp-blocked'],
    [
      'Client is potentially behind a hard NAT, as multiple endpoints were retrieved from different STUN servers',
      'hard-nat',
    ],
    ['Agent IP address is within an AWS range (AWS uses hard NAT)', 'aws-hard-nat'],
    ['Client is using a VPN as its default route', 'vpn'],
    ['Something nobody has seen before', 'cli-other'],
  ];
  for (const [text, id] of cases) {
    it(`${JSON.stringify(text)} -> ${id}`, () => assert.equal(classifyDiagnostic(text).id, id));
  }

  it('reads interface and MTU from both spellings', () => {
    assert.deepEqual(
      classifyDiagnostic(
        'network interface eth0 has MTU 1280 (less than 1378), which may cause problems with direct connections',
      ),
      {
        id: 'low-mtu',
        detail: { interface: 'eth0', mtu: 1280 },
      },
    );
    assert.deepEqual(
      classifyDiagnostic(
        'Network interface utun0 has MTU 1280, (less than 1378), which may degrade the quality of direct connections',
      ),
      {
        id: 'low-mtu',
        detail: { interface: 'utun0', mtu: 1280 },
      },
    );
    assert.deepEqual(classifyDiagnostic('Low MTU 1200 detected'), { id: 'low-mtu', detail: { mtu: 1200 } });
  });
});

describe('coder ping parser: stderr', () => {
  it('recognises the locally-disabled notice and nothing else', () => {
    assert.deepEqual(classifyStderrLine('Direct connections disabled.\r'), [
      {
        type: 'issue',
        source: 'ping',
        finding: { id: 'direct-disabled-local', side: 'general', cliText: 'Direct connections disabled.' },
      },
    ]);
    assert.deepEqual(classifyStderrLine('\x1b[33mDirect connections disabled.\x1b[0m').length, 1);
    for (const line of [
      '',
      'Collecting diagnostics...',
      'Direct connections disabled. Or not.',
      'x'.repeat(1_000_000),
    ]) {
      assert.deepEqual(classifyStderrLine(line), [], line.slice(0, 40));
    }
  });

  it('does not disturb a held stdout item when stderr lines arrive in between', () => {
    const parser = createPingParser(() => 0);
    const events: DiagEvent[] = [];
    events.push(...parser.push('Possible client-side issues with direct connection:'));
    events.push(...parser.push(' - network interface eth0 has MTU 1280 (less than 1378)'));
    events.push(...classifyStderrLine('Direct connections disabled.'));
    events.push(...classifyStderrLine('some warning on stderr'));
    events.push(...parser.push(`${DOCS}#low-mtu`));
    events.push(...parser.end());
    assert.deepEqual(
      findings(events).map((f) => [f.id, f.docs]),
      [
        ['direct-disabled-local', undefined],
        ['low-mtu', `${DOCS}#low-mtu`],
      ],
    );
  });
});

describe('coder ping parser: hostile and broken input', () => {
  it('keeps garbage as raw lines and never invents pings', () => {
    const garbage = [
      'hello',
      'pong from',
      'pong from dev proxied via DERP(x) in fast',
      'pong from dev proxied via DERP(x)',
      'pong from dev proxied via x in 5ms',
      'pong from dev p2p via in 5ms',
      'ping to dev timed out',
      'p2p connection established in soon',
      '    preferred DERP region: 1 (indented, but no coordinator line before it)',
      '✔ something the checklist never said',
      '✘ Wireguard handshake',
    ];
    const { events, report } = run(garbage);
    assert.equal(report.pings.sent, 0);
    assert.deepEqual(report.checks, []);
    assert.deepEqual(
      events.map((e) => (e.type === 'raw' ? e.line : e.type)),
      garbage.map((l) => l.trim()),
    );
  });

  it('turns a 1 MB line into one cut raw line', () => {
    const huge = `pong from dev proxied via DERP(${'x'.repeat(1_000_000)}) in 5ms`;
    const { events } = run([huge, 'pong from dev proxied via DERP(A) in 5ms']);
    assert.equal(events.length, 2);
    assert.equal(events[0].type, 'raw');
    assert.ok(events[0].type === 'raw' && events[0].line.length <= 2100 && events[0].line.startsWith('pong from dev'));
    assert.equal(events[1].type, 'ping');
  });

  it('handles long runs of spaces and parentheses correctly', () => {
    const spaces = ' '.repeat(100_000);
    const parens = '('.repeat(50_000) + ')'.repeat(50_000);
    const { events } = run([
      spaces,
      parens,
      `pong from dev proxied via DERP(${parens}) in 5ms`,
      `pong from${spaces}dev`,
    ]);
    assert.deepEqual(
      events.map((e) => e.type),
      ['raw', 'raw', 'raw'],
      'a blank line gives nothing; the rest are raw',
    );
    // Below the matching limit a region of nothing but parentheses is still read whole.
    const region = '('.repeat(3000) + ')'.repeat(3000);
    const ok = run([`pong from dev proxied via  DERP(${region})  in 5ms`]).events;
    assert.deepEqual(ok, [
      { type: 'ping', sample: { outcome: 'pong', atMs: 1000, path: 'derp', latencyMs: 5, derpRegion: region } },
    ]);
    const many = run([`pong from dev proxied via DERP(a${' in 5ms)'.repeat(900)}) in 7ms`]).events;
    assert.equal(many[0].type === 'ping' && many[0].sample.latencyMs, 7);
  });

  it('turns binary junk into clean raw lines without throwing', () => {
    let seed = 7;
    const junk: string[] = [];
    for (let n = 0; n < 50; n++) {
      let line = '';
      for (let i = 0; i < 300; i++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        line += String.fromCharCode(seed % 256);
      }
      junk.push(line.replace(/\n/g, ''));
    }
    const { events } = run(junk);
    assert.ok(events.length > 0);
    for (const e of events) {
      assert.equal(e.type, 'raw');
      // eslint-disable-next-line no-control-regex
      assert.ok(e.type === 'raw' && !/[\x00-\x08\x0b-\x1f\x7f]/.test(e.line), 'no control characters are stored');
    }
  });

  it('flushes a cut-off item at the end and keeps a cut-off pong as raw', () => {
    const diag = runFixture('truncated-mid-diagnostics.txt');
    assert.deepEqual(findings(diag.events).at(-1), {
      id: 'udp-blocked',
      side: 'client',
      cliText: 'Client could not connect to STUN over UDP',
      docs: `${DOCS}#udp-blo`,
    });
    assert.deepEqual(runFixture('truncated-mid-pong.txt').events.at(-1), {
      type: 'raw',
      source: 'ping',
      line: 'pong from dev proxied via  DERP(Frankf',
    });
  });

  it('bounds how many continuation lines one item collects', () => {
    const lines = [
      'Possible client-side issues with direct connection:',
      ' - Client could not connect to STUN over UDP',
    ];
    for (let i = 0; i < 100; i++) lines.push(`   more text ${i}`);
    const { events } = run(lines);
    const issue = findings(events);
    assert.equal(issue.length, 1);
    assert.ok((issue[0].cliText ?? '').length <= 1000);
    assert.equal(events.filter((e) => e.type === 'raw').length, 100 - 19);
  });
});
