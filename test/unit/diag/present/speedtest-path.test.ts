import assert from 'node:assert/strict';
import { readHistory, resultsFor } from '../../../../src/diag/speedtest/history';
import { speedtestText } from '../../../../src/diag/present/speedtest-text';
import { summarizePath, withPath } from '../../../../src/diag/present/speedtest-path';
import { compareRows } from '../../../../src/diag/present/speedtest-rows';
import { speedtestToMarkdown } from '../../../../src/diag/present/speedtest-markdown';
import type { PathChange, SpeedtestPath } from '../../../../src/diag/speedtest/types';
import { parseSpeedtestEvent, parseSpeedtestReport } from '../../../../src/diag/wire/speedtest-report';
import { HOSTILE, report } from '../speedtest/report-fixtures';

const derp = (at: number, region = 'Frankfurt'): PathChange => ({
  kind: 'derp',
  derpRegion: region,
  atSeconds: at,
  latencyMs: 48,
});
const p2p = (at: number): PathChange => ({ kind: 'p2p', derpRegion: null, atSeconds: at, latencyMs: 12 });

function path(changes: PathChange[], extra: Partial<SpeedtestPath> = {}): SpeedtestPath {
  return {
    source: 'network-info',
    changes,
    measuredFromSeconds: 2,
    measuredToSeconds: 12,
    note: null,
    directWait: null,
    ...extra,
  };
}

describe('speed test path summary', () => {
  it('says nothing for plain SSH and for reports from before paths were kept', () => {
    assert.equal(summarizePath(null), null);
    assert.equal(summarizePath(undefined), null);
    assert.equal(withPath('48.00 Mbit/s', undefined), '48.00 Mbit/s');
  });

  it('names one path: relay region, direct, Coder Connect', () => {
    assert.deepEqual(summarizePath(path([derp(0.5)])), { label: 'over DERP Frankfurt', changed: false, details: [] });
    assert.equal(withPath('48.00 Mbit/s', path([derp(0.5)])), '48.00 Mbit/s over DERP Frankfurt');
    assert.equal(withPath('312.00 Mbit/s', path([p2p(0.5)])), '312.00 Mbit/s direct (p2p)');
    const vpn: PathChange = { kind: 'coder-connect', derpRegion: null, atSeconds: 0.3, latencyMs: null };
    assert.equal(summarizePath(path([vpn]))?.label, 'over Coder Connect');
  });

  it('says when the path changed during the transfers, timed from their start', () => {
    const s = summarizePath(path([derp(0.5), p2p(5.1)]));
    assert.deepEqual(s, { label: 'over DERP Frankfurt, then direct (p2p) after 3.1 s', changed: true, details: [] });
    assert.equal(
      withPath('90.00 Mbit/s', path([derp(0.5), p2p(5.1)])),
      '90.00 Mbit/s (over DERP Frankfurt, then direct (p2p) after 3.1 s)',
    );
  });

  it('an upgrade before the transfers began is not a change of the measured path', () => {
    assert.deepEqual(summarizePath(path([derp(0.5), p2p(1.5)])), {
      label: 'direct (p2p)',
      changed: false,
      details: [],
    });
    // Nor is one after they ended (e.g. during the CLI tunnel run).
    assert.equal(summarizePath(path([derp(0.5), p2p(13)]))?.label, 'over DERP Frankfurt');
  });

  it('tells how the path was learned and what the direct wait gave', () => {
    const pinged = summarizePath(
      path([derp(1), p2p(14)], {
        source: 'ping',
        measuredToSeconds: 14,
        note: 'This Coder CLI cannot report the path.',
        directWait: { timeoutSeconds: 30, waitedSeconds: 30.1, formed: false },
      }),
    );
    assert.ok(pinged);
    assert.equal(pinged.label, 'over DERP Frankfurt, then direct (p2p)');
    assert.deepEqual(pinged.details, [
      'No direct connection formed within 30 s: measured over the relay instead.',
      'This Coder CLI cannot report the path.',
      'Seen by `coder ping` before and after the test: the change happened some time during it.',
    ]);
    const formed = summarizePath(
      path([p2p(4)], { directWait: { timeoutSeconds: 30, waitedSeconds: 3.4, formed: true } }),
    );
    assert.deepEqual(formed?.details, ['A direct connection formed after 3.4 s of waiting.']);
    const unknown = summarizePath(path([], { note: 'The Coder CLI wrote no network info.' }));
    assert.deepEqual(unknown, {
      label: 'path unknown',
      changed: false,
      details: ['The Coder CLI wrote no network info.'],
    });
    assert.equal(withPath('5.00 Mbit/s', path([])), '5.00 Mbit/s (path unknown)');
  });
});

describe('speed test path in text, Markdown, JSON and history', () => {
  const relayed = report({ path: path([derp(0.5)]) });
  const direct = report({ path: path([p2p(0.5)]), startedAt: '2025-11-26T10:00:00.000Z' });

  it('text: a Path line and each figure with its path', () => {
    const text = speedtestText(relayed);
    assert.match(text, /^Path: over DERP Frankfurt$/m);
    assert.match(text, /^Download: 49\.40 Mbits\/sec over DERP Frankfurt$/m);
    assert.match(text, /^Upload: 21\.00 Mbits\/sec over DERP Frankfurt$/m);
    // Plain SSH and old reports print as before.
    assert.doesNotMatch(speedtestText(report()), /Path:|over DERP/);
  });

  it('Markdown: the path, escaped, and the comparison with the previous run', () => {
    const md = speedtestToMarkdown(direct, relayed);
    assert.match(md, /^- Path: direct \(p2p\)$/m);
    assert.match(md, /^\| Path \| direct \(p2p\) \| over DERP Frankfurt \| {2}\|$/m);
    const hostile = speedtestToMarkdown(report({ path: path([derp(0.5, HOSTILE)]) }));
    assert.doesNotMatch(hostile, /<img/);
    assert.match(hostile, /- Path: over DERP &lt;img/);
    assert.match(speedtestToMarkdown(report({ path: path([derp(0.5), p2p(6)]) })), /\(changed during the test\)/);
  });

  it('compares the path with an old run that has none', () => {
    const rows = compareRows(direct, report());
    assert.deepEqual(
      rows.find((r) => r.label === 'Path'),
      { label: 'Path', now: 'direct (p2p)', before: '–', change: '' },
    );
    assert.equal(
      compareRows(report(), report()).some((r) => r.label === 'Path'),
      false,
    );
  });

  it('JSON round trip, and history keeps old entries without a path next to new ones', () => {
    const stored = JSON.parse(JSON.stringify({ dev: [report(), relayed, { ...direct, path: null }] }));
    const history = readHistory(stored, parseSpeedtestReport);
    const runs = resultsFor(history, 'dev');
    assert.equal(runs.length, 3);
    assert.equal(runs[0].path, undefined);
    assert.deepEqual(runs[1].path, relayed.path);
    assert.equal(runs[2].path, null);
  });

  it('leaves out a malformed path or change rather than drawing it, and keeps the report', () => {
    const bad: unknown[] = [
      { ...path([derp(1)]), source: 'guess' },
      path([{ ...p2p(1), derpRegion: 'Frankfurt' }]),
      path([{ ...derp(1), kind: 'tor' } as never]),
      path([{ ...derp(1), atSeconds: -1 }]),
      path([derp(1)], { directWait: { timeoutSeconds: 30 } as never }),
      { ...path([derp(1)]), changes: 'derp' },
    ];
    for (const p of bad) {
      const parsed = parseSpeedtestReport(JSON.parse(JSON.stringify(report({ path: p as SpeedtestPath }))));
      assert.ok(parsed, JSON.stringify(p));
      assert.deepEqual(parsed.path?.changes ?? [], [], JSON.stringify(p));
    }
    assert.deepEqual(parseSpeedtestEvent({ type: 'path', change: derp(1) }), { type: 'path', change: derp(1) });
    assert.equal(parseSpeedtestEvent({ type: 'path', change: { kind: 'derp' } }), null);
  });
});
