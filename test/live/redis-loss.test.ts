/**
 * Losing Redis, without touching the shared server: two hubs ("instances") reach 127.0.0.1:6379 through a small
 * TCP proxy this test starts and cuts. During the cut both instances poll for themselves and their subscribers
 * keep getting updates; once the proxy is restored they reconnect and, within two intervals, exactly one polls.
 */
import { randomUUID } from 'node:crypto';
import net, { type AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LiveLogger } from '../../src/live/channel.js';
import { createLiveHub, type LiveHub } from '../../src/live/hub.js';
import { fakeWorld } from '../helpers/fakes.js';
import { nextWithin, sleep } from '../helpers/streams.js';
import { REDIS, redisReachable } from '../helpers/redis.js';

const RESOURCE = 'sinch.queueStatuses' as const;
const INTERVAL = 200;
/** Timer and scheduling slack on a busy 2-core machine (the same allowance as redis.test.ts). */
const SLACK = 150;

const reachable = await redisReachable();
if (!reachable) console.warn('Redis is not reachable at 127.0.0.1:6379: skipping the Redis-loss test');

/** A TCP proxy to Redis that can be cut (every connection dropped, new ones refused) and restored. */
async function startProxy() {
  let open = true;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = net.connect(REDIS.port, REDIS.host);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', drop);
      s.on('close', drop);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cutAll = () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  };
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cut() {
      open = false;
      cutAll();
    },
    restore() {
      open = true;
    },
    async close() {
      open = false;
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls `check` until it holds or `ms` pass; returns how long it took (or throws). */
async function within(ms: number, what: string, check: () => boolean): Promise<number> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(10);
  }
  return Date.now() - t0;
}

describe.skipIf(!reachable)('live hub losing Redis', () => {
  const prefix = `ccgraph-test:${randomUUID()}:loss:`;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let admin: Redis;
  const hubs: LiveHub[] = [];
  const warnings: Array<{ hub: number; msg: string }> = [];

  beforeAll(async () => {
    admin = new Redis({ ...REDIS });
    proxy = await startProxy();
  });
  afterEach(async () => {
    await Promise.all(hubs.splice(0).map((h) => h.stop()));
  });
  afterAll(async () => {
    await proxy.close();
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length) await admin.del(...keys);
    await admin.quit();
  });

  const logger = (hub: number): LiveLogger => ({
    debug() {},
    info() {},
    warn: (_obj, msg) => warnings.push({ hub, msg }),
    error() {},
  });

  it('degrades to local polling and delivery during the cut, and returns to one poller within two intervals', async () => {
    const world = fakeWorld(1, 2);
    const [a, b] = await Promise.all(
      [0, 1].map(async (n) => {
        const hub = createLiveHub({
          connectors: world.connectors,
          identity: { directory: async () => world.directory() },
          intervals: { [RESOURCE]: INTERVAL, 'sinch.contactSummaries': 60_000 },
          leaseTtlMs: () => INTERVAL,
          redis: { url: proxy.url, prefix },
          logger: logger(n),
        });
        await hub.start();
        hubs.push(hub);
        return hub;
      }),
    );
    const stats = (h: LiveHub) => h.stats().resources[RESOURCE];
    const pollers = () => [a!, b!].filter((h) => stats(h).holding || stats(h).local);
    const sa = a!.subscribeQueues();
    const sb = b!.subscribeQueues();
    await Promise.all([nextWithin(sa), nextWithin(sb)]);
    await within(INTERVAL * 2 + SLACK, 'one lease holder', () => pollers().length === 1);
    expect(a!.stats().degraded || b!.stats().degraded).toBe(false);

    // --- Redis is lost: both instances poll for themselves and keep their subscribers informed.
    proxy.cut();
    await within(INTERVAL * 2 + SLACK, 'both instances polling locally', () => stats(a!).local && stats(b!).local);
    expect(a!.stats().degraded && b!.stats().degraded).toBe(true);
    for (const hub of [0, 1]) {
      expect(warnings.some((w) => w.hub === hub && /redis unavailable; polling locally/.test(w.msg))).toBe(true);
    }
    const polledBefore = [stats(a!).polls, stats(b!).polls];
    for (const waiting of [5, 6]) {
      world.queues[0] = { ...world.queues[0]!, waitingNow: waiting };
      const [ua, ub] = await Promise.all([nextWithin(sa, INTERVAL * 2 + SLACK), nextWithin(sb, INTERVAL * 2 + SLACK)]);
      for (const u of [ua, ub]) {
        expect(u.changes).toEqual([
          { kind: 'CHANGED', id: world.queues[0]!.queueId, changedFields: ['waiting'], fields: { waiting } },
        ]);
      }
    }
    // Each instance polled on its own meanwhile (one poll per interval each).
    expect(stats(a!).polls).toBeGreaterThan(polledBefore[0]!);
    expect(stats(b!).polls).toBeGreaterThan(polledBefore[1]!);

    // --- Redis is back: reconnect, contend for the lease, one poller for the cluster.
    proxy.restore();
    const took = await within(INTERVAL * 2 + SLACK, 'exactly one poller after the restore', () => {
      const p = pollers();
      return p.length === 1 && stats(p[0]!).holding && !stats(a!).local && !stats(b!).local;
    });
    expect(took).toBeLessThanOrEqual(INTERVAL * 2 + SLACK);
    const [holder] = pollers();
    const other = holder === a ? b! : a!;
    const otherPolls = stats(other).polls;
    const holderPolls = stats(holder!).polls;
    await sleep(INTERVAL * 5);
    // Stays that way: the holder polls on, the other instance does not poll at all.
    expect(pollers()).toEqual([holder]);
    expect(stats(other).polls).toBe(otherPolls);
    expect(stats(holder!).polls).toBeGreaterThan(holderPolls);
    expect(a!.stats().degraded || b!.stats().degraded).toBe(false);

    // Updates flow over Redis again, to both instances' subscribers.
    world.queues[1] = { ...world.queues[1]!, agentsBusy: 2 };
    const [ua, ub] = await Promise.all([nextWithin(sa, INTERVAL * 2 + SLACK), nextWithin(sb, INTERVAL * 2 + SLACK)]);
    for (const u of [ua, ub]) {
      expect(u.changes).toEqual([
        { kind: 'CHANGED', id: world.queues[1]!.queueId, changedFields: ['agentsBusy'], fields: { agentsBusy: 2 } },
      ]);
    }
  });

  it('starts in local mode when Redis is unreachable at boot, and joins the cluster once it answers', async () => {
    const world = fakeWorld(1, 2);
    proxy.cut();
    const t0 = Date.now();
    const hub = createLiveHub({
      connectors: world.connectors,
      identity: { directory: async () => world.directory() },
      intervals: { [RESOURCE]: INTERVAL, 'sinch.contactSummaries': 60_000 },
      leaseTtlMs: () => INTERVAL,
      redis: { url: proxy.url, prefix: `${prefix}boot:`, connectTimeoutMs: 300 },
      logger: logger(2),
    });
    await hub.start();
    hubs.push(hub);
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(warnings.some((w) => w.hub === 2 && /redis unreachable at start/.test(w.msg))).toBe(true);

    // Subscribers are served from local polls meanwhile.
    const sub = hub.subscribeQueues();
    const snapshot = await nextWithin(sub, INTERVAL * 4 + SLACK);
    expect(snapshot.changes).toHaveLength(2);
    expect(hub.stats().resources[RESOURCE].local).toBe(true);
    world.queues[0] = { ...world.queues[0]!, waitingNow: 9 };
    const u = await nextWithin(sub, INTERVAL * 2 + SLACK);
    expect(u.changes[0]).toMatchObject({ changedFields: ['waiting'], fields: { waiting: 9 } });

    // Redis answers: the instance leaves local mode and holds the lease.
    proxy.restore();
    await within(INTERVAL * 4 + 2_000, 'holding the lease after Redis answers', () => {
      const st = hub.stats().resources[RESOURCE];
      return st.holding && !st.local;
    });
  });
});
