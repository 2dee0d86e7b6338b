/**
 * From connector results to plain per-resource records, and from records to the live views subscribers see.
 * Records leave out what changes on every poll without meaning anything to a wallboard (durations, day totals),
 * so an unchanged contact center produces no diffs.
 */
import type { IdentityDirectory } from '../domain/identity.js';
import { ratioToPercent, serviceLevel } from '../domain/kpi.js';
import { DEFAULT_TIME_ZONE, startOfToday } from '../domain/time.js';
import type { Connectors } from '../vendors/types.js';
import { withDrops } from './drops.js';
import type {
  AgentLiveView,
  LiveQueueMembership,
  LiveResource,
  QueueLiveView,
  ResourceRecord,
} from './types.js';

export type RecordMap = Map<string, ResourceRecord>;
/** Records of one poll; rows the vendor sent but that could not be read are counted on the map (drops.ts). */
export type Fetcher = (signal: AbortSignal) => Promise<RecordMap>;

/** One fetcher per resource whose vendor is configured. Daily counters start at local midnight in `timeZone`. */
export function createFetchers(
  connectors: Connectors,
  now: () => number = Date.now,
  timeZone: string = DEFAULT_TIME_ZONE,
): Partial<Record<LiveResource, Fetcher>> {
  const today = (ms: number) => startOfToday(new Date(ms), timeZone);
  const f: Partial<Record<LiveResource, Fetcher>> = {};
  const { sinch, cobrowser, wolkvox } = connectors;
  if (sinch) {
    f['sinch.agents'] = async (signal) => {
      const agents = await sinch.listAgents({ since: today(now()) }, { signal });
      return withDrops(new Map(
        agents.map((a) => {
          const queues: LiveQueueMembership[] = a.queues
            .map((q) => ({ queueId: q.queueId, queueName: q.queueName, channel: q.channel, serving: q.serving }))
            .sort((x, y) => (x.queueId < y.queueId ? -1 : x.queueId > y.queueId ? 1 : 0));
          return [
            a.id,
            {
              name: a.name,
              state: a.state,
              rawStatus: a.rawStatus,
              availability: a.availability,
              presenceName: a.presenceProfileName,
              presenceType: a.presenceProfileType,
              activePhoneContacts: a.activePhoneContacts,
              activeChatContacts: a.activeChatContacts,
              activeEmailContacts: a.activeEmailContacts,
              queues: queues as unknown as ResourceRecord[],
            },
          ];
        }),
      ), agents);
    };
    f['sinch.userStatuses'] = async (signal) => {
      const statuses = await sinch.listUserStatuses({ signal });
      return withDrops(new Map(
        statuses.map((u) => [
          u.id,
          { phoneCapacity: u.phoneCapacity, taskCapacity: u.taskCapacity, textChatCapacity: u.textChatCapacity },
        ]),
      ), statuses);
    };
    f['sinch.queueStatuses'] = async (signal) => {
      const statuses = await sinch.listQueueStatuses({}, { signal });
      return withDrops(new Map(
        statuses.map((q) => [
          q.queueId,
          {
            name: q.name,
            channel: q.channel,
            waiting: q.waitingNow,
            waitingArrivedHere: q.waitingArrivedHere,
            longestWaitMs: q.longestWaitNowMs,
            agentsServing: q.agentsServing,
            agentsFree: q.agentsFree,
            agentsBusy: q.agentsBusy,
            agentsWrapUp: q.agentsWrapUp,
            agentsNotReady: q.agentsNotReady,
            agentsPaused: q.agentsPaused,
          },
        ]),
      ), statuses);
    };
    f['sinch.queueGroups'] = async (signal) => {
      const groups = await sinch.listQueueGroups({ signal });
      // A queue may sit in several groups; a named group's thresholds win over the catch-all ALL_QUEUES.
      const ordered = [...groups.filter((g) => g.id !== 'ALL_QUEUES'), ...groups.filter((g) => g.id === 'ALL_QUEUES')];
      const out: RecordMap = new Map();
      for (const g of ordered) {
        for (const q of g.queues) {
          if (out.has(q.queueId)) continue;
          out.set(q.queueId, {
            queueName: q.queueName,
            groupId: g.id,
            freeAgents: { ...q.freeAgents },
            waitingContacts: { ...q.waitingContacts },
            maxWaitMs: { ...q.maxWaitMs },
            servingAgents: { ...q.servingAgents },
            serviceLevelPercent: { ...q.serviceLevelPercent },
          });
        }
      }
      return withDrops(out, groups);
    };
    f['sinch.contactsInProcess'] = async (signal) => {
      const contacts = await sinch.listContacts({ allInProcess: true }, { signal });
      return withDrops(new Map(
        contacts
          .filter((c) => c.status.startsWith('InProcess') || c.status === 'InQueue')
          .map((c) => [c.id, { agentId: c.agentId, queueId: c.queueId, channel: c.channel, status: c.status }]),
      ), contacts);
    };
    f['sinch.contactSummaries'] = async (signal) => {
      const rows = await sinch.listContactSummaries({ from: today(now()) }, { signal });
      const byQueue = new Map<string, { onTime: number; handled: number; abandoned: number }>();
      for (const r of rows) {
        const t = byQueue.get(r.queueId) ?? { onTime: 0, handled: 0, abandoned: 0 };
        t.onTime += r.answeredOnTime;
        t.handled += r.handled;
        t.abandoned += r.abandoned;
        byQueue.set(r.queueId, t);
      }
      return withDrops(new Map([...byQueue].map(([id, t]) => [id, t])), rows);
    };
  }
  if (cobrowser) {
    f['cobrowser.onlineAgents'] = async (signal) => {
      const agents = await cobrowser.getOnlineAgents({ signal });
      return withDrops(new Map(
        agents.map((a) => [
          a.id,
          { online: a.online, slots: a.slots, freeSlots: a.freeSlots, openChats: a.openChats },
        ]),
      ), agents);
    };
  }
  if (wolkvox) {
    f['wolkvox.cobrowsing'] = async (signal) => {
      const t = now();
      const sessions = await wolkvox.listCobrowsingSessions({ from: today(t), to: new Date(t) }, { signal });
      const counts = new Map<string, number>();
      for (const s of sessions) counts.set(s.agentId, (counts.get(s.agentId) ?? 0) + 1);
      return withDrops(new Map([...counts].map(([id, n]) => [id, { sessionsToday: n }])), sessions);
    };
  }
  return f;
}

/** The resources each view needs. */
export const AGENT_VIEW_RESOURCES: LiveResource[] = [
  'sinch.agents',
  'sinch.userStatuses',
  'sinch.contactsInProcess',
  'cobrowser.onlineAgents',
  'wolkvox.cobrowsing',
];
export const QUEUE_VIEW_RESOURCES: LiveResource[] = ['sinch.queueStatuses', 'sinch.contactSummaries'];
export const ALERT_RESOURCES: LiveResource[] = [...QUEUE_VIEW_RESOURCES, 'sinch.queueGroups'];

type Stores = Partial<Record<LiveResource, ReadonlyMap<string, ResourceRecord>>>;

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

const blankAgent = (name: string): AgentLiveView => ({
  name,
  state: null,
  rawStatus: null,
  availability: null,
  presenceName: null,
  presenceType: null,
  activePhoneContacts: null,
  activeChatContacts: null,
  activeEmailContacts: null,
  activeContactIds: [],
  queues: [],
  phoneCapacity: null,
  taskCapacity: null,
  textChatCapacity: null,
  chatOnline: null,
  chatSlots: null,
  chatFreeSlots: null,
  chatOpenChats: null,
  cobrowsingSessionsToday: null,
});

/**
 * Agents keyed by person key. A person is live when Sinch or CoBrowser reports one of their accounts; accounts
 * the directory does not know yet are left out until the identity service next rebuilds.
 */
export function composeAgentViews(stores: Stores, dir: IdentityDirectory): Map<string, AgentLiveView> {
  const views = new Map<string, AgentLiveView>();
  for (const [id, r] of stores['sinch.agents'] ?? []) {
    const person = dir.forAccount('sinch', id);
    if (!person) continue;
    const v = blankAgent(person.name);
    v.state = str(r.state) as AgentLiveView['state'];
    v.rawStatus = str(r.rawStatus);
    v.availability = str(r.availability);
    v.presenceName = str(r.presenceName);
    v.presenceType = str(r.presenceType) as AgentLiveView['presenceType'];
    v.activePhoneContacts = num(r.activePhoneContacts);
    v.activeChatContacts = num(r.activeChatContacts);
    v.activeEmailContacts = num(r.activeEmailContacts);
    v.queues = (r.queues as unknown as LiveQueueMembership[]).map((q) => ({ ...q }));
    views.set(person.key, v);
  }
  for (const [id, r] of stores['sinch.userStatuses'] ?? []) {
    const person = dir.forAccount('sinch', id);
    const v = person && views.get(person.key);
    if (!v) continue;
    v.phoneCapacity = num(r.phoneCapacity);
    v.taskCapacity = num(r.taskCapacity);
    v.textChatCapacity = num(r.textChatCapacity);
  }
  for (const [id, r] of stores['cobrowser.onlineAgents'] ?? []) {
    const person = dir.forAccount('cobrowser', id);
    if (!person) continue;
    let v = views.get(person.key);
    if (!v) views.set(person.key, (v = blankAgent(person.name)));
    v.chatOnline = typeof r.online === 'boolean' ? r.online : null;
    v.chatSlots = num(r.slots);
    v.chatFreeSlots = num(r.freeSlots);
    v.chatOpenChats = num(r.openChats);
  }
  for (const [contactId, r] of stores['sinch.contactsInProcess'] ?? []) {
    const agentId = str(r.agentId);
    const person = agentId ? dir.forAccount('sinch', agentId) : undefined;
    const v = person && views.get(person.key);
    if (v) v.activeContactIds.push(contactId);
  }
  for (const v of views.values()) v.activeContactIds.sort();
  for (const [id, r] of stores['wolkvox.cobrowsing'] ?? []) {
    const person = dir.forAccount('wolkvox', id);
    const v = person && views.get(person.key);
    if (v) v.cobrowsingSessionsToday = num(r.sessionsToday);
  }
  // Known wolkvox-linked people with no session today have zero, not "unknown", once wolkvox answered.
  if (stores['wolkvox.cobrowsing']) {
    for (const [key, v] of views) {
      if (v.cobrowsingSessionsToday === null && dir.get(key)?.accounts.wolkvox !== undefined) v.cobrowsingSessionsToday = 0;
    }
  }
  return views;
}

/** Service level (0–1) from summed contact summaries, by the KPI formula; null when there is nothing to measure. */
export function liveServiceLevel(r: ResourceRecord | undefined): number | null {
  if (!r) return null;
  return serviceLevel({ answeredOnTime: num(r.onTime) ?? 0, handled: num(r.handled) ?? 0, abandoned: num(r.abandoned) ?? 0 });
}

/** Service level in percent (0–100, one decimal); null when there is nothing to measure. */
export const serviceLevelPercent = (r: ResourceRecord | undefined): number | null => ratioToPercent(liveServiceLevel(r));

/** Queues keyed by Sinch queue id. */
export function composeQueueViews(stores: Stores): Map<string, QueueLiveView> {
  const views = new Map<string, QueueLiveView>();
  const summaries = stores['sinch.contactSummaries'];
  for (const [id, r] of stores['sinch.queueStatuses'] ?? []) {
    views.set(id, {
      name: str(r.name) ?? id,
      channel: str(r.channel) as QueueLiveView['channel'],
      waiting: num(r.waiting) ?? 0,
      waitingArrivedHere: num(r.waitingArrivedHere) ?? 0,
      longestWaitMs: num(r.longestWaitMs) ?? 0,
      agentsServing: num(r.agentsServing) ?? 0,
      agentsFree: num(r.agentsFree) ?? 0,
      agentsBusy: num(r.agentsBusy) ?? 0,
      agentsWrapUp: num(r.agentsWrapUp) ?? 0,
      agentsNotReady: num(r.agentsNotReady) ?? 0,
      agentsPaused: num(r.agentsPaused) ?? 0,
      serviceLevel: liveServiceLevel(summaries?.get(id)),
      serviceLevelPercent: serviceLevelPercent(summaries?.get(id)),
    });
  }
  return views;
}
