// A translator that wraps every message as «…», its values filled in, so a translated text is plain
// to see and an untranslated one stands out.
import { englishText } from '../../src/diag/l10n';
import type { L10nArg } from '../../src/diag/l10n';

export const marked = (message: string, ...args: L10nArg[]): string => `«${englishText(message, ...args)}»`;
