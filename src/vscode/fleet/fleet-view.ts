// The Workspaces view: a tree of every workspace of every signed-in deployment, filled by the fleet
// check. One refresh at a time (a second request joins it), progress on the view, cancellable, and
// an optional background refresh that never overlaps one.
import * as vscode from 'vscode';
import type { LoginRequest } from '../../diag/coder/login';
import { errorMessage } from '../../diag/errors';
import { FLEET_DEFAULTS, runFleetCheck, type FleetEvent, type FleetListing } from '../../diag/fleet/fleet-check';
import type { PingFigures } from '../../diag/fleet/ping-workspace';
import { rowKey, type FleetRow } from '../../diag/fleet/row';
import { SingleFlight } from '../../diag/fleet/single-flight';
import { fleetSummary } from '../../diag/fleet/summary';
import { onConfigChange, readFleetConfig } from '../settings/config';
import { CONTEXT_KEYS } from '../context-keys';
import { setContextKey } from '../set-context';
import {
  deploymentView,
  figuresOf,
  isRowOf,
  rowView,
  viewMessage,
  withLive,
  ROW_CONTEXT,
  type LiveReading,
  type RowView,
  type Thresholds,
  type WorkspaceRef,
} from './fleet-view-model';

const FLEET_VIEW_ID = 'wsdoctor.fleet';
/** Relative times ("2 min ago") are redrawn this often while the view shows. */
const CLOCK_MS = 30_000;

interface FleetViewDeps {
  log: vscode.LogOutputChannel;
  /** CLI calls that list every signed-in deployment. */
  session: () => LoginRequest;
  thresholds: () => Thresholds;
  /** The status bar's fresh reading of the workspace it watches, or null. */
  liveReading: () => LiveReading | null;
  onLiveChange: vscode.Event<void>;
  /** This window's workspace when it is a Coder remote window. */
  currentWorkspace: () => WorkspaceRef | null;
}

type FleetNode =
  { kind: 'deployment'; listing: FleetListing } | { kind: 'row'; key: string } | { kind: 'message'; text: string };

export class FleetView implements vscode.TreeDataProvider<FleetNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<FleetNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<FleetNode>;
  private readonly flight = new SingleFlight<void>((signal) => this.run(signal));
  private readonly disposables: vscode.Disposable[] = [];
  private rows: FleetRow[] = [];
  private listings: FleetListing[] = [];
  private readonly checking = new Set<string>();
  private done = 0;
  private cancelled = false;
  private everRefreshed = false;
  private background: NodeJS.Timeout | undefined;
  private clock: NodeJS.Timeout | undefined;
  private liveSignature = '';
  private backgroundMinutes = 0;
  /** A refresh cancelled by dispose still settles; it must not draw on the disposed view. */
  private disposed = false;

  constructor(private readonly deps: FleetViewDeps) {
    this.view = vscode.window.createTreeView(FLEET_VIEW_ID, { treeDataProvider: this, showCollapseAll: false });
    this.disposables.push(
      this.view,
      this.changed,
      // The first look at the view fills it; later ones keep what it shows.
      this.view.onDidChangeVisibility((e) => {
        if (e.visible && !this.everRefreshed) void this.refresh();
        this.runClock(e.visible);
      }),
      deps.onLiveChange(() => this.onLiveChange()),
      onConfigChange(() => {
        this.scheduleBackground();
        this.redraw();
      }),
    );
    this.scheduleBackground();
    if (this.view.visible) {
      void this.refresh();
      this.runClock(true);
    }
  }

  /** Starts a refresh with its progress on the view, or joins the one running. Never rejects. */
  refresh(): Promise<void> {
    if (this.flight.busy) return this.flight.refresh();
    const running = this.flight.refresh();
    void vscode.window.withProgress(
      { location: { viewId: FLEET_VIEW_ID }, title: vscode.l10n.t('Checking workspaces'), cancellable: true },
      (_progress, token) => {
        const onCancel = token.onCancellationRequested(() => this.cancel());
        return running.finally(() => onCancel.dispose());
      },
    );
    return running;
  }

  cancel(): void {
    this.flight.cancel();
  }

  /** Cancels a running refresh and waits until its `coder` processes are gone (used on deactivate). */
  async shutdown(): Promise<void> {
    if (!this.flight.busy) return;
    const running = this.flight.refresh();
    this.flight.cancel();
    await running;
  }

  /** The row a tree node stands for, as shown (with the status bar's reading folded in). */
  rowOf(node: unknown): FleetRow | undefined {
    if (typeof node !== 'object' || node === null || (node as FleetNode).kind !== 'row') return undefined;
    const key = (node as { key: unknown }).key;
    const row = this.rows.find((r) => rowKey(r) === key);
    return row && withLive(row, this.deps.liveReading());
  }

  getChildren(node?: FleetNode): FleetNode[] {
    if (node?.kind === 'deployment') return this.childrenOf(node.listing);
    if (node) return [];
    // One deployment: its rows at the top, since a lone group line would only repeat the summary.
    if (this.listings.length === 1) return this.childrenOf(this.listings[0]);
    return this.listings.map((listing) => ({ kind: 'deployment', listing }));
  }

  getTreeItem(node: FleetNode): vscode.TreeItem {
    if (node.kind === 'message') {
      const item = new vscode.TreeItem(node.text);
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      item.tooltip = node.text;
      item.contextValue = ROW_CONTEXT.message;
      return item;
    }
    if (node.kind === 'deployment') {
      const rows = this.rows.filter((r) => r.deployment === node.listing.deployment);
      const item = toTreeItem(
        deploymentView(node.listing, rows, vscode.l10n),
        vscode.TreeItemCollapsibleState.Expanded,
      );
      item.id = `deployment:${node.listing.deployment ?? ''}`;
      return item;
    }
    const row = this.rowOf(node);
    if (!row) return new vscode.TreeItem(vscode.l10n.t('(gone)'));
    const current = this.deps.currentWorkspace();
    const view = rowView(row, {
      checking: this.checking.has(node.key),
      current: current !== null && isRowOf(row, current),
      thresholds: this.deps.thresholds(),
      nowMs: Date.now(),
      l10n: vscode.l10n,
    });
    const item = toTreeItem(view, vscode.TreeItemCollapsibleState.None);
    item.id = node.key;
    return item;
  }

  private childrenOf(listing: FleetListing): FleetNode[] {
    if (!listing.ok)
      return [
        {
          kind: 'message',
          text: vscode.l10n.t('Could not list workspaces: {0}', listing.error ?? vscode.l10n.t('unknown error')),
        },
      ];
    return this.rows.filter((r) => r.deployment === listing.deployment).map((r) => ({ kind: 'row', key: rowKey(r) }));
  }

  private async run(signal: AbortSignal): Promise<void> {
    this.everRefreshed = true;
    const previous = new Map(this.rows.map((r) => [rowKey(r), r]));
    const fleet = readFleetConfig();
    let firstListing = true;
    this.checking.clear();
    this.done = 0;
    this.cancelled = false;
    setContextKey(CONTEXT_KEYS.fleetRefreshing, true);
    this.redraw();
    try {
      const result = await runFleetCheck(
        {
          session: this.deps.session(),
          concurrency: fleet.concurrency,
          pingCount: FLEET_DEFAULTS.pingCount,
          deadlineMs: FLEET_DEFAULTS.deadlineMs,
          known: (row) => this.knownFigures(row),
        },
        (event) => {
          if (event.type === 'listed' && firstListing) {
            firstListing = false;
            this.rows = [];
            this.listings = [];
          }
          this.apply(event, previous);
        },
        signal,
      );
      this.rows = result.rows.map((row) => keepPrevious(row, previous.get(rowKey(row))));
      this.listings = result.listings;
      this.cancelled = result.cancelled;
      for (const l of result.listings)
        if (!l.ok) this.deps.log.warn(`workspaces view: could not list ${l.deployment ?? 'workspaces'}: ${l.error}`);
      this.deps.log.info(`workspaces view: ${fleetSummary(result.rows)}${result.cancelled ? ' (cancelled)' : ''}`);
    } catch (err) {
      // The engine does not throw by design; if it does, say so rather than leave a spinner.
      this.deps.log.error(`workspaces view: refresh failed: ${errorMessage(err)}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not refresh the workspaces: {0}', errorMessage(err)));
    } finally {
      this.checking.clear();
      if (!this.disposed) setContextKey(CONTEXT_KEYS.fleetRefreshing, false);
      this.redraw();
    }
  }

  private apply(event: FleetEvent, previous: Map<string, FleetRow>): void {
    if (event.type === 'listed') {
      this.listings.push(event.listing);
      this.rows.push(...event.rows.map((row) => keepPrevious(row, previous.get(rowKey(row)))));
    } else if (event.type === 'ping-started') {
      this.checking.add(event.key);
    } else {
      this.checking.delete(event.key);
      this.done++;
      this.rows = this.rows.map((r) => (rowKey(r) === event.key ? event.row : r));
    }
    this.redraw();
  }

  /** The workspace the status bar watches gets its live reading instead of a second `coder` process. */
  private knownFigures(row: FleetRow): PingFigures | null {
    const live = this.deps.liveReading();
    return live && isRowOf(row, live.workspace) ? figuresOf(live.sample) : null;
  }

  /** Redraws only when the status bar's reading changes what its row shows. */
  private onLiveChange(): void {
    const live = this.deps.liveReading();
    const signature = live
      ? JSON.stringify([live.workspace, live.sample.path, live.sample.region, live.sample.latencyMs])
      : '';
    if (signature === this.liveSignature) return;
    this.liveSignature = signature;
    if (this.rows.length > 0) this.redraw();
  }

  private redraw(): void {
    if (this.disposed) return;
    const live = this.deps.liveReading();
    const shown = this.rows.map((r) => withLive(r, live));
    this.view.message =
      this.listings.length === 0 && !this.flight.busy
        ? undefined
        : viewMessage(
            this.listings.length === 0 ? vscode.l10n.t('Listing workspaces…') : fleetSummary(shown),
            {
              checking: this.checking.size,
              done: this.done,
              cancelled: this.cancelled,
              failedLists: this.listings.filter((l) => !l.ok).length,
            },
            vscode.l10n,
          );
    this.changed.fire(undefined);
  }

  /** (Re)starts the background timer when its setting changed; other settings leave it running. */
  private scheduleBackground(): void {
    const minutes = readFleetConfig().refreshMinutes;
    if (minutes === this.backgroundMinutes) return;
    this.backgroundMinutes = minutes;
    if (this.background) clearInterval(this.background);
    this.background = undefined;
    if (minutes <= 0) return;
    this.background = setInterval(() => {
      // Never a second refresh beside one that runs (a click, or a slow previous round).
      if (!this.flight.busy) void this.refresh();
    }, minutes * 60_000);
  }

  private runClock(visible: boolean): void {
    if (this.clock) clearInterval(this.clock);
    this.clock = visible
      ? setInterval(() => this.rows.length > 0 && this.changed.fire(undefined), CLOCK_MS)
      : undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.flight.cancel();
    if (this.background) clearInterval(this.background);
    if (this.clock) clearInterval(this.clock);
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

/** A row being checked again keeps its last figures on show; a cancelled check keeps the old ones. */
function keepPrevious(row: FleetRow, old: FleetRow | undefined): FleetRow {
  if (!old || old.checkedAt === null || old.status !== row.status) return row;
  const { cancelled, ...rest } = row;
  const unchecked = row.checkedAt === null && (row.error === null || cancelled === true);
  // The old figures come back with their own error; the cancel is no longer what the row shows.
  return unchecked
    ? { ...rest, path: old.path, latencyMs: old.latencyMs, checkedAt: old.checkedAt, error: old.error }
    : row;
}

function toTreeItem(view: RowView, state: vscode.TreeItemCollapsibleState): vscode.TreeItem {
  const item = new vscode.TreeItem(view.label, state);
  item.description = view.description;
  item.iconPath = new vscode.ThemeIcon(view.icon, view.color ? new vscode.ThemeColor(view.color) : undefined);
  const tooltip = new vscode.MarkdownString(view.tooltip);
  tooltip.isTrusted = false;
  tooltip.supportHtml = false;
  item.tooltip = tooltip;
  item.contextValue = view.contextValue;
  item.accessibilityInformation = { label: view.ariaLabel };
  return item;
}
