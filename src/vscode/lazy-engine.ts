// Loads a heavy engine bundle from dist/engines/ when it is first needed, so activation loads
// only the small extension bundle (scripts/build.mjs builds each src/vscode/engines/*.ts).
import * as path from 'node:path';

export type EngineName = 'local-probes' | 'speedtest';

export function loadEngine<T>(name: EngineName): T {
  const file = path.join(__dirname, 'engines', `${name}.js`);
  // A computed path, so the bundler leaves this require to run time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as T;
}
