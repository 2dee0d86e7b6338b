/**
 * The live hub against the simulator through the real connectors: vendor request counts do not depend on the
 * number of subscribers, and (property-based) a subscriber applying the diffs converges to a fresh read.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { AGENT_STATES, type AgentState } from '../../src/domain/model.js';
import { applyUpdate } from '../../src/live/diff.js';
import { createLiveHub, type LiveHub } from '../../src/live/hub.js';
import { AGENT_VIEW_RESOURCES, QUEUE_VIEW_RESOURCES, composeAgentViews, composeQueueViews, createFetchers } from '../../src/live/normalize.js';
import type { AgentLiveView, LiveResource, LiveUpdate, QueueLiveView } from '../../src/live/types.js';
import { IdentityService } from '../../src/services/identity.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { closeConnectors, createConnectors } from '../../src/vendors/index.js';
import type { Connectors } from '../../src/vendors/types.js';
import { sleep } from './fakes.js';

let sim: Simulator;
let connectors: Connectors;

beforeAll(async () => {
  sim = await startSimulator({ seed: 11, agents: 24, queues: 4, autoTick: false, startTime: new Date('2026-03-02T09:00:00Z') });
  sim.advance(10 * 60_000); // a working contact center, not an empty morning
  const config = loadConfig({ ...sim.env(), LOG_LEVEL: 'silent' });
  connectors = createConnectors(config.vendors, { secrets: config.secrets });
});
afterAll(async () => {
  await closeConnectors(connectors);
  await sim.close();
});

const identityFor = (c: Connectors) => new IdentityService(c, sim.identities(), 3_600_000);
const simNow = () => sim.now().getTime();

/** Everything a subscriber has been sent so far (pending updates resolve before a macrotask). */
async function drain<T>(it: AsyncIterator<T>): Promise<T[]> {
  const out: T[] = [];
  for (;;) {
    const r = await Promise.race([it.next(), new Promise<null>((res) => setImmediate(() => res(null)))]);
    if (!r || r.done) return out;
    out.push(r.value);
  }
}

async function firstMessage<T>(it: AsyncIterator<T>, ms = 5000): Promise<T> {
  const r = await Promise.race([it.next(), sleep(ms).then(() => null)]);
  if (!r || r.done) throw new Error('no snapshot');
  return r.value;
}

describe('live hub against the simulator', () => {
  it('makes the same vendor requests per interval for 1 and for 1,000 subscribers', async () => {
    const INTERVAL = 100;
    const sinchResources: LiveResource[] = ['sinch.agents', 'sinch.userStatuses', 'sinch.queueStatuses', 'sinch.contactsInProcess'];

    async function measure(subscribers: number) {
      const hub = createLiveHub({
        connectors,
        identity: identityFor(connectors),
        intervals: Object.fromEntries(sinchResources.map((r) => [r, INTERVAL])),
        now: simNow,
      });
      await hub.start();
      const subs = Array.from({ length: subscribers }, (_, i) =>
        i % 2 === 0 ? hub.subscribeAgents(i % 4 === 0 ? {} : { states: ['AVAILABLE'] }) : hub.subscribeQueues(),
      );
      await Promise.all(subs.map((s) => firstMessage(s)));
      const pollsBefore = Object.fromEntries(sinchResources.map((r) => [r, hub.stats().resources[r].polls]));
      sim.counters.reset();
      // Deterministic part: N refresh cycles, each exactly one request per resource.
      for (let i = 0; i < 3; i++) {
        sim.advance(5_000);
        await hub.refreshNow(sinchResources);
      }
      // Timer part: let the pollers run for a fixed span.
      await sleep(INTERVAL * 8);
      const counts = sim.counters.get();
      const polls = Object.fromEntries(sinchResources.map((r) => [r, hub.stats().resources[r].polls - (pollsBefore[r] ?? 0)]));
      for (const s of subs) await s.return?.();
      await hub.stop();
      return { counts, polls };
    }

    const one = await measure(1);
    console.log(JSON.stringify(one));
    const many = await measure(1000);
    const perEndpoint = (c: Record<string, number>, needle: string) =>
      Object.entries(c).filter(([k]) => k.includes(needle)).reduce((n, [, v]) => n + v, 0);
    for (const needle of ['/agents', '/userStatuses', '/queueStatuses', '/contacts']) {
      const a = perEndpoint(one.counts, needle);
      const b = perEndpoint(many.counts, needle);
      // About 3 refreshes + 8 intervals; a timer phase may shift one poll either way, never one per subscriber.
      expect(a).toBeGreaterThanOrEqual(6);
      expect(Math.abs(a - b)).toBeLessThanOrEqual(1);
    }
    // Every poll is one request per resource, with 1 or 1,000 subscribers alike.
    expect(perEndpoint(one.counts, '/queueStatuses')).toBe(one.polls['sinch.queueStatuses']);
    expect(perEndpoint(many.counts, '/queueStatuses')).toBe(many.polls['sinch.queueStatuses']);
  });

  it('a subscriber applying the diffs converges to a fresh read (property-based, random histories)', async () => {
    // wolkvox is left out: by design it is polled at most every 5 minutes, so it may lag a fresh read.
    const { wolkvox: _omit, ...live } = connectors;
    const identity = identityFor(live);
    const fetchers = createFetchers(live, simNow);
    const agentIds = sim.model.agents.map((a) => a.id);
    const ccIds = sim.model.agents.flatMap((a) => (a.ccUserId !== null ? [String(a.ccUserId)] : []));

    const step = fc.oneof(
      fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1_000, max: 8 * 60_000 }) }),
      fc.record({ kind: fc.constant('ready' as const), agent: fc.nat(agentIds.length - 1), ready: fc.boolean() }),
      fc.record({ kind: fc.constant('serving' as const), agent: fc.nat(agentIds.length - 1), queue: fc.nat(3) }),
      fc.record({ kind: fc.constant('pause' as const), agent: fc.nat(Math.max(0, ccIds.length - 1)), pauseId: fc.integer({ min: 0, max: 3 }) }),
    );
    type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

    async function perform(s: Step) {
      try {
        if (s.kind === 'advance') sim.advance(s.ms);
        else if (s.kind === 'ready') await live.sinch!.setReadyState(agentIds[s.agent]!, s.ready);
        else if (s.kind === 'serving') {
          const memberships = await live.sinch!.listAgentQueues(agentIds[s.agent]!);
          const m = memberships[s.queue % Math.max(1, memberships.length)];
          if (m) await live.sinch!.setQueueServing(agentIds[s.agent]!, m, !m.serving);
        } else if (ccIds.length) await live.ccagent!.setPause(ccIds[s.agent]!, s.pauseId);
      } catch {
        // A write the vendor refuses (e.g. a logged-out agent) is part of the history too.
      }
    }

    async function freshRead() {
      const stores: Partial<Record<LiveResource, Map<string, any>>> = {};
      for (const r of [...AGENT_VIEW_RESOURCES, ...QUEUE_VIEW_RESOURCES]) {
        const f = fetchers[r];
        if (f) stores[r] = await f(new AbortController().signal);
      }
      return { agents: composeAgentViews(stores, await identity.directory()), queues: composeQueueViews(stores) };
    }

    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 8 }),
        fc.subarray([...AGENT_STATES]),
        fc.boolean(),
        async (steps, states, readLate) => {
          const hub = createLiveHub({
            connectors: live,
            identity,
            intervals: { 'sinch.agents': 3_600_000, 'sinch.userStatuses': 3_600_000, 'sinch.queueStatuses': 3_600_000, 'sinch.contactsInProcess': 3_600_000, 'cobrowser.onlineAgents': 3_600_000, 'sinch.contactSummaries': 3_600_000 },
            // A late reader gets coalesced updates: the bound is tiny on purpose.
            maxPendingUpdates: readLate ? 1 : 32,
            now: simNow,
          });
          await hub.start();
          try {
            const agentsIt = hub.subscribeAgents({ states: states as AgentState[] });
            const queuesIt = hub.subscribeQueues();
            let agents = applyUpdate(new Map<string, AgentLiveView>(), await firstMessage(agentsIt));
            let queues = applyUpdate(new Map<string, QueueLiveView>(), await firstMessage(queuesIt));
            let lastSeq = -1;
            const applyAll = async () => {
              for (const u of await drain<LiveUpdate<AgentLiveView>>(agentsIt)) {
                expect(u.kind).toBe('CHANGE');
                expect(u.sequence).toBeGreaterThan(lastSeq);
                lastSeq = u.sequence;
                agents = applyUpdate(agents, u);
              }
              for (const u of await drain<LiveUpdate<QueueLiveView>>(queuesIt)) queues = applyUpdate(queues, u);
            };
            for (const s of steps) {
              await perform(s);
              await hub.refreshNow([...AGENT_VIEW_RESOURCES, ...QUEUE_VIEW_RESOURCES]);
              if (!readLate) await applyAll();
            }
            await applyAll();
            const fresh = await freshRead();
            const wanted = new Set<string>(states);
            const expectedAgents = new Map(
              [...fresh.agents].filter(([, v]) => states.length === 0 || (v.state !== null && wanted.has(v.state))),
            );
            expect(agents).toEqual(expectedAgents);
            expect(queues).toEqual(fresh.queues);
          } finally {
            await hub.stop();
          }
        },
      ),
      { seed: 20260302, numRuns: 12, endOnFailure: true },
    );
  });
});
