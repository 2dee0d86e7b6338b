/**
 * ccgraph behind a real federation router: Hive Gateway (createGatewayRuntime) on a supergraph composed from
 * ccgraph's subgraph SDL and a small CRM subgraph (yoga + @apollo/subgraph) that extends Agent with notes keyed by
 * the agent's `key`. Through the router: a query joining both subgraphs, one starting in the CRM whose Agent fields
 * ccgraph resolves through `_entities` (vendor calls stay batched), a mutation, and a subscription (client → router
 * over SSE, router → ccgraph over graphql-ws).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraphSDL } from '../../src/federation/index.js';
import { composeSupergraph } from '../../scripts/compose-supergraph.js';
import { gatewayConfig } from '../../scripts/hive-gateway.config.js';
import type { Stack } from '../helpers/stack.js';
import { agentGid, agentPicker, startMutationStack } from '../mutations/harness.js';

const CRM_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@external", "@requires"])

  type Agent @key(fields: "id") {
    id: ID!
    key: String! @external
    "Notes the CRM holds about this person, by the agent's stable key."
    crmNotes: [CrmNote!]! @requires(fields: "key")
  }

  type CrmNote {
    text: String!
  }

  type Query {
    "Agents the CRM flagged for a follow-up."
    flaggedAgents: [Agent!]!
  }
`;

const listen = (server: Server) =>
  new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

let stack: Stack;
let crmServer: Server;
let routerServer: Server;
let router: GatewayRuntime;
let routerUrl: string;
/** What the CRM subgraph was asked: one entry per `_entities` call, with its number of representations. */
const crmEntityCalls: number[] = [];
let flagged: string[] = [];
const notes = new Map<string, string[]>();

beforeAll(async () => {
  stack = await startMutationStack({ env: { CCGRAPH_FEDERATION: '1' } });
  const people = stack.sim.model.agents.slice(0, 8);
  flagged = people.map((p) => agentGid(p));
  stack.sim.model.agents.forEach((p, i) => {
    if (i % 2 === 0) notes.set(p.key, [`Call back ${p.firstName} about the roster`]);
  });

  const crmSchema = buildSubgraphSchema({
    typeDefs: parse(CRM_SDL),
    resolvers: {
      Query: { flaggedAgents: () => flagged.map((id) => ({ id })) },
      Agent: {
        __resolveReference: (ref: { id: string; key: string }) => ref,
        crmNotes: (agent: { key: string }) => (notes.get(agent.key) ?? []).map((text) => ({ text })),
      },
    } as never,
  });
  const crm = createYoga({
    schema: crmSchema,
    logging: false,
    plugins: [
      {
        onExecute({ args }: { args: { variableValues?: unknown } }) {
          const reps = (args.variableValues as { representations?: unknown[] } | undefined)?.representations;
          if (reps) crmEntityCalls.push(reps.length);
        },
      },
    ],
  });
  crmServer = createServer(crm);
  const crmUrl = await listen(crmServer);

  // The set-up of docs/operations.md: scripts/compose-supergraph.ts, then the gateway with scripts/hive-gateway.config.ts.
  const supergraph = composeSupergraph([
    { name: 'ccgraph', sdl: subgraphSDL(), url: `${stack.url}/graphql` },
    { name: 'crm', sdl: CRM_SDL, url: `${crmUrl}/graphql` },
  ]);
  router = createGatewayRuntime({ transportEntries: gatewayConfig.transportEntries, supergraph, logging: false });
  routerServer = createServer(router);
  routerUrl = await listen(routerServer);
});

afterAll(async () => {
  await router?.[Symbol.asyncDispose]?.();
  await new Promise((r) => routerServer?.close(r));
  await new Promise((r) => crmServer?.close(r));
  await stack?.close();
});

async function viaRouter(query: string, variables?: Record<string, unknown>) {
  const res = await fetch(`${routerUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

describe('Hive Gateway in front of ccgraph', () => {
  it('joins both subgraphs: ccgraph agents with CRM notes keyed by the agent key (one CRM _entities call)', async () => {
    crmEntityCalls.length = 0;
    const r = await viaRouter(`{ agents(first: 5) { nodes { id key name state crmNotes { text } } } }`);
    expect(r.errors).toBeUndefined();
    const nodes = r.data.agents.nodes as Array<{ key: string; name: string; crmNotes: Array<{ text: string }> }>;
    expect(nodes).toHaveLength(5);
    for (const n of nodes) expect(n.crmNotes.map((x) => x.text)).toEqual(notes.get(n.key) ?? []);
    expect(nodes.some((n) => n.crmNotes.length > 0)).toBe(true);
    expect(crmEntityCalls).toEqual([5]);
  });

  it('resolves CRM-listed agents through ccgraph _entities with batched vendor calls', async () => {
    stack.sim.counters.reset();
    let ccgraphRequests = 0;
    const count = () => ccgraphRequests++;
    stack.gateway.httpServer.on('request', count);
    const r = await viaRouter(`{ flaggedAgents { id name state presence { name } crmNotes { text } } }`);
    stack.gateway.httpServer.off('request', count);
    expect(r.errors).toBeUndefined();
    // The router sent ccgraph the eight representations in one `_entities` request.
    expect(ccgraphRequests).toBe(1);
    const agents = r.data.flaggedAgents as Array<{ id: string; name: string; state: string }>;
    expect(agents.map((a) => a.id)).toEqual(flagged);
    const byKey = new Map(stack.sim.model.agents.map((a) => [agentGid(a), a]));
    for (const a of agents) expect(a.name).toBe(`${byKey.get(a.id)!.firstName} ${byKey.get(a.id)!.lastName}`);
    // Eight agents, one batch: the Sinch agent list is read once, not once per representation.
    const counts = stack.sim.counters.get();
    const sinchCalls = Object.entries(counts).filter(([k]) => k.startsWith('sinch '));
    expect(counts['sinch GET /agents'] ?? 0).toBeLessThanOrEqual(1);
    for (const [, n] of sinchCalls) expect(n).toBeLessThanOrEqual(1);
    expect(sinchCalls.length).toBeGreaterThan(0);
  });

  it('runs a mutation through the router, joined with CRM notes in its payload', async () => {
    const person = agentPicker(stack).ready();
    notes.set(person.key, ['Asked for a break at 10']);
    const r = await viaRouter(
      `mutation($id: ID!) { setReadyState(agentId: $id, state: NOT_READY) { __typename ... on SetReadyStatePayload { agent { state crmNotes { text } } } } }`,
      { id: agentGid(person) },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.setReadyState).toEqual({ __typename: 'SetReadyStatePayload', agent: { state: 'NOT_READY', crmNotes: [{ text: 'Asked for a break at 10' }] } });
    expect(person.state).toBe('NotReady');
  });

  it('streams a subscription: client to router over SSE, router to ccgraph over graphql-ws', async () => {
    const person = stack.sim.model.agents[0]!;
    const opened = stack.gateway.sharedSubscriptions.stats().pipelinesOpened;
    const ac = new AbortController();
    const res = await fetch(`${routerUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({
        query: `subscription($ids: [ID!]) { agentStatusChanged(filter: { agentIds: $ids }) { kind changes { agentId kind agent { name } } } }`,
        variables: { ids: [agentGid(person)] },
      }),
      signal: ac.signal,
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const deadline = Date.now() + 20_000;
    let first: any;
    while (!first && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      const m = /(?:^|\n)data: (.+)\n/.exec(buffer);
      if (m?.[1]) first = JSON.parse(m[1]);
    }
    ac.abort();
    // Only ccgraph's graphql-ws path opens shared subscription pipelines: the router came over websockets.
    expect(stack.gateway.sharedSubscriptions.stats().pipelinesOpened).toBe(opened + 1);
    expect(first?.errors).toBeUndefined();
    expect(first?.data?.agentStatusChanged).toEqual({
      kind: 'SNAPSHOT',
      changes: [{ agentId: agentGid(person), kind: 'ADDED', agent: { name: `${person.firstName} ${person.lastName}` } }],
    });
  }, 30_000);
});

describe('scripts/compose-supergraph.ts as a command', () => {
  it('writes the supergraph from `<name>=<sdl file>@<url>` arguments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccgraph-supergraph-'));
    writeFileSync(join(dir, 'ccgraph.graphql'), subgraphSDL());
    writeFileSync(join(dir, 'crm.graphql'), CRM_SDL);
    const script = new URL('../../scripts/compose-supergraph.ts', import.meta.url).pathname;
    execFileSync(
      process.execPath,
      ['--import', 'tsx', script, `ccgraph=${join(dir, 'ccgraph.graphql')}@http://localhost:4000/graphql`, `crm=${join(dir, 'crm.graphql')}@http://localhost:4001/graphql`, '--out', join(dir, 'supergraph.graphql')],
      { stdio: 'pipe' },
    );
    const sdl = readFileSync(join(dir, 'supergraph.graphql'), 'utf8');
    expect(sdl).toContain('@join__graph(name: "ccgraph", url: "http://localhost:4000/graphql")');
    expect(sdl).toContain('@join__graph(name: "crm", url: "http://localhost:4001/graphql")');
    expect(sdl).toMatch(/crmNotes: \[CrmNote!\]! @join__field\(graph: CRM, requires: "key"\)/);
  }, 60_000);
});
