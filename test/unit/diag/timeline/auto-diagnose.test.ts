import assert from 'node:assert/strict';
import { AutoDiagnoseRule } from '../../../../src/diag/timeline/auto-diagnose';
import type { AutoDiagnoseConfig } from '../../../../src/diag/timeline/auto-diagnose';
import { TimelineRecorder } from '../../../../src/diag/timeline/recorder';
import { TimelineStore } from '../../../../src/diag/timeline/store';
import type { TimelineSample } from '../../../../src/diag/wire/timeline-data';

const T0 = Date.UTC(2025, 2, 3, 9, 12, 0);
const MIN = 60_000;
const config: AutoDiagnoseConfig = { enabled: true, minIntervalMinutes: 10, errorMs: 250 };
const sample = (latencyMs: number | null, lost = false): TimelineSample => ({
  atMs: T0,
  latencyMs,
  path: 'p2p',
  derpRegion: null,
  ...(lost ? { lost: true as const } : {}),
});

describe('auto-diagnosis rule', () => {
  it('at most one per interval per workspace, never while one runs', () => {
    const rule = new AutoDiagnoseRule(config);
    assert.equal(rule.claim('dev', T0), true);
    assert.equal(rule.claim('dev', T0 + 1), false, 'one is running');
    rule.finished('dev');
    assert.equal(rule.claim('dev', T0 + 9 * MIN), false, 'within 10 min of the last start');
    assert.equal(rule.claim('other', T0 + 9 * MIN), true, 'another workspace has its own interval');
    assert.equal(rule.claim('dev', T0 + 10 * MIN), true);
    assert.equal(rule.running('dev'), true);
  });

  it('a running diagnosis blocks even after the interval', () => {
    const rule = new AutoDiagnoseRule(config);
    rule.claim('dev', T0);
    assert.equal(rule.claim('dev', T0 + 60 * MIN), false);
  });

  it('follows the configured interval and the switch', () => {
    const rule = new AutoDiagnoseRule({ ...config, minIntervalMinutes: 1 });
    rule.claim('dev', T0);
    rule.finished('dev');
    assert.equal(rule.claim('dev', T0 + MIN), true);
    rule.finished('dev');
    rule.configure({ ...config, enabled: false });
    assert.equal(rule.claim('dev', T0 + 100 * MIN), false);
  });

  it('triggers: p2p → DERP, three readings over the error threshold, a lost ping, back online', () => {
    const rule = new AutoDiagnoseRule(config);
    assert.equal(rule.noteEvent({ atMs: T0, type: 'path-changed', from: 'p2p', to: 'derp' }), 'path-to-derp');
    assert.equal(rule.noteEvent({ atMs: T0, type: 'path-changed', from: 'derp', to: 'p2p' }), null);
    assert.equal(rule.noteEvent({ atMs: T0, type: 'online' }), 'back-online');
    assert.equal(rule.noteEvent({ atMs: T0, type: 'region-changed', from: 'a', to: 'b' }), null);
    assert.deepEqual(
      [300, 300, 100, 300, 300, 300, 300].map((ms) => rule.noteSample('dev', sample(ms))),
      [null, null, null, null, null, 'high-latency', null],
    );
    assert.equal(rule.noteSample('dev', sample(null, true)), 'loss');
    assert.equal(rule.noteSample('dev', sample(null)), null, 'Coder Connect gives no latency: not a trigger');
  });

  it('a path that flaps twice in a minute gets one diagnosis', () => {
    const rule = new AutoDiagnoseRule(config);
    const store = new TimelineStore();
    const recorder = new TimelineRecorder('dev', store, rule);
    const asked: string[] = [];
    let t = T0;
    const ping = (path: 'p2p' | 'derp') => {
      t += 5000;
      const u = recorder.observe(
        {
          type: 'sample',
          sample: {
            latencyMs: 20,
            path,
            region: path === 'derp' ? 'Frankfurt' : null,
            endpoint: null,
            atMs: t,
            source: 'ping',
          },
        },
        { wallMs: t, monoMs: t - T0 },
      );
      if (u.diagnose) asked.push(u.diagnose);
    };
    ping('p2p');
    ping('derp');
    const event = recorder.diagnosisFinished(
      { atMs: t, trigger: 'path-to-derp', issues: [{ id: 'udp-blocked', side: 'client', message: 'm', docs: 'd' }] },
      t + 3000,
    );
    ping('p2p');
    ping('derp');
    ping('p2p');
    ping('derp');
    assert.deepEqual(asked, ['path-to-derp']);
    assert.equal(event.detail, 'switched to DERP Frankfurt: UDP blocked on your machine');
    assert.equal(store.events().filter((e) => e.type === 'path-changed').length, 5);
    assert.equal(store.events().filter((e) => e.type === 'diagnosed').length, 1);
  });
});
