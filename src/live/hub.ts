/**
 * The live hub: pollers per vendor resource, replicas fed over pub/sub (in memory, or Redis across instances with
 * leases), and the view engines subscriptions read from. If Redis becomes unreachable, each instance polls and
 * delivers locally until it is back (ioredis reconnects on its own; see channel.ts).
 */
import { createPubSub } from 'graphql-yoga';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createRedisClient, type Redis } from '../redis.js';
import type { IdentityDirectory } from '../domain/identity.js';
import type { Connectors } from '../vendors/types.js';
import { evaluateAlerts } from './alerts.js';
import { ResourceChannel, silentLogger, type ChannelStats, type LiveLogger, type LivePubSub } from './channel.js';
import { mergeDrops } from './drops.js';
import { createMemoryCoordination, createRedisCoordination, type Coordination } from './coordination.js';
import { AlertEngine, EntityEngine, sortedOrNull } from './engines.js';
import {
  AGENT_VIEW_RESOURCES,
  ALERT_RESOURCES,
  QUEUE_VIEW_RESOURCES,
  composeAgentViews,
  composeQueueViews,
  createFetchers,
} from './normalize.js';
import {
  LIVE_RESOURCES,
  type AgentFilter,
  type AgentLiveView,
  type AlertFilter,
  type AlertUpdate,
  type LiveDrop,
  type LiveResource,
  type LiveUpdate,
  type QueueFilter,
  type QueueLiveView,
} from './types.js';

/** wolkvox asks for at most one poll every 5 minutes. */
export const WOLKVOX_MIN_INTERVAL_MS = 300_000;

export const DEFAULT_INTERVALS: Record<LiveResource, number> = {
  'sinch.agents': 2_000,
  'sinch.userStatuses': 2_000,
  'sinch.queueStatuses': 2_000,
  'sinch.contactsInProcess': 2_000,
  'sinch.queueGroups': 60_000,
  'sinch.contactSummaries': 30_000,
  'cobrowser.onlineAgents': 5_000,
  'wolkvox.cobrowsing': WOLKVOX_MIN_INTERVAL_MS,
};

/** Intervals from `config.poll` (thresholds and summaries stay slow). */
export function intervalsFromConfig(poll: { sinchMs: number; cobrowserMs: number; wolkvoxMs: number }): Partial<Record<LiveResource, number>> {
  return {
    'sinch.agents': poll.sinchMs,
    'sinch.userStatuses': poll.sinchMs,
    'sinch.queueStatuses': poll.sinchMs,
    'sinch.contactsInProcess': poll.sinchMs,
    'cobrowser.onlineAgents': poll.cobrowserMs,
    'wolkvox.cobrowsing': poll.wolkvoxMs,
  };
}

export interface LiveHubOptions {
  connectors: Connectors;
  /** Usually the process-wide IdentityService; anything that yields the current directory will do. */
  identity: { directory(): Promise<IdentityDirectory> };
  /** Poll interval per resource (ms); defaults in DEFAULT_INTERVALS. wolkvox is never below 5 minutes. */
  intervals?: Partial<Record<LiveResource, number>>;
  /** With Redis, instances share one poller per resource. Omit for a single in-memory instance. */
  redis?: {
    /** Used to create two clients (commands/publish and subscribe), closed by stop(). */
    url?: string;
    /** Or bring your own two clients (not closed by stop()). */
    clients?: { publish: Redis; subscribe: Redis };
    /** Namespaces Redis keys and channels (default `ccgraph:live:`). */
    prefix?: string;
    /** How long start() waits for Redis before starting in local mode (default 2 s). */
    connectTimeoutMs?: number;
  };
  /** Lease TTL per resource; default: the resource's interval, at least 300 ms. Renewed every TTL/3. */
  leaseTtlMs?: (resource: LiveResource, intervalMs: number) => number;
  /** Updates a slow subscriber may have pending before they are coalesced (default 32). */
  maxPendingUpdates?: number;
  /** Longest wait for the first poll before a snapshot goes out with what there is (default 5 s). */
  snapshotTimeoutMs?: number;
  logger?: LiveLogger;
  now?: () => number;
  /** CCGRAPH_TIMEZONE: where live daily counters start their day (default UTC). */
  timeZone?: string;
  /** Metrics hooks (see src/observability/metrics.ts: onPoll, setLiveSubscribers). */
  onPoll?: (e: { resource: LiveResource; ok: boolean; durationMs: number }) => void;
  onSubscribers?: (subscription: 'agentStatusChanged' | 'queueStatusChanged' | 'queueAlert', count: number) => void;
}

export interface LiveHubStats {
  distributed: boolean;
  /** Some resource is polled for this instance only, because Redis is unavailable. */
  degraded: boolean;
  resources: Record<LiveResource, ChannelStats>;
  subscribers: { agents: number; queues: number; alerts: number };
  /** Distinct filter shapes in use (messages are computed once per shape). */
  feeds: { agents: number; queues: number };
  /** Times a slow subscriber's pending updates were coalesced. */
  coalesced: number;
}

export interface LiveHub {
  readonly distributed: boolean;
  /** Connects Redis (when configured). Pollers stay idle until a subscription needs them. */
  start(): Promise<void>;
  /** Ends every subscription, stops the pollers, releases leases, closes Redis clients the hub created. */
  stop(): Promise<void>;
  /**
   * Polls the resources now (if a subscription needs them) and resolves once the result reached this instance's
   * subscribers. Not on the lease holder: asks the holder over pub/sub and resolves at once.
   */
  refreshNow(resource: LiveResource | readonly LiveResource[]): Promise<void>;
  /** First message: SNAPSHOT of matching agents (keyed by person key); then CHANGE messages. */
  subscribeAgents(filter?: AgentFilter): AsyncIterableIterator<LiveUpdate<AgentLiveView>>;
  /** First message: SNAPSHOT of matching queues (keyed by Sinch queue id); then CHANGE messages. */
  subscribeQueues(filter?: QueueFilter): AsyncIterableIterator<LiveUpdate<QueueLiveView>>;
  /** First message: SNAPSHOT of active alerts; then a CHANGE per threshold crossing and recovery. */
  subscribeAlerts(filter?: AlertFilter): AsyncIterableIterator<AlertUpdate>;
  stats(): LiveHubStats;
  /**
   * Rows the current replicas of a subscription's resources dropped as unreadable, one entry per vendor resource
   * (empty: none). Subscription events report them as VENDOR_DATA_PARTIAL.
   */
  dropped(view: 'agents' | 'queues' | 'alerts'): LiveDrop[];
}

/** Resources to refresh after a write that changes an agent (ready state, presence, queue serving). */
export const AGENT_WRITE_RESOURCES: readonly LiveResource[] = ['sinch.agents', 'sinch.userStatuses', 'sinch.queueStatuses'];

export function createLiveHub(opts: LiveHubOptions): LiveHub {
  const logger = opts.logger ?? silentLogger;
  const now = opts.now ?? Date.now;
  const prefix = opts.redis?.prefix ?? 'ccgraph:live:';
  const distributed = Boolean(opts.redis);
  let ownedClients: Redis[] = [];
  let pubsub: LivePubSub | undefined;
  let coordination: Coordination | undefined;
  let started = false;
  let coalesced = 0;
  const fetchers = createFetchers(opts.connectors, now, opts.timeZone);

  const intervalOf = (r: LiveResource) => {
    const ms = opts.intervals?.[r] ?? DEFAULT_INTERVALS[r];
    return r === 'wolkvox.cobrowsing' ? Math.max(WOLKVOX_MIN_INTERVAL_MS, ms) : Math.max(10, ms);
  };

  const channels = new Map<LiveResource, ResourceChannel>();
  const engineFor = new Map<LiveResource, Array<{ onResourceChange(): void; idle(): Promise<void> }>>();
  const channel = (r: LiveResource) => {
    const c = channels.get(r);
    if (!c) throw new Error(`unknown live resource ${r}`);
    return c;
  };

  // Proxies so channels can be built before start() picks memory or Redis.
  const pubsubProxy: LivePubSub = {
    publish: (topic, payload) => requireStarted(pubsub).publish(topic, payload),
    subscribe: (topic) => requireStarted(pubsub).subscribe(topic),
  };
  const coordinationProxy: Coordination = {
    distributed,
    online: () => requireStarted(coordination).online(),
    acquire: (r, t) => requireStarted(coordination).acquire(r, t),
    renew: (r, t) => requireStarted(coordination).renew(r, t),
    release: (r) => requireStarted(coordination).release(r),
    nextSeq: (r) => requireStarted(coordination).nextSeq(r),
    saveState: (r, s, t) => requireStarted(coordination).saveState(r, s, t),
    loadState: (r) => requireStarted(coordination).loadState(r),
    touchState: (r, t) => requireStarted(coordination).touchState(r, t),
    claimPollSlot: (r, g) => requireStarted(coordination).claimPollSlot?.(r, g) ?? Promise.resolve(0),
  };

  for (const r of LIVE_RESOURCES) {
    const intervalMs = intervalOf(r);
    channels.set(
      r,
      new ResourceChannel({
        resource: r,
        fetch: fetchers[r],
        intervalMs,
        // The interval is a floor for every resource (subscription churn must not poll faster); a refresh after a
        // write only waits for the vendor's own rule.
        minGapMs: intervalMs,
        vendorGapMs: r === 'wolkvox.cobrowsing' ? WOLKVOX_MIN_INTERVAL_MS : 0,
        leaseTtlMs: opts.leaseTtlMs?.(r, intervalMs) ?? Math.max(300, intervalMs),
        coordination: coordinationProxy,
        pubsub: pubsubProxy,
        topicPrefix: prefix,
        logger,
        now,
        ...(opts.onPoll ? { onPoll: opts.onPoll } : {}),
        onChange: (res) => {
          for (const e of engineFor.get(res) ?? []) e.onResourceChange();
        },
      }),
    );
  }

  const engineOptions = (deps: LiveResource[]) => ({
    deps: deps.map(channel),
    maxPending: Math.max(1, opts.maxPendingUpdates ?? 32),
    snapshotTimeoutMs: opts.snapshotTimeoutMs ?? 5_000,
    logger,
    onCoalesce: () => {
      coalesced += 1;
    },
  });
  const stores = (deps: LiveResource[]) =>
    Object.fromEntries(deps.flatMap((r) => {
      const rec = channel(r).records();
      return rec ? [[r, rec]] : [];
    }));

  const agents = new EntityEngine<AgentLiveView, AgentFilter>(
    engineOptions(AGENT_VIEW_RESOURCES),
    async () => composeAgentViews(stores(AGENT_VIEW_RESOURCES), await opts.identity.directory()),
    agentMatcher,
    (f) => JSON.stringify([sortedOrNull(f.agentKeys), sortedOrNull(f.queueIds), sortedOrNull(f.states)]),
  );
  const queues = new EntityEngine<QueueLiveView, QueueFilter>(
    engineOptions(QUEUE_VIEW_RESOURCES),
    async () => composeQueueViews(stores(QUEUE_VIEW_RESOURCES)),
    (f) => {
      const ids = f.queueIds?.length ? new Set(f.queueIds) : null;
      return (id) => !ids || ids.has(id);
    },
    (f) => JSON.stringify(sortedOrNull(f.queueIds)),
  );
  const alerts = new AlertEngine(
    engineOptions(ALERT_RESOURCES),
    async () => {
      const s = stores(ALERT_RESOURCES);
      return evaluateAlerts(composeQueueViews(s), s['sinch.queueGroups'] ?? new Map());
    },
    now,
  );
  for (const r of AGENT_VIEW_RESOURCES) engineFor.set(r, [...(engineFor.get(r) ?? []), agents]);
  for (const r of QUEUE_VIEW_RESOURCES) engineFor.set(r, [...(engineFor.get(r) ?? []), queues]);
  for (const r of ALERT_RESOURCES) engineFor.set(r, [...(engineFor.get(r) ?? []), alerts]);

  const open = new Set<{ return(): Promise<unknown> }>();
  const report = () => {
    opts.onSubscribers?.('agentStatusChanged', agents.subscribers);
    opts.onSubscribers?.('queueStatusChanged', queues.subscribers);
    opts.onSubscribers?.('queueAlert', alerts.subscribers);
  };
  const track = <T>(make: () => AsyncIterableIterator<T> & { return(): Promise<IteratorResult<T>> }) => {
    if (!started) throw new Error('live hub is not started');
    const it = make();
    open.add(it);
    const ret = it.return.bind(it);
    it.return = () => {
      open.delete(it);
      const r = ret();
      report();
      return r;
    };
    report();
    return it;
  };

  return {
    distributed,
    async start() {
      if (started) return;
      if (opts.redis) {
        let clients = opts.redis.clients;
        if (!clients) {
          if (!opts.redis.url) throw new Error('live hub: redis needs a url or clients');
          // Reconnect at least twice per fastest poll interval, so the cluster is back to one poller within two.
          const capMs = Math.min(2_000, Math.max(50, Math.floor(Math.min(...[...channels.keys()].map(intervalOf)) / 2)));
          const redisOptions = { lazyConnect: true, maxRetriesPerRequest: 2, retryStrategy: (times: number) => Math.min(50 * times, capMs) };
          const publish = createRedisClient(opts.redis.url, redisOptions);
          const subscribe = createRedisClient(opts.redis.url, redisOptions);
          ownedClients = [publish, subscribe];
          for (const c of ownedClients) c.on('error', (e: Error) => logger.warn({ err: e.message }, 'live: redis error'));
          // Redis down at boot must not keep the gateway from serving: wait briefly, then start in local mode
          // (the coordination sees the clients are not ready) and let ioredis keep reconnecting.
          const connecting = Promise.all(ownedClients.map((c) => c.connect()));
          connecting.catch(() => {});
          const connected = await Promise.race([
            connecting.then(() => true, () => false),
            new Promise<boolean>((resolve) => setTimeout(() => resolve(false), opts.redis?.connectTimeoutMs ?? 2_000).unref()),
          ]);
          if (!connected) logger.warn({}, 'live: redis unreachable at start; polling locally until it answers');
          clients = { publish, subscribe };
        }
        pubsub = createPubSub({
          eventTarget: createRedisEventTarget(guardedClients(clients, logger)),
        }) as unknown as LivePubSub;
        const { publish, subscribe } = clients;
        // Both connections must be up: a holder that cannot hear its own publishes would starve its subscribers.
        coordination = createRedisCoordination(publish, prefix, undefined, () => publish.status === 'ready' && subscribe.status === 'ready');
      } else {
        pubsub = createPubSub() as unknown as LivePubSub;
        coordination = createMemoryCoordination();
      }
      started = true;
    },
    async stop() {
      if (!started) return;
      for (const it of [...open]) await it.return();
      await Promise.all([...channels.values()].map((c) => c.drained()));
      started = false;
      await Promise.all(ownedClients.map((c) => c.quit().catch(() => c.disconnect())));
      ownedClients = [];
    },
    async refreshNow(resource) {
      if (!started) return;
      const list = typeof resource === 'string' ? [resource as LiveResource] : [...(resource as readonly LiveResource[])];
      await Promise.all(list.map((r) => channel(r).refresh({ urgent: true })));
      const engines = new Set(list.flatMap((r) => engineFor.get(r) ?? []));
      await Promise.all([...engines].map((e) => e.idle()));
    },
    subscribeAgents(filter = {}) {
      return track(() => agents.subscribe(filter));
    },
    subscribeQueues(filter = {}) {
      return track(() => queues.subscribe(filter));
    },
    subscribeAlerts(filter = {}) {
      return track(() => alerts.subscribe(filter));
    },
    dropped(view) {
      const deps = view === 'agents' ? AGENT_VIEW_RESOURCES : view === 'queues' ? QUEUE_VIEW_RESOURCES : ALERT_RESOURCES;
      return mergeDrops(deps.map((r) => channel(r).dropped()));
    },
    stats() {
      return {
        distributed,
        degraded: [...channels.values()].some((c) => c.stats().local),
        resources: Object.fromEntries([...channels].map(([r, c]) => [r, c.stats()])) as Record<LiveResource, ChannelStats>,
        subscribers: { agents: agents.subscribers, queues: queues.subscribers, alerts: alerts.subscribers },
        feeds: { agents: agents.feedCount, queues: queues.feedCount },
        coalesced,
      };
    },
  };
}

/**
 * The Redis event target fires publish/subscribe/unsubscribe without handling their promises; with Redis down
 * those would be unhandled rejections (fatal in Node). These wrappers log instead. ioredis resubscribes on
 * reconnect only what Redis had confirmed, so a subscription attempted during an outage is repeated on `ready`.
 */
function guardedClients(clients: { publish: Redis; subscribe: Redis }, logger: LiveLogger) {
  const log = (op: string) => (e: unknown) => logger.warn({ op, err: e instanceof Error ? e.message : String(e) }, 'live: redis command failed');
  const wanted = new Set<string>();
  const publishClient = {
    publish: (channel: string, message: string) => clients.publish.publish(channel, message).catch(log('publish')),
  };
  clients.subscribe.on('ready', () => {
    if (wanted.size > 0) void clients.subscribe.subscribe(...wanted).catch(log('resubscribe'));
  });
  const subscribeClient = {
    on(event: string, listener: (...args: unknown[]) => void) {
      clients.subscribe.on(event, listener);
      return subscribeClient;
    },
    subscribe: (...channels: string[]) => {
      for (const c of channels) wanted.add(c);
      return clients.subscribe.subscribe(...channels).catch(log('subscribe'));
    },
    unsubscribe: (...channels: string[]) => {
      for (const c of channels) wanted.delete(c);
      return clients.subscribe.unsubscribe(...channels).catch(log('unsubscribe'));
    },
  };
  return { publishClient, subscribeClient } as unknown as { publishClient: Redis; subscribeClient: Redis };
}

function requireStarted<T>(v: T | undefined): T {
  if (v === undefined) throw new Error('live hub is not started');
  return v;
}

export function agentMatcher(f: AgentFilter) {
  const keys = f.agentKeys?.length ? new Set(f.agentKeys) : null;
  const queueIds = f.queueIds?.length ? new Set(f.queueIds) : null;
  const states = f.states?.length ? new Set<string>(f.states) : null;
  return (id: string, v: AgentLiveView) =>
    (!keys || keys.has(id)) &&
    (!queueIds || v.queues.some((q) => queueIds.has(q.queueId))) &&
    (!states || (v.state !== null && states.has(v.state)));
}
