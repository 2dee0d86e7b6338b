/**
 * Every failure path of the agent-control mutations, through the real gateway and connectors against the
 * simulator: typed union members for bad input, unknown agents, missing accounts, vendor rejections, vendor
 * outages and timeouts (outcome unknown, never retried), and FORBIDDEN for a viewer when auth is on.
 */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalID } from '../../src/schema/ids.js';
import { SIM_CREDENTIALS } from '../../src/simulator/index.js';
import type { Stack } from '../helpers/stack.js';
import { agentGid, agentPicker, countOf, queueGid, startMutationStack, withoutCc } from './harness.js';

const ERROR_FIELDS = /* GraphQL */ `
  __typename
  ... on MutationError { message }
  ... on InvalidInputError { field }
  ... on AgentNotFoundError { agentId }
  ... on AgentHasNoAccountError { vendor }
  ... on VendorRejectedError { vendor vendorMessage httpStatus }
  ... on VendorUnavailableError { vendor code }
  ... on OutcomeUnknownError { vendor }
`;

const M = {
  checkIn: `mutation($id: ID!, $d: ID) { r: checkIn(agentId: $id, deviceId: $d) { ${ERROR_FIELDS} } }`,
  checkOut: `mutation($id: ID!) { r: checkOut(agentId: $id) { ${ERROR_FIELDS} } }`,
  setPause: `mutation($id: ID!, $p: Int!) { r: setPause(agentId: $id, pauseId: $p) { ${ERROR_FIELDS} } }`,
  setAgentQueues: `mutation($id: ID!, $q: [ID!]!) { r: setAgentQueues(agentId: $id, queueIds: $q) { ${ERROR_FIELDS} } }`,
  wrapUp: `mutation($id: ID!, $s: Int) { r: wrapUp(agentId: $id, seconds: $s) { ${ERROR_FIELDS} } }`,
  setReadyState: `mutation($id: ID!, $s: ReadyState!) { r: setReadyState(agentId: $id, state: $s) { ${ERROR_FIELDS} } }`,
  setQueueServing: `mutation($id: ID!, $q: ID!, $s: Boolean!) { r: setQueueServing(agentId: $id, queueId: $q, serving: $s) { ${ERROR_FIELDS} } }`,
  setPresence: `mutation($id: ID!, $p: ID!) { r: setPresence(agentId: $id, presenceId: $p) { ${ERROR_FIELDS} } }`,
};

const UNKNOWN_CC_USER = '99999';
const GHOST_SINCH_ID = 'F'.repeat(32);
const LUNCH = '04770429F80BDF1191AD001CC4D98816';

let stack: Stack;
let pick: ReturnType<typeof agentPicker>;
/** Every response body, to prove no credential ever reaches a client. */
const bodies: string[] = [];

async function mutate(query: string, variables: Record<string, unknown>) {
  const r = await stack.run(query, variables);
  bodies.push(JSON.stringify(r.body));
  expect(r.body.errors).toBeUndefined();
  return r.body.data.r as Record<string, unknown>;
}

/** Vendor writes the simulator saw (cc_agent actions are all writes). */
const writes = () => {
  const c = stack.sim.counters.get();
  return Object.entries(c)
    .filter(([k]) => k.startsWith('ccagent ') || k.startsWith('sinch PUT '))
    .reduce((n, [, v]) => n + v, 0);
};

beforeAll(async () => {
  stack = await startMutationStack({
    // Short deadline so a held request times out quickly; reads keep their default retries (writes never retry).
    env: { VENDOR_TIMEOUT_MS: '400' },
    extraIdentities: [
      { key: 'cc-only', name: 'Cc Only', accounts: { ccagent: UNKNOWN_CC_USER } },
      { key: 'ghost', name: 'Gone From Sinch', accounts: { sinch: GHOST_SINCH_ID } },
    ],
  });
  pick = agentPicker(stack);
  // Build the people directory before any fault is injected.
  expect((await stack.run('{ agents(first: 1) { totalCount } }')).body.data.agents.totalCount).toBeGreaterThan(0);
});
afterEach(async () => {
  stack.sim.faults.clear();
  // One successful Sinch read, so failures of separate tests never add up to open the circuit breaker.
  const r = await stack.run('query($id: ID!) { agent(id: $id) { state } }', { id: agentGid(stack.sim.model.agents[0]!) });
  expect(r.body.errors).toBeUndefined();
});
afterAll(async () => {
  await stack?.close();
});

describe('invalid input: InvalidInputError, no vendor write', () => {
  it('rejects malformed and wrong-type Agent IDs', async () => {
    stack.sim.counters.reset();
    for (const id of ['not an id!', '', encodeGlobalID('Queue', 'A'.repeat(32)), Buffer.from('Agent:').toString('base64')]) {
      const r = await mutate(M.setPause, { id, p: 1 });
      expect(r).toMatchObject({ __typename: 'InvalidInputError', field: 'agentId' });
      expect(String(r.message)).toMatch(/ID/);
    }
    const sinchSide = await mutate(M.setReadyState, { id: 'garbage', s: 'READY' });
    expect(sinchSide).toMatchObject({ __typename: 'InvalidInputError', field: 'agentId' });
    expect(stack.sim.counters.total()).toBe(0);
  });

  it('rejects impossible arguments before asking any vendor', async () => {
    const id = agentGid(pick.ready());
    stack.sim.counters.reset();
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [M.setPause, { id, p: -1 }, 'pauseId'],
      [M.setAgentQueues, { id, q: [] }, 'queueIds'],
      [M.setAgentQueues, { id, q: ['301', 'sales'] }, 'queueIds'],
      [M.setAgentQueues, { id, q: Array.from({ length: 101 }, (_, i) => String(i + 1)) }, 'queueIds'],
      [M.wrapUp, { id, s: -5 }, 'seconds'],
      [M.wrapUp, { id, s: 100_000 }, 'seconds'],
      [M.checkIn, { id, d: 'desk-12' }, 'deviceId'],
      [M.setQueueServing, { id, q: id, s: true }, 'queueId'],
      [M.setQueueServing, { id, q: 'nope', s: true }, 'queueId'],
      [M.setPresence, { id, p: 'Lunch' }, 'presenceId'],
    ];
    for (const [query, variables, field] of cases) {
      expect(await mutate(query, variables), `${field} ${JSON.stringify(variables)}`).toMatchObject({
        __typename: 'InvalidInputError',
        field,
      });
    }
    expect(stack.sim.counters.total()).toBe(0);
  });

  it('a queue the agent is not in, or a presence profile it may not choose, is refused after the read, before any write', async () => {
    const a = pick.ready();
    const other = stack.sim.model.queues.find((q) => !a.memberships.some((m) => m.queue === q))!;
    stack.sim.counters.reset();
    expect(await mutate(M.setQueueServing, { id: agentGid(a), q: queueGid(other.id), s: true })).toMatchObject({
      __typename: 'InvalidInputError',
      field: 'queueId',
      message: 'The agent is not a member of this queue.',
    });
    expect(await mutate(M.setPresence, { id: agentGid(a), p: 'A'.repeat(32) })).toMatchObject({
      __typename: 'InvalidInputError',
      field: 'presenceId',
    });
    expect(countOf(stack, 'sinch GET /agents/{agentId}/queues')).toBe(1);
    expect(countOf(stack, 'sinch GET /agents/{agentId}/presences')).toBe(1);
    expect(writes()).toBe(0);
  });
});

describe('unknown agents and missing accounts', () => {
  it('a well-formed ID of nobody is AgentNotFoundError', async () => {
    const id = encodeGlobalID('Agent', 'person-9999');
    stack.sim.counters.reset();
    expect(await mutate(M.checkOut, { id })).toEqual({ __typename: 'AgentNotFoundError', message: 'No agent with this ID.', agentId: id });
    expect(await mutate(M.setPresence, { id, p: LUNCH })).toMatchObject({ __typename: 'AgentNotFoundError', agentId: id });
    expect(writes()).toBe(0);
  });

  it('an agent without a cc_agent account gets AgentHasNoAccountError(CCAGENT) and cc_agent is never called', async () => {
    const a = pick.ready(withoutCc);
    stack.sim.counters.reset();
    for (const [query, vars] of [
      [M.checkIn, {}],
      [M.checkOut, {}],
      [M.setPause, { p: 1 }],
      [M.setAgentQueues, { q: ['301'] }],
      [M.wrapUp, {}],
    ] as const) {
      expect(await mutate(query, { id: agentGid(a), ...vars })).toMatchObject({ __typename: 'AgentHasNoAccountError', vendor: 'CCAGENT' });
    }
    expect(stack.sim.counters.total('ccagent')).toBe(0);
  });

  it('a person without a Sinch account gets AgentHasNoAccountError(SINCH) and Sinch is never written', async () => {
    const id = encodeGlobalID('Agent', 'cc-only');
    stack.sim.counters.reset();
    expect(await mutate(M.setReadyState, { id, s: 'NOT_READY' })).toMatchObject({ __typename: 'AgentHasNoAccountError', vendor: 'SINCH' });
    expect(await mutate(M.setQueueServing, { id, q: queueGid(stack.sim.model.queues[0]!.id), s: false })).toMatchObject({
      __typename: 'AgentHasNoAccountError',
      vendor: 'SINCH',
    });
    expect(await mutate(M.setPresence, { id, p: LUNCH })).toMatchObject({ __typename: 'AgentHasNoAccountError', vendor: 'SINCH' });
    expect(stack.sim.counters.total('sinch')).toBe(0);
  });
});

describe('vendor rejections: VendorRejectedError with the vendor’s own words', () => {
  it('cc_agent answers a failure body for an unknown user', async () => {
    stack.sim.counters.reset();
    const r = await mutate(M.checkOut, { id: encodeGlobalID('Agent', 'cc-only') });
    expect(r).toEqual({
      __typename: 'VendorRejectedError',
      message: 'cc_agent control API rejected the change: User 99999 not found',
      vendor: 'CCAGENT',
      vendorMessage: 'User 99999 not found',
      httpStatus: 200,
    });
    expect(countOf(stack, 'ccagent checkOut')).toBe(1);
  });

  it('cc_agent refuses a pause for an agent who is not checked in', async () => {
    const a = pick.loggedOut();
    expect(await mutate(M.setPause, { id: agentGid(a), p: 2 })).toMatchObject({
      __typename: 'VendorRejectedError',
      vendor: 'CCAGENT',
      vendorMessage: 'User is not checked in',
    });
    expect(stack.sim.model.agents.find((x) => x.key === a.key)!.state).toBe('LoggedOut');
  });

  it('Sinch answers 404 for a user it does not have', async () => {
    stack.sim.counters.reset();
    expect(await mutate(M.setReadyState, { id: encodeGlobalID('Agent', 'ghost'), s: 'READY' })).toMatchObject({
      __typename: 'VendorRejectedError',
      vendor: 'SINCH',
      httpStatus: 404,
    });
    expect(countOf(stack, 'sinch PUT /agents/{agentId}/readyState')).toBe(1);
  });
});

describe('vendor outages: VendorUnavailableError, one request, nothing retried', () => {
  it('cc_agent answering 500', async () => {
    const a = pick.ready();
    stack.sim.faults.set('ccagent', { status: 500 });
    stack.sim.counters.reset();
    expect(await mutate(M.setPause, { id: agentGid(a), p: 1 })).toEqual({
      __typename: 'VendorUnavailableError',
      message: 'cc_agent control API is unavailable (SERVER_ERROR); nothing was changed.',
      vendor: 'CCAGENT',
      code: 'SERVER_ERROR',
    });
    expect(countOf(stack, 'ccagent setPause')).toBe(1);
    expect(a.state).toBe('Ready');
  });

  it('Sinch answering 500 to the write', async () => {
    const a = pick.ready();
    stack.sim.faults.set('sinch', { status: 500 });
    stack.sim.counters.reset();
    expect(await mutate(M.setReadyState, { id: agentGid(a), s: 'NOT_READY' })).toMatchObject({
      __typename: 'VendorUnavailableError',
      vendor: 'SINCH',
      code: 'SERVER_ERROR',
    });
    expect(countOf(stack, 'sinch PUT /agents/{agentId}/readyState')).toBe(1);
  });

  it('Sinch failing the read before a write: nothing is written', async () => {
    const a = pick.ready((x) => x.memberships.length > 0);
    stack.sim.faults.set('sinch', { status: 503 });
    stack.sim.counters.reset();
    const r = await mutate(M.setQueueServing, { id: agentGid(a), q: queueGid(a.memberships[0]!.queue.id), s: false });
    expect(r).toMatchObject({ __typename: 'VendorUnavailableError', vendor: 'SINCH', code: 'SERVER_ERROR' });
    expect(countOf(stack, 'sinch PUT /agents/{agentId}/queues/{queueId}')).toBe(0);
  });
});

describe('timeouts: OutcomeUnknownError, exactly one request', () => {
  it('cc_agent not answering a pause', async () => {
    const a = pick.ready();
    stack.sim.faults.set('ccagent', { timeout: true });
    stack.sim.counters.reset();
    expect(await mutate(M.setPause, { id: agentGid(a), p: 1 })).toEqual({
      __typename: 'OutcomeUnknownError',
      message: expect.stringContaining('may or may not have been applied'),
      vendor: 'CCAGENT',
    });
    // Longer than a retry back-off would take: still the one request.
    await new Promise((r) => setTimeout(r, 300));
    expect(countOf(stack, 'ccagent setPause')).toBe(1);
    expect(stack.sim.counters.total('ccagent')).toBe(1);
  });

  it('Sinch not answering a ready-state PUT', async () => {
    const a = pick.ready();
    stack.sim.faults.set('sinch', { timeout: true });
    stack.sim.counters.reset();
    expect(await mutate(M.setReadyState, { id: agentGid(a), s: 'NOT_READY' })).toMatchObject({
      __typename: 'OutcomeUnknownError',
      vendor: 'SINCH',
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(countOf(stack, 'sinch PUT /agents/{agentId}/readyState')).toBe(1);
  });
});

describe('nothing secret in any response', () => {
  it('no configured credential appears in the bodies above', () => {
    expect(bodies.length).toBeGreaterThan(20);
    const all = bodies.join('\n');
    for (const vendor of Object.values(SIM_CREDENTIALS)) {
      for (const value of Object.values(vendor)) {
        if (value.includes('-pw-') || value.includes('-key-') || value.includes('-token-')) expect(all).not.toContain(value);
      }
    }
    expect(all).not.toContain('api_key');
    expect(all).not.toContain(stack.sim.url);
  });
});

describe('authorization', () => {
  const VIEWER_KEY = 'viewer-key-for-mutation-tests-0001';
  const SUPERVISOR_KEY = 'supervisor-key-for-mutation-tests-0002';
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  let authed: Stack;
  let authedPick: ReturnType<typeof agentPicker>;

  beforeAll(async () => {
    authed = await startMutationStack({ env: { CCGRAPH_API_KEYS: `viewer:${sha(VIEWER_KEY)},supervisor:${sha(SUPERVISOR_KEY)}` } });
    authedPick = agentPicker(authed);
  });
  afterAll(async () => {
    await authed?.close();
  });

  it('a viewer gets FORBIDDEN on every mutation and no vendor is called; a supervisor may steer', async () => {
    const a = authedPick.ready();
    const id = agentGid(a);
    authed.sim.counters.reset();
    const asViewer: Array<[string, Record<string, unknown>]> = [
      [M.checkIn, { id }],
      [M.checkOut, { id }],
      [M.setPause, { id, p: 1 }],
      [M.setAgentQueues, { id, q: ['301'] }],
      [M.wrapUp, { id }],
      [M.setReadyState, { id, s: 'NOT_READY' }],
      [M.setQueueServing, { id, q: queueGid(a.memberships[0]!.queue.id), s: false }],
      [M.setPresence, { id, p: LUNCH }],
    ];
    for (const [query, variables] of asViewer) {
      const r = await authed.run(query, variables, { 'x-api-key': VIEWER_KEY });
      expect(r.body.data ?? null).toBeNull();
      expect(r.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
    expect(authed.sim.counters.total('ccagent')).toBe(0);
    expect(Object.keys(authed.sim.counters.get()).filter((k) => k.startsWith('sinch PUT '))).toEqual([]);

    const ok = await authed.run(M.setPause, { id, p: 1 }, { 'x-api-key': SUPERVISOR_KEY });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.r.__typename).toBe('SetPausePayload');
    expect(a.state).toBe('Pause');
  });
});
