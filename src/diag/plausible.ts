// Bounds on figures read from outside (CLI output, netcheck JSON, system files): a value outside
// them is a parsing accident or a lie, never a measurement, and must not reach a report.

/** An hour: no ping or connection set-up that takes longer is a measurement. */
const MAX_PLAUSIBLE_MS = 3_600_000;
/** IPv4's minimum MTU (RFC 791) up to the largest an interface has (loopback's 65536). */
const MIN_MTU = 68;
const MAX_MTU = 65536;

export function plausibleMs(ms: number): boolean {
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_PLAUSIBLE_MS;
}

export function plausibleMtu(mtu: number): boolean {
  return Number.isInteger(mtu) && mtu >= MIN_MTU && mtu <= MAX_MTU;
}

/** The note kept in place of an impossible figure. */
export function implausibleNote(what: string, value: number, unit: string): string {
  return `ignored ${what} ${value}${unit}: not a possible value`;
}
