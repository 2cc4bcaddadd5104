// One workspace's timeline being recorded: the detector turns feed events into samples and events,
// the store keeps them, and the auto-diagnosis rule says when a quiet check should start. The
// extension's status feed and `wsdoctor monitor` both drive this, so both record the same way.
import type { StatusEvent } from '../status/state';
import type { AutoDiagnoseRule, DiagnosisTrigger } from './auto-diagnose';
import { EventDetector } from './detect';
import type { Clocks, Detection } from './detect';
import { diagnosedEvent } from './diagnosis';
import type { Diagnosis } from './diagnosis';
import type { TimelineStore } from './store';
import type { TimelineEvent, TimelineSample } from '../wire/timeline-data';

export interface RecorderUpdate {
  /** Events added to the timeline by this call, oldest first. */
  events: TimelineEvent[];
  /** A diagnosis to start now: the rule was asked and said yes (it now counts as running). */
  diagnose: DiagnosisTrigger | null;
}

export class TimelineRecorder {
  private last: TimelineSample | null = null;
  /** The reading that triggered the running diagnosis: its event names that moment, not a later one. */
  private triggeredBy: TimelineSample | null = null;

  constructor(
    readonly workspace: string,
    readonly store: TimelineStore,
    private readonly rule: AutoDiagnoseRule | null,
    private readonly detector = new EventDetector(),
  ) {}

  observe(event: StatusEvent, clocks: Clocks): RecorderUpdate {
    return this.apply(this.detector.observe(event, clocks), clocks);
  }

  tick(clocks: Clocks): RecorderUpdate {
    return this.apply(this.detector.tick(clocks), clocks);
  }

  workspaceState(running: boolean, clocks: Clocks, detail?: string): RecorderUpdate {
    return this.apply(this.detector.workspaceState(running, clocks, detail), clocks);
  }

  /**
   * The diagnosis that `diagnose` asked for ended at `atMs`: it joins the timeline (at that time, so
   * events stay in order) and the rule is free again.
   */
  diagnosisFinished(diagnosis: Diagnosis, atMs: number): TimelineEvent {
    this.rule?.finished(this.workspace);
    const event = { ...diagnosedEvent(diagnosis, this.triggeredBy ?? this.last), atMs };
    this.triggeredBy = null;
    this.store.addEvent(event);
    return event;
  }

  private apply(detection: Detection, clocks: Clocks): RecorderUpdate {
    let trigger: DiagnosisTrigger | null = null;
    // A timeline ahead of the clock (set back, or restored from a clock that ran ahead) moves back
    // first, so what comes now is kept; its clock-gap event says so and stands for the detector's.
    const moved = this.store.followClock(clocks.wallMs);
    if (moved) detection = { ...detection, events: detection.events.filter((e) => e.type !== 'clock-gap') };
    for (const sample of detection.samples) {
      if (!this.store.addSample(sample)) continue;
      if (sample.latencyMs !== null || sample.lost) this.last = sample;
      trigger ??= this.rule?.noteSample(this.workspace, sample) ?? null;
    }
    for (const event of detection.events) {
      this.store.addEvent(event);
      trigger ??= this.rule?.noteEvent(event) ?? null;
    }
    const diagnose = trigger !== null && this.rule?.claim(this.workspace, clocks.wallMs) ? trigger : null;
    if (diagnose) this.triggeredBy = this.last;
    return { events: moved ? [moved, ...detection.events] : detection.events, diagnose };
  }
}
