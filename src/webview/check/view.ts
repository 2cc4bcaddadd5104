// Draws the check panel from a Report. Each section is rebuilt only when its part of the
// Report changed (the reducer keeps unchanged parts by reference), so a ping costs a chart update.
import { issueMessage, issueTitle } from '../../diag/catalogue';
import type { Check, Issue, NetcheckSummary, ProbeOutcome, Report, SourceOutcome } from '../../diag/model';
import {
  CHECK_GLYPH,
  formatLoss,
  formatMs,
  formatSeconds,
  issuesBySide,
  pathDetail,
  pathHeadline,
  pathWithDetail,
  pathWithDetailTemplate,
  relayUnexplained,
  relayUnexplainedAdvice,
  safeDocsUrl,
  splitNextStep,
} from '../../diag/present/labels';
import { derpRegionTable } from '../../diag/present/derp-table';
import { netcheckTitle, netcheckFacts, unreadableNote, warningLine } from '../../diag/present/netcheck-facts';
import { orderedProbes, summariseProbe } from '../../diag/present/probe-summary';
import { probeView } from '../../diag/present/probes';
import type { ProbeTable } from '../../diag/present/probes';
import type { PanelMessage } from '../../shared/check-protocol';
import { aroundPlaceholder, l10n } from '../../diag/l10n';
import type { PanelModel } from './model';
import { LatencyChart } from './chart';
import { TimelineSection } from './timeline-section';
import type { TimelineView } from '../../diag/wire/timeline';
import { h, replaceChildren, setText } from '../dom';
import { button, dataTable, progressRing, setDisabled } from '../kit';
import type { VscodeButton } from '../kit';

type ViewModel = PanelModel;

type ButtonAction = Exclude<PanelMessage['type'], 'ready'>;

export class CheckView {
  private readonly workspaceEl = h('span', { class: 'workspace', id: 'workspace' });
  private readonly runStateEl = h('span', { class: 'run-state', id: 'run-state' });
  private readonly badge = h('div', { class: 'badge badge-unknown', id: 'badge', 'data-path': 'unknown' });
  private readonly pathNote = h('p', { class: 'path-note', id: 'path-note' });
  private readonly stats = h('dl', { class: 'stats', id: 'stats' });
  private readonly canvas: HTMLCanvasElement;
  private readonly checks = h('ul', { class: 'checks', id: 'checks' });
  /** Says when the CLI is too old to print a checklist or causes. */
  private readonly cliNote = h('p', { class: 'cli-note', id: 'cli-note', role: 'note', hidden: true });
  private readonly issues = h('div', { class: 'issues', id: 'issues' });
  private readonly netcheckSection = h('section', { class: 'netcheck-section', 'aria-labelledby': 'netcheck-h' });
  private readonly netcheck = h('div', { class: 'netcheck', id: 'netcheck' });
  private readonly derpSection = h('section', { class: 'derp-section', 'aria-labelledby': 'derp-h' });
  private readonly derp = h('div', { class: 'derp', id: 'derp' });
  private readonly probesSection = h('section', { class: 'probes-section', 'aria-labelledby': 'probes-h' });
  private readonly probes = h('div', { class: 'probes', id: 'probes' });
  private readonly errorsSection = h('section', { class: 'errors-section', 'aria-labelledby': 'errors-h' });
  private readonly errors = h('ul', { class: 'errors', id: 'errors' });
  private readonly announcer = h('div', { class: 'sr-only', id: 'announcer', role: 'status', 'aria-live': 'polite' });
  private readonly noticeEl = h('div', { class: 'notice', id: 'notice', role: 'status', 'aria-live': 'polite' });
  /** Spins while a check runs; the run state next to it says how far it got. */
  private readonly spinner: HTMLElement;
  private readonly buttons = new Map<ButtonAction, VscodeButton>();
  private chart: LatencyChart | null = null;
  private readonly timeline: TimelineSection;
  private lastTimeline: TimelineView | null = null;
  private last: { report: Report | null; running: boolean; workspace: string | null } = {
    report: null,
    running: false,
    workspace: null,
  };
  private lastAnnounced = '';
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly post: (message: PanelMessage) => void,
  ) {
    this.canvas = h('canvas', {
      id: 'latency-chart',
      role: 'img',
      'aria-label': l10n.t('Latency per ping; details in the statistics above'),
    });
    this.spinner = progressRing(l10n.t('Checking…'));
    this.timeline = new TimelineSection();
    const actions = h('div', { class: 'actions', role: 'toolbar', 'aria-label': l10n.t('Check actions') });
    const action = (type: ButtonAction, label: string, secondary: boolean): void => {
      const el = button(label, () => this.post({ type } as PanelMessage), { id: `action-${type}`, secondary });
      this.buttons.set(type, el);
      actions.append(el);
    };
    action('run-again', l10n.t('Run again'), false);
    action('cancel', l10n.t('Cancel'), true);
    action('copy-report', l10n.t('Copy report'), true);
    action('save-report', l10n.t('Save report'), true);
    action('open-speed-test', l10n.t('Speed test'), true);

    this.netcheckSection.append(h('h2', { id: 'netcheck-h' }, netcheckTitle()), this.netcheck);
    this.derpSection.append(h('h2', { id: 'derp-h' }, l10n.t('DERP relays')), this.derp);
    // Empty until a report says otherwise.
    this.netcheckSection.hidden = true;
    this.derpSection.hidden = true;
    this.probesSection.append(h('h2', { id: 'probes-h' }, l10n.t('Local probes')), this.probes);
    this.errorsSection.append(h('h2', { id: 'errors-h' }, l10n.t('What could not be checked')), this.errors);
    const [before, after] = aroundPlaceholder(l10n.t('Connection to {0}'));
    replaceChildren(
      root,
      h(
        'header',
        { class: 'head' },
        h('h1', {}, before, this.workspaceEl, after),
        h('div', { class: 'run-line' }, this.spinner, this.runStateEl),
        actions,
      ),
      this.noticeEl,
      this.announcer,
      h('section', { class: 'path', 'aria-label': l10n.t('Connection path') }, this.badge, this.pathNote),
      h(
        'section',
        { class: 'latency', 'aria-labelledby': 'latency-h' },
        h('h2', { id: 'latency-h' }, l10n.t('Latency')),
        this.stats,
        h('div', { class: 'chart-box' }, this.canvas),
      ),
      this.timeline.element,
      h(
        'section',
        { class: 'checks-section', 'aria-labelledby': 'checks-h' },
        h('h2', { id: 'checks-h' }, l10n.t('Checklist')),
        this.cliNote,
        this.checks,
      ),
      h(
        'section',
        { class: 'issues-section', 'aria-labelledby': 'issues-h' },
        h('h2', { id: 'issues-h' }, l10n.t('Issues')),
        this.issues,
      ),
      this.netcheckSection,
      this.derpSection,
      this.probesSection,
      this.errorsSection,
    );
    this.chart = new LatencyChart(this.canvas);
  }

  notice(text: string): void {
    setText(this.noticeEl, text);
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => setText(this.noticeEl, ''), 4000);
  }

  render(model: ViewModel): void {
    const { report, running } = model;
    const prev = this.last;
    const workspace = report?.workspace || model.workspace;
    if (workspace !== prev.workspace) setText(this.workspaceEl, workspace ?? l10n.t('no workspace yet'));
    this.renderRunState(model);
    setDisabled(this.buttons.get('cancel')!, !running);
    setDisabled(this.buttons.get('copy-report')!, report === null);
    setDisabled(this.buttons.get('save-report')!, report === null);
    setDisabled(this.buttons.get('run-again')!, !workspace);
    this.root.setAttribute('aria-busy', String(running));
    if (report !== prev.report) {
      this.renderPath(report);
      this.renderStats(model);
      this.chart?.update(report?.samples ?? []);
      if (report?.checks !== prev.report?.checks) this.renderChecks(report?.checks ?? []);
      if (report?.cli !== prev.report?.cli) this.renderCliNote(report?.cli?.note ?? null);
      if (
        report?.issues !== prev.report?.issues ||
        report?.finishedAt !== prev.report?.finishedAt ||
        report?.path !== prev.report?.path
      )
        this.renderIssues(report);
      if (report?.probes !== prev.report?.probes) this.renderProbes(report?.probes ?? []);
      if (report?.netcheck !== prev.report?.netcheck) this.renderNetcheck(report?.netcheck ?? null);
      if (report?.probes !== prev.report?.probes || report?.netcheck !== prev.report?.netcheck)
        this.renderDerp(report?.probes ?? [], report?.netcheck ?? null);
      if (report?.sources !== prev.report?.sources) this.renderErrors(report?.sources ?? []);
    }
    if ((model.timeline ?? null) !== this.lastTimeline) {
      this.lastTimeline = model.timeline ?? null;
      this.timeline.update(this.lastTimeline);
    }
    this.announce(model);
    this.last = { report, running, workspace: workspace ?? null };
  }

  private renderRunState({ report, running }: ViewModel): void {
    let text: string;
    if (running)
      text =
        report && report.pings.sent > 0 ? l10n.t('Checking… {0} pings so far', report.pings.sent) : l10n.t('Checking…');
    else if (!report) text = l10n.t('No check run yet.');
    else if (report.sources.some((o) => o.cancelled === true)) text = l10n.t('Check cancelled.');
    else
      text = report.finishedAt
        ? l10n.t('Checked at {0}.', new Date(report.finishedAt).toLocaleTimeString())
        : l10n.t('Check interrupted.');
    setText(this.runStateEl, text);
    this.spinner.hidden = !running;
  }

  private renderPath(report: Report | null): void {
    const path = report?.path ?? { kind: 'unknown', derpRegion: null, endpoint: null };
    const detail = pathDetail(path);
    const template = pathWithDetailTemplate(path);
    this.badge.className = `badge badge-${path.kind}`;
    this.badge.dataset.path = path.kind;
    if (template && detail) {
      // The name goes where the language puts it: "Relayed via DERP Frankfurt", "Über DERP Frankfurt weitergeleitet".
      const [before, after] = aroundPlaceholder(template);
      replaceChildren(
        this.badge,
        before.trim() ? h('span', { class: 'badge-label' }, before.trim()) : null,
        before.trim() ? ' ' : null,
        h('span', { class: 'badge-detail' }, detail),
        after.trim() ? ' ' : null,
        after.trim() ? h('span', { class: 'badge-label' }, after.trim()) : null,
      );
    } else replaceChildren(this.badge, h('span', { class: 'badge-label' }, pathHeadline(path)));
    const notes: string[] = [];
    if (report && path.kind === 'p2p' && report.upgradedAtMs !== null)
      notes.push(l10n.t('Upgraded from a relay to direct after {0}.', formatSeconds(report.upgradedAtMs)));
    if (report?.p2pEstablishedMs != null)
      notes.push(l10n.t('Direct connection set up in {0}.', formatSeconds(report.p2pEstablishedMs)));
    if (report?.cli) notes.push(l10n.t('Coder CLI {0}.', report.cli.version ?? l10n.t('(unknown version)')));
    if (report?.cli?.deployment) notes.push(l10n.t('Deployment {0}.', report.cli.deployment));
    setText(this.pathNote, notes.join(' '));
  }

  private renderStats({ report, thresholds }: ViewModel): void {
    const p = report?.pings;
    const level = (ms: number | null): string =>
      ms === null ? '' : ms >= thresholds.errorMs ? 'level-error' : ms >= thresholds.warnMs ? 'level-warn' : '';
    const item = (label: string, value: string, cls = ''): HTMLElement[] => [
      h('dt', {}, label),
      h('dd', { class: cls }, value),
    ];
    replaceChildren(
      this.stats,
      ...item(l10n.t('Pings'), p ? `${p.received}/${p.sent}` : '–'),
      ...item(l10n.t('Min'), formatMs(p?.minMs ?? null), level(p?.minMs ?? null)),
      ...item(l10n.t('Avg'), formatMs(p?.avgMs ?? null), level(p?.avgMs ?? null)),
      ...item(l10n.t('Max'), formatMs(p?.maxMs ?? null), level(p?.maxMs ?? null)),
      ...item(l10n.t('Jitter'), formatMs(p?.jitterMs ?? null)),
      ...item(l10n.t('Loss'), p ? formatLoss(p) : '–', p && p.sent > p.received ? 'level-error' : ''),
    );
  }

  private renderCliNote(note: string | null): void {
    this.cliNote.hidden = note === null;
    setText(this.cliNote, note ?? '');
  }

  private renderChecks(checks: Check[]): void {
    if (checks.length === 0)
      return replaceChildren(this.checks, h('li', { class: 'empty' }, l10n.t('No checklist from the Coder CLI yet.')));
    replaceChildren(
      this.checks,
      ...checks.map((c) =>
        h(
          'li',
          { class: `check check-${c.status}` },
          h('span', { class: 'glyph', 'aria-hidden': 'true' }, CHECK_GLYPH[c.status]),
          h('span', { class: 'sr-only' }, `${this.checkWord(c.status)}: `),
          c.message,
        ),
      ),
    );
  }

  private renderIssues(report: Report | null): void {
    const children: (HTMLElement | null)[] = [];
    if (!report || report.issues.length === 0) {
      children.push(
        h('p', { class: 'empty' }, report?.finishedAt ? l10n.t('No issues found.') : l10n.t('None found so far.')),
      );
    }
    for (const group of issuesBySide(report?.issues ?? [])) {
      children.push(
        h('h3', { class: `side side-${group.side}` }, group.title),
        h('ul', { class: 'issue-list' }, ...group.issues.map((i) => this.issueItem(i))),
      );
    }
    if (report && relayUnexplained(report))
      children.push(h('p', { class: 'relay-unexplained', id: 'relay-unexplained' }, relayUnexplainedAdvice()));
    replaceChildren(this.issues, ...children);
  }

  private issueItem(issue: Issue): HTMLElement {
    const { explanation, nextStep } = splitNextStep(issueMessage(issue));
    const docs = safeDocsUrl(issue.docs);
    return h(
      'li',
      { class: `issue issue-${issue.side}`, 'data-issue': issue.id },
      h('h4', { class: 'issue-title' }, issueTitle(issue.id)),
      h('p', { class: 'issue-explain' }, explanation),
      nextStep ? h('p', { class: 'issue-next' }, h('strong', {}, `${l10n.t('Next step:')} `), nextStep) : null,
      issue.cliText ? h('p', { class: 'issue-cli' }, `${l10n.t('Coder CLI:')} `, h('q', {}, issue.cliText)) : null,
      docs
        ? h('p', { class: 'issue-docs' }, h('a', { href: docs }, l10n.t('Troubleshooting guide')))
        : h('p', { class: 'issue-docs' }, issue.docs),
    );
  }

  private renderNetcheck(netcheck: NetcheckSummary | null): void {
    this.netcheckSection.hidden = netcheck === null;
    if (!netcheck) return replaceChildren(this.netcheck);
    const note = unreadableNote(netcheck);
    replaceChildren(
      this.netcheck,
      h(
        'dl',
        { class: 'probe-fields netcheck-fields' },
        ...netcheckFacts(netcheck).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
      ),
      netcheck.warnings.length > 0
        ? h(
            'ul',
            { class: 'netcheck-warnings', 'aria-label': l10n.t('netcheck warnings') },
            ...netcheck.warnings.map((w) => h('li', {}, warningLine(w))),
          )
        : null,
      note ? h('p', { class: 'empty' }, note) : null,
    );
  }

  /** Shown whenever either source measured the relays, so it survives local probes being off. */
  private renderDerp(probes: ProbeOutcome[], netcheck: NetcheckSummary | null): void {
    const derp = derpRegionTable(probes, netcheck);
    this.derpSection.hidden = derp === null;
    replaceChildren(this.derp, derp ? probeTable(derp, 'derp-table') : null);
  }

  private renderProbes(probes: ProbeOutcome[]): void {
    this.probesSection.hidden = probes.length === 0;
    replaceChildren(
      this.probes,
      ...orderedProbes(probes).map((outcome) => {
        const view = probeView(outcome);
        // One line per probe; the raw detail stays folded away until asked for.
        return h(
          'details',
          { class: `probe ${view.ran ? 'probe-ran' : 'probe-skipped'}`, 'data-probe': view.name },
          h('summary', {}, h('strong', {}, view.name), `: ${summariseProbe(outcome)}`),
          view.fields.length
            ? h('dl', { class: 'probe-fields' }, ...view.fields.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))
            : null,
          ...view.tables.map((t) => probeTable(t, 'probe-table')),
        );
      }),
    );
  }

  private renderErrors(sources: SourceOutcome[]): void {
    const failed = sources.filter((s) => !s.ok && s.error);
    this.errorsSection.hidden = failed.length === 0;
    replaceChildren(this.errors, ...failed.map((s) => h('li', {}, h('strong', {}, `${s.source}: `), s.error ?? '')));
  }

  private checkWord(status: Check['status']): string {
    return status === 'ok' ? l10n.t('OK') : status === 'warn' ? l10n.t('Warning') : l10n.t('Failed');
  }

  /** Tells screen readers about what matters: path changes and the end of a run, not every ping. */
  private announce({ report, running }: ViewModel): void {
    let text = '';
    if (report && !running && report.finishedAt) {
      const path = pathWithDetail(report.path);
      const count = report.issues.length;
      text =
        count === 1
          ? l10n.t('Check finished: {0}, 1 issue.', path)
          : l10n.t('Check finished: {0}, {1} issues.', path, count);
    } else if (report && report.path.kind !== 'unknown') {
      text = pathWithDetail(report.path);
    } else if (running) {
      text = l10n.t('Checking the connection.');
    }
    if (text && text !== this.lastAnnounced) {
      this.lastAnnounced = text;
      setText(this.announcer, text);
    }
  }
}

function probeTable(t: ProbeTable, cls: string): HTMLElement {
  return dataTable({ caption: t.title, columns: t.columns, rows: t.rows, class: cls });
}
