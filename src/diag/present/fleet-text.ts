// `wsdoctor fleet` as text: the summary line, then one table per deployment (workspace, status,
// path, latency, when checked, why no figure). Every name from the server is made printable.
import { printable } from '../printable';
import type { FleetListing, FleetResult } from '../fleet/fleet-check';
import type { FleetPath, FleetRow } from '../fleet/row';
import { fleetSummary } from '../fleet/summary';
import { l10n } from '../l10n';
import { formatMs } from './labels';

/** Long names are cut so one hostile row cannot push every column off the screen. */
const MAX_CELL = 48;

const cell = (text: string): string => {
  const safe = printable(text);
  return safe.length > MAX_CELL ? `${safe.slice(0, MAX_CELL - 1)}…` : safe;
};

export function pathLabel(path: FleetPath): string {
  switch (path.kind) {
    case 'p2p':
      return path.endpoint ? l10n.t('direct {0}', path.endpoint) : l10n.t('direct');
    case 'derp':
      return path.derpRegion ? `DERP ${path.derpRegion}` : 'DERP';
    case 'coder-connect':
      return 'Coder Connect';
    case 'unknown':
      return '–';
  }
}

/** The local time of day a row was checked, or "–". */
function checkedLabel(iso: string | null): string {
  if (iso === null) return '–';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? '–' : at.toTimeString().slice(0, 8);
}

function table(rows: readonly FleetRow[]): string[] {
  const header = ['WORKSPACE', 'STATUS', 'PATH', 'LATENCY', 'CHECKED', 'NOTE'];
  const body = rows.map((r) => [
    cell(r.owner ? `${r.owner}/${r.name}` : r.name),
    cell(r.status),
    cell(pathLabel(r.path)),
    r.latencyMs === null ? '–' : formatMs(r.latencyMs),
    checkedLabel(r.checkedAt),
    // The note is the last column, so it may run long; it stays on one line.
    r.error === null ? '' : printable(r.error),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((line) => line[c].length)));
  return [header, ...body].map((line) =>
    line
      .map((text, c) => (c === line.length - 1 ? text : text.padEnd(widths[c])))
      .join('  ')
      .trimEnd(),
  );
}

function heading(listing: FleetListing): string {
  return listing.deployment === null ? "The Coder CLI's own login" : cell(listing.deployment);
}

export function fleetText(result: FleetResult): string {
  const lines = [printable(fleetSummary(result.rows))];
  for (const listing of result.listings) {
    lines.push('', heading(listing));
    if (!listing.ok) {
      lines.push(`  could not list its workspaces: ${printable(listing.error ?? 'unknown error')}`);
      continue;
    }
    const rows = result.rows.filter((r) => r.deployment === listing.deployment);
    lines.push(...(rows.length === 0 ? ['  no workspaces'] : table(rows).map((l) => `  ${l}`)));
  }
  if (result.cancelled) lines.push('', 'Cancelled: rows without a figure were not checked.');
  return lines.join('\n') + '\n';
}
