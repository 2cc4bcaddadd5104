// The speed test as a run of the generic session: the state is the run's events, kept so a panel
// shown again can replay its chart; phase changes and the end go out at once, samples in batches.
import type { SpeedtestEmit, SpeedtestEvent, SpeedtestOptions, SpeedtestReport } from '../../diag/speedtest/types';
import { PanelRun } from '../panels/panel-run';
import type { RunListener, RunSpec } from '../panels/panel-run';

export type RunFn = (options: SpeedtestOptions, emit: SpeedtestEmit, signal: AbortSignal) => Promise<SpeedtestReport>;
export type SpeedtestPanelRun = PanelRun<SpeedtestOptions, SpeedtestEvent, SpeedtestReport, SpeedtestEvent[]>;

/** Far above what the longest run emits (4 samples/s plus intervals); a guard, not a budget. */
const MAX_KEPT_EVENTS = 20_000;
const BATCH_MS = 100;

const isBatched = (e: SpeedtestEvent): boolean => e.type === 'sample' || e.type === 'latency' || e.type === 'interval';

function speedtestRunSpec(run: RunFn): RunSpec<SpeedtestOptions, SpeedtestEvent, SpeedtestReport, SpeedtestEvent[]> {
  return {
    name: 'speed test',
    run,
    initial: () => [],
    fold: (kept, event) => {
      // Updated in place: a copy per sample would cost a long run dearly.
      if (kept.length < MAX_KEPT_EVENTS || event.type !== 'sample') kept.push(event);
      return kept;
    },
    urgent: (event) => !isBatched(event),
    isLast: (event) => event.type === 'done',
    lastEvent: (report) => ({ type: 'done', report }),
    // The engine promises never to reject; should it, the log says so and the panel stops.
    failed: () => [],
    describeStart: (o) => `${o.directions.join(' and ')}, ${o.durationSeconds} s`,
    describeEvent: () => null,
    describeResult: (r) => `${r.target}: ${r.error ?? 'finished'}`,
  };
}

export function speedtestPanelRun(
  run: RunFn,
  listener: RunListener<SpeedtestEvent, SpeedtestReport>,
  log?: (line: string) => void,
): SpeedtestPanelRun {
  return new PanelRun(speedtestRunSpec(run), listener, log, BATCH_MS);
}
