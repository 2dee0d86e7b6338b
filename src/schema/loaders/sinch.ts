/**
 * Sinch loaders: agents (by id, or the whole list once per request), queue statuses and thresholds, contacts and
 * their events, presence profiles, contact summaries. The live lists also feed the last-good snapshots; the `live*`
 * accessors fall back to them while Sinch is down.
 */
import DataLoader from 'dataloader';
import type {
  Contact,
  ContactEvent,
  Presence,
  QueueIntervalSummary,
  QueueThresholds,
  SinchAgent,
} from '../../domain/model.js';
import type { ContactQuery } from '../../vendors/types.js';
import { byId, lazy, memo, type LoaderBase, type Served } from './shared.js';

/** Above this many ids, one unfiltered agent list is cheaper than an id filter. */
export const MANY_AGENT_IDS = 100;

/** Agent statistics are "today so far" (Sinch's own default window). */
const sinceMidnight = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

export function sinchLoaders({ now, call, read, served, remember, snapshots }: LoaderBase) {
  let allAgentsStarted = false;
  const allSinchAgents = memo(async () => {
    allAgentsStarted = true;
    const agents = await read('sinch', (sinch) => sinch.listAgents({ since: sinceMidnight(now) }, call));
    remember(snapshots.sinchAgents, agents);
    const loader = sinchAgent();
    for (const a of agents) loader.prime(a.id, a);
    return agents;
  });

  // liveSinchAgent per id: the promise, and its value once it succeeded.
  const liveAgentPromises = new Map<string, Promise<Served<SinchAgent | null>>>();
  const liveAgentValues = new Map<string, Served<SinchAgent | null>>();

  const sinchAgent = lazy(() => {
    const loader = new DataLoader<string, SinchAgent | null>(async (ids) => {
      let agents: SinchAgent[];
      if (allAgentsStarted || ids.length > MANY_AGENT_IDS) agents = await allSinchAgents();
      else {
        agents = await read('sinch', (sinch) => sinch.listAgents({ ids: [...ids], since: sinceMidnight(now) }, call));
        remember(snapshots.sinchAgents, agents, ids);
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
    const statuses = await read('sinch', (sinch) => sinch.listQueueStatuses({}, call));
    remember(snapshots.queueStatuses, statuses);
    return byId(statuses, (s) => s.queueId);
  });

  const queueThresholds = memo(async () => {
    const groups = await read('sinch', (sinch) => sinch.listQueueGroups(call));
    const byQueue = new Map<string, QueueThresholds>();
    // A queue's own group wins over the catch-all ALL_QUEUES group, which repeats every queue.
    const ordered = [...groups.filter((g) => g.id !== 'ALL_QUEUES'), ...groups.filter((g) => g.id === 'ALL_QUEUES')];
    for (const g of ordered) for (const q of g.queues) if (!byQueue.has(q.queueId)) byQueue.set(q.queueId, q);
    return byQueue;
  });

  /** One call per distinct id (the RMI has no multi-id lookup), each failing on its own. */
  const perId = <T>(fetch: (id: string) => Promise<T>) => (ids: readonly string[]) =>
    Promise.all(ids.map((id) => fetch(id).catch((e: Error) => e)));
  const contact = lazy(() => new DataLoader<string, Contact | null>(perId((id) => read('sinch', (s) => s.getContact(id)))));
  const contactEvents = lazy(() => new DataLoader<string, ContactEvent[]>(perId((id) => read('sinch', (s) => s.listContactEvents(id)))));
  const presences = lazy(() => new DataLoader<string, Presence[]>(perId((id) => read('sinch', (s) => s.listAgentPresences(id)))));

  /** A contact search; the contacts found are primed into `contact`. */
  const contacts = async (q: ContactQuery): Promise<Contact[]> => {
    const found = await read('sinch', (sinch) => sinch.listContacts(q));
    const loader = contact();
    for (const c of found) loader.prime(c.id, c);
    return found;
  };

  const liveQueueStatuses = memo(() =>
    served(queueStatuses, () => snapshots.queueStatuses.all(), (list) => byId(list, (s) => s.queueId)),
  );
  const liveSinchAgent = (id: string) => {
    let p = liveAgentPromises.get(id);
    if (!p) {
      const created = served(() => sinchAgent().load(id), () => snapshots.sinchAgents.get(id), (a): SinchAgent | null => a);
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
      p = read('sinch', (sinch) => sinch.listContactSummaries({ from }, call));
      summariesByFrom.set(from.getTime(), p);
    }
    return p;
  };

  return {
    allSinchAgents,
    sinchAgent,
    queueStatuses,
    queueThresholds,
    contact,
    contactEvents,
    presences,
    contacts,
    liveQueueStatuses,
    liveSinchAgent,
    liveSinchAgentIfReady: (id: string): Served<SinchAgent | null> | undefined => liveAgentValues.get(id),
    contactSummaries,
  };
}
