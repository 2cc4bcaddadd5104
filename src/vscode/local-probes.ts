// The extension's own client-side probes (MTU, VPN routes, STUN/NAT, DERP relays) for the check,
// loaded from their own bundle on first use.
import type { LocalProbeRunner } from '../diag/check';
import { loadEngine } from './lazy-engine';

type LocalProbesEngine = typeof import('./engines/local-probes');

export function localProbeRunner(): LocalProbeRunner {
  return (ctx, emit, signal) => loadEngine<LocalProbesEngine>('local-probes').localProbeRunner(ctx, emit, signal);
}
