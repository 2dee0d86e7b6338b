// Compiled execution answers exactly like graphql-js (same data, same errors, same HTTP status), on the same
// services: interfaces, node lookups, coded errors, bad variables (which fall back to graphql-js); which documents
// it compiles (hot queries, subscriptions, never mutations). Plus the per-request live Sinch row accessor and the
// per-connection freshness floor.
import { randomUUID } from 'node:crypto';
import { createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DASHBOARD_QUERY } from '../../bench/lib/dashboard.js';
import type { SinchAgent } from '../../src/domain/model.js';
import { ConnectionFreshness } from '../../src/plugins/connection-freshness.js';
import { createContext, type GraphQLContext } from '../../src/schema/context.js';
import { DEMO_AUTH } from '../../src/security/index.js';
import { createServices, type Services } from '../../src/services/index.js';
import type { Connectors } from '../../src/vendors/types.js';
import { useDeferredErrors } from '../../src/plugins/deferred-errors.js';
import { createLoaders, schema } from '../../src/schema/index.js';
import { HOT_SHARE, HOT_WINDOW, MAX_HOT_QUERIES, useCompiledExecution } from '../../src/plugins/compiled-execution.js';

// Counts the compiler's calls, still compiling for real.
const compile = vi.hoisted(() => vi.fn());
vi.mock('graphql-jit', async (importOriginal) => {
  const jit = await importOriginal<typeof import('graphql-jit')>();
  return { ...jit, compileQuery: compile.mockImplementation(jit.compileQuery) };
});
import { graphOverSim, startSim, type Sim, type SimGraph } from '../helpers/graph.js';
import { startStack, type Stack } from '../helpers/stack.js';

let sim: Sim;
let graph: SimGraph;
let compiledErrors = 0;
// Compiled from a query's first run, so the equality tests below compare compiled answers.
const yogaWith = (services: Services, compiled: boolean, tiers: { window?: number; hotShare?: number; maxHotQueries?: number } = { window: 1, hotShare: 1 }) =>
  createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    logging: false,
    plugins: [...(compiled ? [useCompiledExecution({ onCompileError: () => compiledErrors++, ...tiers })] : []), useDeferredErrors()],
    context: () => createContext(services, { requestId: randomUUID(), auth: DEMO_AUTH }),
  });

beforeAll(async () => {
  sim = await startSim({ agents: 12, queues: 3 });
  graph = graphOverSim(sim);
});
afterAll(async () => {
  await graph?.close();
  await sim?.close();
});

/** One query over HTTP through `yoga`: its status and JSON body. */
async function post(yoga: ReturnType<typeof yogaWith>, query: string, variables?: Record<string, unknown>) {
  const res = await yoga.fetch('http://127.0.0.1/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function both(query: string, variables?: Record<string, unknown>) {
  return { plain: await post(yogaWith(graph.services, false), query, variables), compiled: await post(yogaWith(graph.services, true), query, variables) };
}

describe('compiled execution', () => {
  it.each([
    ['the dashboard', DASHBOARD_QUERY],
    ['interfaces and inline fragments', '{ agents(first: 5) { nodes { key accounts { __typename vendor id ... on VendorAccount { vendor } } } } }'],
    ['connection paging', '{ agents(first: 2) { pageInfo { hasNextPage endCursor } edges { cursor node { name } } } }'],
    ['a coded field error', '{ agent(id: "not-an-id") { name } }'],
    ['a bad argument', '{ agents(first: 1000) { totalCount } }'],
  ])('%s: same status and body as graphql-js', async (_name, query) => {
    const { plain, compiled } = await both(query);
    expect(compiled).toEqual(plain);
  });

  it('node lookups by global id resolve the same types', async () => {
    const ids = (await both('{ agents(first: 3) { nodes { id } } queues { id } }')).plain.body.data;
    const all = [...ids.agents.nodes.map((n: any) => n.id), ...ids.queues.map((q: any) => q.id)];
    const { plain, compiled } = await both('query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Agent { name } ... on Queue { name } } }', { ids: all });
    expect(plain.body.errors).toBeUndefined();
    expect(compiled).toEqual(plain);
  });

  it('bad variables stay a 400 request error with graphql-js messages', async () => {
    for (const [query, variables] of [
      ['query($n: Int!) { agents(first: $n) { totalCount } }', { n: 'x' }],
      ['query($n: Int!) { agents(first: $n) { totalCount } }', {}],
      ['query($d: DateTime) { queues { kpis(from: $d) { offered } } }', { d: 'nope' }],
    ] as const) {
      const { plain, compiled } = await both(query, variables);
      expect(plain.status).toBe(400);
      expect(compiled).toEqual(plain);
    }
    expect(compiledErrors).toBe(0);
  });
});

describe('which documents are compiled', () => {
  it('a query once its document takes its share of a window, at most maxHotQueries of them; a mutation never', async () => {
    expect(HOT_WINDOW * HOT_SHARE).toBeGreaterThan(1);
    expect(MAX_HOT_QUERIES).toBeGreaterThan(1);
    // Compiled at its 3rd run within 6 query executions.
    const yoga = yogaWith(graph.services, true, { window: 6, hotShare: 0.5, maxHotQueries: 1 });
    compile.mockClear();
    const docs = ['{ queues { id name } }', '{ agents(first: 2) { nodes { name } } }', '{ queues { id channel } }'];
    // Spread evenly (2 runs each per window of 6), none is compiled.
    const spread: any[] = [];
    for (let round = 0; round < 4; round++) for (const q of docs) spread.push(await post(yoga, q));
    expect(spread.every((r) => r.status === 200 && r.body.errors === undefined)).toBe(true);
    expect(compile).not.toHaveBeenCalled();
    // One document taking the window: compiled once, same answer.
    const first = await post(yoga, docs[0]!);
    await post(yoga, docs[0]!);
    const third = await post(yoga, docs[0]!);
    expect(compile).toHaveBeenCalledTimes(1);
    expect(third).toEqual(first);
    for (let i = 0; i < 6; i++) await post(yoga, docs[1]!);
    expect(compile).toHaveBeenCalledTimes(1); // the one compiled slot is taken
    const m = 'mutation { setReadyState(agentId: "bm90LWFuLWlk", state: READY) { __typename } }';
    for (let i = 0; i < 6; i++) expect((await post(yoga, m)).status).toBe(200);
    expect(compile).toHaveBeenCalledTimes(1);
  });

  it('a document the compiler refuses runs on graphql-js and leaves its slot to the next hot one', async () => {
    const yoga = yogaWith(graph.services, true, { window: 4, hotShare: 0.5, maxHotQueries: 1 });
    compile.mockClear();
    compile.mockImplementationOnce(() => ({ errors: [new Error('refused')] }));
    const refused = '{ queues { id name } }';
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await post(yoga, refused));
    expect(compile).toHaveBeenCalledTimes(1); // tried once at its 2nd run, not again
    expect(runs.every((r) => r.status === 200 && r.body.errors === undefined && r.body.data.queues.length === 3)).toBe(true);
    const hot = '{ queues { id channel } }';
    for (let i = 0; i < 3; i++) expect((await post(yoga, hot)).status).toBe(200);
    expect(compile).toHaveBeenCalledTimes(2); // the refused document took no slot
  });

  it('a subscription at once, with the default tiers', async () => {
    const yoga = yogaWith(graph.services, true, {});
    compile.mockClear();
    const abort = new AbortController();
    const res = await yoga.fetch('http://127.0.0.1/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { queueStatusChanged { kind } }' }),
      signal: abort.signal,
    });
    await res.body!.getReader().read();
    abort.abort();
    expect(compile).toHaveBeenCalledTimes(1);
  });
});

describe('compiled subscriptions', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ sim: { seed: 5, agents: 15, queues: 3, startTime: new Date('2026-03-02T07:00:00.000Z') } });
    stack.sim.advance(2 * 3600_000);
  }, 30_000);
  afterAll(async () => {
    await stack?.close();
  });

  /** The first event (the snapshot) of `query` over SSE, through a yoga with or without compiled execution. */
  const firstEvent = async (compiled: boolean, query: string, variables?: Record<string, unknown>) => {
    compiledErrors = 0;
    const abort = new AbortController();
    const res = await yogaWith(stack.gateway.services, compiled).fetch('http://127.0.0.1/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query, variables }),
      signal: abort.signal,
    });
    const reader = res.body!.getReader();
    let text = '';
    while (!/data: (\{.*\})\n/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    abort.abort();
    expect(compiledErrors).toBe(0);
    return { status: res.status, event: JSON.parse(/data: (\{.*\})\n/.exec(text)![1]!) };
  };

  it.each([
    [
      'agents with nested queues and contacts',
      'subscription { agentStatusChanged { kind sequence changes { kind agentId changedFields agent { name state rawStatus queues { queueId queueName channel serving } activeContactIds chatOnline } } } }',
    ],
    ['queues', 'subscription { queueStatusChanged { kind changes { kind queueId queue { name channel waiting agentsServing serviceLevel } } } }'],
    ['a coded error before the stream', 'subscription { queueStatusChanged(filter: { queueIds: ["not-an-id"] }) { kind } }'],
    ['bad variables', 'subscription($ids: [ID!]) { queueStatusChanged(filter: { queueIds: $ids }) { kind } }', { ids: 7 }],
  ])('%s: the same snapshot as graphql-js', async (_name, query, variables?: Record<string, unknown>) => {
    const plain = await firstEvent(false, query, variables);
    const compiled = await firstEvent(true, query, variables);
    expect(compiled).toEqual(plain);
  });
});

describe('live Sinch row per request', () => {
  const agent = { id: 'a1', name: 'A' } as SinchAgent;
  const servicesCounting = () => {
    const calls: string[] = [];
    const sinch = {
      vendor: 'sinch',
      listAgents: async (q: { ids?: string[] }) => {
        calls.push((q.ids ?? []).join(','));
        return [agent];
      },
    };
    return { calls, services: createServices({ connectors: { sinch } as unknown as Connectors }) };
  };

  it('is one promise per id, readable synchronously once in, and read again after sinchAgent.clear', async () => {
    const { calls, services } = servicesCounting();
    const loaders = createLoaders(services);
    const p = loaders.liveSinchAgent('a1');
    expect(loaders.liveSinchAgent('a1')).toBe(p);
    expect(loaders.liveSinchAgentIfReady('a1')).toBeUndefined();
    expect((await p).value).toBe(agent);
    expect(loaders.liveSinchAgentIfReady('a1')).toMatchObject({ value: agent, stale: false });
    expect(calls).toEqual(['a1']);
    loaders.sinchAgent.clear('a1');
    expect(loaders.liveSinchAgentIfReady('a1')).toBeUndefined();
    await loaders.liveSinchAgent('a1');
    expect(calls).toEqual(['a1', 'a1']);
  });

  it('passes the sharing floor to the Sinch list reads only when given one', async () => {
    const seen: unknown[] = [];
    const sinch = { listQueueStatuses: async (_q: unknown, o?: unknown) => (seen.push(o), []) };
    const services = createServices({ connectors: { sinch } as unknown as Connectors });
    await createLoaders(services, new Date(), { sharedSince: 123 }).queueStatuses();
    await createLoaders(services).queueStatuses();
    expect(seen).toEqual([{ sharedSince: 123 }, undefined]);
  });
});

describe('ConnectionFreshness', () => {
  it('lets a new connection share anything in the window, and a used one only reads after its last answer', () => {
    const f = new ConnectionFreshness();
    const socket = {};
    expect(f.floorFor(socket)).toBe(0);
    expect(f.floorFor(undefined)).toBe(0);
    f.answered(socket, 1_000);
    expect(f.floorFor(socket)).toBe(1_000);
    expect(f.floorFor({})).toBe(0);
  });
});
