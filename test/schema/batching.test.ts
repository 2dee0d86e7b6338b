/**
 * Batching proof: a supervisor dashboard costs a fixed number of vendor requests, whatever the number of agents.
 * Same query against a 50-agent and a 500-agent contact center, counted at the simulator.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { graphOverSim, startSim, type Sim, type SimGraph } from '../helpers/graph.js';

const DASHBOARD = `{
  agents(first: 50) { totalCount nodes {
    name state stateSince presence { name } handledContacts { total }
    queues { queue { name } serving }
    accounts { __typename vendor accountId ... on CoBrowserAccount { username } ... on SinchAccount { extension } }
    chatSlots { slots freeSlots openChats }
  } }
  queues { name status { waitingNow longestWaitMs agents { available busy } } thresholds { waitingContacts { warning critical } }
    kpis { serviceLevel abandonRate averageSpeedOfAnswerMs } }
}`;

const started: Array<{ sim: Sim; graph: SimGraph }> = [];
afterAll(async () => {
  for (const s of started) {
    await s.graph.close();
    await s.sim.close();
  }
});

async function measure(agents: number) {
  const sim = await startSim({ agents, queues: 6, seed: 11 });
  for (let i = 0; i < 10; i++) sim.advance(60_000);
  const graph = graphOverSim(sim);
  started.push({ sim, graph });
  const cold = sim.counters.total();
  const first = await graph.run(DASHBOARD);
  expect(first.errors).toBeUndefined();
  expect(first.data.agents.nodes).toHaveLength(50);
  const coldCost = sim.counters.total() - cold;
  // Again, with the people directory cached process-wide (as in steady state).
  sim.counters.reset();
  const second = await graph.run(DASHBOARD);
  expect(second.errors).toBeUndefined();
  const result = { coldCost, warmCost: sim.counters.total(), perVendor: sim.counters.get() };
  // Thulium work of every listed agent: one report call for all their logins.
  sim.counters.reset();
  const from = new Date(sim.now().getTime() - 3 * 86_400_000).toISOString();
  const work = await graph.run(
    'query($from: DateTime!, $to: DateTime!) { agents(first: 50) { nodes { work(from: $from, to: $to) { login inboundCalls } } } }',
    { from, to: sim.now().toISOString() },
  );
  expect(work.errors).toBeUndefined();
  expect(work.data.agents.nodes.filter((n: any) => n.work?.length > 0).length).toBeGreaterThan(10);
  return { ...result, thuliumCalls: sim.counters.total('thulium') };
}

describe('dashboard batching', () => {
  it('costs the same number of vendor requests for 50 and 500 agents', async () => {
    const small = await measure(50);
    const large = await measure(500);
    // A Sinch list of 100 rows or more costs one more (empty) page: the server may cap `limit` below what we ask
    // (docs/vendors.md). The people directory's full agent list is the only list that grows with the agents.
    expect(large.warmCost).toBe(small.warmCost);
    expect(large.coldCost).toBeGreaterThanOrEqual(small.coldCost);
    expect(large.coldCost).toBeLessThanOrEqual(small.coldCost + 1);
    // One call per list: agents by id, queue statuses, queue groups, contact summaries, CoBrowser agents.
    const onePerList = {
      'sinch GET /agents': 1,
      'sinch GET /queueStatuses': 1,
      'sinch GET /queueGroups': 1,
      'sinch GET /contactSummaries': 1,
      'cobrowser getAllAgents': 1,
    };
    // One paging sequence per list: one call, two when the list reaches 100 rows (the empty page that ends it).
    for (const m of [small, large]) {
      expect(Object.keys(m.perVendor).sort()).toEqual(Object.keys(onePerList).sort());
      for (const n of Object.values(m.perVendor)) expect([1, 2]).toContain(n);
    }
    // Cold adds the people directory (one full Sinch agent list and one CoBrowser list), and the summaries' closing
    // empty page the first time their list is read at that length (src/vendors/sinch/client.ts `paged`).
    expect(small.coldCost).toBeGreaterThanOrEqual(small.warmCost + 2);
    expect(small.coldCost).toBeLessThanOrEqual(small.warmCost + 3);
    expect(small.thuliumCalls).toBe(1);
    expect(large.thuliumCalls).toBe(1);
  });
});

describe('agent page read-ahead', () => {
  // The agents page reads its people's Sinch rows before their fields ask (one batch) when a field needs them,
  // and only then: a name-only list must cost no Sinch agent request.
  it('reads the Sinch rows of the page only when a live field is selected, through fragments too', async () => {
    const sim = await startSim({ agents: 30, queues: 4, seed: 5 });
    const graph = graphOverSim(sim);
    started.push({ sim, graph });
    expect((await graph.run('{ agents(first: 5) { nodes { name } } }')).errors).toBeUndefined(); // warms the directory
    const cost = async (query: string) => {
      sim.counters.reset();
      const r = await graph.run(query);
      expect(r.errors).toBeUndefined();
      return { data: r.data, agents: sim.counters.get()['sinch GET /agents'] ?? 0 };
    };
    expect((await cost('{ agents(first: 20) { totalCount nodes { id name email } } }')).agents).toBe(0);
    const direct = await cost('{ agents(first: 20) { nodes { name state queues { serving } } } }');
    expect(direct.agents).toBe(1);
    const viaFragment = await cost(
      'query { agents(first: 20) { edges { node { ...Live } } } } fragment Live on Agent { name ... on Agent { state queues { serving } } }',
    );
    expect(viaFragment.agents).toBe(1);
    // Same answers either way.
    expect(viaFragment.data.agents.edges.map((e: any) => e.node)).toEqual(direct.data.agents.nodes);
    expect(direct.data.agents.nodes.filter((n: any) => n.state !== null).length).toBeGreaterThan(0);
  });
});
