// What a `wsdoctor` subcommand may touch of the outside world, so tests can run commands in-process.

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** stderr is a terminal, so live progress may be drawn on it (never when piped or redirected). */
  stderrIsTTY?: boolean;
  onInterrupt(handler: () => void): void;
  offInterrupt(handler: () => void): void;
}

export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  stderrIsTTY: process.stderr.isTTY === true,
  onInterrupt: (handler) => {
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  },
  offInterrupt: (handler) => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  },
};
