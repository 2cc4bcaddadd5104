// The speed test panel and the host agree on message limits: a huge region name or error arrives
// cut with a marker, a flood of events is split into batches (live and in the snapshot's replay),
// a saved report with oversized fields revives, and whatever the host produces passes unchanged.
import assert from 'node:assert/strict';
import type { SpeedtestEmit, SpeedtestEvent, SpeedtestReport } from '../../../src/diag/speedtest/types';
import { speedtestPanelRun } from '../../../src/vscode/speedtest/speedtest-run';
import {
  CUT_MARKER,
  MAX_EVENTS_PER_MESSAGE,
  MAX_REGION_NAME,
  MAX_TARGET,
  MAX_TEXT,
  inBatches,
} from '../../../src/diag/wire/limits';
import {
  DEFAULT_SETTINGS,
  parseHostMessage,
  parsePanelState,
  snapshotMessages,
} from '../../../src/shared/speedtest-protocol';
import type { HostMessage } from '../../../src/shared/speedtest-protocol';
import {
  boundSpeedtestEvent,
  boundSpeedtestReport,
  parseSpeedtestEvent,
  parseSpeedtestReport,
} from '../../../src/diag/wire/speedtest-report';
import { randomSource } from '../../support/random';
import type { Random } from '../../support/random';
import { iv, report, result } from '../diag/speedtest/report-fixtures';

const REGION = 'F'.repeat(5000);
const FLOOD = 2275;
const deliver = (message: HostMessage): unknown => structuredClone(message);

const sample = (i: number): SpeedtestEvent => ({
  type: 'sample',
  direction: 'download',
  tSeconds: i / 4,
  mbits: 50,
  bytesTotal: i * 1000,
});

describe('message limits: speed test panel', () => {
  it('cuts a 5,000-character region name and error to the limits, with a marker', () => {
    const path = boundSpeedtestEvent({
      type: 'path',
      change: { kind: 'derp', derpRegion: REGION, atSeconds: 1, latencyMs: 40 },
    });
    const message = parseHostMessage(deliver({ type: 'events', events: [path] }));
    assert.deepEqual(message, { type: 'events', events: [path] });
    const parsed = message?.type === 'events' ? message.events[0] : null;
    assert.deepEqual(parsed, path);
    assert.ok(parsed?.type === 'path' && parsed.change.derpRegion?.length === MAX_REGION_NAME);
    assert.ok(parsed?.type === 'path' && parsed.change.derpRegion?.endsWith(CUT_MARKER));
    const warning = boundSpeedtestEvent({ type: 'warning', message: `stderr: ${'e'.repeat(9000)}` });
    assert.equal(warning.type === 'warning' && warning.message.length, MAX_TEXT);
  });

  it('splits a 2,275-event burst into batches the panel takes whole, in order', async () => {
    const batches: SpeedtestEvent[][] = [];
    const session = speedtestPanelRun(
      async (_options, emit: SpeedtestEmit) => {
        for (let i = 0; i < FLOOD; i++) emit(sample(i));
        // A phase change flushes at once: the whole burst leaves in one go.
        emit({ type: 'phase', phase: 'upload', message: 'Measuring upload' });
        return report();
      },
      { onEvents: (e) => batches.push(e), onRunState: () => undefined, onFinished: () => undefined },
    );
    await session.start({
      target: { kind: 'ssh', host: '127.0.0.1', port: 22, username: 'me' },
      directions: ['download'],
      durationSeconds: 1,
    });
    assert.ok(batches.length >= 2);
    const received: SpeedtestEvent[] = [];
    for (const events of batches) {
      assert.ok(events.length <= MAX_EVENTS_PER_MESSAGE, `a batch of ${events.length}`);
      const message = parseHostMessage(deliver({ type: 'events', events }));
      assert.ok(message?.type === 'events', 'the panel refused a batch');
      received.push(...message.events);
    }
    assert.deepEqual(received, session.state);
    assert.equal(received.filter((e) => e.type === 'sample').length, FLOOD);
  });

  it("replays a long run's events after the snapshot in batches, none refused", () => {
    const kept = Array.from({ length: 20_000 }, (_, i) => sample(i));
    const messages = snapshotMessages(
      {
        type: 'snapshot',
        target: { label: 'dev', kind: 'coder' },
        settings: DEFAULT_SETTINGS,
        running: true,
        report: null,
        previous: null,
      },
      kept,
    );
    assert.equal(messages[0].type, 'snapshot');
    const replayed: SpeedtestEvent[] = [];
    for (const message of messages) {
      const parsed = parseHostMessage(deliver(message));
      assert.ok(parsed?.type === 'snapshot' || parsed?.type === 'events', `refused: ${message.type}`);
      assert.ok(parsed.events.length <= MAX_EVENTS_PER_MESSAGE);
      replayed.push(...parsed.events);
    }
    assert.deepEqual(replayed, kept);
    assert.equal(snapshotMessages(messages[0] as never, []).length, 1);
  });

  it('revives saved state and history whose fields exceed the limits, cut instead of lost', () => {
    const old: SpeedtestReport = report({
      target: `ssh://me@${'h'.repeat(3000)}:22`,
      error: 'x'.repeat(9000),
      results: [result('download', [50, 51], { error: 'd'.repeat(5000) })],
      path: {
        source: 'network-info',
        changes: [{ kind: 'derp', derpRegion: REGION, atSeconds: 0, latencyMs: 40 }],
        measuredFromSeconds: 0,
        measuredToSeconds: 5,
        note: 'n'.repeat(5000),
        directWait: null,
      },
    });
    const state = parsePanelState(
      structuredClone({
        target: { label: old.target, kind: 'ssh' },
        settings: DEFAULT_SETTINGS,
        report: old,
        previous: old,
      }),
    );
    for (const revived of [state.report, state.previous]) {
      assert.ok(revived, 'the saved report was refused');
      assert.equal(revived.target.length, MAX_TARGET);
      assert.equal(revived.error?.length, MAX_TEXT);
      assert.equal(revived.results[0].error?.length, MAX_TEXT);
      assert.equal(revived.path?.changes[0].derpRegion?.length, MAX_REGION_NAME);
      assert.deepEqual(revived.results[0].intervals, old.results[0].intervals);
    }
    assert.equal(state.target?.label.length, MAX_TARGET);
    // What the host reports now is already within the limits: it comes back unchanged.
    assert.deepEqual(parseSpeedtestReport(structuredClone(boundSpeedtestReport(old))), boundSpeedtestReport(old));
    assert.deepEqual(parseSpeedtestReport(structuredClone(old)), boundSpeedtestReport(old));
  });

  it('passes whatever the host produces unchanged (seeded, 2,000 events)', () => {
    const r = randomSource(0x5eed11c);
    const region = (x: Random): string | null => (x.chance(0.3) ? null : x.text());
    const randomReport = (x: Random): SpeedtestReport =>
      report({
        target: x.text(),
        remoteOs: x.chance(0.5) ? null : x.text(),
        error: x.chance(0.5) ? null : x.text(),
        results: Array.from({ length: x.int(6) }, () =>
          result(
            x.pick(['download', 'upload'] as const),
            Array.from({ length: x.chance(0.1) ? 4000 : x.int(8) }, () => x.int(900)),
            {
              error: x.text(),
            },
          ),
        ),
        tunnel: Array.from({ length: x.int(6) }, () => ({
          direction: 'upload' as const,
          overall: iv(0, 5, 1),
          error: x.text(),
        })),
        path: x.chance(0.3)
          ? null
          : {
              source: 'ping',
              changes: Array.from({ length: x.chance(0.1) ? 150 : x.int(4) }, (_, i) => {
                const derpRegion = region(x);
                return derpRegion === null
                  ? { kind: 'p2p' as const, derpRegion, atSeconds: i, latencyMs: null }
                  : { kind: 'derp' as const, derpRegion, atSeconds: i, latencyMs: 10 };
              }),
              measuredFromSeconds: 0,
              measuredToSeconds: null,
              note: x.text(),
              directWait: { timeoutSeconds: 30, waitedSeconds: 2, formed: false },
            },
      });
    const randomEvent = (x: Random): SpeedtestEvent => {
      switch (x.int(7)) {
        case 0:
          return { type: 'phase', phase: 'connecting', message: x.text() };
        case 1:
          return { type: 'connected', transport: 'ssh', remoteOs: x.text() };
        case 2:
          return { type: 'warning', message: x.text() };
        case 3:
          return { type: 'path', change: { kind: 'derp', derpRegion: x.text(), atSeconds: 1, latencyMs: null } };
        case 4:
          return { type: 'direction-done', result: result('download', [1, 2], { error: x.text() }) };
        case 5:
          return { type: 'tunnel', result: { direction: 'download', error: x.text() } };
        default:
          return { type: 'done', report: randomReport(x) };
      }
    };
    const events = Array.from({ length: 2000 }, () => boundSpeedtestEvent(randomEvent(r)));
    for (const event of events) assert.deepEqual(parseSpeedtestEvent(structuredClone(event)), event, event.type);
    for (const batch of inBatches(events, 97)) {
      const message = parseHostMessage(deliver({ type: 'events', events: batch }));
      assert.deepEqual(message, { type: 'events', events: batch });
    }
  });
});
