// What this window remembers between sessions: the last workspace checked, which deployment each
// workspace was picked from, and the last report.
import type * as vscode from 'vscode';
import type { Report } from '../../diag/model';
import { parseReport } from '../../diag/wire/check-report';
import { trimForState } from '../../shared/check-protocol';

const WORKSPACE_KEY = 'wsdoctor.lastWorkspace';
const REPORT_KEY = 'wsdoctor.lastReport';
const DEPLOYMENTS_KEY = 'wsdoctor.workspaceDeployments';
/** Workspace -> deployment URL choices kept; the oldest go first. */
const MAX_DEPLOYMENT_CHOICES = 50;

export class ReportStore {
  /** `onHasReport` hears whether a report exists: now, and whenever one is stored. */
  constructor(
    private readonly memento: vscode.Memento,
    private readonly onHasReport: (has: boolean) => void = () => undefined,
  ) {
    onHasReport(this.lastReport !== undefined);
  }

  get lastWorkspace(): string | undefined {
    const value = this.memento.get<unknown>(WORKSPACE_KEY);
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  async setLastWorkspace(workspace: string): Promise<void> {
    await this.memento.update(WORKSPACE_KEY, workspace);
  }

  /** The deployment URL the user chose this workspace from, when several are signed in. */
  deploymentOf(workspace: string): string | undefined {
    const map = this.memento.get<unknown>(DEPLOYMENTS_KEY);
    if (typeof map !== 'object' || map === null) return undefined;
    const url = (map as Record<string, unknown>)[workspace];
    return typeof url === 'string' && url !== '' ? url : undefined;
  }

  async setDeploymentOf(workspace: string, url: string): Promise<void> {
    const old = this.memento.get<unknown>(DEPLOYMENTS_KEY);
    const entries = Object.entries(
      typeof old === 'object' && old !== null ? (old as Record<string, unknown>) : {},
    ).filter(([k, v]) => k !== workspace && typeof v === 'string');
    const kept = [...entries, [workspace, url]].slice(-MAX_DEPLOYMENT_CHOICES);
    await this.memento.update(DEPLOYMENTS_KEY, Object.fromEntries(kept));
  }

  get lastReport(): Report | undefined {
    return parseReport(this.memento.get<unknown>(REPORT_KEY)) ?? undefined;
  }

  async setLastReport(report: Report): Promise<void> {
    // Workspace state is not meant for megabytes: keep the newest samples only.
    await this.memento.update(REPORT_KEY, trimForState(report, 300));
    this.onHasReport(true);
  }
}
