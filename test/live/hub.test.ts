import { afterEach, describe, expect, it } from 'vitest';
import { applyUpdate } from '../../src/live/diff.js';
import { createLiveHub, type LiveHub } from '../../src/live/hub.js';
import type { AgentLiveView, LiveUpdate } from '../../src/live/types.js';
import { fakeWorld, hex, idleSinchAgent, type FakeWorld } from '../helpers/fakes.js';
import { nextWithin, sleep } from '../helpers/streams.js';

const SLOW = 60_000; // intervals long enough that only refreshNow polls during a test

let hubs: LiveHub[] = [];
afterEach(async () => {
  await Promise.all(hubs.map((h) => h.stop()));
  hubs = [];
});

async function hubFor(world: FakeWorld, extra: Partial<Parameters<typeof createLiveHub>[0]> = {}) {
  const hub = createLiveHub({
    connectors: world.connectors,
    identity: { directory: async () => world.directory() },
    intervals: Object.fromEntries(
      ['sinch.agents', 'sinch.userStatuses', 'sinch.queueStatuses', 'sinch.queueGroups', 'sinch.contactsInProcess', 'sinch.contactSummaries', 'cobrowser.onlineAgents'].map((r) => [r, SLOW]),
    ),
    ...extra,
  });
  await hub.start();
  hubs.push(hub);
  return hub;
}

const keyOf = (w: FakeWorld, n: number) => w.directory().forAccount('sinch', hex(n))?.key as string;

describe('live hub (fake connectors)', () => {
  it('sends a full snapshot first, then only changed fields with increasing sequences, then removals', async () => {
    const world = fakeWorld(3);
    const hub = await hubFor(world);
    const it = hub.subscribeAgents();
    const snap = await nextWithin(it);
    expect(snap.kind).toBe('SNAPSHOT');
    expect(snap.changes.map((c) => c.kind)).toEqual(['ADDED', 'ADDED', 'ADDED']);
    expect(snap.changes[0]?.fields).toMatchObject({ name: 'Agent 1', state: 'AVAILABLE', presenceName: 'Available' });

    world.agents[1] = { ...world.agents[1]!, state: 'BUSY', rawStatus: 'Ready/Busy/Talking_Inbound', presenceProfileName: null };
    await hub.refreshNow('sinch.agents');
    const change = await nextWithin(it);
    expect(change.kind).toBe('CHANGE');
    expect(change.sequence).toBeGreaterThan(snap.sequence);
    expect(change.changes).toEqual([
      {
        kind: 'CHANGED',
        id: keyOf(world, 2),
        changedFields: ['state', 'rawStatus', 'presenceName'],
        fields: { state: 'BUSY', rawStatus: 'Ready/Busy/Talking_Inbound', presenceName: null },
      },
    ]);

    const removedKey = keyOf(world, 3);
    world.agents.pop();
    await hub.refreshNow('sinch.agents');
    const removal = await nextWithin(it);
    expect(removal.sequence).toBeGreaterThan(change.sequence);
    expect(removal.changes).toEqual([{ kind: 'REMOVED', id: removedKey, changedFields: [], fields: {} }]);
    await it.return?.();
  });

  it('polls only while a subscription needs the resource, and once per interval for any number of subscribers', async () => {
    const world = fakeWorld(2);
    const hub = await hubFor(world, { intervals: { 'sinch.queueStatuses': 60, 'sinch.contactSummaries': SLOW } });
    await sleep(150);
    expect(world.total()).toBe(0);

    const subs = Array.from({ length: 50 }, () => hub.subscribeQueues());
    await Promise.all(subs.map((s) => nextWithin(s)));
    const before = world.calls.queueStatuses ?? 0;
    const t0 = performance.now();
    await sleep(400);
    const polls = (world.calls.queueStatuses ?? 0) - before;
    // At most one poll per interval (50 subscribers polling on their own would make hundreds).
    expect(polls).toBeGreaterThanOrEqual(1);
    expect(polls).toBeLessThanOrEqual(Math.ceil((performance.now() - t0) / 60) + 1);
    expect(world.calls.agents).toBeUndefined(); // nobody asked for agents

    await Promise.all(subs.map((s) => s.return?.()));
    const after = world.calls.queueStatuses ?? 0;
    await sleep(250);
    expect(world.calls.queueStatuses ?? 0).toBe(after);
    expect(hub.stats().resources['sinch.queueStatuses'].demand).toBe(0);
  });

  it('filters by state: an agent entering the filter arrives whole, one leaving it is removed', async () => {
    const world = fakeWorld(3);
    const hub = await hubFor(world);
    const it = hub.subscribeAgents({ states: ['BUSY'] });
    const snap = await nextWithin(it);
    expect(snap.changes).toEqual([]);

    world.agents[0] = { ...world.agents[0]!, state: 'BUSY' };
    await hub.refreshNow('sinch.agents');
    const entered = await nextWithin(it);
    expect(entered.changes).toHaveLength(1);
    expect(entered.changes[0]).toMatchObject({ kind: 'ADDED', id: keyOf(world, 1), fields: { name: 'Agent 1', state: 'BUSY' } });

    world.agents[0] = { ...world.agents[0]!, state: 'AVAILABLE' };
    await hub.refreshNow('sinch.agents');
    const left = await nextWithin(it);
    expect(left.changes).toEqual([{ kind: 'REMOVED', id: keyOf(world, 1), changedFields: [], fields: {} }]);
    await it.return?.();
  });

  it('shares one computed message among subscribers with the same filter', async () => {
    const world = fakeWorld(2);
    const hub = await hubFor(world);
    const a = hub.subscribeAgents({ states: ['AVAILABLE', 'BUSY'] });
    const b = hub.subscribeAgents({ states: ['BUSY', 'AVAILABLE'] });
    const c = hub.subscribeAgents();
    await Promise.all([nextWithin(a), nextWithin(b), nextWithin(c)]);
    expect(hub.stats().feeds.agents).toBe(2);
    world.agents[0] = { ...world.agents[0]!, state: 'BUSY' };
    await hub.refreshNow('sinch.agents');
    const [ma, mb] = await Promise.all([nextWithin(a), nextWithin(b), nextWithin(c)]);
    expect(ma).toBe(mb); // same object: computed once
  });

  it('coalesces a slow subscriber into a bounded buffer and it still converges', async () => {
    const world = fakeWorld(4);
    const hub = await hubFor(world, { maxPendingUpdates: 3 });
    const it = hub.subscribeAgents();
    let state = applyUpdate(new Map<string, AgentLiveView>(), await nextWithin(it));
    const states = ['BUSY', 'WRAP_UP', 'PAUSED', 'AVAILABLE', 'NOT_READY'] as const;
    for (let i = 0; i < 20; i++) {
      const n = i % 4;
      world.agents[n] = { ...world.agents[n]!, state: states[i % states.length]!, activePhoneContacts: i };
      if (i === 10) world.agents.push(idleSinchAgent(9));
      if (i === 15) world.agents.splice(1, 1);
      await hub.refreshNow('sinch.agents');
    }
    expect(hub.stats().coalesced).toBeGreaterThan(0);
    const pending: Array<LiveUpdate<AgentLiveView>> = [];
    // Everything still pending fits the bound (3) after coalescing.
    for (let i = 0; i < 3; i++) {
      const r = await Promise.race([it.next(), sleep(50).then(() => null)]);
      if (!r || r.done) break;
      pending.push(r.value);
    }
    expect(pending.length).toBeLessThanOrEqual(3);
    for (const u of pending) state = applyUpdate(state, u);
    const fresh = new Map(
      world.agents.map((a) => [world.directory().forAccount('sinch', a.id)!.key, { state: a.state, activePhoneContacts: a.activePhoneContacts }]),
    );
    expect(new Map([...state].map(([k, v]) => [k, { state: v.state, activePhoneContacts: v.activePhoneContacts }]))).toEqual(fresh);
  });

  it('keeps the last state when a poll fails (no false removals)', async () => {
    const world = fakeWorld(2);
    const hub = await hubFor(world);
    const it = hub.subscribeAgents();
    await nextWithin(it);
    world.failing.add('agents');
    await hub.refreshNow('sinch.agents');
    world.failing.delete('agents');
    world.agents[0] = { ...world.agents[0]!, state: 'PAUSED' };
    await hub.refreshNow('sinch.agents');
    const next = await nextWithin(it);
    expect(next.changes).toEqual([
      { kind: 'CHANGED', id: keyOf(world, 1), changedFields: ['state'], fields: { state: 'PAUSED' } },
    ]);
    expect(hub.stats().resources['sinch.agents'].failures).toBe(1);
  });

  it('raises a queue alert on crossing warning and critical thresholds and reports the recovery', async () => {
    const world = fakeWorld(1, 2);
    const q1 = world.queues[0]!.queueId;
    const none = { warning: null, critical: null };
    world.groups = [
      {
        id: hex(5000),
        name: 'Sales',
        queues: [
          {
            queueId: q1,
            queueName: 'Queue 1',
            channel: 'PHONE',
            groupId: hex(5000),
            groupName: 'Sales',
            freeAgents: { warning: 1, critical: 0 },
            waitingContacts: { warning: 3, critical: 6 },
            maxWaitMs: none,
            servingAgents: none,
            serviceLevelPercent: none,
          },
        ],
      },
    ];
    const hub = await hubFor(world);
    const it = hub.subscribeAlerts({ queueIds: [q1] });
    const snap = await nextWithin(it);
    expect(snap).toMatchObject({ kind: 'SNAPSHOT', alerts: [] });

    world.queues[0] = { ...world.queues[0]!, waitingNow: 4 };
    await hub.refreshNow('sinch.queueStatuses');
    const warn = await nextWithin(it);
    expect(warn.alerts).toEqual([
      expect.objectContaining({ queueId: q1, metric: 'WAITING_CONTACTS', level: 'WARNING', previousLevel: 'OK', value: 4, warningLevel: 3, criticalLevel: 6 }),
    ]);

    world.queues[0] = { ...world.queues[0]!, waitingNow: 7, agentsFree: 0 };
    await hub.refreshNow('sinch.queueStatuses');
    const crit = await nextWithin(it);
    expect(crit.alerts.map((a) => [a.metric, a.previousLevel, a.level]).sort()).toEqual([
      ['FREE_AGENTS', 'OK', 'CRITICAL'],
      ['WAITING_CONTACTS', 'WARNING', 'CRITICAL'],
    ]);

    // A late subscriber sees the active alerts in its snapshot.
    const late = hub.subscribeAlerts({ levels: ['CRITICAL'] });
    const lateSnap = await nextWithin(late);
    expect(lateSnap.alerts.map((a) => a.metric).sort()).toEqual(['FREE_AGENTS', 'WAITING_CONTACTS']);

    world.queues[0] = { ...world.queues[0]!, waitingNow: 0, agentsFree: 2 };
    await hub.refreshNow('sinch.queueStatuses');
    const recovered = await nextWithin(it);
    expect(recovered.alerts.map((a) => [a.metric, a.previousLevel, a.level]).sort()).toEqual([
      ['FREE_AGENTS', 'CRITICAL', 'OK'],
      ['WAITING_CONTACTS', 'CRITICAL', 'OK'],
    ]);
    const lateRecovered = await nextWithin(late);
    expect(lateRecovered.alerts.every((a) => a.level === 'OK' && a.previousLevel === 'CRITICAL')).toBe(true);
  });
});
