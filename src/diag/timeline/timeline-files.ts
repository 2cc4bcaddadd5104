// Timelines kept as files in one folder (the extension's global storage), one per workspace: a
// file is named by a hash of the workspace's name (any name is a safe file name), written to a
// temporary file and renamed over the old one (a reader never sees half of it), read only when
// its workspace is asked for, and bounded in number and in total size, the least recently saved
// dropped first. A file that cannot be read or is corrupt gives an empty timeline and the reason.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { errorMessage } from '../errors';
import { timelineFromJson, timelineToJson, type RestoredTimeline } from './serialize';
import { TIMELINE_MAX_JSON_BYTES, TimelineStore } from './store';

/** Timelines of more workspaces than this are dropped, the least recently saved first. */
export const MAX_STORED_TIMELINES = 20;
/** All timeline files together stay under this (a full day is about 450 KB, the most 1.5 MB). */
const MAX_TIMELINE_FOLDER_BYTES = 12_000_000;
/** A file bigger than this cannot be a timeline (the store's bound and the workspace name). */
const MAX_FILE_BYTES = TIMELINE_MAX_JSON_BYTES + 4096;
const SUFFIX = '.timeline.json';
/** A temporary file older than this was left by a window that died mid-write. */
const STALE_TEMP_MS = 60_000;

interface TimelineFile {
  workspace: string;
  timeline: unknown;
}

interface TimelineFilesLimits {
  maxFiles: number;
  maxTotalBytes: number;
}

export class TimelineFiles {
  private readonly limits: TimelineFilesLimits;

  constructor(
    readonly folder: string,
    limits: Partial<TimelineFilesLimits> = {},
  ) {
    this.limits = { maxFiles: MAX_STORED_TIMELINES, maxTotalBytes: MAX_TIMELINE_FOLDER_BYTES, ...limits };
  }

  /** The file of `workspace`: a hash, so no name can reach outside the folder or collide with another file. */
  fileOf(workspace: string): string {
    return path.join(this.folder, createHash('sha256').update(workspace).digest('hex').slice(0, 40) + SUFFIX);
  }

  has(workspace: string): boolean {
    try {
      return statSync(this.fileOf(workspace)).isFile();
    } catch {
      return false;
    }
  }

  /** The stored timeline of `workspace` (empty when none); an unreadable or corrupt file gives the reason. */
  load(workspace: string): RestoredTimeline {
    const file = this.fileOf(workspace);
    let text: string;
    try {
      if (statSync(file).size > MAX_FILE_BYTES) return dropped(`${path.basename(file)} is bigger than a timeline`);
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { store: new TimelineStore(), reason: null };
      return dropped(`${path.basename(file)} could not be read: ${errorMessage(err)}`);
    }
    let stored: TimelineFile;
    try {
      stored = JSON.parse(text) as TimelineFile;
    } catch (err) {
      return dropped(`${path.basename(file)} is not JSON: ${errorMessage(err)}`);
    }
    if (typeof stored !== 'object' || stored === null || stored.workspace !== workspace)
      return dropped(`${path.basename(file)} is not the timeline of this workspace`);
    return timelineFromJson(stored.timeline);
  }

  /** Writes the timeline of `workspace` atomically, then keeps the folder within its bounds. */
  async save(workspace: string, store: TimelineStore): Promise<void> {
    await this.write(workspace, timelineToJson(store));
  }

  /**
   * Writes an already serialized timeline (migration; the stored value is checked when loaded).
   * `savedAtMs` dates the file for eviction: a timeline recorded long ago goes before newer ones.
   */
  async write(workspace: string, timeline: unknown, savedAtMs?: number): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    const file = this.fileOf(workspace);
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    const body: TimelineFile = { workspace, timeline };
    try {
      await writeFile(temp, JSON.stringify(body), { mode: 0o600 });
      if (savedAtMs !== undefined) await utimes(temp, savedAtMs / 1000, savedAtMs / 1000);
      await rename(temp, file);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    await this.evict(file);
  }

  /** Drops the least recently saved timelines beyond the bounds (never `keep`) and stale temporary files. */
  private async evict(keep: string): Promise<void> {
    const files: { file: string; bytes: number; mtimeMs: number }[] = [];
    for (const name of await readdir(this.folder)) {
      const file = path.join(this.folder, name);
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) continue;
      if (name.endsWith('.tmp')) {
        if (Date.now() - info.mtimeMs > STALE_TEMP_MS) await rm(file, { force: true });
        continue;
      }
      if (name.endsWith(SUFFIX)) files.push({ file, bytes: info.size, mtimeMs: info.mtimeMs });
    }
    // Newest first; the one just written leads whatever the clock says.
    files.sort((a, b) => Number(b.file === keep) - Number(a.file === keep) || b.mtimeMs - a.mtimeMs);
    let total = 0;
    for (const [i, f] of files.entries()) {
      total += f.bytes;
      if (i > 0 && (i >= this.limits.maxFiles || total > this.limits.maxTotalBytes)) {
        total -= f.bytes;
        await rm(f.file, { force: true });
      }
    }
  }
}

function dropped(reason: string): RestoredTimeline {
  return { store: new TimelineStore(), reason: `The stored timeline was dropped: ${reason}` };
}
