// Which logins a fleet check lists: every signed-in deployment, or the one `--deployment` /
// `--global-config` names. Files only, no CLI run.
import { discoverDeployments, type Deployment } from '../coder/deployments';
import { chooseDeployment, type LoginRequest } from '../coder/login';

type FleetLogins = { ok: true; deployments: (Deployment | null)[] } | { ok: false; error: string };

/** Every known deployment; with none known, the CLI's own defaults (null), whose error says how to sign in. */
export async function fleetLogins(request: LoginRequest): Promise<FleetLogins> {
  const { pick } = request;
  if (pick.kind === 'auto' && pick.query === undefined) {
    const all = await discoverDeployments({
      storageDirs: request.storageDirs,
      env: request.env,
      platform: request.platform,
      binaryDestination: request.binaryDestination,
    });
    return { ok: true, deployments: all.length > 0 ? all : [null] };
  }
  const choice = await chooseDeployment(request);
  return choice.ok ? { ok: true, deployments: [choice.deployment] } : { ok: false, error: choice.error };
}
