// This window's recording of the connection: from the moment a workspace is known, every status
// feed event goes through the timeline recorder (the same one `wsdoctor monitor` drives), a tick
// each second runs its time-based rules, and the store is saved every 30 s and on deactivate. When
// the recorder says the connection got worse, the quiet diagnosis runs (see auto-diagnosis.ts).
import type { StatusEvent } from '../../diag/status/state';
import { errorMessage } from '../../diag/errors';
import { systemClocks } from '../../diag/timeline/monitor';
import { AutoDiagnoseRule } from '../../diag/timeline/auto-diagnose';
import type { AutoDiagnoseConfig, DiagnosisTrigger } from '../../diag/timeline/auto-diagnose';
import type { Clocks } from '../../diag/timeline/detect';
import type { Diagnosis } from '../../diag/timeline/diagnosis';
import { TimelineRecorder } from '../../diag/timeline/recorder';
import type { RecorderUpdate } from '../../diag/timeline/recorder';
import type { TimelineStore } from '../../diag/timeline/store';
import type { TimelineEvent } from '../../diag/wire/timeline-data';
import type { TimelinePersistence } from './timeline-persistence';

interface TimelineRecordingDeps {
  persistence: TimelinePersistence;
  /** Runs the quiet check; never rejects (a check that could not run is a diagnosis with an error). */
  diagnose(workspace: string, trigger: DiagnosisTrigger, atMs: number): Promise<Diagnosis>;
  /** A diagnosis joined the timeline as this event. */
  onDiagnosed(workspace: string, diagnosis: Diagnosis, event: TimelineEvent): void;
  /** Something was recorded (for the panel; the caller throttles). */
  onChange(workspace: string): void;
  log(line: string): void;
  clocks?: () => Clocks;
}

const TICK_MS = 1000;
const SAVE_EVERY_MS = 30_000;
/** An event is what a reload must not lose: saved this soon after one, whatever the interval. */
const SAVE_AFTER_EVENT_MS = 3_000;

export class TimelineRecording {
  private recorder: TimelineRecorder | null = null;
  private readonly rule: AutoDiagnoseRule;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private dirty = false;
  private eventSinceSave = false;
  private lastSaveMs = 0;
  /** The save running now (or resolved): the next one starts when it ends. */
  private saving: Promise<void> = Promise.resolve();
  /** The newest `diagnosed` event of the recorded workspace (restored ones included). */
  private lastDiagnosedEvent: TimelineEvent | null = null;

  constructor(
    private readonly deps: TimelineRecordingDeps,
    config: AutoDiagnoseConfig,
  ) {
    this.rule = new AutoDiagnoseRule(config);
  }

  get workspace(): string | null {
    return this.recorder?.workspace ?? null;
  }

  /** The timeline being recorded for `workspace`, or null when it is not the one recorded now. */
  storeOf(workspace: string): TimelineStore | null {
    return this.recorder?.workspace === workspace ? this.recorder.store : null;
  }

  /** The last automatic diagnosis of the recorded workspace: when, and its event's words. */
  get lastDiagnosis(): { atMs: number; cause: string } | null {
    const e = this.lastDiagnosedEvent;
    return e ? { atMs: e.atMs, cause: e.detail ?? 'no cause found' } : null;
  }

  configure(config: AutoDiagnoseConfig): void {
    this.rule.configure(config);
  }

  /** One status feed event; a `workspace` event switches the recording to that workspace. */
  observe(event: StatusEvent): void {
    if (event.type === 'workspace') {
      this.switchTo(event.workspace);
      return;
    }
    if (!this.recorder) return;
    const clocks = this.clocks();
    this.handle(this.recorder, this.recorder.observe(event, clocks), clocks);
  }

  /**
   * Switches at once, before the previous workspace's save ends: a second switch while it is saved
   * (B, then C) must leave the recording on C, and every reading after it must be C's.
   */
  private switchTo(workspace: string | null): void {
    if (workspace === this.workspace) return;
    void this.save();
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.recorder = null;
    this.lastDiagnosedEvent = null;
    this.dirty = false;
    this.eventSinceSave = false;
    if (workspace === null) return;
    const restored = this.deps.persistence.load(workspace);
    if (restored.reason) this.deps.log(`timeline of ${workspace}: ${restored.reason}`);
    else if (!restored.store.isEmpty())
      this.deps.log(`timeline of ${workspace} restored: ${restored.store.events().length} events`);
    const recorder = new TimelineRecorder(workspace, restored.store, this.rule);
    this.recorder = recorder;
    this.lastDiagnosedEvent = [...restored.store.events()].reverse().find((e) => e.type === 'diagnosed') ?? null;
    // The interval holds over a reload: the stored diagnosis counts as the last one started.
    if (
      this.lastDiagnosedEvent &&
      !this.rule.running(workspace) &&
      this.rule.claim(workspace, this.lastDiagnosedEvent.atMs)
    )
      this.rule.finished(workspace);
    this.lastSaveMs = this.clocks().wallMs;
    this.ticker = setInterval(() => this.tick(recorder), TICK_MS);
    this.deps.onChange(workspace);
  }

  private tick(recorder: TimelineRecorder): void {
    if (recorder !== this.recorder) return;
    const clocks = this.clocks();
    this.handle(recorder, recorder.tick(clocks), clocks);
    const due = this.eventSinceSave ? SAVE_AFTER_EVENT_MS : SAVE_EVERY_MS;
    if (this.dirty && clocks.wallMs - this.lastSaveMs >= due) void this.save();
  }

  private handle(recorder: TimelineRecorder, update: RecorderUpdate, clocks: Clocks): void {
    this.dirty = true;
    if (update.events.length > 0) {
      this.deps.log(`timeline: ${update.events.map((e) => e.type).join(', ')}`);
      this.eventSinceSave = true;
    }
    if (update.diagnose) this.startDiagnosis(recorder, update.diagnose, clocks.wallMs);
    this.deps.onChange(recorder.workspace);
  }

  private startDiagnosis(recorder: TimelineRecorder, trigger: DiagnosisTrigger, atMs: number): void {
    const { workspace } = recorder;
    this.deps.log(`timeline: ${workspace} got worse (${trigger}); diagnosing in the background`);
    void (async () => {
      try {
        const diagnosis = await this.deps.diagnose(workspace, trigger, atMs);
        const event = recorder.diagnosisFinished(diagnosis, this.clocks().wallMs);
        if (recorder === this.recorder) {
          this.lastDiagnosedEvent = event;
          this.dirty = true;
          this.deps.onChange(workspace);
          // The diagnosis holds the 10-minute interval over a reload only once it is stored.
          await this.save();
        } else {
          // Recorded after the window moved on: that workspace's stored timeline still gets it.
          await this.persist(workspace, recorder.store);
        }
        this.deps.onDiagnosed(workspace, diagnosis, event);
      } catch (err) {
        this.deps.log(`timeline: the diagnosis of ${workspace} could not be recorded: ${errorMessage(err)}`);
      }
    })();
  }

  /** Saves the recorded timeline now (if anything changed since the last save); saves run one at a time. */
  save(): Promise<void> {
    const recorder = this.recorder;
    if (!recorder || !this.dirty) return this.saving;
    this.dirty = false;
    this.eventSinceSave = false;
    this.lastSaveMs = this.clocks().wallMs;
    return this.persist(recorder.workspace, recorder.store);
  }

  /** Queued behind the saves before it: two saves never interleave their updates of the stored index. */
  private persist(workspace: string, store: TimelineStore): Promise<void> {
    this.saving = this.saving.then(async () => {
      try {
        await this.deps.persistence.save(workspace, store);
      } catch (err) {
        this.deps.log(`timeline of ${workspace} not saved: ${errorMessage(err)}`);
      }
    });
    return this.saving;
  }

  /** Deactivate: stop ticking and save; a running diagnosis is not waited for (it has its own deadline). */
  async shutdown(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    await this.save();
  }

  private clocks(): Clocks {
    return (this.deps.clocks ?? systemClocks)();
  }
}
