/**
 * The hub keeps what each live poll dropped as unreadable (issue 14): per view, while the drops persist, also on a
 * poll whose records did not change, and across instances over Redis (the follower learns it from the message).
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { markDropped } from '../../src/domain/partial.js';
import { createLiveHub, type LiveHub } from '../../src/live/hub.js';
import type { Connectors } from '../../src/vendors/types.js';
import { fakeWorld, type FakeWorld } from '../helpers/fakes.js';
import { nextWithin, sleep } from '../helpers/streams.js';
import { redisReachable } from '../helpers/redis.js';

const INTERVAL = 100;
const REDIS_URL = 'redis://127.0.0.1:6379';
const reachable = await redisReachable();

/** The world's connectors, with `drops.count` queue status rows reported dropped on every poll. */
function dropping(world: FakeWorld, drops: { count: number }): Connectors {
  const sinch = world.connectors.sinch!;
  return {
    ...world.connectors,
    sinch: {
      ...sinch,
      listQueueStatuses: async (...args: Parameters<typeof sinch.listQueueStatuses>) =>
        markDropped(await sinch.listQueueStatuses(...args), [{ vendor: 'sinch', resource: 'queueStatuses', count: drops.count }]),
    },
  };
}

async function until(check: () => boolean, ms = 2_000) {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error('condition not met in time');
    await sleep(20);
  }
}

const hubs: LiveHub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.stop()));
});

function hubOf(world: FakeWorld, connectors: Connectors, redis?: { url: string; prefix: string }) {
  const hub = createLiveHub({
    connectors,
    identity: { directory: async () => world.directory() },
    intervals: { 'sinch.queueStatuses': INTERVAL, 'sinch.contactSummaries': 60_000 },
    leaseTtlMs: () => INTERVAL,
    ...(redis ? { redis } : {}),
  });
  hubs.push(hub);
  return hub;
}

describe('live drops (one instance)', () => {
  it('are kept per view while they persist, through CHANGE events, and cleared by a poll with the same records', async () => {
    const world = fakeWorld(1, 3);
    const drops = { count: 2 };
    const hub = hubOf(world, dropping(world, drops));
    await hub.start();
    const sub = hub.subscribeQueues();
    const snap = await nextWithin(sub);
    expect(snap.changes).toHaveLength(3);
    expect(hub.dropped('queues')).toEqual([{ vendor: 'sinch', resource: 'queueStatuses', count: 2 }]);
    expect(hub.dropped('alerts')).toEqual([{ vendor: 'sinch', resource: 'queueStatuses', count: 2 }]);
    expect(hub.dropped('agents')).toEqual([]);

    world.queues[0] = { ...world.queues[0]!, waitingNow: 4 };
    const change = await nextWithin(sub);
    expect(change.kind).toBe('CHANGE');
    expect(hub.dropped('queues')).toEqual([{ vendor: 'sinch', resource: 'queueStatuses', count: 2 }]);

    // Only the count changes (the records do not): the replica still learns it.
    drops.count = 0;
    await until(() => hub.dropped('queues').length === 0);
    await sub.return?.();
  });
});

describe.skipIf(!reachable)('live drops across two instances (Redis)', () => {
  const prefix = `ccgraph-test:${randomUUID()}:`;
  afterAll(async () => {
    const admin = new Redis(REDIS_URL);
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length) await admin.del(...keys);
    await admin.quit();
  });

  it('the instance that does not poll reports the holder\'s drops', async () => {
    const world = fakeWorld(1, 2);
    const drops = { count: 1 };
    const [a, b] = [hubOf(world, dropping(world, drops), { url: REDIS_URL, prefix }), hubOf(world, dropping(world, drops), { url: REDIS_URL, prefix })];
    await Promise.all([a!.start(), b!.start()]);
    const [sa, sb] = [a!.subscribeQueues(), b!.subscribeQueues()];
    await Promise.all([nextWithin(sa), nextWithin(sb)]);
    await sleep(INTERVAL * 2);
    const holding = (h: LiveHub) => h.stats().resources['sinch.queueStatuses'].holding;
    expect([a!, b!].filter(holding)).toHaveLength(1);
    const one = [{ vendor: 'sinch', resource: 'queueStatuses', count: 1 }];
    await until(() => JSON.stringify(a!.dropped('queues')) === JSON.stringify(one) && JSON.stringify(b!.dropped('queues')) === JSON.stringify(one));
    drops.count = 3;
    await until(() => a!.dropped('queues')[0]?.count === 3 && b!.dropped('queues')[0]?.count === 3);
    drops.count = 0;
    await until(() => a!.dropped('queues').length === 0 && b!.dropped('queues').length === 0);
    await Promise.all([sa.return?.(), sb.return?.()]);
  });
});
