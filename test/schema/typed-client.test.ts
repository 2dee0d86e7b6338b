// A typed client: test/operations/*.graphql turned into typed documents by GraphQL Code Generator (codegen.ts,
// the tests' output: operation types importing the schema types of the product output) against schema.graphql, so a field renamed in the schema breaks this file at typecheck time, not at run time.
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardDocument as Dashboard, PauseAgentDocument as PauseAgent, type DashboardQuery, type PauseAgentMutation } from '../gql/graphql.js';
import { startStack, type Stack } from '../helpers/stack.js';

describe('typed client documents', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ sim: { agents: 40, queues: 3 } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('runs the generated Dashboard document and gets data of its generated type', async () => {
    const { body } = await stack.run<DashboardQuery>(print(Dashboard), { first: 5 });
    expect(body.errors).toBeUndefined();
    const data = body.data!;
    expect(data.queues).toHaveLength(3);
    expect(data.agents?.totalCount).toBe(40);
    const names: string[] = data.agents!.edges.map((e) => e.node.name);
    expect(names).toHaveLength(5);
  });

  it('runs a generated mutation document whose union result is typed', async () => {
    const { body: list } = await stack.run<DashboardQuery>(print(Dashboard), { first: 40 });
    // Someone idle with a cc_agent account (a busy agent finishes the contact before the pause shows).
    const target = list.data!.agents!.edges.find(
      (e) => (e.node.state === 'AVAILABLE' || e.node.state === 'NOT_READY') && e.node.accounts.some((a) => a.vendor === 'CCAGENT'),
    );
    expect(target).toBeDefined();
    const { body } = await stack.run<PauseAgentMutation>(print(PauseAgent), { agentId: target!.node.id });
    const result = body.data!.setPause;
    if (result.__typename === 'SetPausePayload') expect(result.agent.state).toBe('PAUSED');
    else expect.fail(`unexpected ${result.__typename}: ${'message' in result ? result.message : ''}`);
  });
});
