// `wsdoctor check`: runs the engine headless and prints text or one JSON document.
import { runCheck } from '../diag/check';
import { defaultStorageDirs } from '../diag/coder/locate';
import type { DeploymentPick } from '../diag/coder/session';
import type { LocalProbeRunner } from '../diag/check';
import type { Report } from '../diag/model';
import { toJsonReport } from '../diag/present/json';
import { toText } from '../diag/present/text';
import { parseArgs, positiveInt, UsageError } from './args';
import type { CliIo } from './io';

export const CHECK_USAGE = `Usage: wsdoctor check <workspace> [--deployment URL|HOST | --global-config DIR] [--coder PATH] [--count N]
                      [--no-local] [--stun HOST:PORT[,...]] [--timeout S] [--json]
       wsdoctor check --local [--deployment URL|HOST | --global-config DIR] [--stun HOST:PORT[,...]] [--json]

Checks the connection to a Coder workspace: direct (p2p) or relayed (DERP), latency, and why.
Uses the login you already have: the Coder extension's (one per deployment) or the Coder CLI's own.
  --deployment D      which signed-in deployment, by URL or host, when there are several
  --global-config DIR the Coder CLI login folder to use (files url and session)
  --coder PATH   the Coder CLI to use (default: the deployment's copy kept by the Coder extension, then PATH)
  --count N      pings to send (default 5)
  --no-local     only what the Coder CLI reports, none of wsdoctor's own probes
  --local        only wsdoctor's own probes of this machine; no workspace or CLI needed
  --stun LIST    STUN servers for the probes, instead of the deployment's (or public ones
                 when no deployment is known)
  --timeout S    stop the Coder CLI after S seconds (default: enough for the pings)
  --json         print exactly one JSON document
Exit status: 0 when the check ran (whatever it found), 2 when it could not run, 130 when interrupted.`;

/** The check could not run at all: no CLI, or not a single ping attempt came back. */
export function couldNotRun(report: Report, localOnly: boolean): boolean {
  const failed = (name: string) => report.sources.some((s) => s.source === name && !s.ok);
  if (localOnly) return failed('local');
  return failed('version') || (failed('ping') && report.pings.sent === 0);
}

export async function checkCommand(argv: string[], io: CliIo, localProbes?: LocalProbeRunner): Promise<number> {
  const args = parseArgs(argv, {
    values: ['coder', 'count', 'stun', 'timeout', 'deployment', 'global-config'],
    switches: ['no-local', 'local', 'json'],
  });
  const localOnly = args.switches.has('local');
  const workspace = args.positional[0] ?? '';
  if (args.positional.length > 1) throw new UsageError(`Expected one workspace, got ${args.positional.length}`);
  if (localOnly && workspace) throw new UsageError('--local runs without a workspace; drop the workspace or --local');
  if (!localOnly && !workspace)
    throw new UsageError('Which workspace? e.g. `wsdoctor check dev` (or `wsdoctor check --local`)');
  if (localOnly && args.switches.has('no-local')) throw new UsageError('--local and --no-local contradict each other');
  const stunServers = args.values
    .get('stun')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of stunServers ?? []) {
    if (!/^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):\d{1,5}$/.test(s)) throw new UsageError(`--stun: "${s}" is not host:port`);
  }

  const query = args.values.get('deployment');
  const folder = args.values.get('global-config');
  if (query !== undefined && folder !== undefined)
    throw new UsageError('--deployment and --global-config both pick the login; give one of them');
  if (query !== undefined && query.trim() === '') throw new UsageError('--deployment needs a URL or host');
  const pick: DeploymentPick = folder !== undefined ? { kind: 'folder', dir: folder } : { kind: 'auto', query };

  const controller = new AbortController();
  const stop = () => controller.abort();
  io.onInterrupt(stop);
  try {
    const report = await runCheck(
      {
        workspace,
        session: { pick, coderPath: args.values.get('coder'), storageDirs: defaultStorageDirs(), env: process.env },
        pingCount: positiveInt(args.values.get('count'), 'count', 5, 1000),
        local: !args.switches.has('no-local'),
        localOnly,
        stunServers,
        timeoutMs: args.values.has('timeout')
          ? positiveInt(args.values.get('timeout'), 'timeout', 60, 3600) * 1000
          : undefined,
      },
      () => undefined,
      controller.signal,
      localProbes,
    );
    io.stdout(args.switches.has('json') ? JSON.stringify(toJsonReport(report), null, 2) + '\n' : toText(report));
    if (controller.signal.aborted) return 130;
    return couldNotRun(report, localOnly) ? 2 : 0;
  } finally {
    io.offInterrupt(stop);
  }
}
