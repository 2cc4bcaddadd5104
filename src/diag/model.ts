// The data every source feeds and every presenter reads. The wire types are described once in
// wire/ (type, check and bounds from one schema); this file names them where the engine imports them.

export type {
  Check,
  CheckStatus,
  CliInfo,
  Issue,
  IssueId,
  PathKind,
  PathState,
  PingOutcome,
  PingSample,
  PingStats,
  ProbeOutcome,
  Report,
  Side,
  SourceName,
  SourceOutcome,
} from './wire/check-report';
export type { NetcheckFacts, NetcheckRegionLatency, NetcheckSummary, NetcheckWarning } from './wire/netcheck-summary';

export type CheckId = 'derp-connected' | 'coordinator-sent' | 'coordinator-received' | 'wireguard' | string;
