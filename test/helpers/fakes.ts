/**
 * Small in-memory connectors for schema unit tests that need exact control over vendor answers (e.g. KPI figures).
 * Every call is counted per vendor; `fail(vendor, code)` makes that vendor's calls throw a VendorError.
 */
import { VendorError, type VendorErrorCode } from '../../src/domain/errors.js';
import type {
  ChatAgent,
  Contact,
  QueueIntervalSummary,
  QueueMembership,
  QueueStatus,
  SinchAgent,
  VendorHealth,
} from '../../src/domain/model.js';
import type { VendorName } from '../../src/domain/vendors.js';
import type { Connectors } from '../../src/vendors/types.js';

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
