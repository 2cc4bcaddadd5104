// Reads the CLI's version: `coder version -o json`, falling back to the plain text of old builds.
// No version is refused here: an old CLI is still used, with a note (./old-cli).
import { l10n } from '../l10n';
import { describeFailure, runProcess } from './run';
import { isObject } from '../wire/validate';

type VersionResult = { ok: true; version: string } | { ok: false; error: string };

const VERSION_TIMEOUT_MS = 15_000;

const SEMVER = /v?(\d+)\.(\d+)\.(\d+)([-+][0-9A-Za-z.+-]*)?/;

export function parseVersionJson(text: string): string | null {
  try {
    const parsed: unknown = JSON.parse(text.trim());
    if (isObject(parsed) && typeof parsed.version === 'string' && SEMVER.test(parsed.version)) return parsed.version;
  } catch {
    // Not JSON: the caller tries the plain form.
  }
  return null;
}

export function parseVersionText(text: string): string | null {
  const match = /Coder\s+(v?\d+\.\d+\.\d+[-+0-9A-Za-z.]*)/.exec(text);
  return match ? match[1] : null;
}

export function majorOf(version: string): number | null {
  const m = SEMVER.exec(version);
  return m ? Number(m[1]) : null;
}

export async function readCoderVersion(
  coder: string,
  signal?: AbortSignal,
  env?: NodeJS.ProcessEnv,
): Promise<VersionResult> {
  const opts = { signal, timeoutMs: VERSION_TIMEOUT_MS, env };
  const json = await runProcess(coder, ['version', '-o', 'json'], opts);
  if (json.spawnError || json.aborted || json.timedOut) {
    return {
      ok: false,
      error: l10n.t(
        '{0}. Check the binary or reinstall it.',
        describeFailure(l10n.t('Coder CLI ({0})', coder), json, VERSION_TIMEOUT_MS),
      ),
    };
  }
  let version = json.code === 0 ? parseVersionJson(json.stdout) : null;
  if (version === null) {
    // Old builds reject `-o`; their plain output says "Coder v0.x.y+sha ...".
    const plain = await runProcess(coder, ['version'], opts);
    version = plain.code === 0 ? parseVersionText(plain.stdout) : null;
    if (version === null) {
      const why =
        plain.code === 0
          ? l10n.t('Coder CLI at {0} did not print a version.', coder)
          : l10n.t('Coder CLI at {0}: {1}.', coder, describeFailure('`coder version`', plain, VERSION_TIMEOUT_MS));
      return {
        ok: false,
        error: l10n.t('{0} Is it really the Coder CLI? Reinstall it or fix wsdoctor.coderPath / --coder.', why),
      };
    }
  }
  return { ok: true, version };
}
