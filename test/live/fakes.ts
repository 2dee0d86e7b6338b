/**
 * A small live world for hub tests that need no HTTP: in-memory connectors (src/vendors/types.ts) with call counters,
 * built from the one set of fakes (test/helpers/fakes.ts).
 */
import { IdentityDirectory, linkPeople } from '../../src/domain/identity.js';
import { VendorError } from '../../src/domain/errors.js';
import type { ChatAgent, QueueGroup, QueueStatus, SinchAgent, SinchUserStatus, VendorHealth } from '../../src/domain/model.js';
import type { CoBrowserConnector, Connectors, SinchConnector } from '../../src/vendors/types.js';
import { queueStatus as baseQueueStatus, sinchAgent as baseSinchAgent } from '../helpers/fakes.js';

const health = (vendor: 'sinch' | 'cobrowser'): VendorHealth => ({
  vendor,
  configured: true,
  reachable: true,
  lastErrorCode: null,
  lastErrorAt: null,
  lastSuccessAt: null,
  circuit: 'CLOSED',
});

export { hex } from '../helpers/fakes.js';

/** A Sinch agent as the live tests start it: the shared builder's, idle (nothing handled, no presence timer). */
export function sinchAgent(n: number, over: Partial<SinchAgent> = {}): SinchAgent {
  return baseSinchAgent(n, {
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
export function queueStatus(n: number, over: Partial<QueueStatus> = {}): QueueStatus {
  return {
    ...baseQueueStatus(n, `Queue ${n}`),
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
    agents: Array.from({ length: agentCount }, (_, i) => sinchAgent(i + 1)),
    userStatuses: [] as SinchUserStatus[],
    queues: Array.from({ length: queueCount }, (_, i) => queueStatus(i + 1)),
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
    health: () => health('sinch'),
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
    health: () => health('cobrowser'),
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

/** Reads the next value of an iterator or fails after `ms`. */
export async function nextWithin<T>(it: AsyncIterator<T>, ms = 2000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const r = await Promise.race([
    it.next(),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no message within ${ms} ms`)), ms);
    }),
  ]);
  clearTimeout(timer);
  if (r.done) throw new Error('stream ended');
  return r.value;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reads everything a subscriber has been sent so far (pending updates resolve before a macrotask). The unanswered
 * next() is kept for the following call: dropping it would swallow the message it later receives.
 */
export function drainer<T>(it: AsyncIterator<T>): () => Promise<T[]> {
  let outstanding: Promise<IteratorResult<T>> | null = null;
  return async () => {
    const out: T[] = [];
    for (;;) {
      outstanding ??= it.next();
      const r = await Promise.race([outstanding, new Promise<null>((res) => setImmediate(() => res(null)))]);
      if (!r) return out;
      outstanding = null;
      if (r.done) return out;
      out.push(r.value);
    }
  };
}
