/**
 * What gateway instances share about each polled resource: who polls it (a lease), the message sequence, and the
 * last full state (for instances that start listening late). In memory, one instance is the whole world.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { LiveResource, ResourceState } from './types.js';

export interface Coordination {
  /** True when several instances share the work (leases matter). */
  readonly distributed: boolean;
  /** False while the shared store is unreachable: instances then poll for themselves (see channel.ts). */
  online(): boolean;
  /** Takes the lease if free. */
  acquire(resource: LiveResource, ttlMs: number): Promise<boolean>;
  /** Extends our lease; false when we no longer hold it. */
  renew(resource: LiveResource, ttlMs: number): Promise<boolean>;
  /** Gives the lease up, only if we still hold it. */
  release(resource: LiveResource): Promise<void>;
  nextSeq(resource: LiveResource): Promise<number>;
  saveState(resource: LiveResource, state: ResourceState, ttlMs: number): Promise<void>;
  loadState(resource: LiveResource): Promise<ResourceState | null>;
  /** Keeps the saved state alive while it is unchanged. */
  touchState(resource: LiveResource, ttlMs: number): Promise<void>;
  /**
   * Claims the next poll of `resource` for the cluster: 0 when no instance polled it within `gapMs` (the claim
   * then holds for `gapMs`), else the ms until the gap ends. Absent: one instance, its own clock is the gap.
   */
  claimPollSlot?(resource: LiveResource, gapMs: number): Promise<number>;
}

export function createMemoryCoordination(): Coordination {
  const seqs = new Map<LiveResource, number>();
  return {
    distributed: false,
    online: () => true,
    acquire: async () => true,
    renew: async () => true,
    release: async () => {},
    nextSeq: async (r) => {
      const n = (seqs.get(r) ?? 0) + 1;
      seqs.set(r, n);
      return n;
    },
    // The local replica is the only copy: nothing to save or load.
    saveState: async () => {},
    loadState: async () => null,
    touchState: async () => {},
  };
}

// Check-and-act scripts: only the holder (same token) may extend or delete its lease. Acquiring a lease that is
// already ours (e.g. we lost Redis for less than its TTL) succeeds, so nobody waits for our own lease to expire.
const ACQUIRE = `if redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 1 elseif redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const CLAIM_SLOT = `if redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 0 end local t = redis.call('pttl', KEYS[1]) if t < 1 then return 1 end return t`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Redis coordination. `prefix` namespaces keys (and should match the pub/sub channel prefix). The token is unique
 * per instance, so a restarted instance never mistakes an old lease for its own. `online` says whether Redis is
 * usable now (default: this client is connected and ready).
 */
export function createRedisCoordination(
  redis: Redis,
  prefix: string,
  token = randomUUID(),
  online: () => boolean = () => redis.status === 'ready',
): Coordination & { token: string } {
  const key = (kind: string, r: LiveResource) => `${prefix}${kind}:${r}`;
  return {
    distributed: true,
    online,
    token,
    async acquire(r, ttlMs) {
      return Number(await redis.eval(ACQUIRE, 1, key('lease', r), token, String(Math.max(1, Math.round(ttlMs))))) === 1;
    },
    async renew(r, ttlMs) {
      return Number(await redis.eval(RENEW, 1, key('lease', r), token, String(Math.max(1, Math.round(ttlMs))))) === 1;
    },
    async release(r) {
      await redis.eval(RELEASE, 1, key('lease', r), token);
    },
    async claimPollSlot(r, gapMs) {
      return Number(await redis.eval(CLAIM_SLOT, 1, key('polled', r), token, String(Math.max(1, Math.round(gapMs)))));
    },
    async nextSeq(r) {
      return redis.incr(key('seq', r));
    },
    async saveState(r, state, ttlMs) {
      await redis.set(key('state', r), JSON.stringify(state), 'PX', Math.max(1, Math.round(ttlMs)));
    },
    async loadState(r) {
      const raw = await redis.get(key('state', r));
      return raw ? (JSON.parse(raw) as ResourceState) : null;
    },
    async touchState(r, ttlMs) {
      await redis.pexpire(key('state', r), Math.max(1, Math.round(ttlMs)));
    },
  };
}
