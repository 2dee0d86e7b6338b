/**
 * Every agent-control mutation round-trips through the real gateway (HTTP) and real connectors to the simulator,
 * and its effect shows in a following query — and, for setPause and setReadyState, on a live graphql-ws
 * subscription within a second.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../helpers/stack.js';
import {
  agentGid,
  agentPicker,
  countOf,
  liveHubOf,
  queueGid,
  startMutationStack,
  subscribe,
  wsClient,
} from './harness.js';

const ERROR_FIELDS = /* GraphQL */ `
  ... on MutationError { __typename message }
  ... on VendorRejectedError { vendor vendorMessage }
  ... on VendorUnavailableError { vendor code }
`;

const AGENT = /* GraphQL */ `
  query Agent($id: ID!) {
    agent(id: $id) {
      state
      ready
      presence { id name }
      queues { queue { id } serving }
    }
  }
`;

let stack: Stack;
let pick: ReturnType<typeof agentPicker>;

beforeAll(async () => {
  stack = await startMutationStack();
  pick = agentPicker(stack);
});
afterAll(async () => {
  await stack?.close();
});

async function agentNow(id: string) {
  const r = await stack.run(AGENT, { id });
  expect(r.body.errors).toBeUndefined();
  return r.body.data.agent as {
    state: string;
    ready: boolean;
    presence: { id: string; name: string } | null;
    queues: Array<{ queue: { id: string }; serving: boolean | null }>;
  };
}

describe('cc_agent mutations', () => {
  it('setPause pauses an agent (PAUSED in a following query) and pause 0 makes it available again', async () => {
    const a = pick.ready();
    stack.sim.counters.reset();
    const r = await stack.run(
      `mutation P($id: ID!, $p: Int!) {
        setPause(agentId: $id, pauseId: $p) { __typename ... on SetPausePayload { pauseId agent { state } } ${ERROR_FIELDS} }
      }`,
      { id: agentGid(a), p: 3 },
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.setPause).toEqual({ __typename: 'SetPausePayload', pauseId: 3, agent: { state: 'PAUSED' } });
    expect(countOf(stack, 'ccagent setPause')).toBe(1);
    expect((await agentNow(agentGid(a))).state).toBe('PAUSED');

    const back = await stack.run(`mutation { setPause(agentId: "${agentGid(a)}", pauseId: 0) { __typename } }`);
    expect(back.body.data.setPause.__typename).toBe('SetPausePayload');
    expect((await agentNow(agentGid(a))).state).toBe('AVAILABLE');
  });

  it('checkOut logs the agent out', async () => {
    const a = pick.ready();
    const r = await stack.run(
      `mutation { checkOut(agentId: "${agentGid(a)}") { __typename ... on CheckOutPayload { agent { state } } ${ERROR_FIELDS} } }`,
    );
    expect(r.body.data.checkOut).toEqual({ __typename: 'CheckOutPayload', agent: { state: 'LOGGED_OUT' } });
    expect((await agentNow(agentGid(a))).state).toBe('LOGGED_OUT');
  });

  it('checkIn with a device logs in at once; a busy device needs force, which checks the holder out', async () => {
    const first = pick.loggedOut();
    const second = pick.loggedOut();
    const CHECK_IN = `mutation C($id: ID!, $d: ID, $f: Boolean) {
      checkIn(agentId: $id, deviceId: $d, force: $f) { __typename ... on CheckInPayload { dialCode deviceId agent { state } } ${ERROR_FIELDS} }
    }`;
    const one = await stack.run(CHECK_IN, { id: agentGid(first), d: '7001' });
    expect(one.body.data.checkIn).toEqual({ __typename: 'CheckInPayload', dialCode: null, deviceId: '7001', agent: { state: 'AVAILABLE' } });

    const refused = await stack.run(CHECK_IN, { id: agentGid(second), d: '7001' });
    expect(refused.body.data.checkIn).toEqual({
      __typename: 'VendorRejectedError',
      message: expect.stringContaining('Device 7001 is in use by another user'),
      vendor: 'CCAGENT',
      vendorMessage: 'Device 7001 is in use by another user',
    });
    expect((await agentNow(agentGid(second))).state).toBe('LOGGED_OUT');

    const forced = await stack.run(CHECK_IN, { id: agentGid(second), d: '7001', f: true });
    expect(forced.body.data.checkIn.__typename).toBe('CheckInPayload');
    expect((await agentNow(agentGid(second))).state).toBe('AVAILABLE');
    expect((await agentNow(agentGid(first))).state).toBe('LOGGED_OUT');
  });

  it('setAgentQueues replaces the queues and returns the queue data cc_agent sends back', async () => {
    const a = pick.ready();
    const [q1, q2] = stack.sim.model.queues.filter((q) => !a.memberships.some((m) => m.queue === q)).concat(stack.sim.model.queues);
    const r = await stack.run(
      `mutation Q($id: ID!, $q: [ID!]!) {
        setAgentQueues(agentId: $id, queueIds: $q) {
          __typename
          ... on SetAgentQueuesPayload { queueIds queue { queueId name strategy members { userId name agent { id } } } }
          ${ERROR_FIELDS}
        }
      }`,
      { id: agentGid(a), q: [String(q1!.ccId), String(q2!.ccId), String(q1!.ccId)] },
    );
    const payload = r.body.data.setAgentQueues;
    expect(payload.__typename).toBe('SetAgentQueuesPayload');
    expect(payload.queueIds).toEqual([String(q1!.ccId), String(q2!.ccId)]);
    expect(payload.queue).toMatchObject({ queueId: String(q1!.ccId), name: q1!.name });
    expect(payload.queue.members).toContainEqual({
      userId: String(a.ccUserId),
      name: `${a.firstName} ${a.lastName}`,
      agent: { id: agentGid(a) },
    });
    const queues = (await agentNow(agentGid(a))).queues.map((m) => m.queue.id).sort();
    expect(queues).toEqual([queueGid(q1!.id), queueGid(q2!.id)].sort());
  });

  it('wrapUp puts an idle agent into wrap-up for the given seconds', async () => {
    const a = pick.ready();
    const r = await stack.run(
      `mutation { wrapUp(agentId: "${agentGid(a)}", seconds: 45) { __typename ... on WrapUpPayload { seconds agent { state } } } }`,
    );
    expect(r.body.data.wrapUp).toEqual({ __typename: 'WrapUpPayload', seconds: 45, agent: { state: 'WRAP_UP' } });
    expect((await agentNow(agentGid(a))).state).toBe('WRAP_UP');
  });
});

describe('per-request caches', () => {
  it('a second mutation in the same operation sees the first one’s effect (the cached agent row was dropped)', async () => {
    const a = pick.ready();
    const r = await stack.run(
      `mutation Two($id: ID!) {
        first: setReadyState(agentId: $id, state: NOT_READY) { ... on SetReadyStatePayload { agent { state } } }
        second: setPause(agentId: $id, pauseId: 4) { ... on SetPausePayload { agent { state } } }
        third: setReadyState(agentId: $id, state: READY) { ... on SetReadyStatePayload { agent { state } } }
      }`,
      { id: agentGid(a) },
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data).toEqual({
      first: { agent: { state: 'NOT_READY' } },
      second: { agent: { state: 'PAUSED' } },
      third: { agent: { state: 'AVAILABLE' } },
    });
  });
});

describe('Sinch mutations', () => {
  it('setReadyState NOT_READY then READY (one PUT each)', async () => {
    const a = pick.ready();
    stack.sim.counters.reset();
    const SET = `mutation S($id: ID!, $s: ReadyState!) {
      setReadyState(agentId: $id, state: $s) { __typename ... on SetReadyStatePayload { readyState agent { state ready } } ${ERROR_FIELDS} }
    }`;
    const r = await stack.run(SET, { id: agentGid(a), s: 'NOT_READY' });
    expect(r.body.data.setReadyState).toEqual({
      __typename: 'SetReadyStatePayload',
      readyState: 'NOT_READY',
      agent: { state: 'NOT_READY', ready: false },
    });
    expect(countOf(stack, 'sinch PUT /agents/{agentId}/readyState')).toBe(1);
    expect((await agentNow(agentGid(a))).state).toBe('NOT_READY');

    await stack.run(SET, { id: agentGid(a), s: 'READY' });
    const now = await agentNow(agentGid(a));
    expect(now).toMatchObject({ state: 'AVAILABLE', ready: true });
  });

  it('setQueueServing reads the membership, PUTs it whole with serving flipped, and the flag flips', async () => {
    const a = pick.ready((x) => x.memberships.some((m) => m.serving));
    const m = a.memberships.find((x) => x.serving)!;
    stack.sim.counters.reset();
    const SET = `mutation S($id: ID!, $q: ID!, $s: Boolean!) {
      setQueueServing(agentId: $id, queueId: $q, serving: $s) {
        __typename ... on SetQueueServingPayload { serving queue { id name } } ${ERROR_FIELDS}
      }
    }`;
    const r = await stack.run(SET, { id: agentGid(a), q: queueGid(m.queue.id), s: false });
    expect(r.body.data.setQueueServing).toEqual({
      __typename: 'SetQueueServingPayload',
      serving: false,
      queue: { id: queueGid(m.queue.id), name: m.queue.name },
    });
    // The simulator answers 400 unless every property is in the body, so a 204 here proves the whole object went.
    expect(countOf(stack, 'sinch GET /agents/{agentId}/queues')).toBe(1);
    expect(countOf(stack, 'sinch PUT /agents/{agentId}/queues/{queueId}')).toBe(1);
    const serving = () => agentNow(agentGid(a)).then((x) => x.queues.find((q) => q.queue.id === queueGid(m.queue.id))?.serving);
    expect(await serving()).toBe(false);
    // Everything else about the membership is unchanged.
    expect(m.externalServing).toBe(false);

    await stack.run(SET, { id: agentGid(a), q: queueGid(m.queue.id), s: true });
    expect(await serving()).toBe(true);
  });

  it('setPresence reads the profiles and switches to the chosen one', async () => {
    const a = pick.ready();
    const before = await agentNow(agentGid(a));
    const profiles = await stack.run(`query { agent(id: "${agentGid(a)}") { presenceProfiles { id name } } }`);
    const lunch = (profiles.body.data.agent.presenceProfiles as Array<{ id: string; name: string }>).find((p) => p.name === 'Lunch')!;
    expect(before.presence?.name).not.toBe('Lunch');
    stack.sim.counters.reset();
    const r = await stack.run(
      `mutation S($id: ID!, $p: ID!) {
        setPresence(agentId: $id, presenceId: $p) { __typename ... on SetPresencePayload { presence { id name current } agent { presence { name } } } ${ERROR_FIELDS} }
      }`,
      { id: agentGid(a), p: lunch.id.toLowerCase() },
    );
    expect(r.body.data.setPresence).toEqual({
      __typename: 'SetPresencePayload',
      presence: { id: lunch.id, name: 'Lunch', current: true },
      agent: { presence: { name: 'Lunch' } },
    });
    expect(countOf(stack, 'sinch GET /agents/{agentId}/presences')).toBe(1);
    expect(countOf(stack, 'sinch PUT /agents/{agentId}/presences/{presenceId}')).toBe(1);
    expect((await agentNow(agentGid(a))).presence).toEqual({ id: lunch.id, name: 'Lunch' });
  });
});

describe('live: subscribers see a change within a second', () => {
  it('setPause and setReadyState reach an agentStatusChanged subscriber over graphql-ws', async () => {
    const hub = liveHubOf(stack);
    const client = wsClient(stack);
    try {
      const a = pick.ready();
      const sub = subscribe<any>(
        client,
        `subscription S($f: AgentStatusFilter) {
          agentStatusChanged(filter: $f) { kind changes { kind agentId changedFields agent { state } } }
        }`,
        { f: { agentIds: [agentGid(a)] } },
      );
      const snapshot = (await sub.next(10_000)).agentStatusChanged;
      expect(snapshot.kind).toBe('SNAPSHOT');
      expect(snapshot.changes).toEqual([
        { kind: 'ADDED', agentId: agentGid(a), changedFields: expect.any(Array), agent: { state: 'AVAILABLE' } },
      ]);

      /** Sends the mutation and waits (≤ 1 s from sending) for the subscriber to see `state`. */
      const expectLive = async (mutation: string, state: string) => {
        const polls = hub.stats().resources['sinch.agents'].polls;
        const started = performance.now();
        const [result, seen] = await Promise.all([
          stack.run(mutation),
          (async () => {
            for (;;) {
              const left = 1_000 - (performance.now() - started);
              const msg = (await sub.next(Math.max(1, left))).agentStatusChanged;
              const change = msg.changes.find((c: any) => c.agentId === agentGid(a) && c.changedFields.includes('state'));
              if (change) return { change, ms: performance.now() - started };
            }
          })(),
        ]);
        expect(result.body.errors).toBeUndefined();
        expect(seen.change).toMatchObject({ kind: 'CHANGED', agent: { state } });
        expect(seen.ms).toBeLessThan(1_000);
        // Polls are a minute apart here: the change came from the poll the mutation asked for.
        expect(hub.stats().resources['sinch.agents'].polls).toBe(polls + 1);
      };

      await expectLive(`mutation { setPause(agentId: "${agentGid(a)}", pauseId: 2) { __typename } }`, 'PAUSED');
      await expectLive(`mutation { setReadyState(agentId: "${agentGid(a)}", state: NOT_READY) { __typename } }`, 'NOT_READY');
      sub.dispose();
    } finally {
      await client.dispose();
    }
  });
});

// Last: the dial-in needs the clock to move, and a moving clock routes contacts to idle agents.
describe('cc_agent check-in by dial code', () => {
  it('checkIn returns the dial code; the agent is logged in once the code is dialled', async () => {
    const a = pick.loggedOut();
    const r = await stack.run(
      `mutation C($id: ID!) { checkIn(agentId: $id) { __typename ... on CheckInPayload { dialCode deviceId agent { state } } ${ERROR_FIELDS} } }`,
      { id: agentGid(a) },
    );
    // The simulator's code is **9 + the last three digits of the cc_agent user id.
    expect(r.body.data.checkIn).toEqual({
      __typename: 'CheckInPayload',
      dialCode: `**9${String(a.ccUserId).slice(-3)}`,
      deviceId: null,
      agent: { state: 'LOGGED_OUT' },
    });
    stack.sim.advance(10_000); // the simulated agent dials the code after a few seconds
    expect((await agentNow(agentGid(a))).state).not.toBe('LOGGED_OUT');
  });
});
