// Compiled execution: subscriptions only (queries and mutations stay on graphql-js), each subscription's snapshot
// exactly like graphql-js's (same data, same errors, same status), on the same services. Plus the per-request live
// Sinch row accessor and the per-connection freshness floor.
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
import { useCompiledExecution } from '../../src/plugins/compiled-execution.js';

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
const yogaWith = (services: Services, compiled: boolean) =>
  createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    logging: false,
    plugins: [...(compiled ? [useCompiledExecution({ onCompileError: () => compiledErrors++ })] : []), useDeferredErrors()],
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

describe('compiled execution', () => {
  const post = (yoga: ReturnType<typeof yogaWith>, query: string, accept = 'application/graphql-response+json') =>
    yoga.fetch('http://127.0.0.1/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: JSON.stringify({ query }),
    });

  it('leaves queries and mutations to graphql-js and compiles a subscription once', async () => {
    const yoga = yogaWith(graph.services, true);
    compile.mockClear();
    const q = await post(yoga, DASHBOARD_QUERY);
    expect(((await q.json()) as any).errors).toBeUndefined();
    const m = await post(yoga, 'mutation { setReadyState(agentId: "bm90LWFuLWlk", state: READY) { __typename } }');
    expect(m.status).toBe(200);
    expect(compile).not.toHaveBeenCalled();
    for (let i = 0; i < 2; i++) {
      const abort = new AbortController();
      const res = await yoga.fetch('http://127.0.0.1/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query: 'subscription { queueStatusChanged { kind } }' }),
        signal: abort.signal,
      });
      await res.body!.getReader().read();
      abort.abort();
    }
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
