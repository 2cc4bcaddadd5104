// With a translator installed (as the extension does), every engine text the extension shows comes
// out translated with its values in place; without one (as `wsdoctor` runs) it is the English it was.
import assert from 'node:assert/strict';
import { issueMessage, issueTitle } from '../../../src/diag/catalogue';
import { runCheck } from '../../../src/diag/check/check';
import { describeFailure, type RunResult } from '../../../src/diag/coder/run';
import { runLimited } from '../../../src/diag/fleet/limiter';
import { systemToolRunner } from '../../../src/diag/local/system-tools';
import { runSpeedtest } from '../../../src/diag/speedtest/speedtest';
import { fleetSummary } from '../../../src/diag/fleet/summary';
import type { FleetRow } from '../../../src/diag/fleet/row';
import { setTranslator } from '../../../src/diag/l10n';
import type { Report } from '../../../src/diag/model';
import { pathHeadline, sideTitle } from '../../../src/diag/present/labels';
import { reportToMarkdown } from '../../../src/diag/present/markdown';
import { compareRows, latencySummary } from '../../../src/diag/present/speedtest-rows';
import { summarizePath } from '../../../src/diag/present/speedtest-path';
import { toText } from '../../../src/diag/present/text';
import { emptyReport, reduce } from '../../../src/diag/check/report';
import { defaultStatusConfig, initialStatus, statusReduce } from '../../../src/diag/status/state';
import { presentStatus } from '../../../src/diag/status/status-view';
import type { StatusState } from '../../../src/diag/status/state';
import { diagnosedEvent, diagnosisCause } from '../../../src/diag/timeline/diagnosis';
import type { Diagnosis } from '../../../src/diag/timeline/diagnosis';
import { report as speedReport } from './speedtest/report-fixtures';
import { speedtestToMarkdown } from '../../../src/diag/present/speedtest-markdown';
import { toJsonReport } from '../../../src/diag/present/json';
import { reportTimeline } from '../../../src/diag/present/timeline-text';
import { TimelineStore } from '../../../src/diag/timeline/store';
import { marked } from '../../support/marked-translator';
import { refusedSpeedtest } from '../../support/refused-speedtest';
import * as golden from './present/report-goldens';
import * as sample from './present/report-samples';

function checkedReport(): Report {
  let r = emptyReport('dev', '2025-11-25T10:00:00.000Z');
  r = reduce(r, {
    type: 'ping',
    sample: { outcome: 'pong', atMs: 100, path: 'derp', latencyMs: 40, derpRegion: 'Frankfurt' },
  });
  r = reduce(r, { type: 'issue', source: 'local', finding: { id: 'udp-blocked', side: 'client' } });
  r = reduce(r, {
    type: 'issue',
    source: 'local',
    finding: { id: 'low-mtu', side: 'agent', detail: { interface: 'eth0', mtu: 1280 } },
  });
  return reduce(r, { type: 'finished', at: '2025-11-25T10:00:09.000Z' });
}

function liveStatus(): StatusState {
  let s = statusReduce(initialStatus(defaultStatusConfig()), { type: 'workspace', workspace: 'dev' });
  for (const atMs of [1000, 2000])
    s = statusReduce(s, {
      type: 'sample',
      sample: { latencyMs: 300, path: 'derp', region: 'Frankfurt', endpoint: null, atMs, source: 'ping' },
    });
  return s;
}

const diagnosis: Diagnosis = {
  atMs: 5000,
  trigger: 'path-to-derp',
  issues: [
    { id: 'derp-relay', side: 'general', message: '', docs: '' },
    { id: 'udp-blocked', side: 'client', message: '', docs: '' },
  ],
};

const row = (name: string, kind: FleetRow['path']['kind'], latencyMs: number | null, region: string | null = null) =>
  ({
    deployment: null,
    owner: 'me',
    name,
    status: 'running',
    path: { kind, derpRegion: region, endpoint: null },
    latencyMs,
    checkedAt: '2025-11-25T10:00:00.000Z',
    error: null,
  }) satisfies FleetRow;
const fleet = [row('a', 'p2p', 20), row('b', 'derp', 212, 'Frankfurt'), row('c', 'derp', 80, 'Frankfurt')];

/** A check whose workspace name the engine refuses before any CLI runs: its ping source fails with our words. */
async function refusedCheck(): Promise<Report> {
  const options = {
    workspace: '-oops',
    session: { pick: { kind: 'known' as const, deployment: null }, storageDirs: [] },
    pingCount: 1,
    local: false,
  };
  return runCheck(options, () => undefined, new AbortController().signal);
}

/** A fleet task that outlives its deadline: the reason the Workspaces view shows for it. */
async function deadlineReason(): Promise<string> {
  const never = (_: number, signal: AbortSignal): Promise<never> =>
    new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
  const [outcome] = await runLimited([1], never, {
    concurrency: 1,
    deadlineMs: 10,
    signal: new AbortController().signal,
  });
  assert.ok(!outcome.ok && outcome.timedOut);
  return outcome.error.message;
}

const GOLDEN = ['CHECKED_MD', 'RUNNING_MD', 'UNEXPLAINED_RELAY_MD', 'FULL_SPEEDTEST_MD', 'EMPTY_SPEEDTEST_MD'] as const;

/** Our words in the Markdown reports: none may be left once the translated spans are taken out. */
const ENGLISH_WORDS = [
  'Connection report',
  'no workspace',
  'Checked',
  'still running',
  'Coder CLI',
  'unknown version',
  'Deployment',
  'Path',
  'Pings',
  'sent',
  'answered',
  'Latency',
  'jitter',
  'Checklist',
  'Issues',
  'No issues',
  'None found',
  'Troubleshooting',
  'Warnings',
  'DERP relays',
  'Local probes',
  'did not run',
  'Timeline',
  'Nothing recorded',
  'could not be checked',
  'failed',
  'Speed test',
  'Started',
  'Transport',
  'remote OS',
  'Duration',
  'per direction',
  'changed during',
  'Cancelled',
  'Error',
  'Summary',
  'Direction',
  'Bandwidth',
  'Transfer',
  'Loaded',
  'Idle',
  'Increase',
  'samples',
  'Interval',
  'Moved',
  'partial',
  'tunnel figure',
  'This test',
  'Compared with',
  'Now',
  'Before',
  'Change',
];

/** A line without its translated spans (innermost first, so nested ones go too) and the outside text it quotes. */
function withoutTranslated(line: string): string {
  let rest = sample.QUOTED.reduce((text, quoted) => text.split(quoted).join(''), line);
  for (let before = ''; before !== rest;) [before, rest] = [rest, rest.replace(/«[^«»]*»/g, '')];
  return rest;
}

/** Every Markdown report the samples make, as the extension copies them. */
function markdownReports(): Record<(typeof GOLDEN)[number], string> {
  const summary = 'since 10:01: direct 40% of the time, 1 drop, median 48 ms';
  return {
    CHECKED_MD: reportToMarkdown(sample.checkedSample(), sample.timelineSample(summary), sample.SAMPLE_NOW),
    RUNNING_MD: reportToMarkdown(sample.runningSample(), sample.timelineSample(null), sample.SAMPLE_NOW),
    UNEXPLAINED_RELAY_MD: reportToMarkdown(sample.unexplainedRelaySample()),
    FULL_SPEEDTEST_MD: speedtestToMarkdown(sample.fullSpeedtestSample(), sample.previousSpeedtestSample()),
    EMPTY_SPEEDTEST_MD: speedtestToMarkdown(sample.emptySpeedtestSample()),
  };
}

const exited: RunResult = {
  code: 1,
  signal: null,
  stdout: '',
  stderr: 'error: workspace "dev" not found\n',
  timedOut: false,
  aborted: false,
};

describe('engine texts in the extension language', () => {
  afterEach(() => setTranslator(null));

  it('translates a check report’s issues, titles, sides and path, with the values in place', () => {
    setTranslator(marked);
    const report = checkedReport();
    const [udp, mtu] = report.issues;
    assert.equal(issueTitle(udp.id), '«UDP blocked»');
    assert.match(issueMessage(udp), /^«Your machine could not reach a STUN server over UDP, .*firewall\.»$/);
    assert.match(issueMessage(mtu), /^«Interface eth0 in the workspace has MTU 1280, below the 1378/);
    assert.equal(sideTitle('agent'), '«The workspace»');
    assert.equal(pathHeadline(report.path), '«Relayed via DERP»');
    // The model keeps the message in the language it was made in, as the JSON report carries it.
    assert.match(udp.message, /^«Your machine could not reach/);
    const json = toJsonReport(report) as { issues: Array<Record<string, unknown>> };
    assert.deepEqual(Object.keys(json.issues[0]), ['id', 'side', 'message', 'docs', 'sources']);
    assert.deepEqual([json.issues[0].id, json.issues[0].side], ['udp-blocked', 'client']);
    assert.match(String(json.issues[0].message), /^«Your machine could not reach/);
  });

  it('translates every line of the Markdown reports, with their values and Markdown in place', () => {
    setTranslator(marked);
    const reports = markdownReports();
    for (const name of GOLDEN) {
      const md = reports[name];
      // Our words are gone once every translated span is: what is left is values, Markdown and quoted text.
      const left = md.split('\n').map(withoutTranslated);
      for (const phrase of ENGLISH_WORDS)
        assert.ok(!left.some((line) => line.includes(phrase)), `${name}: "${phrase}" untranslated in\n${md}`);
      for (const line of md.split('\n').filter((l) => /^#{1,2} /.test(l))) assert.match(line, /^#+ «/, name);
      // Take the marks away and it is the English report: nothing moved, every value is intact.
      assert.equal(golden.normaliseClock(md.replace(/[«»]/g, '')), golden[name], name);
    }
    assert.match(reports.CHECKED_MD, /^- «Pings: 3 sent, 2 answered, 1 timed out, 0 failed \(loss 33%\)»$/m);
    assert.match(reports.CHECKED_MD, /^## «Issues»$/m);
    // The region sits inside the path's message, so a language can place it.
    assert.match(reports.CHECKED_MD, /^- «Path: \*\*«Relayed via DERP Frankfurt»\*\*»$/m);
    assert.match(reports.CHECKED_MD, /^\| «Region» \| «HTTPS latency» \|/m);
    assert.match(reports.CHECKED_MD, /^\| «name» \| «value» \|$/m);
    assert.match(reports.FULL_SPEEDTEST_MD, /^\| «Interval» \| «Transfer» \| «Bandwidth» \|$/m);
    assert.match(reports.FULL_SPEEDTEST_MD, /^## ««Upload» \(partial\)»$/m);
    assert.match(reports.FULL_SPEEDTEST_MD, /^«Moved 30\.9 MB; latency under load 61\.5 ms\.»$/m);
    assert.match(reports.FULL_SPEEDTEST_MD, /^## «Coder CLI tunnel figure \(`coder speedtest`\)»$/m);
  });

  it('translates the timeline summary the reports carry', () => {
    setTranslator(marked);
    const store = new TimelineStore();
    store.addSample({ atMs: sample.SAMPLE_NOW - 60_000, latencyMs: 40, path: 'p2p', derpRegion: null });
    const { summary } = reportTimeline(store, sample.SAMPLE_NOW, 'UTC');
    assert.match(summary ?? '', /^«since 10:04: «direct 100% of the time», «0 drops», «median 40 ms»»$/);
  });

  it('translates the status bar text, tooltip and screen reader label', () => {
    setTranslator(marked);
    const view = presentStatus(liveStatus(), 3000);
    assert.equal(view.label, '300 ms · DERP Frankfurt');
    assert.deepEqual(view.tooltip, [
      '«Workspace: dev»',
      '«Relayed via DERP Frankfurt», 300 ms',
      '«Measured «1 s ago» by `coder ping`.»',
      '«Above the error threshold of 250 ms in the last two readings.»',
    ]);
    assert.equal(view.ariaLabel, '«Latency to dev 300 ms, «Relayed via DERP Frankfurt»»');
    const offline = presentStatus(statusReduce(liveStatus(), { type: 'offline', reason: 'gone' }), 3000);
    assert.deepEqual([offline.icon, offline.label], ['debug-disconnect', '«offline»']);
  });

  it('translates the automatic diagnosis: its cause and its timeline line', () => {
    setTranslator(marked);
    assert.equal(diagnosisCause(diagnosis), '««UDP blocked» on your machine»');
    const last = { atMs: 4000, latencyMs: 90, path: 'derp' as const, derpRegion: 'Paris' };
    assert.equal(diagnosedEvent(diagnosis, last).detail, '««switched to DERP Paris»: ««UDP blocked» on your machine»»');
  });

  it('translates the speed test rows and path', () => {
    setTranslator(marked);
    const now = speedReport();
    const labels = compareRows(now, speedReport()).map((r) => r.label);
    assert.ok(labels.includes('«Download»') && labels.includes('«Idle latency»'), labels.join(', '));
    assert.match(latencySummary(now), /^«Idle [\d.]+ ms, loaded [\d.]+ ms/);
    const path = summarizePath({ ...sample.fullSpeedtestSample().path!, directWait: null });
    assert.equal(path?.label, '«over DERP Frankfurt», «then «direct (p2p)» after 3.1 s»');
  });

  it('translates the fleet summary with its counts and names', () => {
    setTranslator(marked);
    assert.equal(fleetSummary(fleet), '«3 running» · «1 direct» · «2 relayed (Frankfurt)» · «slowest: b 212 ms»');
    assert.equal(fleetSummary([]), '«No workspaces»');
  });

  it('translates a failed check’s error, keeping the CLI’s own words as they came', async () => {
    setTranslator(marked);
    const ping = (await refusedCheck()).sources.find((s) => s.source === 'ping');
    assert.equal(ping?.error, '«A workspace name cannot start with "-".»');
    assert.equal(
      describeFailure('`coder ping`', exited),
      '«`coder ping` exited with code 1: error: workspace "dev" not found»',
    );
  });

  it('translates a speed test’s phase and error with their values', async () => {
    setTranslator(marked);
    const { phases, error } = await refusedSpeedtest(runSpeedtest);
    assert.deepEqual(phases, ['«Closing the connection»']);
    assert.equal(error, '«Cannot run the speed test: «streams must be a whole number from 1 to 16, not 0».»');
  });

  it('translates a fleet row’s deadline reason and a probe’s error with their values', async () => {
    setTranslator(marked);
    assert.equal(await deadlineReason(), '«took longer than 10 ms»');
    const tool = await systemToolRunner(5000)('/nonexistent/wsdoctor-tool', ['-x'], new AbortController().signal);
    assert.deepEqual(tool, { ok: false, reason: '«could not run /nonexistent/wsdoctor-tool -x: ENOENT»' });
  });

  it('says errors, phases and reasons in English with no translator, as `wsdoctor` prints them', async () => {
    const check = await refusedCheck();
    assert.equal(check.sources.find((s) => s.source === 'ping')?.error, 'A workspace name cannot start with "-".');
    const text = toText(check);
    assert.ok(text.includes('A workspace name cannot start with "-".') && !text.includes('«'), text);
    assert.equal(
      describeFailure('`coder ping`', exited),
      '`coder ping` exited with code 1: error: workspace "dev" not found',
    );
    assert.deepEqual(await refusedSpeedtest(runSpeedtest), {
      phases: ['Closing the connection'],
      error: 'Cannot run the speed test: streams must be a whole number from 1 to 16, not 0.',
    });
    assert.equal(await deadlineReason(), 'took longer than 10 ms');
    // Installing and removing a translator leaves the CLI's text byte for byte as it was.
    setTranslator(marked);
    setTranslator(null);
    assert.equal(
      toText(await refusedCheck()).replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T'),
      text.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T'),
    );
  });

  it('stays the English it was with no translator installed, as `wsdoctor` prints it', () => {
    assert.equal(fleetSummary(fleet), '3 running · 1 direct · 2 relayed (Frankfurt) · slowest: b 212 ms');
    assert.equal(diagnosisCause(diagnosis), 'UDP blocked on your machine');
    const view = presentStatus(liveStatus(), 3000);
    assert.deepEqual(view.tooltip, [
      'Workspace: dev',
      'Relayed via DERP Frankfurt, 300 ms',
      'Measured 1 s ago by `coder ping`.',
      'Above the error threshold of 250 ms in the last two readings.',
    ]);
    const text = toText(checkedReport());
    assert.match(text, /Your machine could not reach a STUN server over UDP/);
    assert.match(text, /Interface eth0 in the workspace has MTU 1280/);
    assert.ok(!text.includes('«'));
    // Installing and removing a translator leaves the CLI's text byte for byte as it was.
    setTranslator(marked);
    setTranslator(null);
    assert.equal(toText(checkedReport()), text);
  });

  it('writes the Markdown reports byte for byte as before with no translator installed', () => {
    const reports = markdownReports();
    for (const name of GOLDEN) assert.equal(golden.normaliseClock(reports[name]), golden[name], name);
  });
});
