// Decides which workspace a command is about: an explicit argument, the Coder remote this window
// is connected to, or the user's pick from `coder list` (remembering the last choice).
import * as vscode from 'vscode';
import { locateCoder } from '../diag/coder/locate';
import { describeFailure, runProcess } from '../diag/coder/run';
import { cliErrorHint } from '../diag/coder/cli-errors';
import { validateWorkspaceName } from '../diag/workspace-name';
import { parseCoderAuthority } from './remote-authority';
import type { CoderRemote } from './remote-authority';
import { parseWorkspaceList } from './workspace-list';
import type { WorkspaceEntry } from './workspace-list';

export interface TargetDeps {
  coderPath: () => string | undefined;
  storageDirs: string[];
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
export function workspaceFromArg(arg: unknown): string | undefined {
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
  manual?: boolean;
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

async function listWorkspaces(deps: TargetDeps): Promise<WorkspaceEntry[]> {
  const located = await locateCoder({ explicit: deps.coderPath(), storageDirs: deps.storageDirs });
  if (!located.ok) throw new Error(located.error);
  const result = await runProcess(located.path, ['list', '-o', 'json'], { timeoutMs: 30_000 });
  if (result.code !== 0) {
    const hint = cliErrorHint(result.stderr);
    throw new Error(describeFailure('`coder list`', result, 30_000) + (hint ? ` ${hint}` : ''));
  }
  return parseWorkspaceList(result.stdout);
}

function toItem(w: WorkspaceEntry, last: string | undefined): PickItem {
  const stopped = w.status !== 'running';
  return {
    label: w.name,
    description: [w.owner, w.target === last ? 'last checked' : ''].filter(Boolean).join(' · '),
    detail: stopped ? `$(debug-stop) ${w.status}: start it to check its connection` : `$(vm-running) ${w.status}`,
    target: w.target,
  };
}

async function pickWorkspace(deps: TargetDeps): Promise<string | undefined> {
  const pick = vscode.window.createQuickPick<PickItem>();
  pick.title = 'Check workspace connection';
  pick.placeholder = 'Which Coder workspace?';
  pick.matchOnDescription = true;
  pick.busy = true;
  const last = deps.lastWorkspace();
  const manual: PickItem = { label: '$(edit) Enter a workspace name…', manual: true, alwaysShow: true };
  pick.items = last ? [{ label: last, description: 'last checked', target: last }, manual] : [manual];
  pick.show();
  listWorkspaces(deps).then(
    (list) => {
      // The last choice first, then running workspaces before stopped ones.
      const sorted = [...list].sort(
        (a, b) =>
          Number(b.target === last) - Number(a.target === last) ||
          Number(a.status !== 'running') - Number(b.status !== 'running'),
      );
      pick.items = [...sorted.map((w) => toItem(w, last)), manual];
      const active = pick.items.find((i) => i.target === last);
      if (active) pick.activeItems = [active];
      pick.busy = false;
    },
    (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      deps.log.warn(`workspace list: ${message}`);
      pick.items = [
        {
          label: '$(warning) Could not list workspaces: enter a name…',
          detail: message,
          manual: true,
          alwaysShow: true,
        },
        ...pick.items.filter((i) => !i.manual),
      ];
      pick.busy = false;
    },
  );
  const chosen = await new Promise<PickItem | undefined>((resolve) => {
    pick.onDidAccept(() => resolve(pick.selectedItems[0]));
    pick.onDidHide(() => resolve(undefined));
  });
  pick.dispose();
  if (!chosen) return undefined;
  if (chosen.manual) {
    return vscode.window
      .showInputBox({
        title: 'Check workspace connection',
        prompt: 'Workspace name, as `coder ping` takes it: name, owner/name or name.agent',
        value: last ?? '',
        validateInput: (value) => validateWorkspaceName(value.trim()) ?? null,
      })
      .then((v) => v?.trim() || undefined);
  }
  return chosen.target;
}
