// Removes session tokens from text before it is stored, logged or shown.

// Coder API keys look like `<10 chars>-<22 chars>`.
const TOKEN_SHAPE = /\b[a-zA-Z0-9]{10}-[a-zA-Z0-9]{22}\b/g;

export function makeRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 8);
  return (text) => {
    let out = text;
    for (const secret of known) out = out.split(secret).join('[redacted]');
    return out.replace(TOKEN_SHAPE, '[redacted]');
  };
}

/** The redactor for one login: its tokens, the environment's CODER_SESSION_TOKEN, and the token shape. */
export function loginRedactor(
  secrets: readonly string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): (text: string) => string {
  return makeRedactor([...secrets, env.CODER_SESSION_TOKEN]);
}

/** A copy of `value` with every string in it redacted; events and reports are plain data, so this reaches all text. */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, redact)) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, redact);
    return out as T;
  }
  return value;
}
