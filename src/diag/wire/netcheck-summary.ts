// What `coder netcheck` found about this machine's network, as a connection report and its events
// carry it: the type, its check and its bounds from one description (schema.ts).
import { MAX_LIST } from './limits';
import { boolean, list, nullable, number, object, orElse, text } from './schema';
import type { Infer, ObjectOf } from './schema';

/** A warning or error `coder netcheck` reported, with the part of its report it came from. */
export const netcheckWarningSchema = object({ where: text(), code: text(), message: text() });
export type NetcheckWarning = Infer<typeof netcheckWarningSchema>;

const regionRefFields = { regionId: number(), regionName: text() };

export const netcheckRegionLatencySchema = object({
  ...regionRefFields,
  latencyMs: number(),
  /** netcheck's preferred (home) region. */
  preferred: boolean(),
});
export type NetcheckRegionLatency = Infer<typeof netcheckRegionLatencySchema>;

const flag = nullable(boolean());

/** The facts netcheck states; null: absent or unreadable, never a guessed no. */
export const netcheckFactsFields = {
  udp: flag,
  ipv4: flag,
  ipv4CanSend: flag,
  ipv6: flag,
  ipv6CanSend: flag,
  osHasIPv6: flag,
  mappingVariesByDestIP: flag,
  hairPinning: flag,
  upnp: flag,
  pmp: flag,
  pcp: flag,
  captivePortal: flag,
  /** "" when netcheck found none. */
  globalV4: nullable(text()),
  globalV6: nullable(text()),
};

/** The facts `coder netcheck` states about this machine's network. null: absent or unreadable, never a guessed no. */
export type NetcheckFacts = ObjectOf<typeof netcheckFactsFields>;

export const netcheckSummarySchema = object({
  ...netcheckFactsFields,
  /** An unreadable preferred region shows as none. */
  preferredRegion: orElse(nullable(object(regionRefFields)), null),
  /** Nearest first. */
  regionLatencies: list(netcheckRegionLatencySchema, MAX_LIST),
  warnings: list(netcheckWarningSchema, MAX_LIST),
  /** Fields whose values could not be read (shown as unknown). */
  unreadable: list(text(), MAX_LIST),
});
export type NetcheckSummary = Infer<typeof netcheckSummarySchema>;
/** What `coder netcheck` found about this machine's network. */
