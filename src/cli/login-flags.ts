// `--deployment` and `--global-config`, shared by the commands that run the Coder CLI: which login
// to use, and where the CLI and the Coder extension's stores are looked for.
import { defaultStorageDirs } from '../diag/coder/locate';
import type { LoginRequest } from '../diag/coder/login';
import { UsageError } from './args';

/** The flags themselves, spread into each command's options. */
export const LOGIN_OPTIONS = {
  deployment: { type: 'string' },
  'global-config': { type: 'string' },
  coder: { type: 'string' },
} as const;

interface LoginFlags {
  deployment?: string;
  'global-config'?: string;
  coder?: string;
}

export function loginFromFlags(values: LoginFlags): LoginRequest {
  const query = values.deployment;
  const folder = values['global-config'];
  if (query !== undefined && folder !== undefined)
    throw new UsageError('--deployment and --global-config both pick the login; give one of them');
  if (query !== undefined && query.trim() === '') throw new UsageError('--deployment needs a URL or host');
  if (folder !== undefined && folder.trim() === '') throw new UsageError('--global-config needs a folder');
  return {
    pick: folder !== undefined ? { kind: 'folder', dir: folder } : { kind: 'auto', query },
    coderPath: values.coder,
    storageDirs: defaultStorageDirs(),
    env: process.env,
  };
}
