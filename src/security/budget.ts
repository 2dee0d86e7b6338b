/**
 * Per-client cost budgets: each client may spend CCGRAPH_COST_BUDGET_PER_MINUTE cost units per minute (fixed
 * one-minute windows, rate-limiter-flexible). In memory on one instance; shared by every instance through Redis when
 * REDIS_URL is set, with the in-memory limiter standing in while Redis does not answer (each instance then counts
 * alone until it is back).
 */
import { createRedisClient, type Redis } from '../redis.js';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export type BudgetCharge =
  | { ok: true; /** Units left in this window. */ remaining: number; /** Until the window restarts (ms). */ resetMs: number }
  | { ok: false; /** When enough of the budget is back (ms). */ retryAfterMs: number };

export interface CostBudget {
  readonly perMinute: number;
  /** Spends `cost` units of `client`'s budget, or refuses (spending nothing further) when not enough is left. */
  charge(client: string, cost: number): Promise<BudgetCharge>;
  /** Resolves once the shared store answers (at once without Redis); until then each instance counts alone. */
  whenShared(): Promise<void>;
  close(): Promise<void>;
}

export interface CostBudgetOptions {
  perMinute: number;
  /** Shared budgets across instances. */
  redisUrl?: string | undefined;
  /** Redis key prefix (tests use a unique one). */
  keyPrefix?: string;
}

const WINDOW_SECONDS = 60;

export function createCostBudget(opts: CostBudgetOptions): CostBudget {
  const common = { points: opts.perMinute, duration: WINDOW_SECONDS, keyPrefix: opts.keyPrefix ?? 'ccgraph:cost' };
  const memory = new RateLimiterMemory(common);
  let redis: Redis | undefined;
  let limiter: RateLimiterAbstract = memory;
  if (opts.redisUrl) {
    // No offline queue: while Redis is away a charge fails at once and the in-memory limiter answers instead.
    redis = createRedisClient(opts.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    redis.on('error', () => undefined); // reconnects by itself; the insurance limiter covers the gap
    limiter = new RateLimiterRedis({ ...common, storeClient: redis, insuranceLimiter: new RateLimiterMemory(common) });
  }
  return {
    perMinute: opts.perMinute,
    async charge(client, cost) {
      const points = Math.max(0, Math.ceil(cost));
      try {
        const res = await limiter.consume(client, points);
        return { ok: true, remaining: res.remainingPoints, resetMs: res.msBeforeNext };
      } catch (e) {
        if (e instanceof RateLimiterRes) {
          // Refused: give back what this request added, so a refused client is not pushed further out.
          await limiter.reward(client, points).catch(() => undefined);
          return { ok: false, retryAfterMs: e.msBeforeNext };
        }
        throw e;
      }
    },
    whenShared() {
      const r = redis;
      if (!r || r.status === 'ready') return Promise.resolve();
      return new Promise((resolve) => r.once('ready', () => resolve()));
    },
    async close() {
      if (redis) await redis.quit().catch(() => redis?.disconnect());
    },
  };
}
