// Typed events that sources emit as they learn things; the reducer folds them into a Report.
import type { Check, CliInfo, IssueId, NetcheckSummary, PingSample, ProbeOutcome, Side, SourceName } from './model';

export interface IssueFinding {
  id: IssueId;
  side: Side;
  detail?: Record<string, string | number>;
  /** Docs link the source itself gave (a deployment may serve its own docs). */
  docs?: string;
  cliText?: string;
}

export type DiagEvent =
  | { type: 'started'; workspace: string; at: string }
  | { type: 'cli'; cli: CliInfo }
  | { type: 'ping'; sample: Omit<PingSample, 'seq'> }
  | { type: 'p2p-established'; ms: number; atMs: number }
  | { type: 'check'; check: Check }
  | { type: 'issue'; source: SourceName; finding: IssueFinding }
  | { type: 'probe'; outcome: ProbeOutcome }
  | { type: 'netcheck'; netcheck: NetcheckSummary }
  | { type: 'raw'; source: SourceName; line: string }
  | { type: 'source-done'; source: SourceName; ok: boolean; error?: string; cancelled?: boolean }
  | { type: 'finished'; at: string };

export type EmitFn = (event: DiagEvent) => void;
