// The extension's log channel, cleaned of session tokens: whatever a caller writes (CLI errors,
// server messages, stack traces) passes the redactor first, so no log line can carry a token.
import type * as vscode from 'vscode';
import { redactDeep } from '../diag/redact';

const WRITERS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

/** `redact` is asked on every write, so tokens learned later (a login resolved after activation) count too. */
export function redactingLog(
  channel: vscode.LogOutputChannel,
  redact: () => (text: string) => string,
): vscode.LogOutputChannel {
  const clean = (value: unknown): unknown => {
    const r = redact();
    // An Error's stack is what the channel prints; it becomes plain text so it is cleaned too.
    if (value instanceof Error) return r(value.stack ?? value.message);
    return redactDeep(value, r);
  };
  return new Proxy(channel, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (typeof prop === 'string' && WRITERS.has(prop))
        return (...args: unknown[]) => method.apply(target, args.map(clean));
      return method.bind(target);
    },
  });
}
