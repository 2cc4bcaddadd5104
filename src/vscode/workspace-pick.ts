// Decides which workspace a command is about: an explicit argument, the Coder remote this window
// is connected to, or the user's pick from `coder list` of every signed-in deployment (remembering
// the last choice and which deployment it came from).
import * as vscode from 'vscode';
import type { Deployment } from '../diag/coder/deployments';
import { resolveCoderCli, type LoginRequest } from '../diag/coder/login';
import { escapeIcons } from './status/icon-text';
import { validateWorkspaceName } from '../diag/workspace-name';
import { parseCoderAuthority } from './remote-authority';
import type { CoderRemote } from './remote-authority';
import { listWorkspaces as listDeploymentWorkspaces, type WorkspaceEntry } from '../diag/coder/workspace-list';
import { errorMessage } from '../diag/errors';

export interface TargetDeps {
  /** Every signed-in deployment (the Coder extension's logins and the CLI's own). */
  deployments: () => Promise<Deployment[]>;
  /** How CLI calls reach one deployment (null: the CLI's own defaults). */
  loginWith: (deployment: Deployment | null) => LoginRequest;
  /** Remembers which deployment a workspace was picked from. */
  setDeploymentOf: (workspace: string, url: string) => Promise<void>;
  lastWorkspace: () => string | undefined;
  log: vscode.LogOutputChannel;
}

/** The Coder workspace this window is connected to, if it is a Coder remote window. */
export function currentCoderRemote(): CoderRemote | null {
  if (vscode.env.remoteName !== 'ssh-remote') return null;
  const uris = [...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri), vscode.workspace.workspaceFile].filter(
    (u): u is vscode.Uri => u !== undefined && u.scheme === 'vscode-remote',
  );
  for (const uri of uris) {
    const remote = parseCoderAuthority(uri.authority);
    if (remote) return remote;
  }
  return null;
}

/** Accepts `"name"` or `{ workspace: "name" }` from keybindings and other extensions. */
function workspaceFromArg(arg: unknown): string | undefined {
  const value =
    typeof arg === 'string'
      ? arg
      : typeof arg === 'object' && arg !== null && 'workspace' in arg
        ? (arg as { workspace: unknown }).workspace
        : undefined;
  return typeof value === 'string' ? value.trim() : undefined;
}

interface PickItem extends vscode.QuickPickItem {
  target?: string;
  /** The deployment the workspace was listed from. */
  deploymentUrl?: string;
  manual?: boolean;
  failed?: boolean;
}

export async function resolveWorkspace(arg: unknown, deps: TargetDeps): Promise<string | undefined> {
  const given = workspaceFromArg(arg);
  if (given !== undefined) {
    const error = validateWorkspaceName(given);
    if (error) {
      void vscode.window.showErrorMessage(error);
      return undefined;
    }
    return given;
  }
  const remote = currentCoderRemote();
  if (remote) return remote.target;
  return pickWorkspace(deps);
}

interface DeploymentList {
  deployment: Deployment | null;
  entries: WorkspaceEntry[];
  error?: string;
}

/** `coder list` of one deployment, with its own login and CLI. */
async function listOne(deps: TargetDeps, deployment: Deployment | null): Promise<DeploymentList> {
  const resolved = await resolveCoderCli(deps.loginWith(deployment));
  if (!resolved.ok) return { deployment, entries: [], error: resolved.error };
  const listed = await listDeploymentWorkspaces(resolved.cli, { timeoutMs: 30_000 });
  return listed.ok ? { deployment, entries: listed.entries } : { deployment, entries: [], error: listed.error };
}

/** Every deployment's workspaces, side by side; with no login known, the CLI's own (it says how to sign in). */
async function listWorkspaces(deps: TargetDeps): Promise<DeploymentList[]> {
  const deployments = await deps.deployments();
  return Promise.all((deployments.length > 0 ? deployments : [null]).map((d) => listOne(deps, d)));
}

function toItem(w: WorkspaceEntry, last: string | undefined, deployment: Deployment | null): PickItem {
  const stopped = w.status !== 'running';
  return {
    label: escapeIcons(w.name),
    description: [escapeIcons(w.owner), w.target === last ? vscode.l10n.t('last checked') : '']
      .filter(Boolean)
      .join(' · '),
    detail: stopped
      ? `$(debug-stop) ${vscode.l10n.t('{0}: start it to check its connection', w.status)}`
      : `$(vm-running) ${w.status}`,
    target: w.target,
    deploymentUrl: deployment?.url,
  };
}

/** Items grouped by deployment (a separator each when there are several); failures say why, in their group. */
function itemsFor(lists: DeploymentList[], last: string | undefined): PickItem[] {
  const grouped = lists.length > 1;
  return lists.flatMap((list) => {
    const heading: PickItem[] = grouped
      ? [
          {
            label: list.deployment ? `${list.deployment.id}` : vscode.l10n.t('Coder CLI'),
            kind: vscode.QuickPickItemKind.Separator,
          },
        ]
      : [];
    if (list.error) {
      const what = list.deployment
        ? vscode.l10n.t('Could not list workspaces from {0}', list.deployment.id)
        : vscode.l10n.t('Could not list workspaces');
      return [...heading, { label: `$(warning) ${what}`, detail: list.error, alwaysShow: true, failed: true }];
    }
    // The last choice first, then running workspaces before stopped ones.
    const sorted = [...list.entries].sort(
      (a, b) =>
        Number(b.target === last) - Number(a.target === last) ||
        Number(a.status !== 'running') - Number(b.status !== 'running'),
    );
    return [...heading, ...sorted.map((w) => toItem(w, last, list.deployment))];
  });
}

async function pickWorkspace(deps: TargetDeps): Promise<string | undefined> {
  const pick = vscode.window.createQuickPick<PickItem>();
  pick.title = vscode.l10n.t('Check workspace connection');
  pick.placeholder = vscode.l10n.t('Which Coder workspace?');
  pick.matchOnDescription = true;
  pick.busy = true;
  const last = deps.lastWorkspace();
  const manual: PickItem = {
    label: `$(edit) ${vscode.l10n.t('Enter a workspace name…')}`,
    manual: true,
    alwaysShow: true,
  };
  pick.items = last ? [{ label: last, description: vscode.l10n.t('last checked'), target: last }, manual] : [manual];
  pick.show();
  let lists: DeploymentList[] = [];
  listWorkspaces(deps).then(
    (found) => {
      lists = found;
      for (const l of found)
        if (l.error) deps.log.warn(`workspace list${l.deployment ? ` (${l.deployment.id})` : ''}: ${l.error}`);
      pick.items = [...itemsFor(found, last), manual];
      const active = pick.items.find((i) => i.target === last);
      if (active) pick.activeItems = [active];
      pick.busy = false;
    },
    (err: unknown) => {
      const message = errorMessage(err);
      deps.log.warn(`workspace list: ${message}`);
      pick.items = [
        {
          label: `$(warning) ${vscode.l10n.t('Could not list workspaces')}`,
          detail: message,
          alwaysShow: true,
          failed: true,
        },
        ...pick.items,
      ];
      pick.busy = false;
    },
  );
  const chosen = await new Promise<PickItem | undefined>((resolve) => {
    pick.onDidAccept(() => {
      // A failure line is information, not a choice.
      if (!pick.selectedItems[0]?.failed) resolve(pick.selectedItems[0]);
    });
    pick.onDidHide(() => resolve(undefined));
  });
  pick.dispose();
  if (!chosen) return undefined;
  if (chosen.manual) return enterWorkspace(deps, last, lists);
  if (chosen.target && chosen.deploymentUrl) await deps.setDeploymentOf(chosen.target, chosen.deploymentUrl);
  return chosen.target;
}

/** A typed name; with several deployments signed in, also which one it belongs to. */
async function enterWorkspace(
  deps: TargetDeps,
  last: string | undefined,
  lists: DeploymentList[],
): Promise<string | undefined> {
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Check workspace connection'),
    prompt: vscode.l10n.t('Workspace name, as `coder ping` takes it: name, owner/name or name.agent'),
    value: last ?? '',
    validateInput: (value) => validateWorkspaceName(value.trim()) ?? null,
  });
  const workspace = typed?.trim();
  if (!workspace) return undefined;
  const deployments = lists.flatMap((l) => (l.deployment ? [l.deployment] : []));
  if (deployments.length > 1) {
    const choice = await vscode.window.showQuickPick(
      deployments.map((d) => ({ label: d.id, description: d.url, url: d.url })),
      {
        title: vscode.l10n.t('Which deployment is {0} on?', workspace),
        placeHolder: vscode.l10n.t('Several Coder deployments are signed in'),
      },
    );
    if (!choice) return undefined;
    await deps.setDeploymentOf(workspace, choice.url);
  } else if (deployments.length === 1) {
    await deps.setDeploymentOf(workspace, deployments[0].url);
  }
  return workspace;
}
