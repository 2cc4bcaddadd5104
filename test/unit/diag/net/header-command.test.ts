import assert from 'node:assert/strict';
import {
  deploymentHeaders,
  parseHeaderLines,
  runHeaderCommand,
  type HeaderCommandOptions,
  type HeadersResult,
} from '../../../../src/diag/net/header-command';

const URL_TEXT = 'https://coder.example.com';
const SECRET = 'hdr-s3cret-value';
const options = (extra: Partial<HeaderCommandOptions> = {}): HeaderCommandOptions => ({
  deploymentUrl: URL_TEXT,
  timeoutMs: 3000,
  platform: 'linux',
  ...extra,
});

function failed(r: HeadersResult): string {
  assert.equal(r.ok, false, JSON.stringify(r));
  return r.ok ? '' : r.reason;
}

function headers(r: HeadersResult): Record<string, string> {
  assert.equal(r.ok, true, JSON.stringify(r));
  return r.ok ? r.headers : {};
}

describe('deployment headers', () => {
  describe('runHeaderCommand (a real sh -c)', () => {
    it('one header a line, the value being everything after the first "="', async () => {
      const r = await runHeaderCommand(`printf 'X-One=1\\nX-Two=a=b c\\n'`, options());
      assert.deepEqual(headers(r), { 'X-One': '1', 'X-Two': 'a=b c' });
    });

    it('the command is shell text, with CODER_URL and the given environment', async () => {
      const r = await runHeaderCommand('echo "X-Url=$CODER_URL" && echo "X-Team=$TEAM" | tr a-z A-Z', {
        ...options(),
        env: { PATH: process.env.PATH, TEAM: 'platform' },
      });
      assert.deepEqual(headers(r), { 'X-Url': URL_TEXT, 'X-TEAM': 'PLATFORM' });
    });

    it('a failing command: its exit status, and nothing it printed', async () => {
      const reason = failed(
        await runHeaderCommand(`echo X-Token=${SECRET}; echo "stderr ${SECRET}" >&2; exit 3`, options()),
      );
      assert.match(reason, /exit status 3/);
      assert.ok(!reason.includes(SECRET), reason);
    });

    it('a line without "=": the whole list fails, naming the line number only', async () => {
      const reason = failed(await runHeaderCommand(`printf 'X-A=1\\n${SECRET}\\nX-B=2\\n'`, options()));
      assert.match(reason, /line 2 is not Name=value/);
      assert.ok(!reason.includes(SECRET), reason);
    });

    it('an empty line in the middle fails too (as it fails the Coder CLI)', async () => {
      assert.match(failed(await runHeaderCommand(`printf 'X-A=1\\n\\nX-B=2\\n'`, options())), /line 2/);
    });

    it('the timeout holds', async () => {
      const started = Date.now();
      const reason = failed(await runHeaderCommand('sleep 5', options({ timeoutMs: 200 })));
      const took = Date.now() - started;
      assert.match(reason, /did not finish within 200 ms/);
      assert.ok(took >= 190 && took < 1500, `took ${took} ms`);
    });

    it('a cancel stops it', async () => {
      const controller = new AbortController();
      const running = runHeaderCommand('sleep 5', options({ signal: controller.signal }));
      controller.abort();
      const started = Date.now();
      assert.equal(failed(await running), 'cancelled');
      assert.ok(Date.now() - started < 1500);
    });

    it('the same name twice is one header, its values joined with ", " (in any case)', async () => {
      const r = await runHeaderCommand(`printf 'X-A=1\\nX-B=b\\nx-a=2\\n'`, options());
      assert.deepEqual(headers(r), { 'X-A': '1, 2', 'X-B': 'b' });
    });

    it('no output is no headers; CRLF line ends are fine', async () => {
      assert.deepEqual(headers(await runHeaderCommand('true', options())), {});
      assert.deepEqual(headers(await runHeaderCommand(`printf 'X-A=1\\r\\nX-B=2\\r\\n'`, options())), {
        'X-A': '1',
        'X-B': '2',
      });
    });

    it('too much output is refused without quoting it', async () => {
      const reason = failed(await runHeaderCommand(`head -c 70000 /dev/zero | tr '\\0' a`, options()));
      assert.match(reason, /printed more than 65536 bytes/);
      assert.ok(!reason.includes('aaaa'));
    });

    it('on Windows it is cmd.exe /c (absent here: it cannot start, and says so)', async () => {
      assert.match(failed(await runHeaderCommand('echo X-A=1', options({ platform: 'win32' }))), /could not start/);
    });
  });

  describe('parseHeaderLines', () => {
    it('names must be header tokens; values must not hold control characters', () => {
      assert.match(failed(parseHeaderLines(['X-A=1', ` X-B=${SECRET}`], 'here')), /^here: line 2 does not start/);
      assert.match(failed(parseHeaderLines([`=${SECRET}`], 'here')), /line 1 does not start with a header name/);
      const reason = failed(parseHeaderLines([`X-C=${SECRET}\u0000`], 'here'));
      assert.match(reason, /the value of X-C holds characters/);
      assert.ok(!reason.includes(SECRET));
    });

    it('an empty value is a header', () => {
      assert.deepEqual(headers(parseHeaderLines(['X-Empty='], 'here')), { 'X-Empty': '' });
    });

    it('names that are also Object properties are plain headers', () => {
      assert.deepEqual(headers(parseHeaderLines(['constructor=1', 'toString=2'], 'here')), {
        constructor: '1',
        toString: '2',
      });
    });
  });

  describe('deploymentHeaders', () => {
    it('CODER_HEADER entries first, then the command lines, a repeated name joined', async () => {
      const r = await deploymentHeaders(
        { headers: ['X-Fixed=1', 'x-both=from-env'], headerCommand: `printf 'X-Both=from-cmd\\nX-Cmd=2\\n'` },
        options(),
      );
      assert.deepEqual(headers(r), { 'X-Fixed': '1', 'x-both': 'from-env, from-cmd', 'X-Cmd': '2' });
      assert.deepEqual(Object.keys(headers(r)), ['X-Fixed', 'x-both', 'X-Cmd']);
    });

    it('without a command: the CODER_HEADER entries alone; without either: none', async () => {
      assert.deepEqual(headers(await deploymentHeaders({ headers: ['X-A=1'] }, options())), { 'X-A': '1' });
      assert.deepEqual(headers(await deploymentHeaders({}, options())), {});
    });

    it('a bad CODER_HEADER entry fails as CODER_HEADER, before the command runs', async () => {
      const reason = failed(
        await deploymentHeaders({ headers: ['X-A=1', SECRET], headerCommand: 'exit 7' }, options()),
      );
      assert.match(reason, /^CODER_HEADER: line 2 is not Name=value/);
      assert.ok(!reason.includes(SECRET));
    });

    it('a CODER_HEADER that did not parse fails with its problem, and the command does not run', async () => {
      const reason = failed(
        await deploymentHeaders(
          { headersProblem: 'CODER_HEADER is not a comma-separated list: x', headerCommand: 'exit 7' },
          options(),
        ),
      );
      assert.equal(reason, 'CODER_HEADER is not a comma-separated list: x');
    });

    it("the command's failure is the result", async () => {
      assert.match(
        failed(await deploymentHeaders({ headers: ['X-A=1'], headerCommand: 'exit 7' }, options())),
        /exit status 7/,
      );
    });
  });
});
