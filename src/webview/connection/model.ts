// What the panel knows, and how each host message changes it. Pure, so the panel's use of the
// reducer is unit-tested without a browser.
import type { Report } from '../../diag/model';
import { emptyReport, reduce } from '../../diag/report';
import type { HostMessage, Thresholds } from '../../shared/connection-protocol';

export interface PanelModel {
  report: Report | null;
  running: boolean;
  workspace: string | null;
  thresholds: Thresholds;
}

export const DEFAULT_THRESHOLDS: Thresholds = { warnMs: 100, errorMs: 250 };

export interface Applied {
  model: PanelModel;
  /** Worth saving with setState right away (a run ended, a fresh snapshot). */
  persistNow: boolean;
}

export function applyHostMessage(model: PanelModel, message: Exclude<HostMessage, { type: 'notice' }>): Applied {
  switch (message.type) {
    case 'snapshot': {
      // A snapshot without a report keeps the restored one only if it is about the same workspace.
      const report = message.report ?? (message.workspace === model.workspace ? model.report : null);
      return {
        model: { report, running: message.running, workspace: message.workspace, thresholds: message.thresholds },
        persistNow: true,
      };
    }
    case 'events': {
      let report: Report = model.report ?? emptyReport(model.workspace ?? '', new Date(0).toISOString());
      for (const event of message.events) report = reduce(report, event);
      return { model: { ...model, report }, persistNow: message.events.some((e) => e.type === 'finished') };
    }
    case 'run-state':
      return { model: { ...model, running: message.running, workspace: message.workspace }, persistNow: true };
  }
}
