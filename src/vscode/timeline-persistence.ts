// Where each workspace's timeline is kept between window reloads: extension state, one key per
// workspace, the store's own bound per key, and only the most recently recorded workspaces kept.
import type * as vscode from 'vscode';
import { timelineFromJson, timelineToJson } from '../diag/timeline/serialize';
import type { RestoredTimeline } from '../diag/timeline/serialize';
import type { TimelineStore } from '../diag/timeline/store';

const KEY_PREFIX = 'wsdoctor.timeline.v1:';
const INDEX_KEY = 'wsdoctor.timeline.v1.workspaces';
/** Timelines of more workspaces than this are dropped, the least recently recorded first. */
export const MAX_STORED_TIMELINES = 20;

export class TimelinePersistence {
  constructor(private readonly state: vscode.Memento) {}

  /** The stored timeline of `workspace` (empty when none); a corrupt one is dropped with the reason. */
  load(workspace: string): RestoredTimeline {
    return timelineFromJson(this.state.get<unknown>(KEY_PREFIX + workspace));
  }

  async save(workspace: string, store: TimelineStore): Promise<void> {
    const index = this.index().filter((w) => w !== workspace);
    index.unshift(workspace);
    for (const dropped of index.splice(MAX_STORED_TIMELINES)) await this.state.update(KEY_PREFIX + dropped, undefined);
    await this.state.update(KEY_PREFIX + workspace, timelineToJson(store));
    await this.state.update(INDEX_KEY, index);
  }

  private index(): string[] {
    const stored = this.state.get<unknown>(INDEX_KEY);
    return Array.isArray(stored) ? stored.filter((w): w is string => typeof w === 'string') : [];
  }
}
