// A Coder login on disk, as `coder login` or the Coder extension leaves it: a folder holding the
// deployment's `url` and the `session` token. The fake coder refuses networked commands without one.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** A token in the shape of a real Coder API key (`<10>-<22>`), so redaction is exercised. */
export const TEST_TOKEN = 'AbCdEfGhIj-0123456789abcdefghijkl';
export const TEST_URL = 'https://coder.example.com';

export function writeCoderLogin(dir: string, url: string = TEST_URL, token: string = TEST_TOKEN): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'url'), `${url}\n`);
  writeFileSync(path.join(dir, 'session'), token, { mode: 0o600 });
  return dir;
}

/** The CLI's own store under a test HOME (`~/.config/coderv2`). */
export function cliConfigDir(home: string): string {
  return path.join(home, '.config', 'coderv2');
}
