// What old Coder CLIs can and cannot do for a check. v0.x builds still ping (pongs only), so they
// are used, with a note; only a build without `coder ping` cannot check a connection at all.
import { l10n } from '../l10n';
import { majorOf } from './version';

/** The first major version whose `coder ping` prints the checklist and the causes. */
export const FULL_DIAGNOSTICS_MAJOR = 2;

/** Where a newer CLI comes from: every deployment serves its own build at /bin/. */
export function newerCliSource(deploymentUrl?: string | null): string {
  return l10n.t(
    "e.g. from your deployment's /bin/ page ({0})",
    deploymentUrl ? `${deploymentUrl}/bin/` : 'https://<deployment>/bin/',
  );
}

/** The note for a CLI whose `coder ping` prints only pongs; null when its diagnostics are complete. */
export function limitedDiagnosticsNote(version: string | null, deploymentUrl?: string | null): string | null {
  const major = version === null ? null : majorOf(version);
  if (major === null || major >= FULL_DIAGNOSTICS_MAJOR) return null;
  return l10n.t(
    'Limited diagnostics: Coder CLI {0} is older than v{1}, so it reports only the path and latency, not the checklist (DERP, coordinator, WireGuard) or the causes of a relayed connection. For the full check, update it, {2}.',
    String(version),
    FULL_DIAGNOSTICS_MAJOR,
    newerCliSource(deploymentUrl),
  );
}

/** True when the CLI rejected `ping` as an unknown subcommand. */
export function lacksPingCommand(stderr: string): boolean {
  return /unknown command "?ping"? for "?coder/i.test(stderr);
}

export function noPingCommandError(coderPath: string, version: string | null, deploymentUrl?: string | null): string {
  const source = newerCliSource(deploymentUrl);
  return version
    ? l10n.t(
        'Coder CLI {0} ({1}) has no `coder ping` command, so it cannot check the connection. Update the Coder CLI, {2}, or point --coder / wsdoctor.coderPath at a newer one.',
        version,
        coderPath,
        source,
      )
    : l10n.t(
        'The Coder CLI at {0} has no `coder ping` command, so it cannot check the connection. Update the Coder CLI, {1}, or point --coder / wsdoctor.coderPath at a newer one.',
        coderPath,
        source,
      );
}
