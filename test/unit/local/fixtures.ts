// Reads recorded outputs from test/fixtures/local (tests run from the compiled out/ tree).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'local');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}
