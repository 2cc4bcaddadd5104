// Removes secrets from text before it is stored, logged or shown: session tokens, the values of the
// headers the deployment calls carry, and credentials in URLs and proxy settings, wherever a CLI,
// a server or an error message quoted them.

// Coder API keys look like `<10 chars>-<22 chars>`.
const TOKEN_SHAPE = /\b[a-zA-Z0-9]{10}-[a-zA-Z0-9]{22}\b/g;
/** `scheme://user:password@`: any scheme, anywhere in the text; a user name alone is kept. */
const URL_CREDENTIALS = /\b([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^\s/?#@"'<>`]*:[^\s/?#@"'<>`]*@/g;
/** A proxy variable set without a scheme: `HTTPS_PROXY=user:password@proxy:3128`. */
const PROXY_CREDENTIALS = /\b((?:https?|all|ftp)_proxy\s*[=:]\s*["']?)[^\s/?#@"'<>`]+@/gi;
/**
 * A header the Coder CLI quotes when it cannot use it (`split header "CF-Access-Client-Secret: abc"
 * had less than two parts`, from `--header`, CODER_HEADER or the header command's output): the name
 * stays, what follows it goes; text with no name in front goes whole.
 */
const QUOTED_HEADER = /(\bheader\s+")((?:[^"\\]|\\.)*)"/gi;
const NAMED_VALUE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+\s*[:=]\s*)/;

function redactQuotedHeader(_match: string, lead: string, quoted: string): string {
  const named = NAMED_VALUE.exec(quoted);
  return `${lead}${named ? named[1] : ''}[redacted]"`;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `secrets` are removed wherever they occur; `headerNames` are headers we know carry secrets, whose
 * `Name: value` and `Name=value` fragments lose their value whatever it is.
 */
export function makeRedactor(
  secrets: readonly (string | undefined)[],
  headerNames: readonly string[] = [],
): (text: string) => string {
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 8);
  const named =
    headerNames.length > 0
      ? new RegExp(`\\b(${headerNames.map(escapeRegExp).join('|')})(\\s*[:=]\\s*)[^\\s"',;]+`, 'gi')
      : null;
  return (text) => {
    let out = text;
    for (const secret of known) out = out.split(secret).join('[redacted]');
    out = out
      .replace(TOKEN_SHAPE, '[redacted]')
      .replace(URL_CREDENTIALS, '$1[redacted]@')
      .replace(PROXY_CREDENTIALS, '$1[redacted]@')
      .replace(QUOTED_HEADER, redactQuotedHeader);
    return named ? out.replace(named, '$1$2[redacted]') : out;
  };
}

/** The values of `Name=value` header entries (CODER_HEADER, `--header`, a header command's lines): secrets. */
export function headerValues(entries: readonly string[]): string[] {
  return entries.flatMap((entry) => {
    const eq = entry.indexOf('=');
    const value = eq === -1 ? '' : entry.slice(eq + 1).trim();
    return value ? [value] : [];
  });
}

/** The login's secrets and those of the headers it sends: its token, CODER_SESSION_TOKEN and CODER_HEADER's values. */
export function loginSecrets(secrets: readonly string[], env: NodeJS.ProcessEnv): string[] {
  return [
    ...secrets,
    ...(env.CODER_SESSION_TOKEN ? [env.CODER_SESSION_TOKEN] : []),
    // CODER_HEADER as the CLI reads it: entries separated by commas.
    ...headerValues((env.CODER_HEADER ?? '').split(',')),
  ];
}

/** The redactor for one login: its tokens, the environment's CODER_SESSION_TOKEN and header values, and the shapes. */
export function loginRedactor(
  secrets: readonly string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): (text: string) => string {
  return makeRedactor(loginSecrets(secrets, env));
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
