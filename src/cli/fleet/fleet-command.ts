// `wsdoctor fleet`: every workspace of every signed-in deployment, each running one checked with a
// few short pings in parallel; prints the table as text or one JSON document.
import { printableLines } from '../../diag/printable';
import { FLEET_DEFAULTS, runFleetCheck } from '../../diag/fleet/fleet-check';
import { toFleetJson } from '../../diag/present/fleet-json';
import { fleetText } from '../../diag/present/fleet-text';
import { parseCommandLine, positiveInt, UsageError } from '../args';
import { FleetProgress } from './fleet-progress';
import { CLEAR_LINE, type CliIo } from '../io';
import { LOGIN_OPTIONS, loginFromFlags } from '../login-flags';

export const FLEET_USAGE = `Usage: wsdoctor fleet [--deployment URL|HOST | --global-config DIR] [--coder PATH] [--concurrency N]
                      [--count N] [--timeout S] [--json]

Lists the workspaces of every signed-in deployment and checks each running one with a few short
pings: direct (p2p) or relayed (DERP region), and the latest round trip. Workspaces that are not
running are listed, not pinged, and say why.
  --deployment D      only this signed-in deployment, by URL or host
  --global-config DIR only the Coder CLI login in this folder (files url and session)
  --coder PATH        the Coder CLI to use (default: each deployment's copy kept by the Coder extension, then PATH)
  --concurrency N     workspaces checked at once (default ${FLEET_DEFAULTS.concurrency}, at most 64)
  --count N           pings per workspace (default ${FLEET_DEFAULTS.pingCount})
  --timeout S         stop one workspace's check after S seconds (default ${FLEET_DEFAULTS.deadlineMs / 1000})
  --json              print exactly one JSON document
Exit status: 0 when every deployment's list was read (whatever the pings found), 2 when one could
not be read, 130 when interrupted.`;

const FLEET_OPTIONS = {
  concurrency: { type: 'string' },
  count: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  ...LOGIN_OPTIONS,
} as const;

export async function fleetCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, FLEET_OPTIONS);
  if (positionals.length > 0)
    throw new UsageError(`wsdoctor fleet takes no workspace (got "${positionals[0]}"); it checks them all`);
  const session = loginFromFlags(values);
  const concurrency = positiveInt(values.concurrency, 'concurrency', FLEET_DEFAULTS.concurrency, 64);
  const pingCount = positiveInt(values.count, 'count', FLEET_DEFAULTS.pingCount, 100);
  const deadlineMs = positiveInt(values.timeout, 'timeout', FLEET_DEFAULTS.deadlineMs / 1000, 3600) * 1000;

  const controller = new AbortController();
  const stop = (): void => controller.abort();
  io.onInterrupt(stop);
  // Progress is for a person watching a terminal: none with --json or when stderr is piped.
  const progress = io.stderrIsTTY && !values.json ? new FleetProgress() : null;
  const show = (line: string): void => io.stderr(`${CLEAR_LINE}${line}`);
  if (progress) show(progress.line());
  try {
    const result = await runFleetCheck(
      { session, concurrency, pingCount, deadlineMs },
      (event) => progress && show(progress.update(event)),
      controller.signal,
    );
    if (progress) io.stderr(CLEAR_LINE);
    for (const l of result.listings.filter((l) => !l.ok))
      io.stderr(`wsdoctor fleet: could not list ${l.deployment ?? 'workspaces'}: ${printableLines(l.error ?? '')}\n`);
    io.stdout(values.json ? JSON.stringify(toFleetJson(result), null, 2) + '\n' : fleetText(result));
    if (controller.signal.aborted) return 130;
    return result.listings.every((l) => l.ok) ? 0 : 2;
  } catch (err) {
    if (progress) io.stderr(CLEAR_LINE);
    throw err;
  } finally {
    io.offInterrupt(stop);
  }
}
