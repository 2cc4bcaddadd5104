// What the panel knows, and how each host message changes it. Pure, so the panel's use of the
// reducer is unit-tested without a browser.
import type { Report } from '../../diag/model';
import { emptyReport, reduce } from '../../diag/check/report';
import type { HostMessage, Thresholds } from '../../shared/check-protocol';
import type { TimelineView } from '../../diag/wire/timeline';

export interface PanelModel {
  report: Report | null;
  running: boolean;
  workspace: string | null;
  thresholds: Thresholds;
  /** The host's recording of this workspace's connection; null until it sends one. */
  timeline?: TimelineView | null;
}

export const DEFAULT_THRESHOLDS: Thresholds = { warnMs: 100, errorMs: 250 };

interface Applied {
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
        model: {
          report,
          running: message.running,
          workspace: message.workspace,
          thresholds: message.thresholds,
          // Another workspace's timeline does not stay on screen under this one's name.
          timeline: message.workspace === model.timeline?.workspace ? model.timeline : null,
        },
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
    case 'timeline':
      // Not kept with setState: the host sends it again on every load.
      return { model: { ...model, timeline: message.timeline }, persistNow: false };
  }
}
