// The extra headers of every deployment call, made as the Coder CLI makes them: CODER_HEADER's
// `Name=value` entries, then the lines the header command prints. The command is the user's own shell
// text (coder.headerCommand, CODER_HEADER_COMMAND, --header-command), so it runs the way the CLI runs
// it, under `sh -c` (`cmd.exe /c` on Windows), with CODER_URL set. Values are secrets: no message
// here ever holds one, nor the command's output.
import { runProcess } from '../coder/run';
import { l10n } from '../l10n';

export type HeadersResult = { ok: true; headers: Record<string, string> } | { ok: false; reason: string };

/** RFC 9110 token characters: what a header name may hold. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What a header value may hold: visible characters, spaces and tabs (no line breaks). */
const VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** The output a header command may print; more is not a list of headers. */
const MAX_OUTPUT = 64 * 1024;

/** `Name=value` lines to headers; a line without `=` fails the whole list, as it fails the CLI. */
export function parseHeaderLines(lines: string[], where: string): HeadersResult {
  const headers: Record<string, string> = {};
  for (const [i, line] of lines.entries()) {
    const eq = line.indexOf('=');
    if (eq === -1)
      return {
        ok: false,
        reason: l10n.t('{0}: line {1} is not Name=value (its text is not shown: it may be a secret)', where, i + 1),
      };
    const name = line.slice(0, eq);
    if (!TOKEN.test(name))
      return { ok: false, reason: l10n.t('{0}: line {1} does not start with a header name', where, i + 1) };
    if (!VALUE.test(line.slice(eq + 1)))
      return { ok: false, reason: l10n.t('{0}: the value of {1} holds characters a header cannot carry', where, name) };
    addHeader(headers, name, line.slice(eq + 1));
  }
  return { ok: true, headers };
}

/**
 * Adds a header, joined with ", " to one of the same name in any case (as Go's Header.Add keeps both:
 * the request carries one name, so a second spelling would otherwise replace the first).
 */
function addHeader(headers: Record<string, string>, name: string, value: string): void {
  const lower = name.toLowerCase();
  const existing = Object.keys(headers).find((n) => n.toLowerCase() === lower);
  if (existing === undefined) headers[name] = value;
  else headers[existing] = `${headers[existing]}, ${value}`;
}

export interface HeaderCommandOptions {
  deploymentUrl: string;
  timeoutMs: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

/** Runs the header command; what it prints on stdout (one header a line) goes on the deployment calls. */
export async function runHeaderCommand(command: string, options: HeaderCommandOptions): Promise<HeadersResult> {
  const windows = (options.platform ?? process.platform) === 'win32';
  const [shell, flag] = windows ? ['cmd.exe', '/c'] : ['sh', '-c'];
  const result = await runProcess(shell, [flag, command], {
    env: { ...(options.env ?? process.env), CODER_URL: options.deploymentUrl },
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    maxCapture: MAX_OUTPUT,
  });
  const what = l10n.t('the header command');
  if (result.spawnError)
    return { ok: false, reason: l10n.t('{0} could not start: {1}', what, result.spawnError.message) };
  if (result.aborted) return { ok: false, reason: l10n.t('cancelled') };
  if (result.timedOut)
    return { ok: false, reason: l10n.t('{0} did not finish within {1} ms', what, options.timeoutMs) };
  if (result.code !== 0)
    return { ok: false, reason: l10n.t('{0} failed (exit status {1})', what, result.code ?? result.signal ?? '?') };
  if (result.stdout.length >= MAX_OUTPUT)
    return { ok: false, reason: l10n.t('{0} printed more than {1} bytes', what, MAX_OUTPUT) };
  const lines = result.stdout.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return parseHeaderLines(lines, what);
}

/** CODER_HEADER's entries, then the command's lines (a later header of the same name joins the earlier). */
export async function deploymentHeaders(
  settings: { headers?: string[]; headersProblem?: string; headerCommand?: string },
  options: HeaderCommandOptions,
): Promise<HeadersResult> {
  if (settings.headersProblem) return { ok: false, reason: settings.headersProblem };
  const fixed = parseHeaderLines(settings.headers ?? [], 'CODER_HEADER');
  if (!fixed.ok || !settings.headerCommand) return fixed;
  const fromCommand = await runHeaderCommand(settings.headerCommand, options);
  if (!fromCommand.ok) return fromCommand;
  const headers = { ...fixed.headers };
  for (const [name, value] of Object.entries(fromCommand.headers)) addHeader(headers, name, value);
  return { ok: true, headers };
}
