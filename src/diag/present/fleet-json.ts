// `wsdoctor fleet --json`: one document, one row per workspace `coder list` returned.
import type { FleetResult } from '../fleet/fleet-check';

/** Raised when a field is renamed, removed or changes meaning; added fields keep the version. */
const FLEET_SCHEMA_VERSION = 1;

export function toFleetJson(result: FleetResult): Record<string, unknown> {
  return {
    schemaVersion: FLEET_SCHEMA_VERSION,
    workspaces: result.rows.map((r) => ({
      deployment: r.deployment,
      owner: r.owner,
      name: r.name,
      status: r.status,
      path: { kind: r.path.kind, derpRegion: r.path.derpRegion, endpoint: r.path.endpoint },
      latencyMs: r.latencyMs,
      checkedAt: r.checkedAt,
      error: r.error,
    })),
    // Which deployments were listed, and why one could not be: a list that is missing rows says so.
    deployments: result.listings.map((l) => ({ deployment: l.deployment, ok: l.ok, error: l.error ?? null })),
    cancelled: result.cancelled,
  };
}
