// How many pings a check sends: one rule for the `wsdoctor.pingCount` setting and `--count`.
// 10 by default: about ten seconds, long enough for a relayed connection to upgrade to p2p while
// we watch, and twice the samples for loss and jitter; it is also what the setting always said.
// At most 3600: an hour at one ping a second.
export const PING_COUNT = { min: 1, max: 3600, default: 10 } as const;

/** Any number to a whole ping count in range (a setting may hold anything). */
export function clampPingCount(n: unknown): number {
  if (typeof n !== 'number' || !Number.isFinite(n)) return PING_COUNT.default;
  return Math.min(PING_COUNT.max, Math.max(PING_COUNT.min, Math.round(n)));
}
