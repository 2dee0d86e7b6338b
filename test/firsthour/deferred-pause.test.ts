/**
 * Deferred vendor actions are visible (issue 17): cc_agent accepts setPause for an agent in a contact but starts
 * the pause when the contact ends. The payload says `pending: true` and the agent shows `pendingPause` until then.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalID } from '../../src/schema/ids.js';
import type { SimAgent } from '../../src/simulator/index.js';
import { startStack, type Stack } from '../helpers/stack.js';

const SET_PAUSE = /* GraphQL */ `
  mutation ($id: ID!, $pauseId: Int!) {
    setPause(agentId: $id, pauseId: $pauseId) {
      __typename
      ... on SetPausePayload { pauseId pending effect agent { state pendingPause { pauseId requestedAt appliesWhen } } }
      ... on MutationError { message }
    }
  }
`;
const AGENT = /* GraphQL */ `
  query ($id: ID!) { agent(id: $id) { state pendingPause { pauseId } } }
`;

describe('setPause on a busy agent', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());

  const find = (states: SimAgent['state'][]) => {
    const a = stack.sim.model.agents.find((x) => states.includes(x.state) && x.ccUserId !== null && x.afterWork === null);
    if (!a) throw new Error(`no ${states.join('/')} agent with a cc_agent account`);
    return a;
  };

  it('answers pending: true, keeps showing BUSY with a pendingPause, and the pause starts when the contact ends', async () => {
    const a = find(['Busy']);
    const id = encodeGlobalID('Agent', a.key);
    const { body } = await stack.run(SET_PAUSE, { id, pauseId: 2 });
    expect(body.errors).toBeUndefined();
    const p = body.data.setPause;
    expect(p).toMatchObject({ __typename: 'SetPausePayload', pauseId: 2, pending: true });
    expect(p.effect).toMatch(/when the current contact and its wrap-up end/);
    expect(p.agent.state).toBe('BUSY');
    expect(p.agent.pendingPause).toMatchObject({ pauseId: 2, appliesWhen: expect.any(String) });

    // Let the contact (and its wrap-up) end in simulated time.
    for (let i = 0; i < 240 && a.state !== 'Pause'; i++) stack.sim.advance(15_000);
    expect(a.state).toBe('Pause');
    const after = await stack.run(AGENT, { id });
    expect(after.body.data.agent).toEqual({ state: 'PAUSED', pendingPause: null });
  });

  it('answers pending: false for an agent who is not in a contact: the pause is in effect at once', async () => {
    const a = find(['Ready', 'NotReady']);
    const { body } = await stack.run(SET_PAUSE, { id: encodeGlobalID('Agent', a.key), pauseId: 1 });
    expect(body.data.setPause).toMatchObject({ pending: false, agent: { state: 'PAUSED', pendingPause: null } });
  });

  it('setPause 0 cancels a pending pause', async () => {
    const a = find(['Busy']);
    const id = encodeGlobalID('Agent', a.key);
    expect((await stack.run(SET_PAUSE, { id, pauseId: 3 })).body.data.setPause.pending).toBe(true);
    const { body } = await stack.run(SET_PAUSE, { id, pauseId: 0 });
    expect(body.data.setPause).toMatchObject({ pending: false, agent: { state: 'BUSY', pendingPause: null } });
  });
});
