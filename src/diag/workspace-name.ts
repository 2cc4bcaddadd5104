// Guards the one piece of user text that becomes a CLI argument.
import { l10n } from './l10n';
import { hasControlCharacters } from './printable';

const MAX_LENGTH = 256;

/** Returns an error message, or undefined when the name can be passed to the CLI. */
export function validateWorkspaceName(name: string): string | undefined {
  if (name.trim() === '') return l10n.t('No workspace given: pass a workspace name like `dev` or `owner/dev`.');
  if (name.length > MAX_LENGTH) return l10n.t('The workspace name is longer than {0} characters.', MAX_LENGTH);
  // A leading dash would be read by the CLI as a flag.
  if (name.startsWith('-')) return l10n.t('A workspace name cannot start with "-".');
  if (hasControlCharacters(name)) return l10n.t('The workspace name contains control characters.');
  return undefined;
}
