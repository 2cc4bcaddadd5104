// The check panel and the host agree on message limits: a huge region name or a flood of
// events arrives whole (cut with a marker, split into batches), a saved report with oversized
// fields revives, and whatever the host produces passes the panel's validators unchanged.
import assert from 'node:assert/strict';
import type { Memento } from 'vscode';
import type { DiagEvent } from '../../../src/diag/events';
import type { IssueId, Report } from '../../../src/diag/model';
import { MAX_RAW_LINES } from '../../../src/diag/wire/limits';
import { emptyReport, reduce, reduceAll } from '../../../src/diag/check/report';
import { checkPanelRun } from '../../../src/vscode/check/check-run';
import { ReportStore } from '../../../src/vscode/check/report-store';
import { applyHostMessage } from '../../../src/webview/check/model';
import type { PanelModel } from '../../../src/webview/check/model';
import {
  CUT_MARKER,
  MAX_EVENTS_PER_MESSAGE,
  MAX_LIST,
  MAX_TEXT,
  clipText,
  inBatches,
} from '../../../src/diag/wire/limits';
import { parseHostMessage, parsePanelState, trimForState } from '../../../src/shared/check-protocol';
import type { HostMessage } from '../../../src/shared/check-protocol';
import { boundDiagEvent, boundReport, parseDiagEvent, parseReport } from '../../../src/diag/wire/check-report';
import { FAKE_CODER } from '../../support/paths';
import { randomSource } from '../../support/random';
import type { Random } from '../../support/random';

const REGION = 'R'.repeat(5000);
const FLOOD = 2275;

/** What postMessage does to a message: a structured clone. */
const deliver = (message: HostMessage): unknown => structuredClone(message);

const panelModel = (): PanelModel => ({
  report: null,
  running: true,
  workspace: 'dev',
  thresholds: { warnMs: 100, errorMs: 250 },
});

describe('message limits: connection panel', () => {
  it('cuts text to the limit with a marker, and splits lists into batches in order', () => {
    assert.equal(clipText('short'), 'short');
    const cut = clipText('x'.repeat(5000));
    assert.equal(cut.length, MAX_TEXT);
    assert.ok(cut.endsWith(CUT_MARKER));
    // A surrogate pair straddling the cut is not split in half.
    const astral = clipText('a'.repeat(MAX_TEXT - CUT_MARKER.length - 1) + '😀'.repeat(10));
    assert.ok(astral.length <= MAX_TEXT && !/[\ud800-\udbff](?![\udc00-\udfff])/.test(astral));
    const items = Array.from({ length: 4501 }, (_, i) => i);
    const batches = inBatches(items);
    assert.deepEqual(
      batches.map((b) => b.length),
      [2000, 2000, 501],
    );
    assert.deepEqual(batches.flat(), items);
    assert.deepEqual(inBatches([]), []);
  });

  it('brings a 5,000-character region name and a 2,275-event flood to the panel whole, and a reload shows it', async () => {
    const batches: DiagEvent[][] = [];
    const session = checkPanelRun(
      { onEvents: (e) => batches.push(e), onRunState: () => undefined, onFinished: () => undefined },
      {
        batchMs: 10,
        // The engine's own path for events: everything goes through the same funnel as the CLI's output.
        localProbes: async (_ctx, emit) => {
          for (let i = 0; i < FLOOD; i++) emit({ type: 'raw', source: 'local', line: `line ${i} ${'y'.repeat(4000)}` });
          emit({ type: 'ping', sample: { outcome: 'pong', atMs: 5, path: 'derp', latencyMs: 40, derpRegion: REGION } });
          emit({
            type: 'issue',
            source: 'local',
            finding: { id: 'derp-unreachable', side: 'client', detail: { region: REGION } },
          });
          emit({ type: 'probe', outcome: { name: 'derp', ran: false, reason: 'z'.repeat(9000) } });
        },
      },
    );
    const host = await session.start({
      workspace: 'dev',
      session: { pick: { kind: 'auto' }, coderPath: FAKE_CODER, storageDirs: [], env: {} },
      pingCount: 1,
      local: true,
      localOnly: true,
    });
    assert.ok(host);
    assert.ok(batches.length >= 2, `${batches.length} batches`);
    let model = panelModel();
    let delivered = 0;
    for (const events of batches) {
      assert.ok(events.length <= MAX_EVENTS_PER_MESSAGE, `a batch of ${events.length}`);
      const message = parseHostMessage(deliver({ type: 'events', events }));
      assert.ok(message?.type === 'events', 'the panel refused a batch');
      // Nothing the host sends is cut or dropped by the panel: it was within the limits already.
      assert.deepEqual(message.events, events);
      delivered += message.events.length;
      model = applyHostMessage(model, message).model;
    }
    assert.equal(model.report?.finishedAt, host.finishedAt);
    assert.equal(delivered, batches.flat().length);
    assert.equal(batches.flat().filter((e) => e.type === 'raw').length, FLOOD);
    const region = model.report?.path.derpRegion ?? '';
    assert.equal(region.length, MAX_TEXT);
    assert.ok(region.startsWith('RRRR') && region.endsWith(CUT_MARKER));
    assert.ok(model.report?.issues.some((i) => i.id === 'derp-unreachable' && i.message.length <= MAX_TEXT));
    assert.equal(model.report?.rawLines.length, MAX_RAW_LINES);
    assert.deepEqual(model.report, host, 'the panel folds the same report as the host');

    // The host's snapshot and the panel's own saved state both come back after a reload.
    const snapshot = parseHostMessage(
      deliver({
        type: 'snapshot',
        report: host,
        running: false,
        workspace: 'dev',
        thresholds: model.thresholds,
      }),
    );
    assert.deepEqual(snapshot?.type === 'snapshot' && snapshot.report, host);
    const saved = structuredClone({ workspace: 'dev', report: trimForState(host) });
    assert.deepEqual(parsePanelState(saved)?.report, trimForState(host));
  });

  it('revives a saved report whose fields exceed the limits, cut instead of lost', async () => {
    const report = reduceAll([
      { type: 'started', workspace: 'dev', at: '2026-01-01T00:00:00.000Z' },
      { type: 'ping', sample: { outcome: 'pong', atMs: 1, path: 'derp', latencyMs: 30, derpRegion: REGION } },
      { type: 'finished', at: '2026-01-01T00:00:09.000Z' },
    ]);
    // As an older version saved it: no cutting anywhere.
    const old: Report = {
      ...report,
      rawLines: [`[ping] ${'w'.repeat(MAX_TEXT)}`],
      checks: Array.from({ length: MAX_LIST + 50 }, (_, i) => ({ id: `c${i}`, status: 'ok', message: 'm' })),
      sources: [{ source: 'ping', ok: false, error: 'e'.repeat(9000) }],
      probes: [{ name: 'stun', ran: true, data: { deep: [[[[[[[['too deep']]]]]]]], big: 'b'.repeat(5000) } }],
    };
    const values = new Map<string, unknown>([['wsdoctor.lastReport', structuredClone(old)]]);
    const memento = {
      get: (key: string) => values.get(key),
      update: async (key: string, value: unknown) => void values.set(key, structuredClone(value)),
      keys: () => [...values.keys()],
    } as unknown as Memento;
    const store = new ReportStore(memento);
    const revived = store.lastReport;
    assert.ok(revived, 'the stored report was refused');
    assert.equal(revived.path.derpRegion?.length, MAX_TEXT);
    assert.ok(revived.path.derpRegion?.endsWith(CUT_MARKER));
    assert.equal(revived.rawLines[0].length, MAX_TEXT);
    assert.equal(revived.checks.length, MAX_LIST);
    assert.equal(revived.sources[0].error?.length, MAX_TEXT);
    // The one probe whose data is deeper than allowed is left out; the rest stays.
    assert.deepEqual(revived.probes, []);
    assert.equal(revived.pings.received, 1);
    // The panel's saved state revives the same way, and what the host stores now is within the limits.
    assert.deepEqual(parsePanelState(structuredClone({ workspace: 'dev', report: old }))?.report, revived);
    await store.setLastReport(old);
    const stored = boundReport(old);
    assert.deepEqual(parseReport(values.get('wsdoctor.lastReport')), {
      ...stored,
      samples: stored.samples.slice(-300),
    });
  });

  describe('whatever the host produces passes the panel unchanged (seeded)', () => {
    const ISSUES: IssueId[] = ['derp-relay', 'derp-unreachable', 'low-mtu', 'vpn', 'udp-blocked', 'cli-other'];

    /** Probe data: sometimes too deep, too wide or not plain JSON at all (NaN, undefined). */
    function randomData(r: Random, depth = 0): unknown {
      if (depth > 9 || r.chance(0.5)) return r.pick([r.text(), 1.5, -2, Number.NaN, Infinity, null, true, undefined]);
      const width = depth === 0 && r.chance(0.1) ? 250 : 1 + r.int(2);
      const items = Array.from({ length: width }, () => randomData(r, depth + 1));
      return r.chance(0.5) ? items : Object.fromEntries(items.map((v, i) => [`k${i}`, v]));
    }

    function randomEvent(r: Random): DiagEvent {
      const source = r.pick(['ping', 'netcheck', 'local', 'version'] as const);
      switch (r.int(9)) {
        case 0:
          return { type: 'cli', cli: { path: r.text(), version: r.chance(0.5) ? null : r.text(), note: r.text() } };
        case 1:
          return {
            type: 'ping',
            sample: r.chance(0.5)
              ? { outcome: 'pong', atMs: r.int(1e6), path: 'derp', latencyMs: r.int(500), derpRegion: r.text() }
              : { outcome: 'failed', atMs: r.int(1e6), error: r.text() },
          };
        case 2:
          return { type: 'check', check: { id: `c${r.int(30)}`, status: 'warn', message: r.text() } };
        case 3: {
          const detail = Object.fromEntries(
            Array.from({ length: r.chance(0.2) ? 80 : r.int(3) }, (_, i) => [i === 0 ? 'region' : `d${i}`, r.text()]),
          );
          return {
            type: 'issue',
            source,
            finding: {
              id: r.pick(ISSUES),
              side: r.pick(['general', 'client', 'agent'] as const),
              detail,
              cliText: r.text(),
            },
          };
        }
        case 4:
          return {
            type: 'probe',
            outcome: { name: `p${r.int(20)}`, ran: r.chance(0.5), reason: r.text(), data: randomData(r) },
          };
        case 5:
          return { type: 'raw', source, line: r.text() };
        case 6:
          return { type: 'source-done', source, ok: false, error: r.text() };
        case 7: {
          const count = r.chance(0.2) ? 300 : r.int(4);
          return {
            type: 'netcheck',
            netcheck: {
              udp: true,
              ipv4: null,
              ipv4CanSend: false,
              ipv6: null,
              ipv6CanSend: null,
              osHasIPv6: true,
              mappingVariesByDestIP: null,
              hairPinning: null,
              upnp: false,
              pmp: false,
              pcp: false,
              captivePortal: null,
              globalV4: r.text(),
              globalV6: null,
              preferredRegion: { regionId: 1, regionName: r.text() },
              regionLatencies: Array.from({ length: count }, (_, i) => ({
                regionId: i,
                regionName: r.text(),
                latencyMs: i,
                preferred: i === 1,
              })),
              warnings: Array.from({ length: count }, () => ({ where: r.text(), code: r.text(), message: r.text() })),
              unreadable: Array.from({ length: count }, () => r.text()),
            },
          };
        }
        default:
          return { type: 'p2p-established', ms: r.int(5000), atMs: r.int(1e6) };
      }
    }

    it('events, batches, reports and saved state from 100 random runs', function () {
      // Seeded volume, not a timing: a busy shared machine must not turn it red.
      this.timeout(60_000);
      const r = randomSource(0x11c7);
      let events = 0;
      for (let run = 0; run < 100; run++) {
        // The engine cuts each event; the reducer folds them on both sides.
        const emitted = Array.from({ length: r.int(40) }, () => boundDiagEvent(randomEvent(r)));
        events += emitted.length;
        let host = emptyReport(r.text(), '2026-01-01T00:00:00.000Z');
        for (const event of emitted) {
          assert.deepEqual(parseDiagEvent(structuredClone(event)), event, `run ${run}: ${event.type}`);
          host = reduce(host, event);
        }
        for (const batch of inBatches(emitted)) {
          const message = parseHostMessage(deliver({ type: 'events', events: batch }));
          assert.deepEqual(message, { type: 'events', events: batch }, `run ${run}`);
        }
        const sent = boundReport(host);
        assert.deepEqual(parseReport(structuredClone(sent)), sent, `run ${run}: report`);
        assert.deepEqual(parseReport(structuredClone(trimForState(host))), trimForState(host), `run ${run}: state`);
      }
      assert.ok(events > 1500, `${events} events tried`);
    });
  });
});
