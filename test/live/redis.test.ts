/**
 * Two hubs ("instances") sharing Redis 127.0.0.1:6379: one lease holder polls, both deliver; when the holder stops
 * or loses Redis, the other takes over within two intervals.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLiveHub, type LiveHub } from '../../src/live/hub.js';
import { fakeWorld, type FakeWorld } from '../helpers/fakes.js';
import { nextWithin, sleep } from '../helpers/streams.js';
import { redisReachable } from '../helpers/redis.js';

const REDIS_URL = 'redis://127.0.0.1:6379';

const reachable = await redisReachable();
if (!reachable) console.warn('Redis is not reachable at 127.0.0.1:6379: skipping the multi-instance live tests');

const INTERVAL = 100;

describe.skipIf(!reachable)('live hub across two instances (Redis)', () => {
  const run = `ccgraph-test:${randomUUID()}:`;
  let prefix = run;
  let testNo = 0;
  let admin: Redis;
  let hubs: LiveHub[] = [];
  const clients: Redis[] = [];

  beforeAll(() => {
    admin = new Redis(REDIS_URL);
  });
  beforeEach(() => {
    prefix = `${run}${++testNo}:`; // every test its own keys and channels
  });
  afterEach(async () => {
    await Promise.all(hubs.map((h) => h.stop()));
    hubs = [];
    for (const c of clients.splice(0)) c.disconnect();
  });
  afterAll(async () => {
    const keys = await admin.keys(`${run}*`);
    if (keys.length) await admin.del(...keys);
    await admin.quit();
  });

  async function instance(world: FakeWorld, own = false) {
    const redis = own
      ? (() => {
          const publish = new Redis(REDIS_URL, { maxRetriesPerRequest: 0, retryStrategy: () => null });
          const subscribe = new Redis(REDIS_URL, { maxRetriesPerRequest: 0, retryStrategy: () => null });
          for (const c of [publish, subscribe]) c.on('error', () => {});
          clients.push(publish, subscribe);
          return { clients: { publish, subscribe }, prefix };
        })()
      : { url: REDIS_URL, prefix };
    const hub = createLiveHub({
      connectors: world.connectors,
      identity: { directory: async () => world.directory() },
      intervals: { 'sinch.queueStatuses': INTERVAL, 'sinch.contactSummaries': 60_000 },
      leaseTtlMs: () => INTERVAL,
      redis,
    });
    await hub.start();
    hubs.push(hub);
    return hub;
  }

  const holders = (hs: LiveHub[]) => hs.filter((h) => h.stats().resources['sinch.queueStatuses'].holding);

  it('polls once across instances and delivers on both', async () => {
    const world = fakeWorld(1, 2);
    const a = await instance(world);
    const b = await instance(world);
    const sa = a.subscribeQueues();
    const sb = b.subscribeQueues();
    const [snapA, snapB] = await Promise.all([nextWithin(sa), nextWithin(sb)]);
    expect(snapA.changes.map((c) => c.id).sort()).toEqual(snapB.changes.map((c) => c.id).sort());
    expect(snapA.changes).toHaveLength(2);

    await sleep(INTERVAL * 2);
    expect(holders([a, b])).toHaveLength(1);
    const before = world.calls.queueStatuses ?? 0;
    const t0 = performance.now();
    await sleep(INTERVAL * 6);
    const polls = (world.calls.queueStatuses ?? 0) - before;
    // One poller: at most one poll per interval (two pollers would make about twice as many).
    expect(polls).toBeGreaterThanOrEqual(1);
    expect(polls).toBeLessThanOrEqual(Math.ceil((performance.now() - t0) / INTERVAL) + 1);
    expect(holders([a, b])).toHaveLength(1);

    world.queues[0] = { ...world.queues[0]!, waitingNow: 5 };
    const [ua, ub] = await Promise.all([nextWithin(sa), nextWithin(sb)]);
    for (const u of [ua, ub]) {
      expect(u.changes).toEqual([
        { kind: 'CHANGED', id: world.queues[0]!.queueId, changedFields: ['waiting'], fields: { waiting: 5 } },
      ]);
    }
  });

  it('hands over to the other instance within two intervals when the holder stops', async () => {
    const world = fakeWorld(1, 1);
    const a = await instance(world);
    const b = await instance(world);
    const sa = a.subscribeQueues();
    const sb = b.subscribeQueues();
    await Promise.all([nextWithin(sa), nextWithin(sb)]);
    await sleep(INTERVAL * 2);
    const [holder] = holders([a, b]);
    expect(holder).toBeDefined();
    const other = holder === a ? b : a;
    const otherSub = holder === a ? sb : sa;

    await holder!.stop();
    hubs = hubs.filter((h) => h !== holder);
    const stoppedAt = Date.now();
    world.queues[0] = { ...world.queues[0]!, agentsFree: 0 };
    const u = await nextWithin(otherSub, INTERVAL * 2 + 150);
    expect(Date.now() - stoppedAt).toBeLessThanOrEqual(INTERVAL * 2 + 150);
    expect(u.changes[0]).toMatchObject({ kind: 'CHANGED', changedFields: ['agentsFree'], fields: { agentsFree: 0 } });
    expect(other.stats().resources['sinch.queueStatuses'].holding).toBe(true);
  });

  it('takes over when the holder loses Redis (its lease expires; it stops polling)', async () => {
    const world = fakeWorld(1, 1);
    const a = await instance(world, true);
    const b = await instance(world, true);
    const sa = a.subscribeQueues();
    const sb = b.subscribeQueues();
    await Promise.all([nextWithin(sa), nextWithin(sb)]);
    await sleep(INTERVAL * 2);
    const [holder] = holders([a, b]);
    const otherSub = holder === a ? sb : sa;
    const other = holder === a ? b : a;
    const holderClients = holder === a ? clients.slice(0, 2) : clients.slice(2, 4);

    for (const c of holderClients) c.disconnect(); // a crash, as far as Redis can tell: no release
    const crashedAt = Date.now();
    world.queues[0] = { ...world.queues[0]!, waitingNow: 9 };
    const u = await nextWithin(otherSub, INTERVAL * 2 + 150);
    expect(Date.now() - crashedAt).toBeLessThanOrEqual(INTERVAL * 2 + 150);
    expect(u.changes[0]).toMatchObject({ fields: { waiting: 9 } });
    expect(other.stats().resources['sinch.queueStatuses'].holding).toBe(true);
    expect(holder!.stats().resources['sinch.queueStatuses'].holding).toBe(false);
  });

  it('refreshNow on an instance that does not hold the lease makes the holder poll at once', async () => {
    const world = fakeWorld(1, 1);
    const slow = async () => {
      const hub = createLiveHub({
        connectors: world.connectors,
        identity: { directory: async () => world.directory() },
        intervals: { 'sinch.queueStatuses': 60_000, 'sinch.contactSummaries': 60_000 },
        leaseTtlMs: () => 300,
        redis: { url: REDIS_URL, prefix },
      });
      await hub.start();
      hubs.push(hub);
      return hub;
    };
    const a = await slow();
    const sa = a.subscribeQueues();
    await nextWithin(sa);
    const b = await slow();
    const sb = b.subscribeQueues();
    await nextWithin(sb);
    expect(a.stats().resources['sinch.queueStatuses'].holding).toBe(true);
    world.queues[0] = { ...world.queues[0]!, agentsPaused: 2 };
    await b.refreshNow('sinch.queueStatuses');
    const [ua, ub] = await Promise.all([nextWithin(sa, 1000), nextWithin(sb, 1000)]);
    expect(ua.changes[0]?.fields).toEqual({ agentsPaused: 2 });
    expect(ub.changes[0]?.fields).toEqual({ agentsPaused: 2 });
  });

  it('a late instance starts from the saved state and follows the diffs', async () => {
    const world = fakeWorld(1, 3);
    const a = await instance(world);
    const sa = a.subscribeQueues();
    await nextWithin(sa);
    world.queues[1] = { ...world.queues[1]!, agentsBusy: 2 };
    await nextWithin(sa);
    const b = await instance(world);
    const sb = b.subscribeQueues();
    const snap = await nextWithin(sb);
    expect(snap.kind).toBe('SNAPSHOT');
    expect(snap.changes.find((c) => c.id === world.queues[1]!.queueId)?.fields.agentsBusy).toBe(2);
    expect(a.stats().resources['sinch.queueStatuses'].holding).toBe(true);
    expect(b.stats().resources['sinch.queueStatuses'].holding).toBe(false);
  });
});
