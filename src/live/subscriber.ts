/**
 * One subscriber's outbox: an async iterator with a bounded buffer. When a consumer falls behind, pending updates
 * are coalesced into one (latest state per entity wins) instead of piling up.
 */
export interface SubscriberOptions<T> {
  /** Pending updates kept before coalescing (≥ 1). */
  maxPending: number;
  /** Combines successive updates into one with the same effect. */
  merge: (items: T[]) => T;
  onClose: () => void;
  onCoalesce?: () => void;
}

export class Subscriber<T> implements AsyncIterableIterator<T> {
  private pending: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | null = null;
  private closed = false;

  constructor(private readonly o: SubscriberOptions<T>) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** Updates waiting for the consumer (for tests and stats). */
  get pendingCount(): number {
    return this.pending.length;
  }

  push(item: T): void {
    if (this.closed) return;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w({ value: item, done: false });
      return;
    }
    this.pending.push(item);
    if (this.pending.length > this.o.maxPending) {
      this.pending = [this.o.merge(this.pending)];
      this.o.onCoalesce?.();
    }
  }

  next(): Promise<IteratorResult<T>> {
    const item = this.pending.shift();
    if (item !== undefined) return Promise.resolve({ value: item, done: false });
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(err?: unknown): Promise<IteratorResult<T>> {
    this.close();
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }

  /** Ends the stream; the consumer sees done after nothing more (pending updates are dropped). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    const w = this.waiting;
    this.waiting = null;
    w?.({ value: undefined, done: true });
    this.o.onClose();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
