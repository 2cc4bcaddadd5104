// `wsdoctor fleet` on a big deployment: a generated `coder list -o json` of 10,000 workspaces, one
// with a 1 MB startup script, replayed by the fake coder, read within a bounded heap.
import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { once } from 'node:events';
import { cliConfigDir, writeCoderLogin } from '../support/coder-login';
import { CLI_BUNDLE, FAKE_CODER, fixture } from '../support/paths';
import { runNode } from '../support/processes';
import { listingPieces, workspaceName } from '../support/workspace-listing';

/** The heap `wsdoctor` gets: far less than the listing, so it must not hold the listing. */
const HEAP_MB = 64;

async function writeListing(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  for (const piece of listingPieces({
    count,
    hugeAt: 1234,
    hugeScriptChars: 1_000_000,
    statusOf: (i) => (i < 2 ? 'running' : 'stopped'),
  }))
    if (!out.write(piece)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

describe('wsdoctor fleet on a big deployment', function () {
  this.timeout(120_000);
  let dir: string;
  let listing: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wsd-fleet-big-'));
    listing = path.join(dir, 'list.json');
    await writeListing(listing, 10_000);
    writeCoderLogin(cliConfigDir(dir));
    env = {
      PATH: process.env.PATH,
      HOME: dir,
      NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}`,
      FAKE_CODER_LINE_MS: '0',
      FAKE_CODER_LIST: listing,
      FAKE_CODER_SCENARIOS: fixture('fake-coder/fleet-scenarios.json'),
    };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(`accounts for all 10,000 workspaces of a ${'>'}20 MB listing in a ${HEAP_MB} MB heap`, async () => {
    const bytes = statSync(listing).size;
    assert.ok(bytes > 20_000_000, `${bytes} bytes`);
    const run = await runNode(CLI_BUNDLE, ['fleet', '--coder', FAKE_CODER, '--json', '--timeout', '5'], env);
    assert.equal(run.code === 0 || run.code === 1, true, run.stderr);
    assert.doesNotMatch(run.stderr, /could not list/);
    const doc = JSON.parse(run.stdout) as { workspaces: { name: string; status: string; error: string | null }[] };
    assert.equal(doc.workspaces.length, 10_000);
    const names = new Set(doc.workspaces.map((r) => r.name));
    for (const i of [0, 1, 1234, 9999]) assert.ok(names.has(workspaceName(i)), workspaceName(i));
    assert.equal(doc.workspaces.filter((r) => r.status === 'stopped').length, 9_998);
  });

  it('says the listing stopped in the middle, not that the CLI is too old, when it was cut', async () => {
    const cut = path.join(dir, 'cut.json');
    await writeListing(cut, 200);
    truncateSync(cut, Math.floor(statSync(cut).size / 2));
    const run = await runNode(CLI_BUNDLE, ['fleet', '--coder', FAKE_CODER, '--json'], { ...env, FAKE_CODER_LIST: cut });
    assert.match(run.stderr, /could not list .*stopped in the middle of its list/);
    assert.doesNotMatch(run.stderr, /update the Coder CLI/);
  });
});
