// Reads recorded outputs from test/fixtures/local (tests run from the compiled out/ tree).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES as ALL_FIXTURES } from '../../../support/paths';

export const FIXTURES = join(ALL_FIXTURES, 'local');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}
