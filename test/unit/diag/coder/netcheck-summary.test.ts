// What `coder netcheck` found, shown by every presenter: text, Markdown, JSON, the DERP table, and
// the panel's side of the boundary (validation and the panel model).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseNetcheck } from '../../../../src/diag/coder/netcheck';
import { summariseNetcheck } from '../../../../src/diag/coder/netcheck-summary';
import type { DiagEvent } from '../../../../src/diag/events';
import type { NetcheckSummary, ProbeOutcome } from '../../../../src/diag/model';
import { derpRegionTable, derpRelays } from '../../../../src/diag/present/derp-table';
import { toJsonReport } from '../../../../src/diag/present/json';
import { reportToMarkdown } from '../../../../src/diag/present/markdown';
import { netcheckFacts } from '../../../../src/diag/present/netcheck-facts';
import { toText } from '../../../../src/diag/present/text';
import { reduceAll } from '../../../../src/diag/check/report';
import { DEFAULT_THRESHOLDS, applyHostMessage } from '../../../../src/webview/check/model';
import { parseHostMessage } from '../../../../src/shared/check-protocol';
import { parseDiagEvent, parseReport } from '../../../../src/diag/wire/check-report';
import { fixture } from '../../../support/paths';

const summary = (name: string): NetcheckSummary =>
  summariseNetcheck(parseNetcheck(readFileSync(fixture(`netcheck/${name}`), 'utf8')));

const reportWith = (netcheck: NetcheckSummary, probes: ProbeOutcome[] = []) =>
  reduceAll(
    [
      { type: 'netcheck', netcheck },
      ...probes.map((outcome): DiagEvent => ({ type: 'probe', outcome })),
      { type: 'source-done', source: 'netcheck', ok: true },
      { type: 'finished', at: '2026-01-01T00:00:05.000Z' },
    ],
    'dev',
  );

const localDerp: ProbeOutcome = {
  name: 'derp',
  ran: true,
  data: {
    nearest: { regionId: 10, regionName: 'Frankfurt', latencyMs: 20.5 },
    regions: [
      { regionId: 12, regionName: 'San Francisco', latencyMs: 140.2, upgrade: 'ok', websocket: 'ok' },
      { regionId: 10, regionName: 'Frankfurt', latencyMs: 20.5, upgrade: 'ok', websocket: 'ok' },
    ],
  },
};

describe('netcheck facts in every presenter', () => {
  it('labels each fact once, unknown as unknown', () => {
    assert.deepEqual(netcheckFacts(summary('full.json')), [
      ['UDP', 'yes'],
      ['IPv4', 'yes (can send: yes)'],
      ['IPv6', 'yes (can send: yes; OS has IPv6: yes)'],
      ['Public IPv4', '198.51.100.23:41641'],
      ['Public IPv6', '[2001:db8::23]:41641'],
      ['Hard NAT (mapping varies by destination)', 'no'],
      ['Hairpinning', 'yes'],
      ['Port mapping', 'UPnP yes, NAT-PMP no, PCP no'],
      ['Captive portal', 'no'],
      ['Preferred DERP region', 'Paris (11)'],
    ]);
    const missing = new Map(netcheckFacts(summary('missing-fields.json')));
    assert.equal(missing.get('IPv6'), 'unknown (can send: unknown; OS has IPv6: unknown)');
    assert.equal(missing.get('Hairpinning'), 'unknown');
    assert.equal(missing.get('Port mapping'), 'UPnP unknown, NAT-PMP unknown, PCP unknown');
    assert.equal(missing.get('Captive portal'), 'unknown');
    assert.equal(missing.get('Public IPv4'), 'unknown');
    assert.equal(new Map(netcheckFacts(summary('no-ipv6.json'))).get('Public IPv6'), 'none found');
  });

  it('text: the facts, the warnings with their codes, and the DERP table from netcheck', () => {
    const text = toText(reportWith(summary('full.json')));
    assert.match(text, /^Network \(coder netcheck\):$/m);
    assert.match(text, /^ {2}IPv6: yes \(can send: yes; OS has IPv6: yes\)$/m);
    assert.match(text, /^ {2}Hairpinning: yes$/m);
    assert.match(text, /^ {2}Port mapping: UPnP yes, NAT-PMP no, PCP no$/m);
    assert.match(text, /^ {2}Captive portal: no$/m);
    assert.match(text, /^ {4}! Paris: EDERP01 Node uses WebSocket/m);
    assert.match(text, /^ {4}! Interfaces: EIF01 Network interface wg0 has MTU 1280/m);
    assert.match(text, /^DERP relays \(latency measured by coder netcheck\):$/m);
    const rows = text.split('\n').filter((l) => / ms$/.test(l));
    assert.deepEqual(
      rows.map((l) => l.trim().replace(/ {2,}/g, ' | ')),
      ['Paris (preferred) | 24.1 ms', 'Frankfurt | 31.3 ms', 'STUN 1000 | 38.3 ms', 'San Francisco | 152.5 ms'],
    );
  });

  it('text: a captive portal and garbage fields are said plainly', () => {
    const captive = toText(reportWith(summary('captive-portal.json')));
    assert.match(captive, /Captive portal: yes/);
    assert.match(captive, /! DERP: netcheck error netcheck: captive portal detected/);
    assert.doesNotMatch(captive, /DERP relays/, 'no latencies, no table');
    const hostile = toText(reportWith(summary('hostile.json')));
    assert.match(hostile, /Hairpinning: unknown/);
    assert.match(hostile, /Could not read derp\.netcheck\.HairPinning, .* \(shown as unknown\)/);
    // eslint-disable-next-line no-control-regex -- asserting no escape reaches a terminal
    assert.doesNotMatch(hostile, /\x1b/);
  });

  it('Markdown: a section of facts and warnings, a DERP table, hostile names escaped', () => {
    const md = reportToMarkdown(reportWith(summary('full.json')));
    assert.match(md, /^## Network \(coder netcheck\)$/m);
    assert.match(md, /^- IPv4: yes \(can send: yes\)$/m);
    assert.match(md, /^- Port mapping: UPnP yes, NAT-PMP no, PCP no$/m);
    assert.match(md, /^ {2}- Paris: EDERP01 Node uses WebSocket/m);
    assert.match(
      md,
      /^## DERP relays\n\nDERP relays \(latency measured by coder netcheck\):\n\n\| Region \| Latency \|$/m,
    );
    assert.match(md, /^\| Paris \(preferred\) \| 24\.1 ms \|$/m);
    const hostile = reportToMarkdown(reportWith(summary('hostile.json')));
    assert.match(
      hostile,
      /^\| &lt;img src=x onerror=alert\(1\)&gt; \\\| \\\*\\\*bold\\\*\\\* red next \(preferred\) \| 31\.3 ms \|$/m,
    );
    assert.doesNotMatch(hostile, /<img|<script/);
    assert.match(hostile, /- Hairpinning: unknown/);
  });

  it('JSON: the netcheck summary and the DERP rows with their source', () => {
    const json = toJsonReport(reportWith(summary('no-ipv6.json'))) as {
      netcheck: NetcheckSummary;
      derpRelays: { measuredBy: string[]; regions: { regionName: string; netcheckLatencyMs: number }[] };
    };
    assert.equal(json.netcheck.ipv6, false);
    assert.equal(json.netcheck.osHasIPv6, false);
    assert.equal(json.netcheck.hairPinning, false);
    assert.deepEqual(json.derpRelays.measuredBy, ['netcheck']);
    assert.deepEqual(
      json.derpRelays.regions.map((r) => [r.regionName, r.netcheckLatencyMs]),
      [
        ['Frankfurt', 31.25],
        ['STUN 1000', 38.25],
      ],
    );
    const none = toJsonReport(reduceAll([{ type: 'finished', at: 'x' }]));
    assert.equal(none.netcheck, null);
    assert.equal(none.derpRelays, null);
  });
});

describe('DERP table sources', () => {
  it('falls back to netcheck when the local probe did not run, and says so', () => {
    const t = derpRegionTable([{ name: 'derp', ran: false, reason: 'off' }], summary('full.json'));
    assert.equal(t?.title, 'DERP relays (latency measured by coder netcheck)');
    assert.deepEqual(t?.columns, ['Region', 'Latency']);
    assert.deepEqual(t?.rows[0], ['Paris (preferred)', '24.1 ms']);
  });

  it('joins both sources by region when both measured, nearest by our probe first', () => {
    const t = derpRegionTable([localDerp], summary('full.json'));
    assert.match(t?.title ?? '', /HTTPS latency measured by wsdoctor.*netcheck latency by coder netcheck/);
    assert.deepEqual(t?.columns, ['Region', 'HTTPS latency', 'netcheck latency', 'DERP upgrade', 'WebSocket']);
    assert.deepEqual(t?.rows, [
      ['Frankfurt (nearest)', '20.5 ms', '31.3 ms', 'yes', 'yes'],
      ['San Francisco', '140.2 ms', '152.5 ms', 'yes', 'yes'],
      ['Paris (preferred)', '–', '24.1 ms', '–', '–'],
      ['STUN 1000', '–', '38.3 ms', '–', '–'],
    ]);
    assert.deepEqual(derpRelays([localDerp], summary('full.json'))?.measuredBy, ['local-probe', 'netcheck']);
  });

  it('keeps the local-probe table as it was when netcheck has no latencies', () => {
    const t = derpRegionTable([localDerp], summary('captive-portal.json'));
    assert.deepEqual(t?.columns, ['Region', 'HTTPS latency', 'DERP upgrade', 'WebSocket']);
    assert.equal(t?.title, 'DERP relays from this machine (latency measured by wsdoctor)');
    assert.equal(derpRegionTable([], null), null);
  });
});

describe('netcheck across the panel boundary', () => {
  it('accepts a netcheck event and a report carrying it, and the panel model folds it in', () => {
    const netcheck = summary('hostile.json');
    const event = parseDiagEvent(JSON.parse(JSON.stringify({ type: 'netcheck', netcheck })));
    assert.deepEqual(event, { type: 'netcheck', netcheck });
    const report = reportWith(netcheck);
    assert.deepEqual(parseReport(JSON.parse(JSON.stringify(report))), report);
    const message = parseHostMessage({ type: 'events', events: [{ type: 'netcheck', netcheck }] });
    assert.ok(message && message.type === 'events');
    const applied = applyHostMessage(
      { report: null, running: true, workspace: 'dev', thresholds: DEFAULT_THRESHOLDS },
      message,
    );
    assert.equal(applied.model.report?.netcheck?.regionLatencies[0].regionName, netcheck.regionLatencies[0].regionName);
  });

  it('rejects a malformed netcheck summary, leaves out its bad items, and reads older saved reports as having none', () => {
    const good = summary('full.json');
    for (const bad of [{ ...good, hairPinning: 'yes' }, { ...good, unreadable: 'all' }, 'netcheck'])
      assert.equal(parseDiagEvent({ type: 'netcheck', netcheck: bad }), null, JSON.stringify(bad).slice(0, 80));
    const badLatency = { regionId: 1, regionName: 'x', latencyMs: 'fast', preferred: false };
    const withBadItems = {
      ...good,
      regionLatencies: [badLatency, ...good.regionLatencies],
      warnings: [{ where: 'x', code: 1, message: 'm' }, ...good.warnings],
    };
    assert.deepEqual(parseDiagEvent({ type: 'netcheck', netcheck: withBadItems }), {
      type: 'netcheck',
      netcheck: good,
    });
    const badPreferred = parseDiagEvent({
      type: 'netcheck',
      netcheck: { ...good, preferredRegion: { regionId: 'x' } },
    });
    assert.equal(badPreferred?.type === 'netcheck' && badPreferred.netcheck.preferredRegion, null);
    const report = reportWith(good);
    assert.equal(parseReport({ ...report, netcheck: { ...good, udp: 1 } })?.netcheck, null);
    const { netcheck: _dropped, ...older } = report;
    assert.equal(parseReport(older)?.netcheck, null);
  });
});
