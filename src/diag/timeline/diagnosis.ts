// One automatic diagnosis as the timeline keeps it: when, why it ran, and what the check found,
// reduced to the cause a tooltip or an event line can say in a few words.
import { CATALOGUE } from '../catalogue';
import type { Issue, Report, Side } from '../model';
import { pathText } from '../status/state';
import type { DiagnosisTrigger } from './auto-diagnose';
import type { TimelineEvent, TimelineSample } from './types';

export interface DiagnosisIssue {
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

const WHERE: Record<Side, string> = { client: ' on your machine', agent: ' on the workspace', general: '' };

/** The cause in a few words, e.g. "UDP blocked on your machine"; the relay itself is a symptom, named last. */
export function diagnosisCause(diagnosis: Diagnosis): string {
  if (diagnosis.error && diagnosis.issues.length === 0) return `the check could not run: ${diagnosis.error}`;
  const causes = diagnosis.issues.filter((i) => i.id !== 'derp-relay');
  const named = (causes.length > 0 ? causes : diagnosis.issues).map((i) => {
    const entry = (CATALOGUE as Record<string, { title: string } | undefined>)[i.id];
    return `${entry ? entry.title : i.id}${WHERE[i.side]}`;
  });
  if (named.length === 0) return 'no cause found';
  return named.length <= 2 ? named.join('; ') : `${named.slice(0, 2).join('; ')} (+${named.length - 2} more)`;
}

/** What happened, in the words of the event line: "switched to DERP Frankfurt". */
export function triggerPhrase(trigger: DiagnosisTrigger, last: TimelineSample | null): string {
  switch (trigger) {
    case 'path-to-derp':
      return `switched to ${pathText({ path: 'derp', region: last?.derpRegion ?? null })}`;
    case 'high-latency':
      return last?.latencyMs != null ? `latency up to ${Math.round(last.latencyMs)} ms` : 'latency high';
    case 'loss':
      return 'pings lost';
    case 'back-online':
      return 'back after a drop';
  }
}

export function diagnosedEvent(diagnosis: Diagnosis, last: TimelineSample | null): TimelineEvent {
  return {
    atMs: diagnosis.atMs,
    type: 'diagnosed',
    detail: `${triggerPhrase(diagnosis.trigger, last)}: ${diagnosisCause(diagnosis)}`,
  };
}

/** Keeps only what the diagnosis needs of an issue (the report's issue has sources and CLI text too). */
export function diagnosisIssue(issue: Issue): DiagnosisIssue {
  return { id: issue.id, side: issue.side, message: issue.message, docs: issue.docs };
}
