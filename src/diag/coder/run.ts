// Runs a child process to the end, streams its output as lines, and makes sure it dies: on abort
// or timeout the whole process group gets SIGTERM, then SIGKILL (see process-group.ts).
import { StringDecoder } from 'node:string_decoder';
import { l10n } from '../l10n';
import { LineSplitter } from './lines';
import { GroupChild } from './process-group';

interface RunOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
  /**
   * Hands stdout over as decoded text pieces, as they come, instead of lines: nothing of stdout is
   * kept in the result and no line is cut, for output too big to hold (a deployment's `coder list`).
   */
  onStdoutText?: (text: string) => void;
  /** Keep at most this many characters of each stream in the result. */
  maxCapture?: number;
  /** Keep the last maxCapture characters instead of the first (a long-lived child's latest error). */
  captureTail?: boolean;
  /** Time between SIGTERM and SIGKILL. */
  killGraceMs?: number;
}

export interface RunResult {
  /** Exit code, or null when killed by a signal or never started. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  /** Set when the program could not be started at all (e.g. ENOENT, EACCES). */
  spawnError?: NodeJS.ErrnoException;
}

const DEFAULT_CAPTURE = 8 * 1024 * 1024;

class Capture {
  text = '';
  constructor(
    private readonly max: number,
    private readonly tail: boolean,
  ) {}
  add(line: string): void {
    if (!this.tail) {
      if (this.text.length < this.max) this.text += line + '\n';
      return;
    }
    this.text += line + '\n';
    if (this.text.length <= this.max) return;
    // Start at a whole line when one fits; a single overlong line keeps its end.
    const kept = this.text.slice(-this.max);
    const newline = kept.indexOf('\n');
    this.text = newline !== -1 && newline < kept.length - 1 ? kept.slice(newline + 1) : kept;
  }
}

export function runProcess(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  if (options.signal?.aborted) {
    return Promise.resolve({ code: null, signal: null, stdout: '', stderr: '', timedOut: false, aborted: true });
  }
  return collectRun(new GroupChild(file, args, { env: options.env, stdin: 'ignore' }), options);
}

/** Waits for the child to close, capturing its output and stopping it on abort or timeout. */
function collectRun(child: GroupChild, options: RunOptions): Promise<RunResult> {
  const { signal, timeoutMs, maxCapture = DEFAULT_CAPTURE, captureTail = false, killGraceMs = 1500 } = options;
  const out = new Capture(maxCapture, captureTail);
  const err = new Capture(maxCapture, captureTail);
  let timedOut = false;
  let aborted = false;
  let spawnError: NodeJS.ErrnoException | undefined;
  const stopped = (): boolean => aborted || timedOut;

  const onAbort = (): void => {
    aborted = true;
    void child.stop(killGraceMs);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    timeoutMs !== undefined
      ? setTimeout(() => {
          timedOut = true;
          void child.stop(killGraceMs);
        }, timeoutMs)
      : undefined;
  if (options.onStdoutText) pipeText(child.stdout, options.onStdoutText);
  else pipeLines(child.stdout, out, stopped, options.onStdoutLine);
  pipeLines(child.stderr, err, stopped, options.onStderrLine);
  child.process.on('error', (e: NodeJS.ErrnoException) => {
    spawnError = e;
  });

  return new Promise((resolve) => {
    child.process.on('close', (code, sig) => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      const result: RunResult = {
        code: spawnError ? null : code,
        signal: sig,
        stdout: out.text,
        stderr: err.text,
        timedOut,
        aborted,
      };
      if (spawnError) result.spawnError = spawnError;
      resolve(result);
    });
  });
}

/** Splits a stream into lines for the capture, and for the caller until the run is stopped. */
function pipeLines(
  stream: NodeJS.ReadableStream,
  capture: Capture,
  stopped: () => boolean,
  onLine?: (line: string) => void,
): void {
  const splitter = new LineSplitter();
  const deliver = (lines: string[]): void => {
    for (const line of lines) {
      capture.add(line);
      if (!stopped()) onLine?.(line);
    }
  };
  stream.on('data', (chunk: Buffer) => deliver(splitter.push(chunk)));
  stream.on('end', () => deliver(splitter.end()));
}

/** Decodes a stream as UTF-8 (a character split across chunks stays whole) for the caller. */
function pipeText(stream: NodeJS.ReadableStream, onText: (text: string) => void): void {
  const decoder = new StringDecoder('utf8');
  const deliver = (text: string): void => {
    if (text !== '') onText(text);
  };
  stream.on('data', (chunk: Buffer) => deliver(decoder.write(chunk)));
  stream.on('end', () => deliver(decoder.end()));
}

/** One short line that says why a run did not succeed, for messages. */
export function describeFailure(what: string, result: RunResult, timeoutMs?: number): string {
  if (result.spawnError)
    return l10n.t('{0} could not start: {1}', what, result.spawnError.code ?? result.spawnError.message);
  if (result.aborted) return l10n.t('{0} was cancelled', what);
  if (result.timedOut)
    return l10n.t('{0} did not finish within {1} s and was stopped', what, Math.round((timeoutMs ?? 0) / 1000));
  // Old builds end every error with a pointer to --help; the line before it says what went wrong.
  const lastErr = result.stderr
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '' && !/^Run '.*--help' for usage\.?$/.test(line.trim()))
    .pop();
  // The CLI's own last line is quoted as it came; only our sentence around it is translated.
  const quoted = lastErr?.slice(0, 300);
  if (result.signal)
    return quoted
      ? l10n.t('{0} was killed by {1}: {2}', what, result.signal, quoted)
      : l10n.t('{0} was killed by {1}', what, result.signal);
  const code = String(result.code);
  return quoted
    ? l10n.t('{0} exited with code {1}: {2}', what, code, quoted)
    : l10n.t('{0} exited with code {1}', what, code);
}
