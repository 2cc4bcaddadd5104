// Runs the platform's own network tools (ip, ifconfig, netsh, route, netstat) without a shell,
// under the probe's signal and a timeout, and returns their output or a reason.
import { runProcess } from '../coder/run';
import { l10n } from '../l10n';

type ToolResult = { ok: true; stdout: string } | { ok: false; reason: string };
export type ToolRunner = (file: string, args: string[], signal: AbortSignal) => Promise<ToolResult>;

export function systemToolRunner(timeoutMs: number): ToolRunner {
  return async (file, args, signal) => {
    const r = await runProcess(file, args, { signal, timeoutMs, maxCapture: 1024 * 1024 });
    const command = [file, ...args].join(' ');
    if (r.spawnError)
      return {
        ok: false,
        reason: l10n.t('could not run {0}: {1}', command, r.spawnError.code ?? r.spawnError.message),
      };
    if (r.aborted) return { ok: false, reason: l10n.t('{0} was cancelled', command) };
    if (r.timedOut) return { ok: false, reason: l10n.t('{0} took longer than {1} ms', command, timeoutMs) };
    if (r.code !== 0) {
      // The tool's own words are quoted as they came.
      const said = r.stderr.trim().slice(0, 200);
      return { ok: false, reason: l10n.t('{0} exited with {1}: {2}', command, String(r.code ?? r.signal), said) };
    }
    return { ok: true, stdout: r.stdout };
  };
}
