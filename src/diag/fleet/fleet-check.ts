// The fleet check: lists the workspaces of every known deployment, then pings each running one with
// a few short pings, at most `concurrency` at once and each within its deadline, so one hanging CLI
// cannot stall the list. Workspaces that are not running are listed, not pinged, and say why.
import type { Deployment } from '../coder/deployments';
import { resolveCoderCli, type CoderCli, type LoginRequest } from '../coder/login';
import { listWorkspaces, type WorkspaceEntry } from '../coder/workspace-list';
import { errorMessage } from '../errors';
import { l10n } from '../l10n';
import { runLimited } from './limiter';
import { fleetLogins } from './fleet-logins';
import { pingWorkspace, type PingFigures } from './ping-workspace';
import { listedRow, rowKey, type FleetRow } from './row';

export const FLEET_DEFAULTS = { concurrency: 4, pingCount: 3, deadlineMs: 15_000 } as const;
const LIST_TIMEOUT_MS = 30_000;

interface FleetOptions {
  /** Which logins: `auto` without a query lists every signed-in deployment. */
  session: LoginRequest;
  concurrency: number;
  pingCount: number;
  /** Time one workspace's ping may take, start to end. */
  deadlineMs: number;
  /**
   * Figures already known for a row (the status bar's live reading of its workspace): that row takes
   * them and is not pinged, so the workspace never gets a second `coder` process.
   */
  known?: (row: FleetRow) => PingFigures | null;
  now?: () => Date;
}

/** One deployment's `coder list`: read, or why not. */
export interface FleetListing {
  deployment: string | null;
  ok: boolean;
  error?: string;
}

export type FleetEvent =
  | { type: 'listed'; listing: FleetListing; rows: FleetRow[] }
  | { type: 'ping-started'; key: string; row: FleetRow }
  | { type: 'ping-finished'; key: string; row: FleetRow };

export interface FleetResult {
  /** One per workspace `coder list` returned, in list order, deployments in discovery order. */
  rows: FleetRow[];
  listings: FleetListing[];
  cancelled: boolean;
}

interface Listed {
  listing: FleetListing;
  cli: CoderCli | null;
  entries: WorkspaceEntry[];
}

/** One ping per workspace key; every row with that key (a list that repeats itself) shares it. */
interface PingJob {
  key: string;
  cli: CoderCli;
  target: string;
  rows: number[];
}

export async function runFleetCheck(
  options: FleetOptions,
  emit: (event: FleetEvent) => void,
  signal: AbortSignal,
): Promise<FleetResult> {
  const logins = await fleetLogins(options.session);
  if (!logins.ok) {
    const listing = { deployment: null, ok: false, error: logins.error };
    emit({ type: 'listed', listing, rows: [] });
    return { rows: [], listings: [listing], cancelled: signal.aborted };
  }
  const lists = await Promise.all(logins.deployments.map((d) => listOne(options.session, d, signal)));
  const rows: FleetRow[] = [];
  const jobs = new Map<string, PingJob>();
  for (const { listing, cli, entries } of lists) {
    const listedRows = entries.map((entry) => listedRow(listing.deployment, entry));
    emit({ type: 'listed', listing, rows: listedRows });
    entries.forEach((entry, i) => {
      const row = listedRows[i];
      const index = rows.push(row) - 1;
      if (!cli || row.error !== null) return;
      const known = options.known?.(row);
      if (known) {
        rows[index] = { ...row, ...known };
        return;
      }
      const key = rowKey(row);
      const job = jobs.get(key);
      if (job) job.rows.push(index);
      else jobs.set(key, { key, cli, target: entry.target, rows: [index] });
    });
  }
  const outcomes = await runLimited(
    [...jobs.values()],
    async (job, taskSignal) => {
      emit({ type: 'ping-started', key: job.key, row: rows[job.rows[0]] });
      const figures = await pingWorkspace(
        {
          cli: job.cli,
          target: job.target,
          count: options.pingCount,
          deadlineMs: options.deadlineMs,
          now: options.now,
        },
        taskSignal,
      );
      for (const i of job.rows) rows[i] = { ...rows[i], ...figures };
      emit({ type: 'ping-finished', key: job.key, row: rows[job.rows[0]] });
      return figures;
    },
    { concurrency: options.concurrency, deadlineMs: options.deadlineMs, signal },
  );
  [...jobs.values()].forEach((job, n) => {
    const outcome = outcomes[n];
    if (outcome.ok) return;
    const error = outcome.cancelled
      ? l10n.t('not checked: cancelled')
      : l10n.t('not checked: {0}', errorMessage(outcome.error));
    const cancelled = outcome.cancelled ? { cancelled: true } : {};
    for (const i of job.rows) rows[i] = { ...rows[i], error, ...cancelled };
  });
  return { rows, listings: lists.map((l) => l.listing), cancelled: signal.aborted };
}

async function listOne(session: LoginRequest, deployment: Deployment | null, signal: AbortSignal): Promise<Listed> {
  const url = deployment?.url ?? null;
  const resolved = await resolveCoderCli({ ...session, pick: { kind: 'known', deployment } }, signal);
  if (!resolved.ok) return { listing: { deployment: url, ok: false, error: resolved.error }, cli: null, entries: [] };
  const listed = await listWorkspaces(resolved.cli, { timeoutMs: LIST_TIMEOUT_MS, signal });
  if (!listed.ok) return { listing: { deployment: url, ok: false, error: listed.error }, cli: null, entries: [] };
  return { listing: { deployment: url, ok: true }, cli: resolved.cli, entries: listed.entries };
}
