// Extension state (a VS Code Memento) kept in memory; values go through JSON as VS Code stores them.
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
  /** What VS Code would write: the whole state as JSON. */
  bytes(): number {
    return Buffer.byteLength(JSON.stringify(Object.fromEntries(this.data)));
  }
}
