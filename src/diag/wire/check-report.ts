// The connection check's report and the events it is folded from, as they cross to the panel and
// into stored state: each type, its check and its bounds from one description (schema.ts).
import { MAX_DETAIL_KEYS, MAX_LIST, MAX_RAW_LINES, MAX_SAMPLES, clipText } from './limits';
import { isNum } from './validate';
import { netcheckSummarySchema } from './netcheck-summary';
import {
  INVALID,
  boolean,
  json,
  list,
  nullable,
  number,
  object,
  oneOf,
  optional,
  orElse,
  parserOf,
  record,
  tagged,
  text,
} from './schema';
import type { Infer, Schema } from './schema';

/** Every issue the catalogue explains (catalogue.ts holds one entry for each, no more). */
export const ISSUE_IDS = [
  'derp-relay',
  'direct-disabled-deployment',
  'direct-disabled-local',
  'no-stun',
  'udp-blocked',
  'hard-nat',
  'aws-hard-nat',
  'low-mtu',
  'vpn',
  'derp-websocket-only',
  'derp-unreachable',
  'proxy-only-network',
  'proxy-problem',
  'tls-certificate',
  'tls-checks-off',
  'tls-file',
  'client-certificate',
  'deployment-headers',
  'settings-withheld',
  'cli-other',
] as const;
export const issueIdSchema = oneOf(ISSUE_IDS);
export type IssueId = Infer<typeof issueIdSchema>;
export const sideSchema = oneOf(['general', 'client', 'agent']);
export type Side = Infer<typeof sideSchema>;
export const sourceNameSchema = oneOf(['ping', 'netcheck', 'local', 'version']);
export type SourceName = Infer<typeof sourceNameSchema>;

/** An issue's detail value: text, or a finite number (bounding writes any other number as text). */
const detailValue: Schema<string | number> = {
  read: (v) => (typeof v === 'string' ? clipText(v) : isNum(v) ? v : INVALID),
  bound: (v) => (typeof v === 'string' ? clipText(v) : Number.isFinite(v) ? v : String(v)),
};
const detailSchema = record(detailValue, MAX_DETAIL_KEYS);

export const checkSchema = object({
  id: text(),
  status: oneOf(['ok', 'warn', 'fail']),
  message: text(),
});
export type Check = Infer<typeof checkSchema>;

export const issueSchema = object({
  id: issueIdSchema,
  side: sideSchema,
  /** Our own plain sentence, ending with the next step to take. */
  message: text(),
  /** Link to the matching troubleshooting section. */
  docs: text(),
  detail: optional(detailSchema),
  /** Where the finding came from; several sources may agree on one issue. An unknown one refuses the issue. */
  sources: list(sourceNameSchema, MAX_LIST, { badItem: 'refuse' }),
  /** The CLI's own wording, when the CLI reported it. */
  cliText: optional(text()),
});
export type Issue = Infer<typeof issueSchema>;

/** An issue as a source finds it, before the reducer words it. */
export const issueFindingSchema = object({
  id: issueIdSchema,
  side: sideSchema,
  detail: optional(detailSchema),
  /** Docs link the source itself gave (a deployment may serve its own docs). */
  docs: optional(text()),
  cliText: optional(text()),
});
export type IssueFinding = Infer<typeof issueFindingSchema>;

/** A ping sample without its sequence number, as events carry it. */
const pingSampleBody = {
  outcome: oneOf(['pong', 'timeout', 'failed']),
  /** Milliseconds since the check started, when the line arrived. */
  atMs: number(),
  path: optional(oneOf(['p2p', 'derp'])),
  latencyMs: optional(number()),
  derpRegion: optional(text()),
  endpoint: optional(text()),
  error: optional(text()),
};
export const pingSampleSchema = object({ seq: number(), ...pingSampleBody });
export type PingSample = Infer<typeof pingSampleSchema>;

export const pathStateSchema = object({
  kind: oneOf(['p2p', 'derp', 'unknown']),
  derpRegion: nullable(text()),
  endpoint: nullable(text()),
});
export type PathState = Infer<typeof pathStateSchema>;

export const pingStatsSchema = object({
  sent: number(),
  received: number(),
  timedOut: number(),
  failed: number(),
  minMs: nullable(number()),
  avgMs: nullable(number()),
  maxMs: nullable(number()),
  /** Mean absolute difference between consecutive pongs. */
  jitterMs: nullable(number()),
  /** How many consecutive pong pairs the jitter is averaged over. */
  jitterPairs: number(),
});
export type PingStats = Infer<typeof pingStatsSchema>;

const sourceOutcomeFields = {
  source: sourceNameSchema,
  ok: boolean(),
  /** Present when the source failed or was skipped: what happened and what to do. */
  error: optional(text()),
  /** The source was stopped by a cancel (`error` says so in the user's words). */
  cancelled: optional(boolean()),
};
export const sourceOutcomeSchema = object(sourceOutcomeFields);
export type SourceOutcome = Infer<typeof sourceOutcomeSchema>;

export const cliInfoSchema = object({
  path: text(),
  version: nullable(text()),
  /** The deployment URL whose login the CLI used; null: the CLI's own defaults. */
  deployment: optional(nullable(text())),
  /** Set when this CLI's diagnostics are limited: what is missing and what to do. */
  note: optional(text()),
});
export type CliInfo = Infer<typeof cliInfoSchema>;

/** One probe's result from the extension's own client-side checks, kept as data. */
export const probeOutcomeSchema = object({
  name: text(),
  ran: boolean(),
  /** Why a probe could not run. */
  reason: optional(text()),
  /** Plain JSON; data too deep or too wide refuses the probe (bounding makes it fit). */
  data: optional(json()),
});
export type ProbeOutcome = Infer<typeof probeOutcomeSchema>;

export const reportSchema = object({
  workspace: text(),
  startedAt: text(),
  finishedAt: nullable(text()),
  /** An unreadable CLI part shows as unknown. */
  cli: orElse(nullable(cliInfoSchema), null),
  path: pathStateSchema,
  pings: pingStatsSchema,
  /** Bounded history of ping samples (oldest dropped first). */
  samples: list(pingSampleSchema, MAX_SAMPLES, { keep: 'newest' }),
  p2pEstablishedMs: nullable(number()),
  /** Milliseconds since start at which the path turned direct. */
  upgradedAtMs: nullable(number()),
  checks: list(checkSchema, MAX_LIST),
  issues: list(issueSchema, MAX_LIST),
  sources: list(sourceOutcomeSchema, MAX_LIST),
  probes: list(probeOutcomeSchema, MAX_LIST),
  /** `coder netcheck`'s view of the network, when it ran (reports saved before it was kept have none). */
  netcheck: orElse(nullable(netcheckSummarySchema), null),
  /** Lines no parser understood, kept for the log. Bounded. */
  rawLines: list(text(), MAX_RAW_LINES, { keep: 'newest' }),
});
export type Report = Infer<typeof reportSchema>;

/** Typed events that sources emit as they learn things; the reducer folds them into a Report. */
export const diagEventSchema = tagged('type', {
  started: { workspace: text(), at: text() },
  cli: { cli: cliInfoSchema },
  ping: { sample: object(pingSampleBody) },
  'p2p-established': { ms: number(), atMs: number() },
  check: { check: checkSchema },
  issue: { source: sourceNameSchema, finding: issueFindingSchema },
  probe: { outcome: probeOutcomeSchema },
  netcheck: { netcheck: netcheckSummarySchema },
  raw: { source: sourceNameSchema, line: text() },
  'source-done': sourceOutcomeFields,
  finished: { at: text() },
});
export type DiagEvent = Infer<typeof diagEventSchema>;

export type CheckStatus = Check['status'];
export type PingOutcome = PingSample['outcome'];
export type PathKind = PathState['kind'];

/** A report or event from outside (a message, stored state), within the limits; null when it is none. */
export const parseReport = parserOf(reportSchema);
export const parseDiagEvent = parserOf(diagEventSchema);
/** Our own report or event within every limit the panel checks: the newest samples and raw lines, every text cut. */
export const boundReport = (report: Report): Report => reportSchema.bound(report);
export const boundDiagEvent = (event: DiagEvent): DiagEvent => diagEventSchema.bound(event);
