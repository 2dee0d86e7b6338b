/**
 * Read sharing: identical GETs in flight are one vendor call, and a finished GET's result may be handed to callers
 * that ask for it (`GetRequest.sharedSince`) for `resultShareMs`. Writes end sharing through the WriteClock.
 */

/**
 * Bumped when any write starts and when it ends: reads from before or during a write are never shared after it.
 * One clock per gateway, shared by every vendor, because one contact center's vendors see each other's changes
 * (a cc_agent action shows in Sinch's agent rows); two gateways in one process have a clock each.
 */
export class WriteClock {
  generation = 0;
  bump(): void {
    this.generation++;
  }
}

interface InFlight {
  promise: Promise<unknown>;
  controller: AbortController;
  waiters: number;
  /** The write generation it started in: a GET issued after a write never joins one started before it. */
  generation: number;
}

/** A finished GET's result, shareable for `resultShareMs` with callers whose request is not newer than it. */
interface Recent {
  value: unknown;
  /** When the read was sent: a connection only reuses reads sent after its previous answer. */
  startedAt: number;
  receivedAt: number;
  generation: number;
}

export class ReadSharing {
  private readonly inflight = new Map<string, InFlight>();
  private readonly recent = new Map<string, Recent>();
  private lastSweep = 0;

  constructor(
    private readonly clock: WriteClock,
    private readonly resultShareMs: number,
  ) {}

  /** A finished result the caller accepts (see GetRequest.sharedSince), or undefined. */
  recentFor(key: string, sharedSince: number | undefined): { value: unknown } | undefined {
    if (sharedSince === undefined || this.resultShareMs <= 0) return undefined;
    const done = this.recent.get(key);
    if (!done || done.generation !== this.clock.generation || Date.now() - done.receivedAt > this.resultShareMs) return undefined;
    // Sent strictly after the connection's previous answer, so it never carries older data than that answer.
    return done.startedAt > sharedSince ? { value: done.value } : undefined;
  }

  /** Joins the identical call in flight in this write generation, or starts one with `start`. */
  join(key: string, start: (signal: AbortSignal) => Promise<unknown>): InFlight {
    const existing = this.inflight.get(key);
    if (existing && existing.generation === this.clock.generation) {
      existing.waiters++;
      return existing;
    }
    const controller = new AbortController();
    const generation = this.clock.generation;
    const startedAt = Date.now();
    const created: InFlight = {
      controller,
      waiters: 1,
      generation,
      promise: start(controller.signal).then(
        (value) => {
          if (this.inflight.get(key) === created) this.inflight.delete(key);
          // Successes only, and only when no write started meanwhile.
          if (this.resultShareMs > 0 && generation === this.clock.generation) this.remember(key, value, startedAt);
          return value;
        },
        (e: unknown) => {
          if (this.inflight.get(key) === created) this.inflight.delete(key);
          throw e;
        },
      ),
    };
    created.promise.catch(() => undefined); // every waiter may have left; the rejection is still observed by them
    this.inflight.set(key, created);
    return created;
  }

  /** A waiter left before the answer: the last one out cancels the call. */
  leave(key: string, entry: InFlight): void {
    entry.waiters--;
    if (entry.waiters === 0) {
      if (this.inflight.get(key) === entry) this.inflight.delete(key);
      entry.controller.abort();
    }
  }

  /** Forgets every shareable result: the vendor's data may have changed. */
  invalidate(): void {
    this.clock.bump();
    this.recent.clear();
  }

  close(): void {
    for (const entry of this.inflight.values()) entry.controller.abort();
    this.inflight.clear();
    this.recent.clear();
  }

  private remember(key: string, value: unknown, startedAt: number): void {
    const now = Date.now();
    if (now - this.lastSweep > this.resultShareMs) {
      this.lastSweep = now;
      for (const [k, r] of this.recent) if (now - r.receivedAt > this.resultShareMs) this.recent.delete(k);
    }
    this.recent.set(key, { value, startedAt, receivedAt: now, generation: this.clock.generation });
  }
}

/** Callers share one parsed result; a fresh top-level array keeps one caller's sort/push from reaching another. */
export const copyTop = (value: unknown): unknown => (Array.isArray(value) ? [...value] : value);

/** `promise`, or a rejection with `cancelled()` as soon as `signal` aborts (after running `onAbort`). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined, onAbort: () => void, cancelled: () => Error): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    // The abandoned call still settles; its failure is expected and must not surface as an unhandled rejection.
    promise.catch(() => undefined);
    onAbort();
    return Promise.reject(cancelled());
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort();
      reject(cancelled());
    };
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', abort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(e);
      },
    );
  });
}
