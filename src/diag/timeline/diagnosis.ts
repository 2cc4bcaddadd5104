// One automatic diagnosis as the timeline keeps it: when, why it ran, and what the check found,
// reduced to the cause a tooltip or an event line can say in a few words.
import { issueTitle } from '../catalogue';
import { l10n } from '../l10n';
import type { Issue, Report, Side } from '../model';
import { pathText } from '../status/status-view';
import type { DiagnosisTrigger } from './auto-diagnose';
import type { TimelineEvent, TimelineSample } from '../wire/timeline-data';

interface DiagnosisIssue {
  id: string;
  side: Side;
  message: string;
  docs: string;
}

export interface Diagnosis {
  atMs: number;
  trigger: DiagnosisTrigger;
  issues: DiagnosisIssue[];
  /** Set when the check itself could not run (no CLI, refused login): what went wrong. */
  error?: string;
}

export function diagnosisFromReport(report: Report, atMs: number, trigger: DiagnosisTrigger): Diagnosis {
  const diagnosis: Diagnosis = {
    atMs,
    trigger,
    issues: report.issues.map(diagnosisIssue),
  };
  const failed = report.sources.filter((s) => !s.ok && s.error && s.source !== 'local');
  if (report.issues.length === 0 && failed.length > 0) diagnosis.error = failed.map((s) => s.error).join(' ');
  return diagnosis;
}

/** "UDP blocked on your machine": the issue's title where it was found. */
function causeOnSide(id: string, side: Side): string {
  const title = issueTitle(id);
  if (side === 'client') return l10n.t('{0} on your machine', title);
  if (side === 'agent') return l10n.t('{0} on the workspace', title);
  return title;
}

/** The cause in a few words, e.g. "UDP blocked on your machine"; the relay itself is a symptom, named last. */
export function diagnosisCause(diagnosis: Diagnosis): string {
  if (diagnosis.error && diagnosis.issues.length === 0) return l10n.t('the check could not run: {0}', diagnosis.error);
  const causes = diagnosis.issues.filter((i) => i.id !== 'derp-relay');
  const named = (causes.length > 0 ? causes : diagnosis.issues).map((i) => causeOnSide(i.id, i.side));
  if (named.length === 0) return l10n.t('no cause found');
  return named.length <= 2
    ? named.join('; ')
    : l10n.t('{0} (+{1} more)', named.slice(0, 2).join('; '), named.length - 2);
}

/** What happened, in the words of the event line: "switched to DERP Frankfurt". */
function triggerPhrase(trigger: DiagnosisTrigger, last: TimelineSample | null): string {
  switch (trigger) {
    case 'path-to-derp':
      return l10n.t('switched to {0}', pathText({ path: 'derp', region: last?.derpRegion ?? null }));
    case 'high-latency':
      return last?.latencyMs != null
        ? l10n.t('latency up to {0} ms', Math.round(last.latencyMs))
        : l10n.t('latency high');
    case 'loss':
      return l10n.t('pings lost');
    case 'back-online':
      return l10n.t('back after a drop');
  }
}

export function diagnosedEvent(diagnosis: Diagnosis, last: TimelineSample | null): TimelineEvent {
  return {
    atMs: diagnosis.atMs,
    type: 'diagnosed',
    detail: l10n.t('{0}: {1}', triggerPhrase(diagnosis.trigger, last), diagnosisCause(diagnosis)),
  };
}

/** Keeps only what the diagnosis needs of an issue (the report's issue has sources and CLI text too). */
function diagnosisIssue(issue: Issue): DiagnosisIssue {
  return { id: issue.id, side: issue.side, message: issue.message, docs: issue.docs };
}
