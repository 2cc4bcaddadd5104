import assert from 'node:assert/strict';
import { UsageError } from '../../../../src/cli/args';
import { monitorCommand, parseMonitorDuration } from '../../../../src/cli/timeline/monitor-command';
import { eventText } from '../../../../src/diag/present/monitor';
import { HOSTILE, TERMINAL_CONTROL } from '../../../support/hostile-text';
import { recordingIo } from '../../../support/recording-io';

describe('wsdoctor monitor: flags and lines', () => {
  it('--duration: Go durations or seconds, 1s to 24h', () => {
    assert.equal(parseMonitorDuration(undefined), 600_000);
    assert.equal(parseMonitorDuration('90s'), 90_000);
    assert.equal(parseMonitorDuration('1h30m'), 5_400_000);
    assert.equal(parseMonitorDuration('45'), 45_000);
    for (const bad of ['0s', '500ms', '25h', 'soon', '-1m', ''])
      assert.throws(
        () => parseMonitorDuration(bad),
        (e: unknown) => e instanceof UsageError && /1s to 24h/.test(e.message),
      );
  });

  it('needs exactly one workspace, and one login flag', async () => {
    const io = recordingIo();
    await assert.rejects(monitorCommand([], io), /Which workspace/);
    await assert.rejects(monitorCommand(['a', 'b'], io), /one workspace, got 2/);
    await assert.rejects(monitorCommand(['a', '--deployment', 'x', '--global-config', '/tmp'], io), /give one of them/);
    await assert.rejects(monitorCommand(['a', '--count', '3'], io), /Unknown option --count/);
  });

  it('event lines never carry terminal controls from a region name', () => {
    const text = eventText({ atMs: 0, type: 'region-changed', from: HOSTILE, to: 'London' });
    assert.doesNotMatch(text, TERMINAL_CONTROL);
    assert.match(text, /→ London$/);
  });
});
