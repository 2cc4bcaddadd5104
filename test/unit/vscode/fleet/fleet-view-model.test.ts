import assert from 'node:assert/strict';
import { listedRow, type FleetRow } from '../../../../src/diag/fleet/row';
import { defaultStatusConfig, initialStatus, type LiveSample } from '../../../../src/diag/status/state';
import {
  deploymentView,
  isRowOf,
  liveReadingOf,
  relativeTime,
  rowMarkdown,
  rowView,
  viewMessage,
  withLive,
  workspaceRef,
  ROW_CONTEXT,
} from '../../../../src/vscode/fleet/fleet-view-model';
import { english } from '../../../../src/vscode/l10n';
const HOSTILE_NAME = '<img src=x onerror=alert(1)>$(zap)';

const NOW = Date.parse('2024-05-01T10:00:00.000Z');
const T = { warnMs: 100, errorMs: 250 };
const DEPLOYMENT = 'https://coder.example.com';

function running(name: string, figures: Partial<FleetRow> = {}): FleetRow {
  return { ...listedRow(DEPLOYMENT, { name, owner: 'alice', status: 'running', target: name }), ...figures };
}

const checked = (ms: number, kind: 'p2p' | 'derp', region: string | null = null): Partial<FleetRow> => ({
  path: { kind, derpRegion: region, endpoint: kind === 'p2p' ? '10.0.0.2:41641' : null },
  latencyMs: ms,
  checkedAt: new Date(NOW - 120_000).toISOString(),
});

const view = (row: FleetRow, extra: { checking?: boolean; current?: boolean } = {}) =>
  rowView(row, { checking: false, current: false, thresholds: T, nowMs: NOW, l10n: english, ...extra });

describe('workspaces view rows', () => {
  it("show a name's bidirectional override and zero-width characters as codes, in the label and the tooltip", () => {
    const row = view(running('dev\u202egnp.exe\u200b', checked(23.4, 'p2p')));
    assert.equal(row.label, 'dev\\u{202e}gnp.exe\\u{200b}');
    assert.ok(!/[\u202e\u200b]/.test(row.tooltip + row.ariaLabel));
    const group = deploymentView({ deployment: 'https://coder\u202eexample.com', ok: true }, [], english);
    assert.ok(!/\u202e/.test(group.label + group.tooltip), group.label);
  });

  it('colours a measured workspace by the thresholds and says path, latency and when', () => {
    const fast = view(running('dev', checked(23.4, 'p2p')));
    assert.equal(fast.label, 'dev');
    assert.equal(fast.description, 'direct · 23 ms · 2 min ago');
    assert.deepEqual([fast.icon, fast.color], ['vm-running', 'charts.green']);
    assert.equal(fast.contextValue, ROW_CONTEXT.running);
    assert.equal(fast.ariaLabel, 'dev: running · direct · 23 ms · 2 min ago', 'a screen reader hears the status');
    const slow = view(running('etl', checked(140, 'derp', 'Frankfurt')));
    assert.equal(slow.description, 'DERP Frankfurt · 140 ms · 2 min ago');
    assert.equal(slow.color, 'list.warningForeground');
    assert.equal(view(running('ml-box', checked(250, 'derp', 'Sydney'))).color, 'list.errorForeground');
    assert.match(slow.tooltip, /Latency: 140 ms \(at or above the warning level, 100\/250 ms\)/);
  });

  it('says why a stopped workspace was not pinged and offers it no speed test', () => {
    const row = listedRow(DEPLOYMENT, { name: 'old', owner: 'alice', status: 'stopped', target: 'old' });
    const v = view(row);
    assert.equal(v.description, 'stopped · not pinged');
    assert.deepEqual([v.icon, v.color], ['debug-stop', 'disabledForeground']);
    assert.equal(v.contextValue, ROW_CONTEXT.notRunning);
    assert.match(v.tooltip, /Why no figure: not pinged: the workspace is stopped; start it with \\`coder start old\\`/);
    const failed = view(listedRow(DEPLOYMENT, { name: 'b', owner: 'c', status: 'failed', target: 'b' }));
    assert.deepEqual([failed.icon, failed.color], ['error', 'list.errorForeground']);
    assert.equal(view(listedRow(DEPLOYMENT, { name: 's', owner: 'c', status: 'starting', target: 's' })).icon, 'clock');
  });

  it('shows a running workspace with no answer, one being checked and one not checked yet apart', () => {
    const timedOut = view(
      running('hangs', { checkedAt: new Date(NOW - 5000).toISOString(), error: 'timed out: no pong within 15 s' }),
    );
    assert.equal(timedOut.description, 'timed out · just now');
    assert.deepEqual([timedOut.icon, timedOut.color], ['warning', 'list.warningForeground']);
    const checking = view(running('dev', checked(23, 'p2p')), { checking: true });
    assert.equal(checking.icon, 'sync~spin');
    assert.match(checking.description, /23 ms · checking…$/);
    assert.equal(view(running('new')).description, 'not checked yet');
    assert.equal(view(running('new')).icon, 'vm-outline');
  });

  it('marks the current window’s workspace', () => {
    const v = view(running('dev', checked(23, 'p2p')), { current: true });
    assert.match(v.description, /^this window · direct/);
    assert.match(v.tooltip, /^\*\*dev\*\* — this window’s workspace/);
  });

  it('escapes hostile names and reasons in the tooltip and the copied report', () => {
    const row: FleetRow = {
      ...running(HOSTILE_NAME, checked(300, 'derp', '<b>*Region*</b>')),
      owner: '[x](command:evil)',
      error: null,
    };
    const v = view(row);
    assert.equal(v.label, HOSTILE_NAME, 'tree labels are text');
    for (const text of [v.tooltip, rowMarkdown(row, T, english)]) {
      assert.doesNotMatch(text, /<b>|<img|<script/i, text);
      assert.doesNotMatch(text, /\[x\]\(command:/, text);
      assert.match(text, /&lt;b&gt;\\\*Region\\\*&lt;\/b&gt;/);
    }
  });

  it('copies the row as a Markdown table with the reason when there is no figure', () => {
    const md = rowMarkdown(running('hangs', { error: 'timed out: no pong within 15 s' }), T, english);
    assert.match(md, /^### Workspace connection: alice\/hangs\n/);
    assert.match(md, /\| Deployment \| https:\/\/coder\.example\.com \|/);
    assert.match(md, /\| Latency \| – \|/);
    assert.match(md, /\| Checked \| not checked \|/);
    assert.match(md, /\| Why no figure \| timed out: no pong within 15 s \|/);
    assert.match(rowMarkdown(running('dev', checked(23, 'p2p')), T, english), /\| Path \| direct 10\.0\.0\.2:41641 \|/);
  });
});

describe('the copied row report', () => {
  it('is byte for byte the English it was with the English translator', () => {
    const slow = { ...running('etl', checked(140, 'derp', 'Frankfurt')), checkedAt: '2024-05-01T09:58:00.000Z' };
    assert.equal(
      rowMarkdown(slow, T, english),
      '### Workspace connection: alice/etl\n\n| | |\n| --- | --- |\n| Deployment | https://coder.example.com |\n| Status | running |\n| Path | DERP Frankfurt |\n| Latency | 140 ms (at or above the warning level, 100/250 ms) |\n| Checked | 2024-05-01T09:58:00.000Z |\n',
    );
    const own = {
      ...listedRow(null, { name: 'hangs', owner: '', status: 'running', target: 'hangs' }),
      error: 'timed out: no pong within 15 s',
    };
    assert.equal(
      rowMarkdown(own, T, english),
      '### Workspace connection: hangs\n\n| | |\n| --- | --- |\n| Deployment | the Coder CLI’s own login |\n| Status | running |\n| Path | – |\n| Latency | – |\n| Checked | not checked |\n| Why no figure | timed out: no pong within 15 s |\n',
    );
  });
});

describe('workspaces view groups and top line', () => {
  it('names a deployment by host and says when its list could not be read', () => {
    const rows = [running('a'), listedRow(DEPLOYMENT, { name: 'b', owner: 'x', status: 'stopped', target: 'b' })];
    const ok = deploymentView({ deployment: DEPLOYMENT, ok: true }, rows, english);
    assert.deepEqual([ok.label, ok.description], ['coder.example.com', '2 workspaces · 1 running']);
    const bad = deploymentView({ deployment: null, ok: false, error: 'not logged in <a>' }, [], english);
    assert.deepEqual(
      [bad.label, bad.description, bad.icon],
      ['Coder CLI login', 'could not list its workspaces', 'warning'],
    );
    assert.match(bad.tooltip, /not logged in &lt;a&gt;/);
  });

  it('adds progress, a cancel and unreadable lists to the summary', () => {
    assert.equal(
      viewMessage('5 running', { checking: 0, done: 0, cancelled: false, failedLists: 0 }, english),
      '5 running',
    );
    assert.equal(
      viewMessage('5 running', { checking: 2, done: 3, cancelled: false, failedLists: 1 }, english),
      '5 running · checking 3/5… · 1 deployment could not be listed',
    );
    assert.equal(
      viewMessage('5 running', { checking: 0, done: 1, cancelled: true, failedLists: 2 }, english),
      '5 running · refresh cancelled · 2 deployments could not be listed',
    );
  });

  it('says how long ago in words a person reads at a glance', () => {
    const ago = (s: number): string => relativeTime(new Date(NOW - s * 1000).toISOString(), NOW, english);
    assert.deepEqual(
      [ago(3), ago(45), ago(600), ago(7200), ago(3 * 86400)],
      ['just now', '45 s ago', '10 min ago', '2 h ago', '3 days ago'],
    );
    assert.equal(relativeTime(null, NOW, english), '');
    assert.equal(relativeTime('garbage', NOW, english), '');
  });
});

describe('the status bar’s reading in the view', () => {
  const sample = (over: Partial<LiveSample> = {}): LiveSample => ({
    latencyMs: null,
    path: 'coder-connect',
    region: null,
    endpoint: null,
    atMs: NOW - 1000,
    source: 'network-info',
    ...over,
  });
  const liveState = (workspace: string, last: LiveSample) => ({
    ...initialStatus(defaultStatusConfig(5)),
    workspace,
    phase: 'live' as const,
    last,
  });

  it('reads workspace names the way windows and the status bar write them', () => {
    assert.deepEqual(workspaceRef('alice/dev.main', 'coder.example.com'), {
      name: 'dev',
      owner: 'alice',
      host: 'coder.example.com',
    });
    assert.deepEqual(workspaceRef('dev'), { name: 'dev', owner: null, host: null });
    const row = running('dev');
    assert.ok(isRowOf(row, workspaceRef('alice/dev', 'coder.example.com')));
    assert.ok(!isRowOf(row, workspaceRef('bob/dev')));
    assert.ok(!isRowOf(row, workspaceRef('dev', 'other.example.com')));
    assert.ok(!isRowOf(row, workspaceRef('devbox')));
  });

  it('shows Coder Connect for the watched workspace, and only a fresh live reading counts', () => {
    const live = liveReadingOf(liveState('dev', sample()), NOW, null);
    assert.ok(live);
    const shown = withLive(running('dev'), live);
    assert.equal(shown.path.kind, 'coder-connect');
    assert.equal(view(shown).description, 'Coder Connect · just now');
    assert.equal(view(shown).color, 'charts.green');
    assert.equal(withLive(running('api'), live).path.kind, 'unknown', 'another workspace keeps its own row');
    const stale = liveState('dev', sample({ atMs: NOW - 10 * 60_000 }));
    assert.equal(liveReadingOf(stale, NOW, null), null);
    assert.equal(liveReadingOf({ ...stale, phase: 'offline' }, NOW, null), null);
  });

  it('keeps a row’s own check when it is newer than the live reading', () => {
    const live = liveReadingOf(
      liveState('dev', sample({ path: 'derp', region: 'Frankfurt', latencyMs: 90 })),
      NOW,
      null,
    );
    const newer = running('dev', { ...checked(20, 'p2p'), checkedAt: new Date(NOW).toISOString() });
    assert.equal(withLive(newer, live).latencyMs, 20);
    const older = running('dev', checked(20, 'p2p'));
    assert.deepEqual([withLive(older, live).path.kind, withLive(older, live).latencyMs], ['derp', 90]);
  });
});
