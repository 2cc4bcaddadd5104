// One workspace's line in the fleet view and in `wsdoctor fleet --json`: where it lives, its status,
// how it is connected and how fast, when that was measured, or why there is no figure. Pure.
import type { WorkspaceEntry } from '../coder/workspace-list';
import { l10n } from '../l10n';
import { validateWorkspaceName } from '../workspace-name';

type FleetPathKind = 'p2p' | 'derp' | 'coder-connect' | 'unknown';

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
  /** Not to be pinged (not running, or a name the CLI would misread); `error` says why. */
  skipped?: boolean;
  /** Its check was cancelled before a figure came; `error` says so in the user's words. */
  cancelled?: boolean;
}

const UNKNOWN_PATH: FleetPath = { kind: 'unknown', derpRegion: null, endpoint: null };

/** The statuses `coder list` gives a workspace that can be pinged. */
export function isPingable(status: string): boolean {
  return status === 'running';
}

/** A `coder list` status in the user's language; one we do not know is shown as the CLI said it. */
export function statusLabel(status: string): string {
  switch (status) {
    case 'pending':
      return l10n.t('pending');
    case 'starting':
      return l10n.t('starting');
    case 'running':
      return l10n.t('running');
    case 'stopping':
      return l10n.t('stopping');
    case 'stopped':
      return l10n.t('stopped');
    case 'failed':
      return l10n.t('failed');
    case 'canceling':
      return l10n.t('canceling');
    case 'canceled':
      return l10n.t('canceled');
    case 'deleting':
      return l10n.t('deleting');
    case 'deleted':
      return l10n.t('deleted');
    default:
      return status;
  }
}

/** Why a workspace that is not running gets no ping, with the step that would change that. */
export function notRunningReason(entry: Pick<WorkspaceEntry, 'status' | 'target'>): string {
  switch (entry.status) {
    case 'stopped':
    case 'canceled':
      return l10n.t(
        'not pinged: the workspace is {0}; start it with `coder start {1}`',
        statusLabel(entry.status),
        entry.target,
      );
    case 'pending':
    case 'starting':
      return l10n.t('not pinged: the workspace is starting; refresh once it is running');
    case 'stopping':
    case 'canceling':
    case 'deleting':
      return l10n.t('not pinged: the workspace is {0}', statusLabel(entry.status));
    case 'failed':
      return l10n.t('not pinged: the latest build failed; see its build log in the dashboard');
    default:
      return l10n.t('not pinged: the workspace is not running (status "{0}")', entry.status);
  }
}

/** Why a listed workspace gets no ping, or null when it gets one. */
function notPingedReason(entry: WorkspaceEntry): string | null {
  if (!isPingable(entry.status)) return notRunningReason(entry);
  // The name comes from the server: one the CLI would misread (a leading dash) is not passed to it.
  const nameError = validateWorkspaceName(entry.target);
  return nameError ? l10n.t('not pinged: {0}', nameError) : null;
}

/** The row a listed workspace starts with: not checked yet, or not to be checked and why. */
export function listedRow(deployment: string | null, entry: WorkspaceEntry): FleetRow {
  const error = notPingedReason(entry);
  return {
    deployment,
    owner: entry.owner,
    name: entry.name,
    status: entry.status,
    path: { ...UNKNOWN_PATH },
    latencyMs: null,
    checkedAt: null,
    error,
    ...(error === null ? {} : { skipped: true }),
  };
}

/** One key per workspace across deployments: the view's row id, and the guard against two pings of one workspace. */
export function rowKey(row: Pick<FleetRow, 'deployment' | 'owner' | 'name'>): string {
  return JSON.stringify([row.deployment ?? '', row.owner, row.name]);
}
