// A VS Code Memento (globalState / workspaceState) kept in memory: values go through JSON on the way
// out, as VS Code's own stores them, so a test sees only what would survive a restart.
import type { Memento } from 'vscode';

export class MemoryMemento {
  readonly data = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.data.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return this.data.has(key) ? (JSON.parse(JSON.stringify(this.data.get(key))) as T) : fallback;
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, value);
    return Promise.resolve();
  }
  /** This store where the code under test wants the vscode type. */
  get memento(): Memento {
    return this as unknown as Memento;
  }
  /** What VS Code would write: the whole state as JSON. */
  bytes(): number {
    return Buffer.byteLength(JSON.stringify(Object.fromEntries(this.data)));
  }
}
