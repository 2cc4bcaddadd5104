// Loads a heavy engine bundle from dist/engines/ when it is first needed, so activation loads
// only the small extension bundle (scripts/build.mjs builds each src/vscode/engines/*.ts).
import * as path from 'node:path';
import { followTranslator } from '../diag/l10n';
import type { Translate } from '../diag/l10n';

type EngineName = 'local-probes' | 'speedtest';

/** What every engine entry exports besides its work: its own copy of the engine's translation seam. */
interface EngineModule {
  setTranslator(translate: Translate | null): void;
}

export function loadEngine<T extends EngineModule>(name: EngineName): T {
  return loadEngineFrom<T>(__dirname, name);
}

/**
 * The engine in `<dir>/engines/<name>.js`, speaking the host's language: a bundle has its own copy of
 * src/diag/l10n.ts (English until told), so it is handed the host's translator, looked up at each call.
 */
export function loadEngineFrom<T extends EngineModule>(dir: string, name: EngineName): T {
  const file = path.join(dir, 'engines', `${name}.js`);
  // A computed path, so the bundler leaves this require to run time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const engine = require(file) as T;
  engine.setTranslator(followTranslator);
  return engine;
}
