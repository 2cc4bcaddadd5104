// The automatic diagnosis as the extension runs it: the check engine with the CLI and the local
// probes, quietly (no panel), then one notification offering the result ("Show details" opens the
// check panel on it, not a new run) or to stay quiet for that workspace from now on.
import * as vscode from 'vscode';
import { runCheck } from '../../diag/check/check';
import type { CheckOptions, LocalProbeRunner } from '../../diag/check/check';
import { errorMessage } from '../../diag/errors';
import type { Report } from '../../diag/model';
import type { DiagnosisTrigger } from '../../diag/timeline/auto-diagnose';
import { diagnosisFromReport } from '../../diag/timeline/diagnosis';
import type { Diagnosis } from '../../diag/timeline/diagnosis';
import type { TimelineEvent } from '../../diag/wire/timeline-data';

interface AutoDiagnosisDeps {
  checkOptions(workspace: string): CheckOptions;
  localProbes?: LocalProbeRunner;
  /** Extension state: the workspaces whose notifications were turned off. */
  state: vscode.Memento;
  log(line: string): void;
  /** Opens the check panel on this report. */
  showDetails(report: Report): Promise<void>;
}

/** Like `wsdoctor monitor`'s: a few pings and a deadline, so a quiet check stays short. */
const DIAGNOSIS_PINGS = 5;
const DIAGNOSIS_TIMEOUT_MS = 40_000;
const MUTED_KEY = 'wsdoctor.autoDiagnose.muted';
/** Workspaces remembered as muted; the oldest go first. */
const MAX_MUTED = 200;

export class AutoDiagnosis implements vscode.Disposable {
  private readonly abort = new AbortController();
  /** The report behind each workspace's last diagnosis, for "Show details". */
  private readonly reports = new Map<string, Report>();

  constructor(private readonly deps: AutoDiagnosisDeps) {}

  /** Runs the quiet check; never rejects: a check that could not run is a diagnosis that says why. */
  async diagnose(workspace: string, trigger: DiagnosisTrigger, atMs: number): Promise<Diagnosis> {
    const options: CheckOptions = {
      ...this.deps.checkOptions(workspace),
      pingCount: DIAGNOSIS_PINGS,
      timeoutMs: DIAGNOSIS_TIMEOUT_MS,
    };
    try {
      const report = await runCheck(options, () => undefined, this.abort.signal, this.deps.localProbes);
      this.reports.set(workspace, report);
      const diagnosis = diagnosisFromReport(report, atMs, trigger);
      this.deps.log(
        `automatic diagnosis of ${workspace}: ${diagnosis.issues.map((i) => i.id).join(', ') || 'no issue'}`,
      );
      return diagnosis;
    } catch (err) {
      this.deps.log(`automatic diagnosis of ${workspace} failed: ${errorMessage(err)}`);
      return { atMs, trigger, issues: [], error: errorMessage(err) };
    }
  }

  /** The notification about a finished diagnosis, unless turned off for the workspace. */
  async notify(workspace: string, event: TimelineEvent): Promise<void> {
    if (this.muted().includes(workspace)) return;
    const report = this.reports.get(workspace);
    const showDetails = vscode.l10n.t('Show details');
    const dontShowAgain = vscode.l10n.t("Don't show again for this workspace");
    const actions = report ? [showDetails, dontShowAgain] : [dontShowAgain];
    // Plain text: VS Code does not render a notification's Markdown, so names stay literal.
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('The connection to {0} got worse: {1}', workspace, event.detail ?? vscode.l10n.t('no cause found')),
      ...actions,
    );
    if (choice === showDetails && report) await this.deps.showDetails(report);
    if (choice === dontShowAgain) await this.mute(workspace);
  }

  private muted(): string[] {
    const stored = this.deps.state.get<unknown>(MUTED_KEY);
    return Array.isArray(stored) ? stored.filter((w): w is string => typeof w === 'string') : [];
  }

  private async mute(workspace: string): Promise<void> {
    const muted = [...this.muted().filter((w) => w !== workspace), workspace].slice(-MAX_MUTED);
    await this.deps.state.update(MUTED_KEY, muted);
    this.deps.log(`automatic diagnosis: no more notifications for ${workspace}`);
  }

  dispose(): void {
    this.abort.abort();
  }
}
