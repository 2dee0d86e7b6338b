/**
 * Per-request batching and caching. Each vendor list is fetched at most once per request however many agents or
 * queues a query touches, so a dashboard costs a fixed number of vendor calls. Every vendor failure is converted
 * here (errors.ts), so resolvers only see coded GraphQL errors.
 *
 * Live lists (Sinch agents, queue statuses, CoBrowser agents) also feed the process-wide last-good snapshots
 * (services/snapshots.ts). The `live*` accessors fall back to them while the vendor is down (marked stale, one
 * deferred VENDOR_UNAVAILABLE error with `stale: true`); the plain accessors fail as before.
 *
 * Cheap to create: DataLoaders are built on first use (most requests touch one or two). Sinch list reads pass
 * `sharedSince` so bursts of identical requests can share one vendor answer (src/vendors/http.ts).
 */
import DataLoader from 'dataloader';
import type {
  AgentWorkRecord,
  ChatAgent,
  Contact,
  ContactEvent,
  Presence,
  QueueIntervalSummary,
  QueueStatus,
  QueueThresholds,
  SinchAgent,
  WorkReportAggregation,
} from '../domain/model.js';
import type { IdentitySnapshot } from '../services/identity.js';
import type { Services } from './context.js';
import type { Snapshot, SnapshotCollection } from '../services/snapshots.js';
import {
  DeferredErrors,
  isVendorUnavailable,
  notConfigured,
  staleVendorData,
  vendorCall,
  vendorUnavailable,
} from './errors.js';

/** Above this many ids, one unfiltered agent list is cheaper than an id filter. */
export const MANY_AGENT_IDS = 100;

export interface WorkKey {
  login: string;
  from: Date;
  to: Date;
  aggregateBy: WorkReportAggregation;
}

/** A live value as served: read in this request, or the last good snapshot while the vendor is down. */
export interface Served<T> {
  value: T;
  /** When the value was read from the vendor (the request time when fresh). */
  asOf: Date;
  /** True when the vendor failed and this is its last good snapshot. */
  stale: boolean;
}

export interface Loaders {
  /** The moment this request started; "since" values are computed from it. */
  readonly now: Date;
  /** `LoaderOptions.sharedSince`: what this request may reuse (vendor reads, and executions in shared-execution.ts). */
  readonly sharedSince: number | undefined;
  /** Errors reported without nulling a field (see errors.ts `useDeferredErrors`). */
  readonly deferred: DeferredErrors;
  /** The linked people directory (process-wide cache; failures are reported as deferred errors). */
  identity(): Promise<IdentitySnapshot>;
  /** Sinch agents by Sinch id: one `listAgents({ids})` per batch, or the full list when many. */
  sinchAgent: DataLoader<string, SinchAgent | null>;
  /** Every Sinch agent (one listing per request); primes `sinchAgent`. */
  allSinchAgents(): Promise<SinchAgent[]>;
  /** Live queue statuses by queue id: one `listQueueStatuses` per request. */
  queueStatuses(): Promise<Map<string, QueueStatus>>;
  /** Alert thresholds by queue id: one `listQueueGroups` per request. */
  queueThresholds(): Promise<Map<string, QueueThresholds>>;
  /** Sinch contacts by id (the RMI has no multi-id lookup: one call per distinct id, deduplicated). */
  contact: DataLoader<string, Contact | null>;
  contactEvents: DataLoader<string, ContactEvent[]>;
  /** Presence profiles an agent may choose (one call per agent: the RMI has no bulk endpoint). */
  presences: DataLoader<string, Presence[]>;
  /** CoBrowser agents by CoBrowser id: one `getAllAgents` per request. */
  chatAgents(): Promise<Map<string, ChatAgent>>;
  /** `queueStatuses`, or the last good statuses (stale) while Sinch fails; throws when there are none. */
  liveQueueStatuses(): Promise<Served<Map<string, QueueStatus>>>;
  /**
   * `sinchAgent.load(id)`, or the agent's last good row (stale) while Sinch fails; throws when there is none.
   * One promise per id per request (cleared with `sinchAgent.clear`).
   */
  liveSinchAgent(id: string): Promise<Served<SinchAgent | null>>;
  /** The settled value of `liveSinchAgent(id)` when it already succeeded in this request (lets resolvers stay sync). */
  liveSinchAgentIfReady(id: string): Served<SinchAgent | null> | undefined;
  /** `chatAgents`, or the last good CoBrowser agents (stale) while CoBrowser fails; throws when there are none. */
  liveChatAgents(): Promise<Served<Map<string, ChatAgent>>>;
  /** Sinch contact summaries since `from` (all queues), once per distinct `from` per request. */
  contactSummaries(from: Date): Promise<QueueIntervalSummary[]>;
  /** Thulium work rows by login: one report call per distinct range for all logins requested together. */
  thuliumWork: DataLoader<WorkKey, AgentWorkRecord[], string>;
}

const memo = <T>(fn: () => Promise<T>): (() => Promise<T>) => {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
};

/** Built on first call, then the same value. */
const lazy = <T>(make: () => T): (() => T) => {
  let v: T | undefined;
  return () => (v ??= make());
};

export interface LoaderOptions {
  /**
   * Sinch list reads may reuse an identical read the vendor answered at or after this moment (epoch ms), within the
   * connector's short share window (CallOptions.sharedSince). Absent: only reads in flight are shared.
   */
  sharedSince?: number | undefined;
}

export function createLoaders(services: Services, now: Date = new Date(), opts: LoaderOptions = {}): Loaders {
  const { sinch, cobrowser, thulium } = services.connectors;
  const call = opts.sharedSince !== undefined ? { sharedSince: opts.sharedSince } : undefined;
  const deferred = new DeferredErrors();
  const snapshots = services.snapshots;

  /** The fresh value, else the last good snapshot (reported stale), else the vendor's error. */
  const served = async <T, S>(
    load: () => Promise<T>,
    lastGood: () => Snapshot<S> | null | undefined,
    fromSnapshot: (value: S) => T,
  ): Promise<Served<T>> => {
    try {
      return { value: await load(), asOf: now, stale: false };
    } catch (e) {
      if (!isVendorUnavailable(e) || e.extensions.vendorCode === 'NOT_CONFIGURED') throw e;
      const snap = lastGood();
      if (!snap) throw e;
      deferred.add(staleVendorData(e, snap.asOf));
      return { value: fromSnapshot(snap.value), asOf: snap.asOf, stale: true };
    }
  };
  const byId = <T>(items: readonly T[], idOf: (item: T) => string) => new Map(items.map((i) => [idOf(i), i]));
  const remember = <T>(collection: SnapshotCollection<T> | undefined, items: readonly T[], requestedIds?: readonly string[]) => {
    if (!collection) return;
    // Recorded as of the request time, so a stale value carries the asOf it was first served with.
    if (requestedIds) collection.update(items, requestedIds, now);
    else collection.replaceAll(items, now);
  };

  const identity = memo(async () => {
    const snapshot = await services.identity.snapshot();
    for (const failure of snapshot.failures) deferred.add(vendorUnavailable(failure));
    return snapshot;
  });

  let allAgentsStarted = false;
  const allSinchAgents = memo(async () => {
    allAgentsStarted = true;
    if (!sinch) throw notConfigured('sinch');
    const agents = await vendorCall(() => sinch.listAgents({ since: sinceMidnight(now) }, call), deferred);
    remember(snapshots?.sinchAgents, agents);
    const loader = sinchAgent();
    for (const a of agents) loader.prime(a.id, a);
    return agents;
  });

  // liveSinchAgent per id: the promise, and its value once it succeeded.
  const liveAgentPromises = new Map<string, Promise<Served<SinchAgent | null>>>();
  const liveAgentValues = new Map<string, Served<SinchAgent | null>>();

  const sinchAgent = lazy(() => {
    const loader = new DataLoader<string, SinchAgent | null>(async (ids) => {
      if (!sinch) throw notConfigured('sinch');
      let agents: SinchAgent[];
      if (allAgentsStarted || ids.length > MANY_AGENT_IDS) agents = await allSinchAgents();
      else {
        agents = await vendorCall(() => sinch.listAgents({ ids: [...ids], since: sinceMidnight(now) }, call), deferred);
        remember(snapshots?.sinchAgents, agents, ids);
      }
      const found = byId(agents, (a) => a.id);
      return ids.map((id) => found.get(id) ?? null);
    });
    // A cleared row (e.g. after a mutation) must be read again by the live accessors too.
    const clear = loader.clear.bind(loader);
    const clearAll = loader.clearAll.bind(loader);
    loader.clear = (id: string) => {
      liveAgentPromises.delete(id);
      liveAgentValues.delete(id);
      return clear(id);
    };
    loader.clearAll = () => {
      liveAgentPromises.clear();
      liveAgentValues.clear();
      return clearAll();
    };
    return loader;
  });

  const queueStatuses = memo(async () => {
    if (!sinch) throw notConfigured('sinch');
    const statuses = await vendorCall(() => sinch.listQueueStatuses({}, call), deferred);
    remember(snapshots?.queueStatuses, statuses);
    return byId(statuses, (s) => s.queueId);
  });

  const queueThresholds = memo(async () => {
    if (!sinch) throw notConfigured('sinch');
    const groups = await vendorCall(() => sinch.listQueueGroups(call), deferred);
    const byQueue = new Map<string, QueueThresholds>();
    // A queue's own group wins over the catch-all ALL_QUEUES group, which repeats every queue.
    const ordered = [...groups.filter((g) => g.id !== 'ALL_QUEUES'), ...groups.filter((g) => g.id === 'ALL_QUEUES')];
    for (const g of ordered) for (const q of g.queues) if (!byQueue.has(q.queueId)) byQueue.set(q.queueId, q);
    return byQueue;
  });

  const contact = lazy(
    () =>
      new DataLoader<string, Contact | null>((ids) => {
        if (!sinch) return Promise.reject(notConfigured('sinch'));
        return Promise.all(ids.map((id) => vendorCall(() => sinch.getContact(id)).catch((e: Error) => e)));
      }),
  );

  const contactEvents = lazy(
    () =>
      new DataLoader<string, ContactEvent[]>((ids) => {
        if (!sinch) return Promise.reject(notConfigured('sinch'));
        return Promise.all(ids.map((id) => vendorCall(() => sinch.listContactEvents(id), deferred).catch((e: Error) => e)));
      }),
  );

  const presences = lazy(
    () =>
      new DataLoader<string, Presence[]>((ids) => {
        if (!sinch) return Promise.reject(notConfigured('sinch'));
        return Promise.all(ids.map((id) => vendorCall(() => sinch.listAgentPresences(id), deferred).catch((e: Error) => e)));
      }),
  );

  const chatAgents = memo(async () => {
    if (!cobrowser) throw notConfigured('cobrowser');
    const agents = await vendorCall(() => cobrowser.getAllAgents(), deferred);
    remember(snapshots?.chatAgents, agents);
    return byId(agents, (a) => a.id);
  });

  const liveQueueStatuses = memo(() =>
    served(queueStatuses, () => snapshots?.queueStatuses.all(), (list) => byId(list, (s) => s.queueId)),
  );
  const liveChatAgents = memo(() =>
    served(chatAgents, () => snapshots?.chatAgents.all(), (list) => byId(list, (a) => a.id)),
  );
  const liveSinchAgent = (id: string) => {
    let p = liveAgentPromises.get(id);
    if (!p) {
      const created = served(() => sinchAgent().load(id), () => snapshots?.sinchAgents.get(id), (a): SinchAgent | null => a);
      p = created;
      liveAgentPromises.set(id, created);
      created.then(
        (v) => {
          if (liveAgentPromises.get(id) === created) liveAgentValues.set(id, v);
        },
        () => undefined, // the callers see the rejection
      );
    }
    return p;
  };

  const summariesByFrom = new Map<number, Promise<QueueIntervalSummary[]>>();
  const contactSummaries = (from: Date) => {
    let p = summariesByFrom.get(from.getTime());
    if (!p) {
      p = sinch ? vendorCall(() => sinch.listContactSummaries({ from }, call), deferred) : Promise.reject(notConfigured('sinch'));
      summariesByFrom.set(from.getTime(), p);
    }
    return p;
  };

  const rangeKey = (k: WorkKey) => `${k.from.toISOString()}|${k.to.toISOString()}|${k.aggregateBy}`;
  const thuliumWork = lazy(() => new DataLoader<WorkKey, AgentWorkRecord[], string>(
    async (keys) => {
      if (!thulium) throw notConfigured('thulium');
      const groups = new Map<string, WorkKey[]>();
      for (const k of keys) groups.set(rangeKey(k), [...(groups.get(rangeKey(k)) ?? []), k]);
      const rowsByKey = new Map<string, AgentWorkRecord[] | Error>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const first = group[0]!;
          const logins = [...new Set(group.map((k) => k.login))];
          try {
            const rows = await vendorCall(() =>
              thulium.agentWorkReport({ logins, from: first.from, to: first.to, aggregateBy: first.aggregateBy }),
            deferred);
            for (const login of logins) {
              rowsByKey.set(`${login}|${rangeKey(first)}`, rows.filter((r) => r.login === login));
            }
          } catch (e) {
            for (const login of logins) rowsByKey.set(`${login}|${rangeKey(first)}`, e as Error);
          }
        }),
      );
      return keys.map((k) => rowsByKey.get(`${k.login}|${rangeKey(k)}`) ?? []);
    },
    { cacheKeyFn: (k) => `${k.login}|${rangeKey(k)}` },
  ));

  return {
    now,
    sharedSince: opts.sharedSince,
    deferred,
    identity,
    get sinchAgent() {
      return sinchAgent();
    },
    allSinchAgents,
    queueStatuses,
    queueThresholds,
    get contact() {
      return contact();
    },
    get contactEvents() {
      return contactEvents();
    },
    get presences() {
      return presences();
    },
    chatAgents,
    liveQueueStatuses,
    liveSinchAgent,
    liveSinchAgentIfReady: (id) => liveAgentValues.get(id),
    liveChatAgents,
    contactSummaries,
    get thuliumWork() {
      return thuliumWork();
    },
  };
}

/** Agent statistics are "today so far" (Sinch's own default window). */
const sinceMidnight = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
