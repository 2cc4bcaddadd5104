// `wsdoctor`: the headless entry over the same engine the extension uses.
import { UsageError } from './cli/args';
import { CHECK_USAGE, checkCommand } from './cli/check/check-command';
import { FLEET_USAGE, fleetCommand } from './cli/fleet/fleet-command';
import { processIo } from './cli/io';
import { MONITOR_USAGE, monitorCommand } from './cli/timeline/monitor-command';
import { SPEEDTEST_USAGE, speedtestCommand } from './cli/speedtest/speedtest-command';
import { WSDOCTOR_VERSION } from './cli/version';
import { printableLines } from './diag/printable';
import { localProbeRunner } from './diag/local/check-runner';
import type { CliIo } from './cli/io';
import { errorMessage } from './diag/errors';

const USAGE = `wsdoctor: explains the connection to a Coder workspace.

${CHECK_USAGE}

${SPEEDTEST_USAGE}

${FLEET_USAGE}

${MONITOR_USAGE}

Run \`wsdoctor <command> --help\` for a command's options, \`wsdoctor --version\` for the version.`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  check: { run: (argv, io) => checkCommand(argv, io, localProbeRunner), usage: CHECK_USAGE },
  speedtest: { run: (argv, io) => speedtestCommand(argv, io), usage: SPEEDTEST_USAGE },
  fleet: { run: (argv, io) => fleetCommand(argv, io), usage: FLEET_USAGE },
  monitor: { run: (argv, io) => monitorCommand(argv, io, localProbeRunner), usage: MONITOR_USAGE },
};

/** Our message with whatever it quotes (arguments, CLI or server text) made safe for the terminal. */
function errorLine(prefix: string, message: string): string {
  return `${prefix}: ${printableLines(message)}\n`;
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  // Asked-for help goes to stdout; usage after a mistake goes to stderr with a failing exit.
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE + '\n');
    return 0;
  }
  if (name === undefined) {
    io.stderr(USAGE + '\n');
    return 2;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`wsdoctor ${WSDOCTOR_VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(errorLine('wsdoctor', `unknown command "${name}"`) + `\n${USAGE}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(errorLine(`wsdoctor ${name}`, err.message) + `\n${command.usage}\n`);
    } else {
      io.stderr(errorLine(`wsdoctor ${name}`, errorMessage(err)));
    }
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(errorLine('wsdoctor', errorMessage(err)));
      process.exitCode = 2;
    },
  );
}
