// When the connection gets worse, a quiet diagnosis runs by itself; this decides when. Triggers:
// the path dropped from p2p to DERP, latency over the error threshold three readings in a row, a
// lost ping, or coming back after being offline. At most one per interval per workspace, never
// two at once. Pure and clock-injected: the caller runs the check and says when it finished.
import type { TimelineEvent, TimelineSample } from '../wire/timeline-data';

export type DiagnosisTrigger = 'path-to-derp' | 'high-latency' | 'loss' | 'back-online';

export const TRIGGER_TEXT: Record<DiagnosisTrigger, string> = {
  'path-to-derp': 'the connection switched from direct (p2p) to a DERP relay',
  'high-latency': 'latency stayed over the error threshold',
  loss: 'pings were lost',
  'back-online': 'the workspace came back after being offline',
};

export interface AutoDiagnoseConfig {
  enabled: boolean;
  minIntervalMinutes: number;
  /** The status bar's error threshold (`wsdoctor.latency.errorMs`). */
  errorMs: number;
  /** Readings over errorMs in a row that count as worse. */
  slowReadingsInRow?: number;
}

export const DEFAULT_MIN_INTERVAL_MINUTES = 10;

interface WorkspaceRuleState {
  slowInRow: number;
  running: boolean;
  lastStartMs: number | null;
}

export class AutoDiagnoseRule {
  private readonly workspaces = new Map<string, WorkspaceRuleState>();

  constructor(private config: AutoDiagnoseConfig) {}

  configure(config: AutoDiagnoseConfig): void {
    this.config = config;
  }

  /** What a new sample says, by itself: null when it is not a reason to diagnose. */
  noteSample(workspace: string, sample: TimelineSample): DiagnosisTrigger | null {
    const state = this.state(workspace);
    if (sample.lost) {
      state.slowInRow = 0;
      return 'loss';
    }
    if (sample.latencyMs === null) return null;
    state.slowInRow = sample.latencyMs > this.config.errorMs ? state.slowInRow + 1 : 0;
    return state.slowInRow === (this.config.slowReadingsInRow ?? 3) ? 'high-latency' : null;
  }

  /** What a new timeline event says: null when it is not a reason to diagnose. */
  noteEvent(event: TimelineEvent): DiagnosisTrigger | null {
    if (event.type === 'path-changed' && event.from === 'p2p' && event.to === 'derp') return 'path-to-derp';
    if (event.type === 'online') return 'back-online';
    return null;
  }

  /**
   * True when a diagnosis for this trigger should start now, and records that it did: enabled,
   * none running for the workspace, and the last one started at least the interval ago.
   */
  claim(workspace: string, nowMs: number): boolean {
    if (!this.config.enabled) return false;
    const state = this.state(workspace);
    if (state.running) return false;
    const intervalMs = Math.max(0, this.config.minIntervalMinutes) * 60_000;
    if (state.lastStartMs !== null && nowMs - state.lastStartMs < intervalMs && nowMs >= state.lastStartMs)
      return false;
    state.running = true;
    state.lastStartMs = nowMs;
    return true;
  }

  /** The claimed diagnosis ended (whatever its outcome). */
  finished(workspace: string): void {
    this.state(workspace).running = false;
  }

  running(workspace: string): boolean {
    return this.state(workspace).running;
  }

  private state(workspace: string): WorkspaceRuleState {
    let state = this.workspaces.get(workspace);
    if (!state) {
      state = { slowInRow: 0, running: false, lastStartMs: null };
      this.workspaces.set(workspace, state);
    }
    return state;
  }
}
