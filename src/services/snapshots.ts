/**
 * Last good snapshots of the live vendor lists (Sinch agents, Sinch queue statuses, CoBrowser agents), process-wide.
 * The per-request loaders record every successful fetch here and fall back to it when the vendor fails, so a
 * dashboard keeps showing the last known figures — marked stale, with their age — instead of nulls.
 *
 * Memory is bounded by what the vendors report: one collection per resource, one entry per entity the vendor
 * listed (a complete listing replaces the collection), never anything per request.
 */
import type { ChatAgent, QueueStatus, SinchAgent } from '../domain/model.js';

/** Default CCGRAPH_STALE_MAX_AGE_MS: older snapshots are not served. */
export const DEFAULT_STALE_MAX_AGE_MS = 15 * 60_000;

export interface Snapshot<T> {
  value: T;
  /** When the vendor reported it. */
  asOf: Date;
}

/** One vendor list, keyed by entity id. */
export class SnapshotCollection<T> {
  private entries = new Map<string, { value: T; at: number }>();
  /** When the last complete listing was recorded; null before the first one. */
  private listedAt: number | null = null;

  constructor(
    private readonly idOf: (item: T) => string,
    private readonly maxAgeMs: number,
    private readonly now: () => number,
  ) {}

  /**
   * A complete listing read at `asOf` (default now): it replaces the collection, so entities the vendor no longer
   * lists are forgotten. A listing older than the one held (a slow request finishing late) is ignored.
   */
  replaceAll(items: readonly T[], asOf?: Date): void {
    if (this.maxAgeMs <= 0) return;
    const at = asOf?.getTime() ?? this.now();
    if (this.listedAt !== null && at < this.listedAt) return;
    this.entries = new Map(items.map((item) => [this.idOf(item), { value: item, at }]));
    this.listedAt = at;
  }

  /** A listing filtered by ids, read at `asOf`: updates what it returned, forgets what it was asked for and lacked. */
  update(items: readonly T[], requestedIds: readonly string[], asOf?: Date): void {
    if (this.maxAgeMs <= 0) return;
    const at = asOf?.getTime() ?? this.now();
    const returned = new Set<string>();
    for (const item of items) {
      const id = this.idOf(item);
      returned.add(id);
      const had = this.entries.get(id);
      if (!had || had.at <= at) this.entries.set(id, { value: item, at });
    }
    for (const id of requestedIds) {
      const had = this.entries.get(id);
      if (!returned.has(id) && had && had.at <= at) this.entries.delete(id);
    }
  }

  /** The last good value of one entity, if younger than the max age. */
  get(id: string): Snapshot<T> | null {
    const e = this.entries.get(id);
    return e && this.fresh(e.at) ? { value: e.value, asOf: new Date(e.at) } : null;
  }

  /**
   * The whole list as last known, if a complete listing is younger than the max age. `asOf` is that listing's time
   * (entities refreshed since by an id lookup are newer, never older).
   */
  all(): Snapshot<T[]> | null {
    if (this.listedAt === null || !this.fresh(this.listedAt)) return null;
    return { value: [...this.entries.values()].map((e) => e.value), asOf: new Date(this.listedAt) };
  }

  get size(): number {
    return this.entries.size;
  }

  private fresh(at: number): boolean {
    return this.now() - at < this.maxAgeMs;
  }
}

export interface SnapshotCacheOptions {
  /** Snapshots at least this old are not served (0 disables the cache). Default 15 minutes. */
  maxAgeMs?: number;
  now?: () => number;
}

/** The live lists the read graph can serve stale. */
export class SnapshotCache {
  readonly maxAgeMs: number;
  readonly sinchAgents: SnapshotCollection<SinchAgent>;
  readonly queueStatuses: SnapshotCollection<QueueStatus>;
  readonly chatAgents: SnapshotCollection<ChatAgent>;

  constructor(opts: SnapshotCacheOptions = {}) {
    const now = opts.now ?? Date.now;
    this.maxAgeMs = Math.max(0, opts.maxAgeMs ?? DEFAULT_STALE_MAX_AGE_MS);
    this.sinchAgents = new SnapshotCollection<SinchAgent>((a) => a.id, this.maxAgeMs, now);
    this.queueStatuses = new SnapshotCollection<QueueStatus>((q) => q.queueId, this.maxAgeMs, now);
    this.chatAgents = new SnapshotCollection<ChatAgent>((a) => a.id, this.maxAgeMs, now);
  }
}
