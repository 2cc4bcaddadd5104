// The timeline's services in the extension, built once: its persistence, the recording fed by the
// status feed, the automatic diagnosis, and what the tooltip, the panel and the reports read of it.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { CheckOptions, LocalProbeRunner } from '../../diag/check/check';
import type { Report } from '../../diag/model';
import type { StatusEvent } from '../../diag/status/state';
import { reportTimeline, timelineTooltipMarkdown } from '../../diag/present/timeline-text';
import type { ReportTimeline } from '../../diag/present/timeline-text';
import type { AutoDiagnoseConfig } from '../../diag/timeline/auto-diagnose';
import type { TimelineView } from '../../diag/wire/timeline';
import { AutoDiagnosis } from './auto-diagnosis';
import type { WsdoctorConfig } from '../settings/config';
import { errorMessage } from '../../diag/errors';
import { TimelineFiles } from '../../diag/timeline/timeline-files';
import { TimelinePersistence } from './timeline-persistence';
import { TimelineRecording } from './timeline-recording';
import { timelineView } from './timeline-view';

interface TimelineWiringDeps {
  /** Extension state shared by this machine's windows: muted workspaces (and timelines of earlier versions). */
  state: vscode.Memento;
  /** The extension's global storage folder: the timelines are files in it. */
  storageFolder: string;
  log(line: string): void;
  checkOptions(workspace: string): CheckOptions;
  localProbes?: LocalProbeRunner;
  showDetails(report: Report): Promise<void>;
  /** The open check panel should redraw the timeline of `workspace`. */
  panelUpdate(workspace: string): void;
}

/** The panel gets at most one timeline message this often (a whole timeline each time). */
const PANEL_UPDATE_MS = 2000;

function ruleConfig(c: WsdoctorConfig): AutoDiagnoseConfig {
  return { ...c.autoDiagnose, errorMs: c.errorMs };
}

export class TimelineWiring implements vscode.Disposable {
  private readonly persistence: TimelinePersistence;
  private readonly autoDiagnosis: AutoDiagnosis;
  readonly recording: TimelineRecording;
  private panelTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly deps: TimelineWiringDeps,
    config: WsdoctorConfig,
  ) {
    this.persistence = new TimelinePersistence(
      new TimelineFiles(path.join(deps.storageFolder, 'timelines')),
      deps.state,
    );
    this.persistence.migrateFromState(deps.log).then(
      (moved) => {
        if (moved > 0) deps.log(`timeline: ${moved} stored timelines moved from extension state to files`);
      },
      (err: unknown) => deps.log(`timeline: stored timelines not moved from extension state: ${errorMessage(err)}`),
    );
    this.autoDiagnosis = new AutoDiagnosis({
      checkOptions: deps.checkOptions,
      localProbes: deps.localProbes,
      state: deps.state,
      log: deps.log,
      showDetails: deps.showDetails,
    });
    this.recording = new TimelineRecording(
      {
        persistence: this.persistence,
        diagnose: (workspace, trigger, atMs) => this.autoDiagnosis.diagnose(workspace, trigger, atMs),
        onDiagnosed: (workspace, _diagnosis, event) => void this.autoDiagnosis.notify(workspace, event),
        onChange: (workspace) => this.schedulePanelUpdate(workspace),
        log: deps.log,
      },
      ruleConfig(config),
    );
  }

  observe(event: StatusEvent): void {
    this.recording.observe(event);
  }

  applyConfig(config: WsdoctorConfig): void {
    this.recording.configure(ruleConfig(config));
  }

  /** The status bar tooltip's timeline lines (Markdown, escaped). */
  tooltipLines(nowMs = Date.now()): string[] {
    const workspace = this.recording.workspace;
    const store = workspace === null ? null : this.recording.storeOf(workspace);
    if (!store) return [];
    return timelineTooltipMarkdown({ store, nowMs, lastDiagnosis: this.recording.lastDiagnosis });
  }

  /** The timeline of `workspace`: the one being recorded, else the one stored by an earlier session. */
  view(workspace: string, nowMs = Date.now()): TimelineView | null {
    const live = this.recording.storeOf(workspace);
    const store = live ?? this.persistence.load(workspace).store;
    if (store.isEmpty()) return null;
    const cause = live ? (this.recording.lastDiagnosis?.cause ?? null) : null;
    return timelineView(workspace, store, nowMs, cause);
  }

  /** What a report of `workspace` carries of its timeline; undefined when nothing was recorded. */
  forReport(workspace: string, nowMs = Date.now()): ReportTimeline | undefined {
    const store = this.recording.storeOf(workspace) ?? this.persistence.load(workspace).store;
    return store.isEmpty() ? undefined : reportTimeline(store, nowMs);
  }

  private schedulePanelUpdate(workspace: string): void {
    this.panelTimer ??= setTimeout(() => {
      this.panelTimer = undefined;
      this.deps.panelUpdate(workspace);
    }, PANEL_UPDATE_MS);
  }

  shutdown(): Promise<void> {
    return this.recording.shutdown();
  }

  dispose(): void {
    if (this.panelTimer) clearTimeout(this.panelTimer);
    this.autoDiagnosis.dispose();
  }
}
