// A fixed-capacity FIFO: O(1) push and drop-oldest, so a day-long timeline never shifts big arrays.

export class Ring<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** The i-th oldest item (0 is the oldest). */
  at(i: number): T {
    if (i < 0 || i >= this.count) throw new RangeError(`ring index ${i} outside 0..${this.count - 1}`);
    return this.items[(this.start + i) % this.capacity] as T;
  }

  newest(): T | undefined {
    return this.count === 0 ? undefined : this.at(this.count - 1);
  }

  oldest(): T | undefined {
    return this.count === 0 ? undefined : this.at(0);
  }

  /** Adds at the new end; when full, the oldest is dropped and returned. */
  push(item: T): T | undefined {
    let dropped: T | undefined;
    if (this.count === this.capacity) dropped = this.shift();
    this.items[(this.start + this.count) % this.capacity] = item;
    this.count++;
    return dropped;
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.start];
    this.items[this.start] = undefined;
    this.start = (this.start + 1) % this.capacity;
    this.count--;
    return item;
  }

  /** Replaces the newest item (a minute bucket still filling). */
  replaceNewest(item: T): void {
    if (this.count === 0) throw new RangeError('ring is empty');
    this.items[(this.start + this.count - 1) % this.capacity] = item;
  }

  /** Replaces every item by what `change` makes of it, oldest first (the clock went back: times move). */
  replaceAll(change: (item: T) => T): void {
    for (let i = 0; i < this.count; i++) {
      const at = (this.start + i) % this.capacity;
      this.items[at] = change(this.items[at] as T);
    }
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.at(i));
    return out;
  }
}
