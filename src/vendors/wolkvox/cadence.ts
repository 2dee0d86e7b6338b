/**
 * wolkvox's 5-minute cadence: identical report windows within it are answered from one vendor call. In process by
 * default; with REDIS_URL in Redis, so every instance sharing the token shares the answers, and a window one
 * instance is asking for is awaited by the others rather than asked again. Keys carry a hash of the token, never
 * the token.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createRedisClient, type Redis } from '../../redis.js';
import type { CobrowsingSession } from '../../domain/model.js';
import { droppedRowsOf, markDropped, type DroppedRows } from '../../domain/partial.js';

export interface WindowCache {
  /** The rows of `key` if asked within the cadence, else the rows `ask` returns (kept for the cadence). */
  through(key: string, ask: () => Promise<CobrowsingSession[]>): Promise<CobrowsingSession[]>;
  close(): Promise<void>;
}

/** Cached windows kept in process, at most (oldest dropped first). */
const LOCAL_ENTRIES = 64;

export class LocalWindowCache implements WindowCache {
  private readonly entries = new Map<string, { at: number; rows: CobrowsingSession[] }>();
  constructor(private readonly cadenceMs: number) {}

  async through(key: string, ask: () => Promise<CobrowsingSession[]>): Promise<CobrowsingSession[]> {
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < this.cadenceMs) return hit.rows;
    const rows = await ask();
    if (this.cadenceMs > 0) {
      this.entries.delete(key);
      this.entries.set(key, { at: Date.now(), rows });
      while (this.entries.size > LOCAL_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    }
    return rows;
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}

interface Stored {
  rows: Array<Omit<CobrowsingSession, 'startedAt' | 'endedAt'> & { startedAt: string | null; endedAt: string | null }>;
  dropped: readonly DroppedRows[];
}

const toJson = (rows: CobrowsingSession[]): string =>
  JSON.stringify({ rows, dropped: droppedRowsOf(rows) } satisfies { rows: CobrowsingSession[]; dropped: readonly DroppedRows[] });

function fromJson(text: string): CobrowsingSession[] {
  const s = JSON.parse(text) as Stored;
  const date = (v: string | null) => (v === null ? null : new Date(v));
  return markDropped(
    s.rows.map((r) => ({ ...r, startedAt: date(r.startedAt), endedAt: date(r.endedAt) })),
    s.dropped,
  );
}

export interface RedisWindowCacheOptions {
  redisUrl: string;
  token: string;
  cadenceMs: number;
  /** How long one instance may take asking a window before others ask it themselves (the vendor's 60 s). */
  askLimitMs: number;
  prefix?: string;
}

/** How often an instance waiting for another's answer looks for it. */
const POLL_MS = 100;

export class RedisWindowCache implements WindowCache {
  private readonly redis: Redis;
  private readonly base: string;

  constructor(private readonly o: RedisWindowCacheOptions) {
    this.redis = createRedisClient(o.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: true });
    this.redis.on('error', () => undefined); // a cache that cannot be reached only costs a vendor call
    const id = createHash('sha256').update(o.token).digest('hex').slice(0, 16);
    this.base = `${o.prefix ?? 'ccgraph:gate:'}${id}:cadence:`;
  }

  async through(key: string, ask: () => Promise<CobrowsingSession[]>): Promise<CobrowsingSession[]> {
    if (this.o.cadenceMs <= 0) return ask();
    const dataKey = `${this.base}${key}`;
    const lockKey = `${dataKey}:asking`;
    const me = randomUUID();
    const deadline = Date.now() + this.o.askLimitMs;
    for (;;) {
      const hit = await this.redis.get(dataKey).catch(() => null);
      if (hit !== null) return fromJson(hit);
      const mine = await this.redis.set(lockKey, me, 'PX', this.o.askLimitMs, 'NX').catch(() => 'OK');
      if (mine === 'OK') break;
      // Another instance is asking this window: its answer comes here, or its lock expires.
      if (Date.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    try {
      // The previous holder may have stored its answer between our look and our lock (it stores before unlocking).
      const late = await this.redis.get(dataKey).catch(() => null);
      if (late !== null) return fromJson(late);
      const rows = await ask();
      await this.redis.set(dataKey, toJson(rows), 'PX', this.o.cadenceMs).catch(() => undefined);
      return rows;
    } finally {
      // Only our own lock (another may hold it after ours expired).
      await this.redis
        .eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", 1, lockKey, me)
        .catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
