// `wsdoctor check`: runs the engine headless and prints text or one JSON document.
import { runCheck } from '../../diag/check/check';
import type { LocalProbeRunner } from '../../diag/check/check';
import type { Report } from '../../diag/model';
import { toJsonReport } from '../../diag/present/json';
import { toText } from '../../diag/present/text';
import { checkStunEntry } from '../../diag/coder/stun-server';
import { PING_COUNT } from '../../diag/check/ping-count';
import { parseCommandLine, positiveInt, UsageError } from '../args';
import { CheckProgress } from './check-progress';
import { CLEAR_LINE, type CliIo } from '../io';
import { LOGIN_OPTIONS, loginFromFlags } from '../login-flags';
import { coderSettingsFromFlags, NET_OPTIONS, NET_USAGE, netFromFlags } from '../net-flags';

export const CHECK_USAGE = `Usage: wsdoctor check <workspace> [--deployment URL|HOST | --global-config DIR] [--coder PATH] [--count N]
                      [--no-local] [--stun HOST:PORT[,...]] [--timeout S] [--json] [--ca-file FILE] [--header-command CMD]
       wsdoctor check --local [--deployment URL|HOST | --global-config DIR] [--stun HOST:PORT[,...]] [--json]

Checks the connection to a Coder workspace: direct (p2p) or relayed (DERP), latency, and why.
Uses the login you already have: the Coder extension's (one per deployment) or the Coder CLI's own.
  --deployment D      which signed-in deployment, by URL or host, when there are several
  --global-config DIR the Coder CLI login folder to use (files url and session)
  --coder PATH   the Coder CLI to use (default: the deployment's copy kept by the Coder extension, then PATH)
  --count N      pings to send (default ${PING_COUNT.default}, at most ${PING_COUNT.max})
  --no-local     only what the Coder CLI reports, none of wsdoctor's own probes
  --local        only wsdoctor's own probes of this machine; no workspace or CLI needed
  --stun LIST    STUN servers for the probes, instead of the deployment's (or public ones
                 when no deployment is known)
  --timeout S    stop the Coder CLI after S seconds (default: enough for the pings)
  --json         print exactly one JSON document
${NET_USAGE}
Exit status: 0 when the check ran (whatever it found), 2 when it could not run, 130 when interrupted.`;

/** The check could not run at all: no CLI, or not a single ping attempt came back. */
export function couldNotRun(report: Report, localOnly: boolean): boolean {
  const failed = (name: string) => report.sources.some((s) => s.source === name && !s.ok);
  if (localOnly) return failed('local');
  return failed('version') || (failed('ping') && report.pings.sent === 0);
}

/** `--stun a:1,b:2`: every entry a host (or [IPv6]) with a port from 1 to 65535; no empty entries. */
export function parseStunFlag(text: string): string[] {
  const entries = text.split(',').map((s) => s.trim());
  if (entries.every((s) => s === '')) throw new UsageError('--stun needs at least one HOST:PORT');
  for (const s of entries) {
    if (s === '')
      throw new UsageError(`--stun: an empty entry in "${text}"; separate HOST:PORT entries with one comma`);
    const checked = checkStunEntry(s);
    if (!checked.ok) throw new UsageError(`--stun: ${checked.reason}`);
  }
  return entries;
}

const CHECK_OPTIONS = {
  count: { type: 'string' },
  stun: { type: 'string' },
  timeout: { type: 'string' },
  'no-local': { type: 'boolean' },
  local: { type: 'boolean' },
  json: { type: 'boolean' },
  ...LOGIN_OPTIONS,
  ...NET_OPTIONS,
} as const;

export async function checkCommand(argv: string[], io: CliIo, localProbes?: LocalProbeRunner): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, CHECK_OPTIONS);
  const localOnly = values.local === true;
  const workspace = positionals[0] ?? '';
  if (positionals.length > 1) throw new UsageError(`Expected one workspace, got ${positionals.length}`);
  if (localOnly && workspace) throw new UsageError('--local runs without a workspace; drop the workspace or --local');
  if (!localOnly && !workspace)
    throw new UsageError('Which workspace? e.g. `wsdoctor check dev` (or `wsdoctor check --local`)');
  if (localOnly && values['no-local']) throw new UsageError('--local and --no-local contradict each other');
  const stunServers = values.stun === undefined ? undefined : parseStunFlag(values.stun);

  const session = loginFromFlags(values);
  const net = netFromFlags(values);
  const coderSettings = coderSettingsFromFlags(values);
  if (coderSettings) session.settings = coderSettings;
  const pingCount = positiveInt(values.count, 'count', PING_COUNT.default, PING_COUNT.max);
  const timeoutMs = values.timeout !== undefined ? positiveInt(values.timeout, 'timeout', 60, 3600) * 1000 : undefined;

  const controller = new AbortController();
  const stop = () => controller.abort();
  io.onInterrupt(stop);
  // Progress is for a person watching a terminal: none with --json or when stderr is piped.
  const progress =
    io.stderrIsTTY && !values.json
      ? new CheckProgress(pingCount, { cli: !localOnly, local: localOnly || !values['no-local'] })
      : null;
  const show = (line: string): void => io.stderr(`${CLEAR_LINE}${line}`);
  if (progress) show(progress.line());
  try {
    const report = await runCheck(
      {
        workspace,
        session,
        pingCount,
        local: !values['no-local'],
        localOnly,
        stunServers,
        net,
        timeoutMs,
      },
      (event) => {
        const line = progress?.update(event);
        if (line) show(line);
      },
      controller.signal,
      localProbes,
    );
    if (progress) io.stderr(CLEAR_LINE);
    io.stdout(values.json ? JSON.stringify(toJsonReport(report), null, 2) + '\n' : toText(report));
    if (controller.signal.aborted) return 130;
    return couldNotRun(report, localOnly) ? 2 : 0;
  } catch (err) {
    if (progress) io.stderr(CLEAR_LINE);
    throw err;
  } finally {
    io.offInterrupt(stop);
  }
}
