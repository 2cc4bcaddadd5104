// Locations the tests use, relative to the compiled test file (out/test/...).
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
export const FAKE_CODER = path.join(REPO_ROOT, 'test', 'fake-coder', 'coder');
export const CLI_BUNDLE = path.join(REPO_ROOT, 'dist', 'cli.js');

export function fixture(rel: string): string {
  return path.join(FIXTURES, rel);
}
