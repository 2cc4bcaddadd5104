// Which user-setting values may reach a process of ours in this window. In a remote window VS Code
// merges the remote machine's settings (`~/.vscode-server/data/Machine/settings.json`, writable by
// anything in the workspace) into the user value of every key that is not `application`-scoped, or
// that nothing registers. A command, a binary, a file we trust or present, a URL that gets or routes
// the token, or a switch that weakens TLS from such a key is used only once the user has confirmed
// that exact value; a changed value asks again, like a changed host key. Pure: config-reader.ts hands it the
// window, the registered scopes and the confirmed values.
import { escapeInvisible } from '../../diag/printable';
import { createHash } from 'node:crypto';

type SensitiveKind = 'command' | 'flags' | 'binary' | 'file' | 'url' | 'tls';

/** The settings that can make us run something, trust something or send the token somewhere. */
const SENSITIVE: Record<string, { kind: SensitiveKind; risky?: (value: unknown) => boolean }> = {
  'coder.headerCommand': { kind: 'command' },
  'coder.globalFlags': { kind: 'flags' },
  'coder.binaryDestination': { kind: 'binary' },
  'coder.tlsCaFile': { kind: 'file' },
  'coder.tlsCertFile': { kind: 'file' },
  'coder.tlsKeyFile': { kind: 'file' },
  'coder.tlsAltHost': { kind: 'tls' },
  'coder.insecure': { kind: 'tls', risky: (v) => v === true },
  'http.proxy': { kind: 'url' },
  'http.proxyStrictSSL': { kind: 'tls', risky: (v) => v === false },
};

export interface TrustContext {
  /** `vscode.env.remoteName` is set: the user value may hold the remote machine's. */
  remoteWindow: boolean;
  /** The scope an extension registers the key with; undefined when none does (or VS Code's own keys). */
  scopeOf(setting: string): string | undefined;
  /** Whether the user allowed this exact value (a `confirmationKey`). */
  isConfirmed(key: string): boolean;
}

/** A value kept back until the user confirms it. */
export interface Withheld {
  setting: string;
  kind: SensitiveKind;
  /** The exact value as text (JSON for anything but a string). */
  value: string;
  key: string;
}

type Verdict = 'trusted' | 'confirmed' | 'needs-confirmation';

const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** The remembered form of an allowed value: the setting and a hash of the exact value. */
export function confirmationKey(setting: string, value: string): string {
  return `${setting}:${createHash('sha256').update(value, 'utf8').digest('hex')}`;
}

function isSensitive(setting: string, value: unknown): boolean {
  const rule = SENSITIVE[setting] as (typeof SENSITIVE)[string] | undefined;
  if (!rule || value === undefined || value === null) return false;
  return rule.risky ? rule.risky(value) : asText(value).trim() !== '' && asText(value) !== '[]';
}

export function verdictFor(setting: string, value: unknown, context: TrustContext): Verdict {
  if (!isSensitive(setting, value) || !context.remoteWindow) return 'trusted';
  // VS Code never takes an `application`-scoped value from the remote machine.
  if (context.scopeOf(setting) === 'application') return 'trusted';
  return context.isConfirmed(confirmationKey(setting, asText(value))) ? 'confirmed' : 'needs-confirmation';
}

/**
 * The user value to use: as it is when trusted or confirmed, else undefined (as if unset), with the
 * value handed to `withhold` so the host can ask.
 */
export function gateUserValue(
  setting: string,
  value: unknown,
  context: TrustContext,
  withhold: (withheld: Withheld) => void,
): unknown {
  if (verdictFor(setting, value, context) !== 'needs-confirmation') return value;
  const text = asText(value);
  withhold({ setting, kind: SENSITIVE[setting].kind, value: text, key: confirmationKey(setting, text) });
  return undefined;
}

/** The scope `setting` has in an extension's manifest (`contributes.configuration`, one or a list), if any. */
export function scopeInManifest(manifest: unknown, setting: string): string | undefined {
  const contributes = (manifest as { contributes?: { configuration?: unknown } } | undefined)?.contributes;
  const sections = [contributes?.configuration ?? []].flat() as { properties?: Record<string, unknown> }[];
  for (const section of sections) {
    const property = section?.properties?.[setting] as { scope?: unknown } | undefined;
    if (property && typeof property === 'object') return typeof property.scope === 'string' ? property.scope : 'window';
  }
  return undefined;
}

/** A value as the confirmation shows it: control and bidirectional characters escaped, so none can hide a part. */
export function shownValue(value: string): string {
  return escapeInvisible(value);
}
