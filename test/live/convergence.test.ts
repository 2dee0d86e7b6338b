/**
 * Convergence with churn the simulator does not produce (agents appearing and disappearing, fields turning null),
 * random filters, random read points and a tiny buffer: property-based over the whole hub with fake connectors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGENT_STATES, type AgentState } from '../../src/domain/model.js';
import { applyUpdate } from '../../src/live/diff.js';
import { createLiveHub } from '../../src/live/hub.js';
import { composeAgentViews, createFetchers } from '../../src/live/normalize.js';
import type { AgentLiveView, LiveUpdate } from '../../src/live/types.js';
import { fakeWorld, hex, idleSinchAgent } from '../helpers/fakes.js';
import { drainer } from '../helpers/streams.js';

const state = fc.constantFrom(...AGENT_STATES);
const step = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), n: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('remove' as const), n: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('state' as const), n: fc.integer({ min: 1, max: 8 }), state }),
  fc.record({ kind: fc.constant('presence' as const), n: fc.integer({ min: 1, max: 8 }), name: fc.option(fc.constantFrom('Available', 'Lunch', 'Meeting')) }),
  fc.record({ kind: fc.constant('queues' as const), n: fc.integer({ min: 1, max: 8 }), serving: fc.boolean(), q: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('read' as const) }),
);

describe('convergence under churn (fake connectors)', () => {
  it('a subscriber that applies every update it gets equals a fresh read, whatever the filter and pace', async () => {
    let merges = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 25 }),
        fc.subarray([...AGENT_STATES]),
        fc.integer({ min: 1, max: 2 }),
        fc.boolean(),
        async (steps, states, maxPending, readSnapshotFirst) => {
          const world = fakeWorld(4);
          const directory = () => world.directory();
          const hub = createLiveHub({
            connectors: world.connectors,
            identity: { directory: async () => directory() },
            intervals: { 'sinch.agents': 3_600_000, 'sinch.userStatuses': 3_600_000, 'sinch.contactsInProcess': 3_600_000, 'cobrowser.onlineAgents': 3_600_000 },
            maxPendingUpdates: maxPending,
          });
          await hub.start();
          try {
            const it = hub.subscribeAgents({ states: states as AgentState[] });
            const read = drainer<LiveUpdate<AgentLiveView>>(it);
            let client = new Map<string, AgentLiveView>();
            let seen = 0;
            let last = -1;
            const apply = async () => {
              for (const u of await read()) {
                expect(u.kind).toBe(seen === 0 ? 'SNAPSHOT' : 'CHANGE');
                if (seen > 0) expect(u.sequence).toBeGreaterThan(last);
                last = u.sequence;
                seen += 1;
                client = applyUpdate(client, u);
              }
            };
            // Wait for the snapshot to be queued; a slow reader may only take it later, merged with what followed.
            await hub.refreshNow('sinch.agents');
            if (readSnapshotFirst) await apply();
            for (const s of steps) {
              const i = world.agents.findIndex((a) => a.id === hex(s.kind === 'read' ? 0 : s.n));
              const a = world.agents[i];
              if (s.kind === 'read') {
                await apply();
                continue;
              }
              if (s.kind === 'add' && i < 0) world.agents.push(idleSinchAgent(s.n));
              else if (s.kind === 'remove' && a) world.agents.splice(i, 1);
              else if (s.kind === 'state' && a) world.agents[i] = { ...a, state: s.state };
              else if (s.kind === 'presence' && a) world.agents[i] = { ...a, presenceProfileName: s.name };
              else if (s.kind === 'queues' && a) {
                world.agents[i] = {
                  ...a,
                  queues: [{ queueId: hex(1000 + s.q), queueName: `Queue ${s.q}`, channel: 'PHONE', serving: s.serving, externalServing: false, canChangeQueueLogin: true, handledCallsIn: 0, handledCallsOut: 0, handledChatsIn: 0, handledEmailsIn: 0, handlingMs: 0, wrapUpMs: 0 }],
                };
              }
              await hub.refreshNow('sinch.agents');
            }
            await apply();
            merges += hub.stats().coalesced;
            const fetchers = createFetchers(world.connectors);
            const signal = new AbortController().signal;
            const fresh = composeAgentViews(
              {
                'sinch.agents': await fetchers['sinch.agents']!(signal),
                'sinch.userStatuses': await fetchers['sinch.userStatuses']!(signal),
                'sinch.contactsInProcess': await fetchers['sinch.contactsInProcess']!(signal),
                'cobrowser.onlineAgents': await fetchers['cobrowser.onlineAgents']!(signal),
              },
              directory(),
            );
            const wanted = new Set<string>(states);
            expect(client).toEqual(new Map([...fresh].filter(([, v]) => states.length === 0 || (v.state !== null && wanted.has(v.state)))));
          } finally {
            await hub.stop();
          }
        },
      ),
      { seed: 4242, numRuns: 150, endOnFailure: true },
    );
    expect(merges).toBeGreaterThan(0);
  });
});
