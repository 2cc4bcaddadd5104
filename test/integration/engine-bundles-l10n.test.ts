// The heavy engines are bundles of their own (dist/engines/*.js), each with its own copy of the
// engine's translation seam: loaded as the extension loads them, they speak the host's language.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ProbeOutcome } from '../../src/diag/model';
import { setTranslator } from '../../src/diag/l10n';
import { loadEngineFrom } from '../../src/vscode/lazy-engine';
import { marked } from '../support/marked-translator';
import { refusedSpeedtest } from '../support/refused-speedtest';
import { REPO_ROOT } from '../support/paths';

type SpeedtestEngine = typeof import('../../src/vscode/engines/speedtest');
type LocalProbesEngine = typeof import('../../src/vscode/engines/local-probes');

const DIST = path.join(REPO_ROOT, 'dist');

describe('engine bundles in the host language', () => {
  afterEach(() => setTranslator(null));

  it('the speed test bundle: English on its own, the host translator once loaded as the extension loads it', async () => {
    setTranslator(marked);
    // Its own copy of the seam: required bare, it does not see the host's translator.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bare = require(path.join(DIST, 'engines', 'speedtest.js')) as SpeedtestEngine;
    bare.setTranslator(null);
    assert.deepEqual(await refusedSpeedtest(bare.runSpeedtest), {
      phases: ['Closing the connection'],
      error: 'Cannot run the speed test: streams must be a whole number from 1 to 16, not 0.',
    });
    const engine = loadEngineFrom<SpeedtestEngine>(DIST, 'speedtest');
    assert.deepEqual(await refusedSpeedtest(engine.runSpeedtest), {
      phases: ['«Closing the connection»'],
      error: '«Cannot run the speed test: «streams must be a whole number from 1 to 16, not 0».»',
    });
    // The host's language follows later changes: back to English when the host goes back.
    setTranslator(null);
    assert.equal((await refusedSpeedtest(engine.runSpeedtest)).phases[0], 'Closing the connection');
  });

  it('the local probes bundle says why a probe did not run in the host language', async () => {
    setTranslator(marked);
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'wsdoctor-engine-l10n-'));
    try {
      const engine = loadEngineFrom<LocalProbesEngine>(DIST, 'local-probes');
      const outcomes: ProbeOutcome[] = [];
      await engine.makeLocalProbeRunner({ cacheDir })(
        {
          stunServers: ['no port here'],
          netcheck: Promise.resolve(null),
          deployment: Promise.resolve(null),
          deploymentNote: Promise.resolve(null),
          env: {},
          deadlineMs: 3000,
        },
        (e) => void (e.type === 'probe' && outcomes.push(e.outcome)),
        new AbortController().signal,
      );
      const reasons = Object.fromEntries(outcomes.filter((o) => !o.ran).map((o) => [o.name, o.reason]));
      assert.equal(reasons.deployment, '«no deployment URL or Coder CLI config directory was given»');
      assert.equal(reasons.derp, '«no DERP map: no netcheck report and no deployment settings»');
      assert.match(reasons.stun ?? '', /^«no usable STUN server in no port here \(expected host:port\)»$/);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
