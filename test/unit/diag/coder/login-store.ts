// Real login folders in a throw-away directory, laid out as the Coder extension and the CLI leave them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeCoderLogin } from '../../../support/coder-login';

export interface LoginStore {
  root: string;
  /** `<root>/globalStorage/coder.coder-remote`, the Coder extension's storage. */
  storage: string;
  /** A HOME for the CLI's default store (`<home>/.config/coderv2`). */
  home: string;
  /** The Coder extension's login for one deployment: `<storage>/<folder>/{url,session}`. */
  extensionLogin(folder: string, url: string, token: string): string;
  /** A file under the root, with its folders made. */
  file(rel: string, content: string | Buffer): string;
  remove(): void;
}

export function makeLoginStore(prefix: string): LoginStore {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  const storage = path.join(root, 'globalStorage', 'coder.coder-remote');
  const home = path.join(root, 'home');
  mkdirSync(storage, { recursive: true });
  mkdirSync(home, { recursive: true });
  return {
    root,
    storage,
    home,
    extensionLogin: (folder, url, token) => writeCoderLogin(path.join(storage, folder), url, token),
    file(rel, content) {
      const file = path.join(root, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A named pipe: reading it blocks until someone writes, so a reader that opens it would hang. */
export function makeFifo(file: string): string {
  execFileSync('mkfifo', [file]);
  return file;
}
