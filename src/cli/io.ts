// What a `wsdoctor` subcommand may touch of the outside world, so tests can run commands in-process.

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** stderr is a terminal, so live progress may be drawn on it (never when piped or redirected). */
  stderrIsTTY?: boolean;
  onInterrupt(handler: () => void): void;
  offInterrupt(handler: () => void): void;
}

/**
 * Ctrl-C, a `kill`, and a closed terminal (SIGHUP): each stops the command the same way, so the
 * `coder` processes it started (in process groups of their own, which the terminal does not
 * signal) are ended before it exits.
 */
const INTERRUPTS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  stderrIsTTY: process.stderr.isTTY === true,
  onInterrupt: (handler) => {
    for (const signal of INTERRUPTS) process.on(signal, handler);
  },
  offInterrupt: (handler) => {
    for (const signal of INTERRUPTS) process.off(signal, handler);
  },
};
