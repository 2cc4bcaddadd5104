// Turns the status feed's readings into timeline samples and events: path and region changes,
// drops and returns, a feed gone stale, sleep and wake, the workspace stopping and starting.
// Pure: the caller passes both clocks, so every rule is tested on scripted sequences.
import type { LiveSample, StatusEvent } from '../status/state';
import type { TimelineEvent, TimelineSample } from '../wire/timeline-data';

/** Both clocks at one moment: the wall clock jumps over sleep, the monotonic one does not. */
export interface Clocks {
  wallMs: number;
  monoMs: number;
}

interface DetectorConfig {
  /** Failed or timed-out pings in a row that make the workspace offline. */
  offlineAfterFailures: number;
  /** No fresh network info for this long: offline. */
  silenceOfflineMs: number;
  /** A network-info reading older than this: the file stopped updating. */
  staleAfterMs: number;
  /** Wall and monotonic clocks disagreeing by more than this: the machine slept (or the clock was set). */
  clockGapMs: number;
  /** No observation for this long on the monotonic clock: the process was not running (asleep). */
  asleepMs: number;
}

const DEFAULT_DETECTOR_CONFIG: DetectorConfig = {
  offlineAfterFailures: 3,
  silenceOfflineMs: 15_000,
  staleAfterMs: 10_000,
  clockGapMs: 10_000,
  asleepMs: 60_000,
};

export interface Detection {
  samples: TimelineSample[];
  events: TimelineEvent[];
}

// What the CLI says when the workspace is not started (`coder ping` / `coder ssh` on a stopped workspace).
const STOPPED =
  /\bis stopped\b|\bnot running\b|must be (?:in start transition|started)|workspace is (?:stopping|stopped)/i;

export function saysWorkspaceStopped(reason: string): boolean {
  return STOPPED.test(reason);
}

/** A span in words: "45 s", "12 min", "2.0 h". */
export function seconds(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  return s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;
}

export class EventDetector {
  private lastPath: LiveSample['path'] | null = null;
  private lastRegion: string | null = null;
  private failuresInRow = 0;
  private offline = false;
  private stopped = false;
  private stale = false;
  /** Wall time the last new reading arrived, and the last network-info file time seen. */
  private lastReadingWallMs: number | null = null;
  private lastInfoAtMs: number | null = null;
  private lastClocks: Clocks | null = null;

  constructor(private readonly config: DetectorConfig = DEFAULT_DETECTOR_CONFIG) {}

  /** One event from the status feed (or the monitor's pinger). */
  observe(event: StatusEvent, clocks: Clocks): Detection {
    const out: Detection = { samples: [], events: [] };
    this.checkClocks(clocks, out);
    const at = clocks.wallMs;
    switch (event.type) {
      case 'sample':
        this.reading(event.sample, clocks, out);
        break;
      case 'failure':
        out.samples.push({ atMs: at, latencyMs: null, path: 'unknown', derpRegion: null, lost: true });
        this.failuresInRow++;
        if (this.failuresInRow >= this.config.offlineAfterFailures)
          this.goOffline(at, `${this.failuresInRow} pings in a row failed or timed out (${event.reason})`, out);
        break;
      case 'offline':
        if (saysWorkspaceStopped(event.reason)) this.workspaceStopped(at, event.reason, out);
        else this.goOffline(at, event.reason, out);
        break;
      case 'unknown':
        this.goStale(at, event.reason, out);
        break;
      case 'workspace':
        this.reset();
        break;
      default:
        break;
    }
    return out;
  }

  /** Called every second or so: time-based rules (silence, staleness, sleep) need no reading to fire. */
  tick(clocks: Clocks): Detection {
    const out: Detection = { samples: [], events: [] };
    this.checkClocks(clocks, out);
    const at = clocks.wallMs;
    // Only a network-info feed is expected to update on its own; a pinger reports its own silence.
    if (this.lastInfoAtMs !== null && !this.offline && !this.stopped) {
      if (at - this.lastInfoAtMs > this.config.staleAfterMs)
        this.goStale(at, `The network info has not been updated for ${seconds(at - this.lastInfoAtMs)}.`, out);
      if (this.lastReadingWallMs !== null && at - this.lastReadingWallMs >= this.config.silenceOfflineMs)
        this.goOffline(at, `No network info for ${seconds(at - this.lastReadingWallMs)}.`, out);
    }
    return out;
  }

  /** The workspace's state from elsewhere (the deployment's workspace list). */
  workspaceState(running: boolean, clocks: Clocks, detail?: string): Detection {
    const out: Detection = { samples: [], events: [] };
    if (running && this.stopped) {
      this.stopped = false;
      out.events.push({ atMs: clocks.wallMs, type: 'workspace-started', ...(detail ? { detail } : {}) });
    } else if (!running) {
      this.workspaceStopped(clocks.wallMs, detail ?? 'The workspace is stopped.', out);
    }
    return out;
  }

  private reading(sample: LiveSample, clocks: Clocks, out: Detection): void {
    if (sample.source === 'network-info') {
      // The same file time again is not a new reading: the file was not rewritten.
      if (sample.atMs === this.lastInfoAtMs) return;
      this.lastInfoAtMs = sample.atMs;
    } else {
      this.lastInfoAtMs = null;
    }
    const at = sample.source === 'network-info' ? sample.atMs : clocks.wallMs;
    out.samples.push({ atMs: at, latencyMs: sample.latencyMs, path: sample.path, derpRegion: sample.region });
    this.lastReadingWallMs = clocks.wallMs;
    this.failuresInRow = 0;
    this.stale = false;
    if (this.stopped) {
      this.stopped = false;
      this.offline = false;
      out.events.push({ atMs: at, type: 'workspace-started' });
    } else if (this.offline) {
      this.offline = false;
      out.events.push({ atMs: at, type: 'online' });
    }
    if (this.lastPath !== null && sample.path !== this.lastPath) {
      out.events.push({ atMs: at, type: 'path-changed', from: this.lastPath, to: sample.path });
    } else if (
      sample.path === 'derp' &&
      this.lastRegion !== null &&
      sample.region !== null &&
      sample.region !== this.lastRegion
    ) {
      out.events.push({ atMs: at, type: 'region-changed', from: this.lastRegion, to: sample.region });
    }
    this.lastPath = sample.path;
    if (sample.region !== null || sample.path !== 'derp') this.lastRegion = sample.region;
  }

  private goOffline(at: number, detail: string, out: Detection): void {
    if (this.offline || this.stopped) return;
    this.offline = true;
    out.events.push({ atMs: at, type: 'offline', detail });
  }

  private goStale(at: number, detail: string, out: Detection): void {
    if (this.stale || this.offline || this.stopped) return;
    this.stale = true;
    out.events.push({ atMs: at, type: 'stale', detail });
  }

  private workspaceStopped(at: number, detail: string, out: Detection): void {
    if (this.stopped) return;
    this.stopped = true;
    this.offline = false;
    out.events.push({ atMs: at, type: 'workspace-stopped', detail });
  }

  private checkClocks(clocks: Clocks, out: Detection): void {
    const last = this.lastClocks;
    this.lastClocks = clocks;
    if (!last) return;
    const wallDelta = clocks.wallMs - last.wallMs;
    const monoDelta = clocks.monoMs - last.monoMs;
    const jump = wallDelta - monoDelta;
    const slept = Math.abs(jump) > this.config.clockGapMs;
    const paused = monoDelta > this.config.asleepMs;
    if (!slept && !paused) return;
    const detail = slept
      ? `The clock jumped ${jump < 0 ? 'back ' : ''}${seconds(jump)} (sleep and wake, or the clock was set).`
      : `Nothing ran for ${seconds(monoDelta)} (the machine was probably asleep).`;
    out.events.push({ atMs: clocks.wallMs, type: 'clock-gap', detail });
    // Time spent asleep is not silence from the workspace: the offline and stale rules start afresh.
    if (this.lastReadingWallMs !== null) this.lastReadingWallMs = clocks.wallMs;
    if (this.lastInfoAtMs !== null) this.lastInfoAtMs = clocks.wallMs;
    this.failuresInRow = 0;
  }

  private reset(): void {
    this.lastPath = null;
    this.lastRegion = null;
    this.failuresInRow = 0;
    this.offline = false;
    this.stopped = false;
    this.stale = false;
    this.lastReadingWallMs = null;
    this.lastInfoAtMs = null;
  }
}
