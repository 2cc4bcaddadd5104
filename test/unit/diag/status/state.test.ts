import assert from 'node:assert/strict';
import { defaultStatusConfig, initialStatus, statusReduce } from '../../../../src/diag/status/state';
import type { LiveSample, StatusEvent, StatusState } from '../../../../src/diag/status/state';
import { formatBitRate, presentStatus, type StatusView } from '../../../../src/diag/status/status-view';

const config = { ...defaultStatusConfig(5), warnMs: 100, errorMs: 250 };
const T0 = 1_000_000;

function sample(latencyMs: number, path: 'p2p' | 'derp' = 'p2p', region: string | null = null, atMs = T0): LiveSample {
  return { latencyMs, path, region, endpoint: path === 'p2p' ? '198.51.100.7:41641' : null, atMs, source: 'ping' };
}

/** The view as the status bar draws it, before the host escapes the label. */
function shown(view: StatusView): string {
  return `$(${view.icon}) ${view.label}`;
}

function run(events: StatusEvent[], start: StatusState = initialStatus(config)): StatusState {
  return events.reduce(statusReduce, start);
}

describe('status bar state machine', () => {
  it('is hidden while no workspace is known, and when turned off', () => {
    assert.equal(presentStatus(initialStatus(config), T0).visible, false);
    const off = run([
      { type: 'workspace', workspace: 'dev' },
      { type: 'config', config: { ...config, enabled: false } },
    ]);
    assert.equal(presentStatus(off, T0).visible, false);
    assert.equal(presentStatus(off, T0).kind, 'hidden');
  });

  it('shows unknown, then connecting, for a known workspace without data', () => {
    const known = run([{ type: 'workspace', workspace: 'dev' }]);
    const unknown = presentStatus(known, T0);
    assert.equal(unknown.kind, 'unknown');
    assert.ok(unknown.visible);
    const connecting = presentStatus(statusReduce(known, { type: 'connecting' }), T0);
    assert.equal(connecting.kind, 'connecting');
    assert.match(shown(connecting), /connecting/);
  });

  it('shows latency and path, coloured by the thresholds after two readings', () => {
    const base = run([{ type: 'workspace', workspace: 'dev' }]);
    const twice = (s: LiveSample): StatusState =>
      run(
        [
          { type: 'sample', sample: s },
          { type: 'sample', sample: s },
        ],
        base,
      );
    const ok = presentStatus(statusReduce(base, { type: 'sample', sample: sample(12) }), T0);
    assert.equal(shown(ok), '$(pulse) 12 ms · p2p');
    assert.equal(ok.kind, 'ok');
    assert.equal(ok.severity, 'none');
    const warn = presentStatus(twice(sample(100, 'derp', 'Frankfurt')), T0);
    assert.equal(shown(warn), '$(pulse) 100 ms · DERP Frankfurt');
    assert.equal(warn.kind, 'warn');
    assert.equal(warn.severity, 'warning');
    assert.ok(warn.tooltip.includes('Above the warning threshold of 100 ms in the last two readings.'));
    const error = presentStatus(twice(sample(300.4, 'derp', 'Frankfurt')), T0);
    assert.equal(error.kind, 'error');
    assert.equal(error.severity, 'error');
    assert.equal(shown(error), '$(pulse) 300 ms · DERP Frankfurt');
    assert.equal(
      shown(presentStatus(statusReduce(base, { type: 'sample', sample: sample(0.4) }), T0)),
      '$(pulse) <1 ms · p2p',
    );
  });

  it('does not flash: one slow reading in a row changes no colour, either way', () => {
    const levels = (ms: number[]): string[] => {
      let s = run([{ type: 'workspace', workspace: 'dev' }]);
      return ms.map((m) => {
        s = statusReduce(s, { type: 'sample', sample: sample(m) });
        return presentStatus(s, T0).kind;
      });
    };
    // A lone spike, over the error threshold even, stays calm.
    assert.deepEqual(levels([20, 400, 20, 30]), ['ok', 'ok', 'ok', 'ok']);
    assert.deepEqual(levels([400]), ['ok'], 'one reading is not enough');
    // Two in a row: the lower of the two is shown.
    assert.deepEqual(levels([20, 150, 400, 400]), ['ok', 'ok', 'warn', 'error']);
    // Recovery likewise: one good reading keeps the colour, two bring it down.
    assert.deepEqual(levels([400, 400, 20, 400, 20, 20]), ['ok', 'error', 'error', 'error', 'error', 'ok']);
    assert.deepEqual(levels([400, 400, 150, 20, 20]), ['ok', 'error', 'error', 'warn', 'ok']);
  });

  it('applies new thresholds at once to the last two readings', () => {
    const s = run([
      { type: 'workspace', workspace: 'dev' },
      { type: 'sample', sample: sample(150) },
      { type: 'sample', sample: sample(180) },
    ]);
    assert.equal(presentStatus(s, T0).kind, 'warn');
    const stricter = statusReduce(s, { type: 'config', config: { ...config, warnMs: 50, errorMs: 120 } });
    assert.equal(presentStatus(stricter, T0).kind, 'error');
    const looser = statusReduce(s, { type: 'config', config: { ...config, warnMs: 500, errorMs: 900 } });
    assert.equal(presentStatus(looser, T0).kind, 'ok');
  });

  it('shows Coder Connect as a path of its own, without a latency or a colour', () => {
    const connect: LiveSample = {
      latencyMs: null,
      path: 'coder-connect',
      region: null,
      endpoint: null,
      atMs: T0,
      source: 'network-info',
    };
    const s = run([
      { type: 'workspace', workspace: 'dev' },
      { type: 'sample', sample: sample(400) },
      { type: 'sample', sample: sample(400) },
      { type: 'sample', sample: connect },
      { type: 'sample', sample: connect },
    ]);
    const view = presentStatus(s, T0);
    assert.equal(shown(view), '$(pulse) Coder Connect');
    assert.equal(view.severity, 'none');
    assert.ok(!/ms|DERP/.test(shown(view) + view.ariaLabel));
    assert.ok(view.tooltip.some((l) => /Coder Connect/.test(l)));
    assert.equal(shown(presentStatus(s, T0 + config.staleAfterMs + 1)), '$(pulse) ~Coder Connect');
    // Back on a measured path, the colour starts afresh.
    assert.equal(presentStatus(statusReduce(s, { type: 'sample', sample: sample(400) }), T0).kind, 'ok');
  });

  it('shows the live rates from the network-info file in the tooltip', () => {
    const s = run([
      { type: 'workspace', workspace: 'dev' },
      { type: 'sample', sample: { ...sample(20), rates: { downloadBytesSec: 569, uploadBytesSec: 448 } } },
    ]);
    assert.ok(presentStatus(s, T0).tooltip.includes('Live traffic: ↓ 4.6 kbit/s ↑ 3.6 kbit/s'));
    const noRates = run([{ type: 'sample', sample: sample(20) }], s);
    assert.ok(!presentStatus(noRates, T0).tooltip.some((l) => l.includes('↓')));
    assert.equal(formatBitRate(0), '0 bit/s');
    assert.equal(formatBitRate(100), '800 bit/s');
    assert.equal(formatBitRate(12_500), '100 kbit/s');
    assert.equal(formatBitRate(1_537_500), '12.3 Mbit/s');
    assert.equal(formatBitRate(125_000_000), '1.0 Gbit/s');
    assert.equal(formatBitRate(-5), '0 bit/s');
  });

  it('marks an old reading stale with ~, then calls the workspace offline', () => {
    const live = run([
      { type: 'workspace', workspace: 'dev' },
      { type: 'sample', sample: sample(48, 'derp', 'Frankfurt') },
    ]);
    assert.equal(presentStatus(live, T0 + config.staleAfterMs).stale, false);
    const stale = presentStatus(live, T0 + config.staleAfterMs + 1);
    assert.ok(stale.stale);
    assert.equal(shown(stale), '$(pulse) ~48 ms · DERP Frankfurt');
    assert.ok(stale.tooltip.some((l) => /old/.test(l)));
    const gone = presentStatus(live, T0 + config.offlineAfterMs + 1);
    assert.equal(gone.kind, 'offline');
    assert.ok(gone.visible);
  });

  it('goes offline after failures in a row, and back on the next pong', () => {
    let s = run([
      { type: 'workspace', workspace: 'dev' },
      { type: 'sample', sample: sample(20) },
    ]);
    s = run(
      [
        { type: 'failure', reason: 'Ping timed out.' },
        { type: 'failure', reason: 'Ping timed out.' },
      ],
      s,
    );
    assert.equal(presentStatus(s, T0).kind, 'ok', 'two timeouts are not yet offline');
    s = statusReduce(s, { type: 'failure', reason: 'Ping timed out.' });
    const offline = presentStatus(s, T0);
    assert.equal(offline.kind, 'offline');
    assert.equal(offline.severity, 'error');
    assert.ok(offline.tooltip.includes('Ping timed out.'));
    assert.equal(presentStatus(statusReduce(s, { type: 'sample', sample: sample(22) }), T0).kind, 'ok');
  });

  it('says when the CLI is missing, with the reason in the tooltip', () => {
    const s = run([
      { type: 'workspace', workspace: 'dev' },
      { type: 'cli-missing', reason: 'Coder CLI not found: set wsdoctor.coderPath.' },
    ]);
    const view = presentStatus(s, T0);
    assert.equal(view.kind, 'cli-missing');
    assert.match(shown(view), /Coder CLI missing/);
    assert.ok(view.tooltip.some((l) => l.includes('wsdoctor.coderPath')));
  });

  it('says when the deployment needs a sign-in, not that the CLI is missing, and recovers on a reading', () => {
    const s = run([
      { type: 'workspace', workspace: 'dev' },
      { type: 'signed-out', reason: 'Sign in to coder.example.com through the Coder extension.' },
    ]);
    const view = presentStatus(s, T0);
    assert.equal(view.kind, 'signed-out');
    assert.equal(view.severity, 'warning');
    assert.match(shown(view), /Sign in to Coder/);
    assert.doesNotMatch(shown(view), /CLI missing/);
    assert.ok(view.tooltip.some((l) => l.includes('coder.example.com')));
    const back = run([{ type: 'connecting' }, { type: 'sample', sample: sample(20) }], s);
    assert.equal(presentStatus(back, T0).kind, 'ok');
    assert.equal(back.problem, null);
  });

  it('forgets the old workspace when the workspace changes', () => {
    const s = run([
      { type: 'workspace', workspace: 'dev' },
      { type: 'sample', sample: sample(20) },
      { type: 'workspace', workspace: 'other' },
    ]);
    assert.equal(s.last, null);
    assert.equal(presentStatus(s, T0).kind, 'unknown');
  });

  it('keeps a good reading while a restarted pinger connects', () => {
    const s = run([
      { type: 'workspace', workspace: 'dev' },
      { type: 'sample', sample: sample(20) },
      { type: 'connecting' },
    ]);
    assert.equal(presentStatus(s, T0).kind, 'ok');
  });

  it('is never hidden while enabled and a workspace is known, whatever happens', () => {
    const events: StatusEvent[] = [
      { type: 'connecting' },
      { type: 'sample', sample: sample(20) },
      { type: 'failure', reason: 'x' },
      { type: 'offline', reason: 'stopped' },
      { type: 'cli-missing', reason: 'gone' },
      { type: 'signed-out', reason: 'refused' },
      { type: 'sample', sample: sample(400, 'derp', null) },
      { type: 'config', config: { ...config, warnMs: 1, errorMs: 2 } },
      { type: 'connecting' },
    ];
    let s = run([{ type: 'workspace', workspace: 'dev' }]);
    for (const event of events) {
      s = statusReduce(s, event);
      for (const now of [T0, T0 + config.staleAfterMs + 1, T0 + config.offlineAfterMs * 10]) {
        const view = presentStatus(s, now);
        assert.ok(view.visible, `hidden after ${event.type} at +${now - T0} ms`);
        assert.notEqual(view.label, '');
      }
    }
  });

  it('shortens untrusted region names', () => {
    const s = run([
      { type: 'workspace', workspace: 'dev' },
      { type: 'sample', sample: sample(20, 'derp', '$(zap)<img src=x onerror=alert(1)> very long name') },
    ]);
    const view = presentStatus(s, T0);
    assert.ok(view.label.startsWith('20 ms · DERP $(zap)'), 'the host escapes it: icon-text.ts');
    assert.ok(view.label.endsWith('…'));
    assert.ok(view.label.length < 60);
  });
});

describe('status bar state machine: a CLI gone silent', () => {
  const silent: StatusEvent = { type: 'unknown', reason: '`coder ping` printed nothing for 15 s.' };

  it('shows unknown, not connecting, and stays so across the restart until a reading comes', () => {
    const state = run([
      { type: 'workspace', workspace: 'dev' },
      { type: 'connecting' },
      silent,
      { type: 'connecting' },
    ]);
    const view = presentStatus(state, T0);
    assert.equal(view.kind, 'unknown');
    assert.match(shown(view), /\? ms/);
    assert.ok(view.tooltip.some((l) => l.includes('printed nothing')));
    const live = presentStatus(statusReduce(state, { type: 'sample', sample: sample(40) }), T0);
    assert.equal(live.kind, 'ok');
  });

  it('replaces a live reading with unknown, naming the last one as stale', () => {
    const state = run([{ type: 'workspace', workspace: 'dev' }, { type: 'sample', sample: sample(40) }, silent]);
    const view = presentStatus(state, T0 + 20_000);
    assert.equal(view.kind, 'unknown');
    assert.equal(view.stale, true);
    assert.ok(
      view.tooltip.some((l) => /Last reading 20 s ago: 40 ms · p2p/.test(l)),
      view.tooltip.join('\n'),
    );
  });
});
