// Where each workspace's timeline is kept between window reloads: one file per workspace in the
// extension's global storage folder (src/diag/timeline/timeline-files.ts), read only when that
// workspace is asked for. Timelines that earlier versions kept in globalState are moved there once,
// and globalState keeps none of them.
import type * as vscode from 'vscode';
import { errorMessage } from '../../diag/errors';
import type { TimelineFiles } from '../../diag/timeline/timeline-files';
import { timelineFromJson } from '../../diag/timeline/serialize';
import type { RestoredTimeline } from '../../diag/timeline/serialize';
import type { TimelineStore } from '../../diag/timeline/store';

/** Where earlier versions kept timelines in globalState: one key per workspace and their order. */
const LEGACY_PREFIX = 'wsdoctor.timeline.v1:';
const LEGACY_INDEX = 'wsdoctor.timeline.v1.workspaces';

type State = Pick<vscode.Memento, 'get' | 'keys' | 'update'>;

export class TimelinePersistence {
  constructor(
    private readonly files: TimelineFiles,
    private readonly state: State,
  ) {}

  /** The stored timeline of `workspace` (empty when none); a corrupt one is dropped with the reason. */
  load(workspace: string): RestoredTimeline {
    if (this.files.has(workspace)) return this.files.load(workspace);
    // Not moved yet (the move runs at activation): what an earlier version kept.
    return timelineFromJson(this.state.get<unknown>(LEGACY_PREFIX + workspace));
  }

  save(workspace: string, store: TimelineStore): Promise<void> {
    return this.files.save(workspace, store);
  }

  /**
   * Moves the timelines of globalState into files, the least recently recorded first so the folder's
   * eviction keeps the newest, and removes them from globalState. A file already there is newer (a
   * window of this version wrote it) and stays. Returns how many were moved; one that fails is logged and left for the next start.
   */
  async migrateFromState(log: (line: string) => void): Promise<number> {
    const keys = this.state.keys().filter((k) => k.startsWith(LEGACY_PREFIX));
    if (keys.length === 0 && this.state.get(LEGACY_INDEX) === undefined) return 0;
    const stored = this.state.get<unknown>(LEGACY_INDEX);
    const index = Array.isArray(stored) ? stored.filter((w): w is string => typeof w === 'string') : [];
    const rank = (key: string): number => {
      const at = index.indexOf(key.slice(LEGACY_PREFIX.length));
      return at === -1 ? index.length : at;
    };
    keys.sort((a, b) => rank(b) - rank(a));
    // Already in a file before the move started: newer than anything moved.
    const saved = new Set(keys.filter((k) => this.files.has(k.slice(LEGACY_PREFIX.length))));
    // Dated a second apart in their old order, all before the files saved by this version.
    const startMs = Date.now();
    let moved = 0;
    for (const key of keys) {
      const workspace = key.slice(LEGACY_PREFIX.length);
      try {
        if (!saved.has(key)) {
          await this.files.write(workspace, this.state.get<unknown>(key), startMs - (rank(key) + 1) * 1000);
          moved++;
        }
        await this.state.update(key, undefined);
      } catch (err) {
        // Kept in globalState for the next start to try again.
        log(`timeline of ${workspace} not moved out of extension state: ${errorMessage(err)}`);
      }
    }
    await this.state.update(LEGACY_INDEX, undefined);
    return moved;
  }
}
