/**
 * The live hub against the simulator through the real connectors: vendor request counts do not depend on the
 * number of subscribers, and (property-based) a subscriber applying the diffs converges to a fresh read.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { AGENT_STATES, type AgentState } from '../../src/domain/model.js';
import { applyUpdate } from '../../src/live/diff.js';
import { createLiveHub } from '../../src/live/hub.js';
import { AGENT_VIEW_RESOURCES, QUEUE_VIEW_RESOURCES, composeAgentViews, composeQueueViews, createFetchers } from '../../src/live/normalize.js';
import type { AgentLiveView, LiveResource, LiveUpdate, QueueLiveView } from '../../src/live/types.js';
import { IdentityService } from '../../src/services/identity.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { closeConnectors, createConnectors } from '../../src/vendors/index.js';
import type { Connectors } from '../../src/vendors/types.js';
import { drainer, sleep } from '../helpers/streams.js';

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

async function firstMessage<T>(it: AsyncIterator<T>, ms = 5000): Promise<T> {
  const r = await Promise.race([it.next(), sleep(ms).then(() => null)]);
  if (!r || r.done) throw new Error('no snapshot');
  return r.value;
}

describe('live hub against the simulator', () => {
  it('makes the same vendor requests per interval for 1 and for 1,000 subscribers', async () => {
    const INTERVAL = 100;
    // Everything agentStatusChanged needs (wolkvox aside: at most once per 5 minutes whatever the load).
    const sinchResources: LiveResource[] = ['sinch.agents', 'sinch.userStatuses', 'sinch.contactsInProcess', 'cobrowser.onlineAgents'];

    async function measure(subscribers: number) {
      const filters = [{}, { states: ['AVAILABLE' as const] }, { states: ['BUSY' as const, 'WRAP_UP' as const] }];
      const startHub = async (interval: number) => {
        const hub = createLiveHub({
          connectors,
          identity: identityFor(connectors),
          intervals: Object.fromEntries(sinchResources.map((r) => [r, interval])),
          now: simNow,
        });
        await hub.start();
        const subs = Array.from({ length: subscribers }, (_, i) => hub.subscribeAgents(filters[i % filters.length]));
        await Promise.all(subs.map((s) => firstMessage(s)));
        const stop = async () => {
          for (const s of subs) await s.return?.();
          await hub.stop();
        };
        return { hub, stop };
      };
      const perEndpoint = (c: Record<string, number>, needle: string) =>
        Object.entries(c).filter(([k]) => k.includes(needle)).reduce((n, [, v]) => n + v, 0);
      const needles = ['GET /agents', '/userStatuses', '/contacts', 'getOnlineAgents'];

      // Interval ticks driven by hand (a tick is what the interval timer calls): exact counts. The timers are set
      // far apart here so a slow machine cannot slip a timed poll in between the hand-driven ones.
      const manual = await startHub(600_000);
      sim.counters.reset();
      for (let i = 0; i < 5; i++) {
        sim.advance(5_000);
        await manual.hub.refreshNow(sinchResources);
      }
      const ticked = Object.fromEntries(needles.map((n) => [n, perEndpoint(sim.counters.get(), n)]));
      await manual.stop();

      // The interval timers themselves: one request per poll, at most one poll per interval.
      const timedHub = await startHub(INTERVAL);
      const { hub } = timedHub;
      const pollsBefore = Object.fromEntries(sinchResources.map((r) => [r, hub.stats().resources[r].polls]));
      sim.counters.reset();
      const t0 = performance.now();
      await sleep(INTERVAL * 8);
      const counts = sim.counters.get();
      const elapsed = performance.now() - t0;
      const polls = Object.fromEntries(sinchResources.map((r) => [r, hub.stats().resources[r].polls - (pollsBefore[r] ?? 0)]));
      await timedHub.stop();
      return { ticked, timed: { counts, polls, elapsed, perEndpoint } };
    }

    const one = await measure(1);
    const many = await measure(1000);
    // One request per poll; the contact list grows with every tick, and a Sinch list longer than any page read before
    // also asks for the (empty) page after it (the server may cap `limit`: src/vendors/sinch/client.ts `paged`).
    for (const { ticked } of [one, many]) {
      const { '/contacts': contacts, ...rest } = ticked;
      expect(rest).toEqual({ 'GET /agents': 5, '/userStatuses': 5, getOnlineAgents: 5 });
      expect(contacts).toBeGreaterThanOrEqual(5);
      expect(contacts).toBeLessThanOrEqual(10);
    }
    for (const { timed } of [one, many]) {
      const { counts, polls, elapsed, perEndpoint } = timed;
      // One request per poll; a poll straddling either end of the window may be counted on one side only.
      expect(Math.abs(perEndpoint(counts, 'GET /agents') - (polls['sinch.agents'] ?? 0))).toBeLessThanOrEqual(1);
      expect(Math.abs(perEndpoint(counts, 'getOnlineAgents') - (polls['cobrowser.onlineAgents'] ?? 0))).toBeLessThanOrEqual(1);
      expect(polls['sinch.agents']).toBeGreaterThanOrEqual(1);
      expect(polls['sinch.agents']).toBeLessThanOrEqual(Math.ceil(elapsed / INTERVAL) + 1);
      expect(Object.keys(counts).filter((k) => k.includes('queueStatuses'))).toEqual([]); // not needed, not polled
    }
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

    // Proof the histories were not trivial: diffs were applied, coalescing happened, writes went through.
    let changesApplied = 0;
    let coalesced = 0;
    let writesAccepted = 0;

    async function perform(s: Step) {
      try {
        if (s.kind === 'advance') sim.advance(s.ms);
        else if (s.kind === 'ready') {
          await live.sinch!.setReadyState(agentIds[s.agent]!, s.ready);
          writesAccepted += 1;
        } else if (s.kind === 'serving') {
          const memberships = await live.sinch!.listAgentQueues(agentIds[s.agent]!);
          const m = memberships[s.queue % Math.max(1, memberships.length)];
          if (m) {
            await live.sinch!.setQueueServing(agentIds[s.agent]!, m, !m.serving);
            writesAccepted += 1;
          }
        } else if (ccIds.length) {
          await live.ccagent!.setPause(ccIds[s.agent]!, s.pauseId);
          writesAccepted += 1;
        }
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
            const drainAgents = drainer<LiveUpdate<AgentLiveView>>(agentsIt);
            const drainQueues = drainer<LiveUpdate<QueueLiveView>>(queuesIt);
            const applyAll = async () => {
              for (const u of await drainAgents()) {
                expect(u.kind).toBe('CHANGE');
                expect(u.sequence).toBeGreaterThan(lastSeq);
                lastSeq = u.sequence;
                changesApplied += u.changes.length;
                agents = applyUpdate(agents, u);
              }
              for (const u of await drainQueues()) queues = applyUpdate(queues, u);
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
            coalesced += hub.stats().coalesced;
          } finally {
            await hub.stop();
          }
        },
      ),
      { seed: 20260302, numRuns: 12, endOnFailure: true },
    );
    expect(changesApplied).toBeGreaterThan(0);
    expect(coalesced).toBeGreaterThan(0);
    expect(writesAccepted).toBeGreaterThan(0);
  });
});
