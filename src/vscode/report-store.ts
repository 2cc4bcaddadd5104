// What this window remembers between sessions: the last workspace checked and the last report.
import type * as vscode from 'vscode';
import type { Report } from '../diag/model';
import { parseReport } from '../webview/report-shape';
import { trimForState } from '../webview/protocol';

const WORKSPACE_KEY = 'wsdoctor.lastWorkspace';
const REPORT_KEY = 'wsdoctor.lastReport';

export class ReportStore {
  constructor(private readonly memento: vscode.Memento) {}

  get lastWorkspace(): string | undefined {
    const value = this.memento.get<unknown>(WORKSPACE_KEY);
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  async setLastWorkspace(workspace: string): Promise<void> {
    await this.memento.update(WORKSPACE_KEY, workspace);
  }

  get lastReport(): Report | undefined {
    return parseReport(this.memento.get<unknown>(REPORT_KEY)) ?? undefined;
  }

  async setLastReport(report: Report): Promise<void> {
    // Workspace state is not meant for megabytes: keep the newest samples only.
    await this.memento.update(REPORT_KEY, trimForState(report, 300));
  }
}
