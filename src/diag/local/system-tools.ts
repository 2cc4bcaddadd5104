// Runs the platform's own network tools (ip, ifconfig, netsh, route, netstat) without a shell,
// under the probe's signal and a timeout, and returns their output or a reason.
import { runProcess } from '../coder/run';

export type ToolResult = { ok: true; stdout: string } | { ok: false; reason: string };
export type ToolRunner = (file: string, args: string[], signal: AbortSignal) => Promise<ToolResult>;

export function systemToolRunner(timeoutMs: number): ToolRunner {
  return async (file, args, signal) => {
    const r = await runProcess(file, args, { signal, timeoutMs, maxCapture: 1024 * 1024 });
    const command = [file, ...args].join(' ');
    if (r.spawnError)
      return { ok: false, reason: `could not run ${command}: ${r.spawnError.code ?? r.spawnError.message}` };
    if (r.aborted) return { ok: false, reason: `${command} was cancelled` };
    if (r.timedOut) return { ok: false, reason: `${command} took longer than ${timeoutMs} ms` };
    if (r.code !== 0)
      return { ok: false, reason: `${command} exited with ${r.code ?? r.signal}: ${r.stderr.trim().slice(0, 200)}` };
    return { ok: true, stdout: r.stdout };
  };
}
