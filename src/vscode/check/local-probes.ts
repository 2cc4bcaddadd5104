// The extension's own client-side probes (MTU, VPN routes, STUN/NAT, DERP relays) for the check,
// loaded from their own bundle on first use.
import type { LocalProbeRunner } from '../../diag/check/check';
import { loadEngine } from '../lazy-engine';

type LocalProbesEngine = typeof import('../engines/local-probes');

/** `cacheDir`: where downloads worth keeping (AWS IP ranges) go; the extension's global storage. */
export function localProbeRunner(cacheDir: string): LocalProbeRunner {
  let runner: LocalProbeRunner | undefined;
  return (ctx, emit, signal) => {
    // Messages name the settings an extension user has, not wsdoctor's flags.
    const engine = loadEngine<LocalProbesEngine>('local-probes');
    runner ??= engine.makeLocalProbeRunner({
      cacheDir,
      stunOption: 'wsdoctor.stunServers',
      netWords: engine.EXTENSION_NET_WORDS,
    });
    return runner(ctx, emit, signal);
  };
}
