import assert from 'node:assert/strict';
import { MAX_FIELD_CHARS, WorkspaceListParser } from '../../../../src/diag/coder/workspace-list-stream';
import { listingPieces, workspaceName } from '../../../support/workspace-listing';

/** Feeds the parser `text` in pieces of `size` characters. */
function parseInPieces(text: string, size: number): ReturnType<WorkspaceListParser['end']> {
  const parser = new WorkspaceListParser();
  for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size));
  return parser.end();
}

/** The whole output at once. */
const parseWhole = (text: string): ReturnType<WorkspaceListParser['end']> => parseInPieces(text, text.length || 1);

describe('coder list -o json, read as a stream', () => {
  it('reads 10,000 workspaces and a 1 MB startup script, streamed in chunks, keeping only name, owner and status', () => {
    const parser = new WorkspaceListParser();
    let chars = 0;
    let buffered = '';
    for (const piece of listingPieces({ count: 10_000, hugeAt: 4321, hugeScriptChars: 1_000_000 })) {
      // Chunks of 64 KiB as a pipe delivers them, cutting through strings and escapes.
      buffered += piece;
      while (buffered.length >= 65_536) {
        parser.push(buffered.slice(0, 65_536));
        buffered = buffered.slice(65_536);
      }
      chars += piece.length;
    }
    parser.push(buffered);
    const entries = parser.end();
    assert.ok(chars > 20_000_000, `the listing is ${chars} characters`);
    assert.equal(entries.length, 10_000);
    assert.deepEqual(entries[4321], {
      name: workspaceName(4321),
      owner: 'user53',
      status: 'running',
      target: 'ws-04321',
    });
    assert.deepEqual(
      entries.map((e) => e.name),
      Array.from({ length: 10_000 }, (_, i) => workspaceName(i)),
    );
  });

  it('agrees with JSON.parse wherever the pieces are cut', () => {
    const text = JSON.stringify(
      [
        { name: 'na\u006de\\"x', owner_name: 'ä✓😀', latest_build: { status: 'stopped', name: 'inner' } },
        { name: 'b', latest_build: [{ status: 'nested' }], extra: [1, -2.5e3, true, false, null, {}, []] },
        { name: '', owner_name: 'skipped: empty name' },
        'not an object',
        { owner_name: 'no name' },
        { name: 'c', latest_build: null, owner_name: 7 },
      ],
      null,
      1,
    );
    const expected = [
      { name: 'name\\"x', owner: 'ä✓😀', status: 'stopped', target: 'name\\"x' },
      { name: 'b', owner: '', status: 'unknown', target: 'b' },
      { name: 'c', owner: '', status: 'unknown', target: 'c' },
    ];
    for (let size = 1; size <= text.length; size++)
      assert.deepEqual(parseInPieces(text, size), expected, `pieces of ${size}`);
  });

  it('keeps name, owner and status, targets by bare name, and skips entries with no text name', () => {
    const list = parseWhole(
      JSON.stringify([
        { name: 'dev', owner_name: 'alice', latest_build: { status: 'running' } },
        { name: 'old', owner_name: 'alice', latest_build: { status: 'stopped' } },
        { name: 42 },
        { owner_name: 'x' },
      ]),
    );
    assert.deepEqual(list, [
      { name: 'dev', owner: 'alice', status: 'running', target: 'dev' },
      { name: 'old', owner: 'alice', status: 'stopped', target: 'old' },
    ]);
  });

  it('skips a workspace whose name is too long to be one, and keeps the rest', () => {
    const text = JSON.stringify([{ name: 'x'.repeat(MAX_FIELD_CHARS + 1) }, { name: 'ok' }]);
    assert.deepEqual(
      parseWhole(text).map((e) => e.name),
      ['ok'],
    );
  });

  it('reads nothing as no workspaces, and blames the CLI only when it printed no JSON at all', () => {
    assert.deepEqual(parseWhole(''), []);
    assert.deepEqual(parseWhole(' \n[]\n'), []);
    assert.throws(() => parseWhole('error: not logged in'), /did not print JSON; update the Coder CLI/);
    assert.throws(() => parseWhole('{"a":1}'), /other than a list/);
  });

  it('says where the output broke or that it stopped early, without blaming the CLI version', () => {
    const cases: [string, RegExp][] = [
      ['[{"name": "a"} {"name": "b"}]', /broken JSON \(at character 16\)/],
      ['[{"name": "a",}]', /broken JSON \(at character 15\)/],
      ['[{"name": "a"}]]', /broken JSON \(at character 16\)/],
      ['[{"name": "a\\q"}]', /broken JSON/],
      ['[{"name": "\\u12G4"}]', /broken JSON/],
      ['[tru]', /broken JSON/],
      ['[{"name": "a"}, {"name": "b"', /stopped in the middle of its list \(after 28 characters\)/],
      ['[{"name": "a"}, 12', /stopped in the middle/],
    ];
    for (const [text, message] of cases) {
      assert.throws(() => parseInPieces(text, 3), message, text);
      assert.throws(
        () => parseWhole(text),
        (err: Error) => !/update the Coder CLI/.test(err.message),
        text,
      );
    }
  });
});
