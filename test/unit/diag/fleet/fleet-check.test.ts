// The fleet check's `known` figures: a row the status bar already measures takes its reading and
// gets no `coder ping` of its own.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runFleetCheck } from '../../../../src/diag/fleet/fleet-check';
import { writeCoderLogin } from '../../../support/coder-login';
import { FAKE_CODER, fixture } from '../../../support/paths';
import { loggedInvocations, subcommandArgv } from '../../../support/processes';

describe('fleet check with known figures', () => {
  let dir: string;
  const saved = { ...process.env };
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wsd-fleet-known-'));
    writeCoderLogin(dir);
    process.env.FAKE_CODER_SCENARIOS = fixture('fake-coder/fleet-scenarios.json');
    process.env.FAKE_CODER_LINE_MS = '5';
    process.env.FAKE_CODER_LOG = path.join(dir, 'calls.jsonl');
  });
  afterEach(() => {
    process.env = { ...saved };
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes the known figures for that row and pings every other running workspace once', async () => {
    const checkedAt = '2024-05-01T10:00:00.000Z';
    const result = await runFleetCheck(
      {
        session: { pick: { kind: 'folder', dir }, coderPath: FAKE_CODER, storageDirs: [], env: process.env },
        concurrency: 8,
        pingCount: 3,
        deadlineMs: 1000,
        known: (row) =>
          row.name === 'dev'
            ? {
                path: { kind: 'coder-connect', derpRegion: null, endpoint: null },
                latencyMs: null,
                checkedAt,
                error: null,
              }
            : null,
      },
      () => undefined,
      new AbortController().signal,
    );
    const dev = result.rows.find((r) => r.name === 'dev');
    assert.deepEqual(dev?.path.kind, 'coder-connect');
    assert.equal(dev?.checkedAt, checkedAt);
    assert.equal(dev?.error, null);
    const pinged = loggedInvocations(path.join(dir, 'calls.jsonl'))
      .filter((c) => c.command === 'ping')
      .map((c) => subcommandArgv(c)[1]);
    assert.ok(!pinged.includes('dev'), `dev was pinged: ${pinged.join(', ')}`);
    assert.equal(pinged.length, 7, `pinged: ${pinged.join(', ')}`);
    assert.equal(new Set(pinged).size, pinged.length, 'a workspace was pinged twice');
  });
});
