// An in-process CliIo for command tests: records what was printed, lets the test press Ctrl-C, and
// says whether stderr is a terminal (the seam for live progress).
import type { CliIo } from '../../src/cli/io';

export interface RecordingIo extends CliIo {
  out: string;
  err: string;
  /** Calls the handlers the command registered for SIGINT/SIGTERM. */
  interrupt(): void;
  /** Handlers still registered (a command must remove its own). */
  handlers: Set<() => void>;
}

export function recordingIo(stderrIsTTY = false): RecordingIo {
  const io: RecordingIo = {
    out: '',
    err: '',
    stderrIsTTY,
    handlers: new Set(),
    stdout: (t) => void (io.out += t),
    stderr: (t) => void (io.err += t),
    onInterrupt: (h) => void io.handlers.add(h),
    offInterrupt: (h) => void io.handlers.delete(h),
    interrupt: () => io.handlers.forEach((h) => h()),
  };
  return io;
}
