/**
 * The REST-proxy baseline must be honest: from the same simulator it fetches the same Sinch resources the gateway
 * needs (three requests) and assembles exactly the JSON ccgraph answers for the dashboard query.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleDashboard, dashboardPaths, DASHBOARD_QUERY, PAGE, sortPeople } from '../../bench/lib/dashboard.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { NODE_ENV: 'production' } });
});
afterAll(async () => {
  await stack?.close();
});

async function proxyAnswer(now: Date) {
  const { sim } = stack;
  const people = sortPeople(sim.identities().map((i) => ({ key: i.key, name: i.name, sinchId: i.accounts.sinch })));
  const paths = dashboardPaths(people.slice(0, PAGE), now);
  const auth = `Basic ${Buffer.from(`${sim.credentials.sinch.username}:${sim.credentials.sinch.password}`).toString('base64')}`;
  const get = async (p: string) => {
    const res = await fetch(`${sim.baseUrls.sinch}${p}`, { headers: { accept: 'application/json', authorization: auth } });
    expect(res.status).toBe(200);
    return (await res.json()) as any[];
  };
  const [agents, statuses, summaries] = await Promise.all([get(paths.agents), get(paths.queueStatuses), get(paths.summaries)]);
  return assembleDashboard(people, agents, statuses, summaries, now);
}

describe('dashboard baseline', () => {
  it('the hand-written proxy produces the same JSON as the GraphQL dashboard query', async () => {
    const gql = await stack.run(DASHBOARD_QUERY);
    expect(gql.status).toBe(200);
    expect(gql.body.errors).toBeUndefined();
    stack.sim.counters.reset();
    const proxy = await proxyAnswer(new Date());
    expect(stack.sim.counters.get()).toEqual({ 'sinch GET /agents': 1, 'sinch GET /contactSummaries': 1, 'sinch GET /queueStatuses': 1 });
    expect(proxy).toEqual(gql.body);
    // Not an empty comparison: 50 agents with memberships and presence, every queue with KPIs.
    const data = proxy.data;
    expect(data.agents.nodes).toHaveLength(PAGE);
    expect(data.agents.nodes.some((a) => (a.queues?.length ?? 0) > 0 && a.presence !== null)).toBe(true);
    expect(data.queues.length).toBeGreaterThanOrEqual(6);
    expect(data.queues.every((q) => q.kpis.offered >= 0)).toBe(true);
  });

  it('the gateway needs the same three Sinch fetches per dashboard once its people directory is warm', async () => {
    await stack.run(DASHBOARD_QUERY);
    stack.sim.counters.reset();
    await stack.run(DASHBOARD_QUERY);
    expect(stack.sim.counters.get()).toEqual({ 'sinch GET /agents': 1, 'sinch GET /contactSummaries': 1, 'sinch GET /queueStatuses': 1 });
  });
});
