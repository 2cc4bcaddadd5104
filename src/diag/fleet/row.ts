// One workspace's line in the fleet view and in `wsdoctor fleet --json`: where it lives, its status,
// how it is connected and how fast, when that was measured, or why there is no figure. Pure.
import type { WorkspaceEntry } from '../coder/workspace-list';
import { validateWorkspaceName } from '../workspace-name';

export type FleetPathKind = 'p2p' | 'derp' | 'coder-connect' | 'unknown';

export interface FleetPath {
  kind: FleetPathKind;
  derpRegion: string | null;
  endpoint: string | null;
}

export interface FleetRow {
  /** The deployment URL the workspace was listed from; null: the Coder CLI's own login. */
  deployment: string | null;
  owner: string;
  name: string;
  /** The latest build's status as `coder list` says it. */
  status: string;
  path: FleetPath;
  /** The latest pong's round trip; null when there is no figure (then `error` says why, once checked). */
  latencyMs: number | null;
  /** When the ping ended (ISO time); null until checked. */
  checkedAt: string | null;
  /** Why there is no figure: not running, timed out, CLI error. */
  error: string | null;
}

export const UNKNOWN_PATH: FleetPath = { kind: 'unknown', derpRegion: null, endpoint: null };

/** The statuses `coder list` gives a workspace that can be pinged. */
export function isPingable(status: string): boolean {
  return status === 'running';
}

/** Why a workspace that is not running gets no ping, with the step that would change that. */
export function notRunningReason(entry: Pick<WorkspaceEntry, 'status' | 'target'>): string {
  switch (entry.status) {
    case 'stopped':
    case 'canceled':
      return `not pinged: the workspace is ${entry.status}; start it with \`coder start ${entry.target}\``;
    case 'pending':
    case 'starting':
      return 'not pinged: the workspace is starting; refresh once it is running';
    case 'stopping':
    case 'canceling':
    case 'deleting':
      return `not pinged: the workspace is ${entry.status}`;
    case 'failed':
      return 'not pinged: the latest build failed; see its build log in the dashboard';
    default:
      return `not pinged: the workspace is not running (status "${entry.status}")`;
  }
}

/** Why a listed workspace gets no ping, or null when it gets one. */
function notPingedReason(entry: WorkspaceEntry): string | null {
  if (!isPingable(entry.status)) return notRunningReason(entry);
  // The name comes from the server: one the CLI would misread (a leading dash) is not passed to it.
  const nameError = validateWorkspaceName(entry.target);
  return nameError ? `not pinged: ${nameError}` : null;
}

/** The row a listed workspace starts with: not checked yet, or not to be checked and why. */
export function listedRow(deployment: string | null, entry: WorkspaceEntry): FleetRow {
  return {
    deployment,
    owner: entry.owner,
    name: entry.name,
    status: entry.status,
    path: { ...UNKNOWN_PATH },
    latencyMs: null,
    checkedAt: null,
    error: notPingedReason(entry),
  };
}

/** One key per workspace across deployments: the view's row id, and the guard against two pings of one workspace. */
export function rowKey(row: Pick<FleetRow, 'deployment' | 'owner' | 'name'>): string {
  return JSON.stringify([row.deployment ?? '', row.owner, row.name]);
}
