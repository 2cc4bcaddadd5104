// A speed test that stops at its first step (0 streams): no network, only its phases and its error.
// Takes the engine's runSpeedtest, or a built bundle's, to see which language each speaks.
import type { runSpeedtest } from '../../src/diag/speedtest/speedtest';
import type { SpeedtestEvent } from '../../src/diag/speedtest/types';

export async function refusedSpeedtest(run: typeof runSpeedtest): Promise<{ phases: string[]; error: string | null }> {
  const phases: string[] = [];
  const report = await run(
    {
      target: { kind: 'ssh', host: '127.0.0.1', port: 9, username: 'me' },
      directions: ['download'],
      durationSeconds: 1,
      streams: 0,
    },
    (e: SpeedtestEvent) => void (e.type === 'phase' && phases.push(e.message)),
    new AbortController().signal,
  );
  return { phases, error: report.error };
}
