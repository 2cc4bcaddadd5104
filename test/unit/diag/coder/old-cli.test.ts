import assert from 'node:assert/strict';
import {
  FULL_DIAGNOSTICS_MAJOR,
  lacksPingCommand,
  limitedDiagnosticsNote,
  noPingCommandError,
} from '../../../../src/diag/coder/old-cli';
import { describeFailure } from '../../../../src/diag/coder/run';
import type { RunResult } from '../../../../src/diag/coder/run';
import type { DiagEvent } from '../../../../src/diag/events';
import { toJsonReport } from '../../../../src/diag/present/json';
import { reduceAll } from '../../../../src/diag/check/report';

describe('old Coder CLIs', () => {
  it('notes the limited diagnostics of a v0.x CLI: what is missing and what to do', () => {
    const note = limitedDiagnosticsNote('v0.27.3+b1a2c3d');
    assert.ok(note !== null);
    assert.match(note, /^Limited diagnostics: Coder CLI v0\.27\.3\+b1a2c3d is older than v2/);
    assert.match(note, /path and latency/);
    assert.match(note, /not the checklist \(DERP, coordinator, WireGuard\) or the causes of a relayed connection/);
    assert.match(note, /update it, e\.g\. from your deployment's \/bin\/ page/);
    assert.match(limitedDiagnosticsNote('0.9.1') ?? '', /Coder CLI 0\.9\.1 is older than v2/);
    assert.match(limitedDiagnosticsNote('1.4.0') ?? '', /Coder CLI 1\.4\.0 is older than v2/);
  });

  it('has no note for a v2 CLI or a version it cannot read', () => {
    assert.equal(FULL_DIAGNOSTICS_MAJOR, 2);
    for (const version of ['v2.0.0', 'v2.18.0+a1b2c3d', 'v10.1.0', null, 'devel']) {
      assert.equal(limitedDiagnosticsNote(version), null, String(version));
    }
  });

  it('recognises a CLI without `coder ping`, in the wordings of old and new builds', () => {
    assert.equal(lacksPingCommand('unknown command "ping" for "coder"\n\nRun \'coder --help\' for usage.\n'), true);
    assert.equal(lacksPingCommand('Error: unknown command "ping" for "coder"\n'), true);
    assert.equal(
      lacksPingCommand('Encountered an error running "coder ping"\nunknown command "ping" for "coder"\n'),
      true,
    );
    assert.equal(lacksPingCommand('unknown command "netcheck" for "coder"\n'), false);
    assert.equal(lacksPingCommand('error: workspace "ping" not found: 404\n'), false);
    assert.equal(lacksPingCommand('unknown flag: --wait\n'), false);
  });

  it('says what to do about a CLI without `coder ping`', () => {
    const message = noPingCommandError('/opt/coder', 'v0.12.9+9e8d7c6');
    assert.match(message, /^Coder CLI v0\.12\.9\+9e8d7c6 \(\/opt\/coder\) has no `coder ping` command/);
    assert.match(
      message,
      /cannot check the connection\. Update the Coder CLI, e\.g\. from your deployment's \/bin\/ page/,
    );
    assert.match(message, /--coder \/ wsdoctor\.coderPath/);
    assert.match(noPingCommandError('/opt/coder', null), /^The Coder CLI at \/opt\/coder has no `coder ping`/);
  });

  it('quotes the error line, not the pointer to --help old builds print after it', () => {
    const result: RunResult = {
      code: 1,
      signal: null,
      stdout: '',
      stderr: 'unknown command "netcheck" for "coder"\n\nRun \'coder --help\' for usage.\n',
      timedOut: false,
      aborted: false,
    };
    assert.equal(
      describeFailure('`coder netcheck`', result),
      '`coder netcheck` exited with code 1: unknown command "netcheck" for "coder"',
    );
    assert.equal(
      describeFailure('`coder netcheck`', { ...result, stderr: "Run 'coder --help' for usage.\n" }),
      '`coder netcheck` exited with code 1',
    );
  });

  it('keeps the note in the JSON report, and leaves it out for a current CLI', () => {
    const events = (version: string): DiagEvent[] => {
      const note = limitedDiagnosticsNote(version);
      return [
        { type: 'cli', cli: note ? { path: '/opt/coder', version, note } : { path: '/opt/coder', version } },
        { type: 'finished', at: 'x' },
      ];
    };
    const old = toJsonReport(reduceAll(events('v0.27.3'), 'dev'));
    assert.match((old.cli as { note?: string }).note ?? '', /^Limited diagnostics: /);
    const current = toJsonReport(reduceAll(events('v2.18.0'), 'dev'));
    assert.deepEqual(current.cli, { path: '/opt/coder', version: 'v2.18.0' });
  });
});
