// What the official Coder extension leaves in the user data folder after a login: per deployment,
// `User/globalStorage/coder.coder-remote/<host>/url`, `session`, and its CLI copy in `bin/`.
import { mkdirSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { writeCoderLogin } from '../../support/coder-login';
import { FAKE_CODER } from '../../support/paths';

export const E2E_DEPLOYMENT = 'https://coder.example.com';

/** Signs the "Coder extension" in to `url`, with the fake coder as its CLI copy; returns the folder. */
export function coderExtensionLogin(userData: string, url: string = E2E_DEPLOYMENT, withCli = true): string {
  const dir = path.join(userData, 'User', 'globalStorage', 'coder.coder-remote', new URL(url).hostname);
  writeCoderLogin(dir, url);
  if (withCli) {
    mkdirSync(path.join(dir, 'bin'), { recursive: true });
    symlinkSync(FAKE_CODER, path.join(dir, 'bin', 'coder-linux-amd64'));
  }
  return dir;
}
