// `wsdoctor speedtest`: the SSH speed test headless, as text (interval table) or one JSON document.
import { printable, printableLines } from '../../diag/printable';
import { resolveCoderCli } from '../../diag/coder/login';
import { parseGoDuration } from '../../diag/duration';
import { hopLabel } from '../../diag/present/speedtest-path';
import { toSpeedtestJson } from '../../diag/present/speedtest-report-json';
import { runSpeedtest } from '../../diag/speedtest/speedtest';
import { checkStreams } from '../../diag/speedtest/streams';
import { FINGERPRINT_SHAPE } from '../../diag/speedtest/host-key-policy';
import { parseTarget, withCoderCli } from '../../diag/speedtest/target';
import { speedtestText } from '../../diag/present/speedtest-text';
import type {
  Direction,
  ParsedTarget,
  SpeedtestEvent,
  SpeedtestOptions,
  SpeedtestReport,
} from '../../diag/speedtest/types';
import { parseCommandLine, UsageError, type ParsedCommandLine } from '../args';
import type { CliIo } from '../io';
import { LOGIN_OPTIONS, loginFromFlags } from '../login-flags';

export const SPEEDTEST_USAGE = `Usage: wsdoctor speedtest <workspace | ssh://user@host:port> [--direction down|up|both] [--time 5s]
         [--identity KEYFILE] [--coder PATH] [--deployment URL|HOST | --global-config DIR] [--accept-new]
         [--trust-host-key SHA256:...] [--known-hosts FILE] [--cli-tunnel] [--direct [--direct-timeout 30s]]
         [--streams N] [--json]

Measures download and upload over SSH, the path the editor uses (for a Coder workspace, through
\`coder ssh --stdio\`), with the round trip before and during the transfer (latency under load).
  --direction D    down, up or both (default down, like \`coder speedtest\`)
  --deployment D   which signed-in deployment (URL or host) the workspace is on, when there are several
  --global-config DIR  the Coder CLI login folder to use
  --time T         how long each direction runs, e.g. 5s, 10s (default 5s, 1s to 10m)
  --identity FILE  private key for plain SSH hosts (otherwise ~/.ssh/id_* and ssh-agent)
  --coder PATH     the Coder CLI to use (default: the Coder extension's copy, then PATH)
  --accept-new     trust and record an SSH host key that known_hosts does not know (never a changed one)
  --trust-host-key FP
                   trust and record an unknown SSH host key only if its fingerprint is FP (SHA256:...,
                   as the refusal shows it); a different key is refused
  --known-hosts F  check host keys against this file instead of ~/.ssh/known_hosts
  --cli-tunnel     also run \`coder speedtest -o json\` for the CLI's own tunnel figure
  --direct         wait for a direct (p2p) connection first, like \`coder speedtest -d\`; if none forms
                   in time, measure over the relay and say so
  --direct-timeout T
                   how long --direct waits (default 30s, 1s to 10m)
  --streams N      run N parallel streams per direction and sum them, like iperf3 -P (default 1,
                   at most 16); helps long-RTT paths where one stream's window caps the rate
  --json           print exactly one JSON document
Exit status: 0 when every direction ran, 1 when the test ended early (figures are partial),
2 when it could not run, 130 when interrupted.`;

function directions(text: string | undefined): Direction[] {
  switch (text ?? 'down') {
    case 'down':
    case 'download':
      return ['download'];
    case 'up':
    case 'upload':
      return ['upload'];
    case 'both':
      return ['download', 'upload'];
    default:
      throw new UsageError(`--direction must be down, up or both, not "${text}"`);
  }
}

function seconds(text: string | undefined, flag = 'time', fallback = 5): number {
  if (text === undefined) return fallback;
  const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : parseGoDuration(text);
  if (ms === null || ms < 1000 || ms > 600_000)
    throw new UsageError(`--${flag} must be a duration from 1s to 10m, like ${fallback}s, not "${text}"`);
  return ms / 1000;
}

export function speedtestExitCode(report: SpeedtestReport): number {
  const moved = report.results.some((r) => r.bytes > 0);
  if (report.error === null && report.results.every((r) => !r.partial)) return 0;
  return moved ? 1 : 2;
}

/** One stderr line per step; it quotes the remote side and the CLI (warnings, region names), so it is made safe for the terminal. */
export function speedtestProgressLine(e: SpeedtestEvent): string | null {
  const line = progressText(e);
  return line === null ? null : printable(line);
}

function progressText(e: SpeedtestEvent): string | null {
  switch (e.type) {
    case 'phase':
      return e.phase === 'closing' ? null : `${e.message}...`;
    case 'warning':
      return `note: ${e.message}`;
    case 'path':
      return `path: ${hopLabel(e.change)}`;
    case 'interval':
      return `  ${e.direction} ${e.interval.start_time_seconds.toFixed(0)}-${e.interval.end_time_seconds.toFixed(0)} s: ${e.interval.throughput_mbits.toFixed(2)} Mbit/s`;
    default:
      return null;
  }
}

function streamCount(text: string | undefined): number {
  if (text === undefined) return 1;
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  const bad = checkStreams(n);
  if (bad) throw new UsageError(`--${bad.replace(/, not .*$/, '')}, not "${text}"`);
  return n;
}

const SPEEDTEST_OPTIONS = {
  direction: { type: 'string' },
  time: { type: 'string' },
  identity: { type: 'string' },
  'known-hosts': { type: 'string' },
  'trust-host-key': { type: 'string' },
  'direct-timeout': { type: 'string' },
  streams: { type: 'string' },
  'accept-new': { type: 'boolean' },
  'cli-tunnel': { type: 'boolean' },
  direct: { type: 'boolean' },
  json: { type: 'boolean' },
  ...LOGIN_OPTIONS,
} as const;

type SpeedtestFlags = ParsedCommandLine<typeof SPEEDTEST_OPTIONS>['values'];

export async function speedtestCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, SPEEDTEST_OPTIONS);
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'Which workspace or ssh:// host? e.g. `wsdoctor speedtest dev`'
        : `Expected one target, got ${positionals.length}`,
    );
  }
  const options = measurementFlags(values);
  const parsed = parseTarget(positionals[0]);
  if (!parsed.ok) throw new UsageError(parsed.error);
  checkTargetFlags(parsed.target, values);
  const login = await withCoderLogin(parsed.target, values);
  if (typeof login === 'string') {
    io.stderr(`wsdoctor speedtest: ${printableLines(login)}\n`);
    return 2;
  }
  return runAndPrint({ ...options, ...login }, values.json === true, io);
}

/** What to measure and how, from the flags that do not depend on the target. */
function measurementFlags(values: SpeedtestFlags): Omit<SpeedtestOptions, 'target'> {
  const direct = values.direct === true;
  if (values['direct-timeout'] !== undefined && !direct) throw new UsageError('--direct-timeout goes with --direct');
  const directSeconds = seconds(values['direct-timeout'], 'direct-timeout', 30);
  const knownHosts = values['known-hosts'];
  return {
    directions: directions(values.direction),
    durationSeconds: seconds(values.time),
    identityFile: values.identity,
    knownHostsFiles: knownHosts ? [knownHosts] : undefined,
    acceptNew: values['accept-new'] === true,
    trustHostKey: values['trust-host-key'],
    cliTunnel: values['cli-tunnel'] === true,
    waitForDirectMs: direct ? directSeconds * 1000 : undefined,
    streams: streamCount(values.streams),
  };
}

/** Flags that only make sense for one kind of target. */
function checkTargetFlags(target: ParsedTarget, values: SpeedtestFlags): void {
  if (target.kind === 'ssh') {
    if (values.deployment !== undefined || values['global-config'] !== undefined)
      throw new UsageError('--deployment and --global-config go with a Coder workspace, not an ssh:// host');
    if (values['cli-tunnel'] === true || values.direct === true) {
      const flag = values.direct === true ? '--direct' : '--cli-tunnel';
      throw new UsageError(`${flag} needs a Coder workspace, not an ssh:// host`);
    }
  }
  const trustHostKey = values['trust-host-key'];
  if (trustHostKey === undefined) return;
  if (target.kind !== 'ssh') throw new UsageError('--trust-host-key goes with an ssh:// host, not a Coder workspace');
  if (!FINGERPRINT_SHAPE.test(trustHostKey))
    throw new UsageError(
      `--trust-host-key takes a fingerprint like SHA256:${'A'.repeat(43)} (as the refusal shows it), not "${trustHostKey}"`,
    );
  if (values['accept-new'] === true)
    throw new UsageError('--trust-host-key and --accept-new both trust a new key; give one of them');
}

/** A Coder target gets the login's CLI, flags, environment and tokens; a string says why it cannot. */
async function withCoderLogin(
  target: ParsedTarget,
  values: SpeedtestFlags,
): Promise<Pick<SpeedtestOptions, 'target' | 'env' | 'secrets'> | string> {
  if (target.kind !== 'coder') return { target, env: process.env, secrets: [] };
  const resolved = await resolveCoderCli(loginFromFlags(values));
  if (!resolved.ok) return resolved.error;
  return {
    target: withCoderCli(target, resolved.cli),
    env: resolved.cli.env,
    secrets: resolved.cli.secrets,
  };
}

async function runAndPrint(options: SpeedtestOptions, json: boolean, io: CliIo): Promise<number> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  io.onInterrupt(stop);
  try {
    const report = await runSpeedtest(
      options,
      (e) => {
        // Progress goes to stderr so stdout stays one table or one JSON document.
        const line = json ? null : speedtestProgressLine(e);
        if (line) io.stderr(line + '\n');
      },
      controller.signal,
    );
    io.stdout(json ? JSON.stringify(toSpeedtestJson(report), null, 2) + '\n' : speedtestText(report));
    // Interrupted: what ran is printed, and the exit says so, as `wsdoctor check` does.
    if (controller.signal.aborted) return 130;
    return speedtestExitCode(report);
  } finally {
    io.offInterrupt(stop);
  }
}
