// `wsdoctor speedtest`: the SSH speed test headless, as text (interval table) or one JSON document.
import { locateCoder } from '../diag/coder/locate';
import { parseGoDuration } from '../diag/duration';
import { runSpeedtest } from '../diag/throughput/speedtest';
import { parseTarget } from '../diag/throughput/target';
import { speedtestText } from '../diag/throughput/text';
import type { Direction, SpeedtestEvent, SpeedtestReport } from '../diag/throughput/types';
import { parseCommandLine, UsageError } from './args';
import type { CliIo } from './io';

export const SPEEDTEST_USAGE = `Usage: wsdoctor speedtest <workspace | ssh://user@host:port> [--direction down|up|both] [--time 5s]
         [--identity KEYFILE] [--coder PATH] [--accept-new] [--known-hosts FILE] [--cli-tunnel] [--json]

Measures download and upload over SSH, the path the editor uses (for a Coder workspace, through
\`coder ssh --stdio\`), with the round trip before and during the transfer (latency under load).
  --direction D    down, up or both (default down, like \`coder speedtest\`)
  --time T         how long each direction runs, e.g. 5s, 10s (default 5s, 1s to 10m)
  --identity FILE  private key for plain SSH hosts (otherwise ~/.ssh/id_* and ssh-agent)
  --coder PATH     the Coder CLI to use (default: the Coder extension's copy, then PATH)
  --accept-new     trust and record an SSH host key that known_hosts does not know (never a changed one)
  --known-hosts F  check host keys against this file instead of ~/.ssh/known_hosts
  --cli-tunnel     also run \`coder speedtest -o json\` for the CLI's own tunnel figure
  --json           print exactly one JSON document
Exit status: 0 when every direction ran, 1 when the test ended early (figures are partial),
2 when it could not run.`;

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

function seconds(text: string | undefined): number {
  if (text === undefined) return 5;
  const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : parseGoDuration(text);
  if (ms === null || ms < 1000 || ms > 600_000)
    throw new UsageError(`--time must be a duration from 1s to 10m, like 5s, not "${text}"`);
  return ms / 1000;
}

export function speedtestExitCode(report: SpeedtestReport): number {
  const moved = report.results.some((r) => r.bytes > 0);
  if (report.error === null && report.results.every((r) => !r.partial)) return 0;
  return moved ? 1 : 2;
}

function progressLine(e: SpeedtestEvent): string | null {
  switch (e.type) {
    case 'phase':
      return e.phase === 'closing' ? null : `${e.message}...`;
    case 'warning':
      return `note: ${e.message}`;
    case 'interval':
      return `  ${e.direction} ${e.interval.start_time_seconds.toFixed(0)}-${e.interval.end_time_seconds.toFixed(0)} s: ${e.interval.throughput_mbits.toFixed(2)} Mbit/s`;
    default:
      return null;
  }
}

const SPEEDTEST_OPTIONS = {
  direction: { type: 'string' },
  time: { type: 'string' },
  identity: { type: 'string' },
  coder: { type: 'string' },
  'known-hosts': { type: 'string' },
  'accept-new': { type: 'boolean' },
  'cli-tunnel': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export async function speedtestCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, SPEEDTEST_OPTIONS);
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'Which workspace or ssh:// host? e.g. `wsdoctor speedtest dev`'
        : `Expected one target, got ${positionals.length}`,
    );
  }
  const dirs = directions(values.direction);
  const durationSeconds = seconds(values.time);
  const json = values.json === true;

  let coderPath = values.coder ?? 'coder';
  const parsed = parseTarget(positionals[0], coderPath);
  if (!parsed.ok) throw new UsageError(parsed.error);
  let target = parsed.target;
  if (target.kind === 'coder') {
    const located = await locateCoder({ explicit: values.coder });
    if (!located.ok) {
      io.stderr(`wsdoctor speedtest: ${located.error}\n`);
      return 2;
    }
    coderPath = located.path;
    target = { ...target, coderPath };
  } else if (values['cli-tunnel']) {
    throw new UsageError('--cli-tunnel needs a Coder workspace, not an ssh:// host');
  }
  const knownHosts = values['known-hosts'];

  const controller = new AbortController();
  const stop = (): void => controller.abort();
  io.onInterrupt(stop);
  try {
    const report = await runSpeedtest(
      {
        target,
        directions: dirs,
        durationSeconds,
        identityFile: values.identity,
        knownHostsFiles: knownHosts ? [knownHosts] : undefined,
        acceptNew: values['accept-new'] === true,
        cliTunnel: values['cli-tunnel'] === true,
      },
      (e) => {
        // Progress goes to stderr so stdout stays one table or one JSON document.
        const line = json ? null : progressLine(e);
        if (line) io.stderr(line + '\n');
      },
      controller.signal,
    );
    io.stdout(json ? JSON.stringify(report, null, 2) + '\n' : speedtestText(report));
    return speedtestExitCode(report);
  } finally {
    io.offInterrupt(stop);
  }
}
