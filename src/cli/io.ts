// What a `wsdoctor` subcommand may touch of the outside world, so tests can run commands in-process.

/** Back to the start of the line and erase it: a progress line is redrawn in place, then removed. */
export const CLEAR_LINE = '\r\x1b[2K';

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

const interruptHandlers = new Set<() => void>();
const closedStreams = new Set<NodeJS.WriteStream>();

/**
 * The reader of our output went away (`wsdoctor fleet | head -1`): stop as CLI tools do, quietly.
 * Nothing more is written, and a command still running is stopped like an interrupt so its `coder`
 * processes end; its exit status is its own.
 */
function closedOutput(stream: NodeJS.WriteStream, err: NodeJS.ErrnoException): void {
  if (err.code !== 'EPIPE') throw err;
  if (closedStreams.has(stream)) return;
  closedStreams.add(stream);
  for (const handler of [...interruptHandlers]) handler();
}

let watchingOutput = false;
function watchOutput(): void {
  if (watchingOutput) return;
  watchingOutput = true;
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (err: NodeJS.ErrnoException) => closedOutput(stream, err));
}

function write(stream: NodeJS.WriteStream, text: string): void {
  watchOutput();
  if (!closedStreams.has(stream)) stream.write(text);
}

export const processIo: CliIo = {
  stdout: (text) => write(process.stdout, text),
  stderr: (text) => write(process.stderr, text),
  stderrIsTTY: process.stderr.isTTY === true,
  onInterrupt: (handler) => {
    watchOutput();
    interruptHandlers.add(handler);
    for (const signal of INTERRUPTS) process.on(signal, handler);
  },
  offInterrupt: (handler) => {
    interruptHandlers.delete(handler);
    for (const signal of INTERRUPTS) process.off(signal, handler);
  },
};
