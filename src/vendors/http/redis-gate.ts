/**
 * The call gate held in Redis, so gateway instances sharing one credential share its limits. Keys are named by a
 * hash of the credential, never the credential. Time is Redis's own (TIME), so instances' clocks need not agree.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createRedisClient, type Redis } from '../../redis.js';
import { GateRefusal, HOLD_MARGIN_MS, utcDay, type CallGate, type CallLease, type GateRules, type GateStats } from './gate.js';

// KEYS: holds (zset member → until ms), pause (ms until which no call starts), day counter.
// ARGV: max in flight, lease id, running-lease safety ms, daily budget.
// Returns {1, startedAtMs} on a slot, {0, waitMs} when busy, {-1, msToNextDay} when the budget is spent.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local budget = tonumber(ARGV[4])
if budget > 0 then
  local used = tonumber(redis.call('GET', KEYS[3]) or '0')
  if used >= budget then return {-1, 86400000 - (now % 86400000)} end
end
local pause = tonumber(redis.call('GET', KEYS[2]) or '0')
if pause > now then return {0, pause - now} end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, math.max(1, tonumber(first[2]) - now)}
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) + 60000)
if budget > 0 then
  redis.call('INCR', KEYS[3])
  redis.call('PEXPIRE', KEYS[3], 172800000)
end
return {1, now}
`;

// KEYS: holds, pause. ARGV: lease id, outcome, started ms, hold ms, failure gap ms.
const RELEASE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilMs = tonumber(ARGV[3]) + tonumber(ARGV[4])
if ARGV[2] == 'abandoned' and untilMs > now then
  redis.call('ZADD', KEYS[1], 'XX', untilMs, ARGV[1])
else
  redis.call('ZREM', KEYS[1], ARGV[1])
end
if ARGV[2] ~= 'answered' then
  local pause = now + tonumber(ARGV[5])
  local old = tonumber(redis.call('GET', KEYS[2]) or '0')
  if pause > old then redis.call('SET', KEYS[2], pause, 'PX', tonumber(ARGV[5]) + 1000) end
end
return 1
`;

export interface RedisGateOptions extends GateRules {
  redisUrl: string;
  /** The credential the limits belong to (hashed into the key names). */
  credential: string;
  /** Key prefix (tests use a unique one). Default `ccgraph:gate:`. */
  prefix?: string;
  /** A running call's slot expires after this long even if its instance died (its deadline plus the hold). */
  leaseSafetyMs: number;
}

export class RedisGate implements CallGate {
  private readonly redis: Redis;
  private readonly keys: [string, string, string];
  private readonly dayKeyBase: string;
  private last: GateStats;

  constructor(private readonly o: RedisGateOptions) {
    this.redis = createRedisClient(o.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: true });
    this.redis.on('error', () => undefined); // surfaced per call as a refusal; ioredis reconnects
    const id = createHash('sha256').update(o.credential).digest('hex').slice(0, 16);
    const base = `${o.prefix ?? 'ccgraph:gate:'}${id}:`;
    this.dayKeyBase = `${base}day:`;
    this.keys = [`${base}holds`, `${base}pause`, ''];
    this.last = { inFlight: 0, usedToday: 0, dailyCalls: o.dailyCalls };
  }

  stats(): GateStats {
    // Refreshed in the background: a metrics scrape never waits on Redis.
    void this.refresh();
    return this.last;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  async acquire(signal: AbortSignal): Promise<CallLease> {
    for (;;) {
      if (signal.aborted) throw new GateRefusal('TOKEN_BUSY', 1000);
      const id = randomUUID();
      let answer: [number, number];
      try {
        answer = (await this.redis.eval(
          ACQUIRE,
          3,
          this.keys[0],
          this.keys[1],
          this.dayKey(),
          this.o.maxInFlight,
          id,
          this.o.leaseSafetyMs,
          this.o.dailyCalls,
        )) as [number, number];
      } catch {
        // Without Redis the shared limits cannot be proven: refuse rather than risk a third call on the token.
        throw new GateRefusal('TOKEN_BUSY', 1000);
      }
      const [ok, value] = answer;
      if (ok === -1) throw new GateRefusal('DAILY_TOKEN_BUDGET', value);
      if (ok === 1) return this.lease(id, value);
      // Another instance may release earlier than the hold says: look again soon.
      await sleep(Math.min(value, 250), signal);
    }
  }

  private lease(id: string, startedAt: number): CallLease {
    let released = false;
    return {
      release: (outcome) => {
        if (released) return;
        released = true;
        this.redis
          .eval(RELEASE, 2, this.keys[0], this.keys[1], id, outcome, startedAt, this.o.abandonedHoldMs + HOLD_MARGIN_MS, this.o.failureGapMs)
          .catch(() => undefined); // the lease expires on its own (leaseSafetyMs)
      },
    };
  }

  private dayKey(): string {
    return `${this.dayKeyBase}${utcDay(Date.now())}`;
  }

  private async refresh(): Promise<void> {
    try {
      const now = Date.now();
      const [n, used] = await Promise.all([this.redis.zcount(this.keys[0], now, '+inf'), this.redis.get(this.dayKey())]);
      this.last = { inFlight: n, usedToday: Number(used ?? 0), dailyCalls: this.o.dailyCalls };
    } catch {
      // keep the last figures
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(1, ms));
    signal.addEventListener('abort', done, { once: true });
  });
}

