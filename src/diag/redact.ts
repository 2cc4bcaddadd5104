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
