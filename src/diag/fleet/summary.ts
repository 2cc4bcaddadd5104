// The fleet's one-line summary, e.g. "5 running · 3 direct · 2 relayed (Frankfurt) · slowest: ml-box 212 ms".
// Plain text holding workspace and region names: a terminal caller makes it printable. Pure.
import { l10n } from '../l10n';
import { isPingable, type FleetRow } from './row';

/** Relay regions, most used first (ties by name), so the usual relay leads. */
function regionsOf(relayed: readonly FleetRow[]): string[] {
  const counts = new Map<string, number>();
  for (const row of relayed) {
    const region = row.path.derpRegion;
    if (region) counts.set(region, (counts.get(region) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
}

export function fleetSummary(rows: readonly FleetRow[]): string {
  if (rows.length === 0) return l10n.t('No workspaces');
  const running = rows.filter((r) => isPingable(r.status));
  const measured = running.filter((r) => r.latencyMs !== null || r.path.kind === 'coder-connect');
  const direct = measured.filter((r) => r.path.kind === 'p2p');
  const relayed = measured.filter((r) => r.path.kind === 'derp');
  const viaConnect = measured.filter((r) => r.path.kind === 'coder-connect');
  const failed = running.filter((r) => r.checkedAt !== null && r.latencyMs === null && r.path.kind !== 'coder-connect');
  const parts = [l10n.t('{0} running', running.length)];
  if (direct.length > 0) parts.push(l10n.t('{0} direct', direct.length));
  if (relayed.length > 0) {
    const regions = regionsOf(relayed);
    parts.push(
      regions.length > 0
        ? l10n.t('{0} relayed ({1})', relayed.length, regions.join(', '))
        : l10n.t('{0} relayed', relayed.length),
    );
  }
  if (viaConnect.length > 0) parts.push(l10n.t('{0} Coder Connect', viaConnect.length));
  if (failed.length > 0) parts.push(l10n.t('{0} no answer', failed.length));
  const notRunning = rows.length - running.length;
  if (notRunning > 0) parts.push(l10n.t('{0} not running', notRunning));
  const slowest = measured
    .filter((r): r is FleetRow & { latencyMs: number } => r.latencyMs !== null)
    .reduce<(FleetRow & { latencyMs: number }) | null>(
      (worst, r) => (worst && worst.latencyMs >= r.latencyMs ? worst : r),
      null,
    );
  if (slowest && measured.length > 1)
    parts.push(l10n.t('slowest: {0} {1} ms', slowest.name, Math.round(slowest.latencyMs)));
  return parts.join(' · ');
}
