/**
 * The test fakes: domain builders (agents, queues, summaries, chat agents) and two in-memory connector sets built
 * from them. `fakeConnectors` serves the read graph's schema tests (exact vendor answers, calls counted per vendor,
 * `fail(vendor, code)`); `fakeWorld` is a small live world for hub tests that need no HTTP (mutable arrays, calls
 * counted per method, failing methods, a delay).
 */
import { IdentityDirectory, linkPeople } from '../../src/domain/identity.js';
import { VendorError, type VendorErrorCode } from '../../src/domain/errors.js';
import type {
  ChatAgent,
  Contact,
  QueueGroup,
  QueueIntervalSummary,
  QueueMembership,
  QueueStatus,
  SinchAgent,
  SinchUserStatus,
  VendorHealth,
} from '../../src/domain/model.js';
import type { VendorName } from '../../src/domain/vendors.js';
import type { CoBrowserConnector, Connectors, SinchConnector } from '../../src/vendors/types.js';

export const hex = (n: number) => n.toString(16).toUpperCase().padStart(32, '0');

export function sinchAgent(n: number, over: Partial<SinchAgent> = {}): SinchAgent {
  return {
    vendor: 'sinch',
    id: hex(n),
    name: `Agent ${n}`,
    email: `agent${n}@example.com`,
    number: String(200 + n),
    mobileNumber: null,
    location: null,
    reportingGroupId: null,
    reportingGroupName: 'Sales',
    state: 'AVAILABLE',
    rawStatus: 'Ready/Free/Waiting',
    stateDurationMs: 60_000,
    userStatus: 'Ready',
    ready: true,
    availability: 'Free',
    contactHandlingStatus: 'Waiting',
    presenceProfileId: hex(900),
    presenceProfileName: 'Available',
    presenceProfileType: 'PRESENCE',
    presenceDurationMs: 60_000,
    activePhoneContacts: 0,
    activeChatContacts: 0,
    activeEmailContacts: 0,
    chatCapacity: 2,
    handled: { callsIn: 1, chatsIn: 0, emailsIn: 0, callbacksIn: 0, totalIn: 1, callsOut: 0, chatsOut: 0, emailsOut: 0, totalOut: 0, total: 1 },
    totalHandlingMs: 0,
    totalWrapUpMs: 0,
    readyMs: 0,
    notReadyMs: 0,
    pauseMs: 0,
    manageable: true,
    manageablePresence: true,
    contactHandlingStatusMs: null,
    oldestActiveContactMs: null,
    dailyPauseAllowanceMs: null,
    dailyWorkAllowanceMs: null,
    queues: [],
    ...over,
  };
}

export function membership(queue: QueueStatus, over: Partial<QueueMembership> = {}): QueueMembership {
  return {
    queueId: queue.queueId,
    queueName: queue.name,
    channel: queue.channel,
    serving: true,
    externalServing: false,
    canChangeQueueLogin: true,
    handledCallsIn: 2,
    handledCallsOut: 0,
    handledChatsIn: 0,
    handledEmailsIn: 0,
    handlingMs: 1000,
    wrapUpMs: 0,
    ...over,
  };
}

export function queueStatus(n: number, name: string): QueueStatus {
  return {
    queueId: hex(1000 + n),
    name,
    channel: 'PHONE',
    waitingArrivedHere: 1,
    longestWaitArrivedHereMs: 5000,
    waitingNow: 2,
    longestWaitNowMs: 9000,
    agentsServing: 3,
    agentsFree: 1,
    agentsBusy: 1,
    agentsWrapUp: 0,
    agentsNotReady: 1,
    agentsPaused: 0,
  };
}

export function summary(queue: QueueStatus, start: Date, over: Partial<QueueIntervalSummary> = {}): QueueIntervalSummary {
  return {
    id: `${queue.queueId}${start.toISOString()}`,
    queueId: queue.queueId,
    queueName: queue.name,
    channel: queue.channel,
    intervalStart: start,
    changedAt: null,
    arrivedHandled: 0,
    arrivedActive: 0,
    handled: 0,
    answeredOnTime: 0,
    abandoned: 0,
    falseAttempts: 0,
    serviceClosed: 0,
    handleTimeTotalMs: 0,
    handleTimeMaxMs: 0,
    queueTimeMaxMs: 0,
    answeredQueueTimeTotalMs: 0,
    abandonedQueueTimeTotalMs: 0,
    falseAttemptQueueTimeTotalMs: 0,
    outHandled: 0,
    outHandleTimeTotalMs: 0,
    outHandleTimeMaxMs: 0,
    ...over,
  };
}

export function chatAgent(id: string, username: string, over: Partial<ChatAgent> = {}): ChatAgent {
  const none = { open: null, closed: null, new: null, burning: null, sleeping: null };
  return {
    vendor: 'cobrowser',
    id,
    firstName: 'Chat',
    lastName: id,
    username,
    online: over.online ?? true,
    rawStatus: over.online === false ? 'offline' : 'online',
    lastActiveAt: null,
    slots: 3,
    hasFreeSlot: true,
    freeSlots: 2,
    openChats: 1,
    closedChats: 0,
    avgSlotSeconds: { ...none, open: 30 },
    minSlotSeconds: none,
    maxSlotSeconds: none,
    ...over,
  };
}

export interface FakeData {
  agents: SinchAgent[];
  queues: QueueStatus[];
  summaries: QueueIntervalSummary[];
  contacts: Contact[];
  chatAgents: ChatAgent[];
}

export interface Fakes {
  connectors: Connectors;
  calls: Record<VendorName, string[]>;
  fail(vendor: VendorName, code?: VendorErrorCode): void;
  heal(): void;
}

export function fakeConnectors(data: FakeData): Fakes {
  const calls: Record<VendorName, string[]> = { sinch: [], cobrowser: [], thulium: [], wolkvox: [], ccagent: [] };
  const failing = new Map<VendorName, VendorErrorCode>();
  const call = async <T>(vendor: VendorName, endpoint: string, value: () => T): Promise<T> => {
    calls[vendor].push(endpoint);
    const code = failing.get(vendor);
    if (code) throw new VendorError({ vendor, code, endpoint, status: code === 'SERVER_ERROR' ? 503 : undefined });
    return value();
  };
  const health = (vendor: VendorName) => (): VendorHealth => ({
    vendor,
    configured: true,
    reachable: failing.has(vendor) ? false : true,
    lastErrorCode: failing.get(vendor) ?? null,
    lastErrorAt: null,
    lastSuccessAt: null,
    circuit: 'CLOSED',
  });
  const notUsed = () => {
    throw new Error('not used by the read graph');
  };
  const connectors: Connectors = {
    sinch: {
      vendor: 'sinch',
      health: health('sinch'),
      close: async () => {},
      listAgents: (q) =>
        call('sinch', 'GET /agents', () =>
          data.agents.filter((a) => (!q?.ids || q.ids.includes(a.id)) && (!q?.queueIds || a.queues.some((m) => q.queueIds!.includes(m.queueId)))),
        ),
      listUserStatuses: notUsed,
      listQueueStatuses: () => call('sinch', 'GET /queueStatuses', () => data.queues),
      listQueueGroups: () =>
        call('sinch', 'GET /queueGroups', () => [
          {
            id: 'ALL_QUEUES',
            name: 'ALL_QUEUES',
            queues: data.queues.map((q) => ({
              queueId: q.queueId,
              queueName: q.name,
              channel: q.channel,
              groupId: 'ALL_QUEUES',
              groupName: 'ALL_QUEUES',
              freeAgents: { warning: 2, critical: 1 },
              waitingContacts: { warning: 5, critical: 10 },
              maxWaitMs: { warning: 30_000, critical: 60_000 },
              servingAgents: { warning: 2, critical: 1 },
              serviceLevelPercent: { warning: 80, critical: 60 },
            })),
          },
        ]),
      listContacts: () => call('sinch', 'GET /contacts', () => data.contacts),
      getContact: (id) => call('sinch', 'GET /contacts/{id}', () => data.contacts.find((c) => c.id === id) ?? null),
      listContactEvents: () => call('sinch', 'GET /contacts/{id}/details', () => []),
      listContactSummaries: (q) =>
        call('sinch', 'GET /contactSummaries', () => data.summaries.filter((s) => s.intervalStart >= q.from)),
      listAgentPresences: () =>
        call('sinch', 'GET /agents/{id}/presences', () => [
          { id: hex(900), name: 'Available', reason: 'NONE', type: 'PRESENCE' as const, priority: 100 },
          { id: hex(901), name: 'Lunch', reason: 'NONE', type: 'ABSENCE' as const, priority: 100 },
        ]),
      listAgentQueues: notUsed,
      setReadyState: notUsed,
      setQueueServing: notUsed,
      setPresence: notUsed,
    },
    cobrowser: {
      vendor: 'cobrowser',
      health: health('cobrowser'),
      close: async () => {},
      getAllAgents: () => call('cobrowser', 'getAllAgents', () => data.chatAgents),
      getOnlineAgents: () => call('cobrowser', 'getOnlineAgents', () => data.chatAgents.filter((a) => a.online)),
    },
  };
  return {
    connectors,
    calls,
    fail: (vendor, code = 'SERVER_ERROR') => failing.set(vendor, code),
    heal: () => failing.clear(),
  };
}

// ---------------------------------------------------------------------------------------------------------
// A live world for hub tests

const liveHealth = (vendor: 'sinch' | 'cobrowser'): VendorHealth => ({
  vendor,
  configured: true,
  reachable: true,
  lastErrorCode: null,
  lastErrorAt: null,
  lastSuccessAt: null,
  circuit: 'CLOSED',
});

/** A Sinch agent as the live tests start it: the shared builder's, idle (nothing handled, no presence timer). */
export function idleSinchAgent(n: number, over: Partial<SinchAgent> = {}): SinchAgent {
  return sinchAgent(n, {
    number: null,
    reportingGroupName: null,
    rawStatus: 'Ready/Free',
    stateDurationMs: 0,
    contactHandlingStatus: null,
    presenceProfileId: null,
    presenceDurationMs: null,
    handled: { callsIn: 0, chatsIn: 0, emailsIn: 0, callbacksIn: 0, totalIn: 0, callsOut: 0, chatsOut: 0, emailsOut: 0, totalOut: 0, total: 0 },
    ...over,
  });
}

/** A queue as the live tests start it: the shared builder's, quiet (nobody waiting, everyone free). */
export function quietQueue(n: number, over: Partial<QueueStatus> = {}): QueueStatus {
  return {
    ...queueStatus(n, `Queue ${n}`),
    waitingArrivedHere: 0,
    longestWaitArrivedHereMs: 0,
    waitingNow: 0,
    longestWaitNowMs: 0,
    agentsFree: 3,
    agentsBusy: 0,
    agentsNotReady: 0,
    ...over,
  };
}

export interface FakeWorld {
  agents: SinchAgent[];
  userStatuses: SinchUserStatus[];
  queues: QueueStatus[];
  groups: QueueGroup[];
  chatAgents: ChatAgent[];
  calls: Record<string, number>;
  /** Next calls of these methods fail with SERVER_ERROR. */
  failing: Set<string>;
  /** Ms each call waits before answering. */
  delayMs: number;
  connectors: Connectors;
  directory(): IdentityDirectory;
  total(): number;
}

export function fakeWorld(agentCount = 3, queueCount = 2): FakeWorld {
  const world = {
    agents: Array.from({ length: agentCount }, (_, i) => idleSinchAgent(i + 1)),
    userStatuses: [] as SinchUserStatus[],
    queues: Array.from({ length: queueCount }, (_, i) => quietQueue(i + 1)),
    groups: [] as QueueGroup[],
    chatAgents: [] as ChatAgent[],
    calls: {} as Record<string, number>,
    failing: new Set<string>(),
    delayMs: 0,
  } as FakeWorld;
  const call = async <T>(name: string, value: () => T): Promise<T> => {
    world.calls[name] = (world.calls[name] ?? 0) + 1;
    if (world.delayMs) await new Promise((r) => setTimeout(r, world.delayMs));
    if (world.failing.has(name)) throw new VendorError({ vendor: 'sinch', code: 'SERVER_ERROR', endpoint: `GET /${name}`, status: 500 });
    return structuredClone(value());
  };
  const notUsed = () => Promise.reject(new Error('not used by the live path'));
  const sinch: SinchConnector = {
    vendor: 'sinch',
    health: () => liveHealth('sinch'),
    close: async () => {},
    listAgents: () => call('agents', () => world.agents),
    listUserStatuses: () => call('userStatuses', () => world.userStatuses),
    listQueueStatuses: () => call('queueStatuses', () => world.queues),
    listQueueGroups: () => call('queueGroups', () => world.groups),
    listContacts: () => call('contacts', () => []),
    listContactSummaries: () => call('contactSummaries', () => []),
    getContact: notUsed,
    listContactEvents: notUsed,
    listAgentPresences: notUsed,
    listAgentQueues: notUsed,
    setReadyState: notUsed,
    setQueueServing: notUsed,
    setPresence: notUsed,
  };
  const cobrowser: CoBrowserConnector = {
    vendor: 'cobrowser',
    health: () => liveHealth('cobrowser'),
    close: async () => {},
    getAllAgents: () => call('chatAll', () => world.chatAgents),
    getOnlineAgents: () => call('chatOnline', () => world.chatAgents),
  };
  world.connectors = { sinch, cobrowser };
  world.directory = () =>
    new IdentityDirectory(
      linkPeople(
        [],
        world.agents.map((a) => ({ vendor: 'sinch' as const, id: a.id, name: a.name, email: a.email })),
      ),
    );
  world.total = () => Object.values(world.calls).reduce((a, b) => a + b, 0);
  return world;
}
