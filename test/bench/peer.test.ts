/**
 * S9 compares equal work: Hive Gateway, serving the supergraph composed from the Mesh JSON-schema description of
 * the Sinch resources (bench/lib/mesh-source.ts), answers the peer dashboard query with the data ccgraph's
 * dashboard is made of, through the same three vendor calls with the same parameters.
 */
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleDashboard, sortPeople, type ProxyPerson } from '../../bench/lib/dashboard.js';
import { basicAuth, composeSinchSupergraph, SINCH_AUTH_ENV } from '../../bench/lib/mesh-source.js';
import { CCGRAPH_PEER_QUERY, hivePeerBody, peerBodies, PEER_PAGE_SIZES } from '../../bench/lib/peer.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
let hive: GatewayRuntime;
let people: ProxyPerson[];
let supergraph: string;

// Vendor requests as the simulator received them (it runs in this process).
let vendorLog: string[] | null = null;
const onRequest = (m: unknown) => {
  const url = (m as { request: IncomingMessage }).request.url ?? '';
  if (vendorLog && url.includes('/RI/rmi/')) vendorLog.push(url.slice(url.indexOf('/RI/rmi/')));
};

beforeAll(async () => {
  stack = await startStack({ env: { NODE_ENV: 'production', VENDOR_SHARE_MS: '0' }, sim: { agents: 50, queues: 6 } });
  const creds = stack.sim.credentials.sinch;
  process.env[SINCH_AUTH_ENV] = basicAuth(creds.username, creds.password);
  supergraph = await composeSinchSupergraph(stack.sim.baseUrls.sinch);
  hive = createGatewayRuntime({ supergraph, logging: false });
  people = sortPeople(stack.sim.identities().map((i) => ({ key: i.key, name: i.name, sinchId: i.accounts.sinch })));
  diagnostics.subscribe('http.server.request.start', onRequest);
}, 60_000);

afterAll(async () => {
  diagnostics.unsubscribe('http.server.request.start', onRequest);
  delete process.env[SINCH_AUTH_ENV];
  await hive?.[Symbol.asyncDispose]?.();
  await stack?.close();
});

async function viaHive(body: string) {
  const res = await hive.fetch('http://hive.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body,
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: unknown[] } };
}

/** Path plus sorted query parameters: the same request whatever order the parameters were written in. */
const canonical = (url: string) => {
  const u = new URL(url, 'http://x');
  return `${u.pathname}?${[...u.searchParams].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join('&')}`;
};

async function vendorCallsOf(run: () => Promise<unknown>) {
  vendorLog = [];
  await run();
  const calls = vendorLog.map(canonical).sort();
  vendorLog = null;
  return calls;
}

describe('S9: Hive Gateway over the Mesh source does the dashboard’s work', () => {
  it('the supergraph carries no credential (Mesh reads it from the environment per request)', () => {
    const creds = stack.sim.credentials.sinch;
    expect(supergraph).toContain(`{env.${SINCH_AUTH_ENV}}`);
    expect(supergraph).not.toContain(creds.password);
    expect(supergraph).not.toContain(basicAuth(creds.username, creds.password).slice(6));
  });

  it('answers with the data of ccgraph’s dashboard, through the same three vendor calls', async () => {
    const now = new Date();
    // Warm ccgraph: its people directory, and what it learns of the vendor's page sizes on a first long list.
    await stack.run(CCGRAPH_PEER_QUERY, { first: 50 });
    let gql!: Awaited<ReturnType<Stack['run']>>;
    let hiveAnswer!: Awaited<ReturnType<typeof viaHive>>;
    const ccgraphCalls = await vendorCallsOf(async () => {
      gql = await stack.run(CCGRAPH_PEER_QUERY, { first: 50 });
    });
    const hiveCalls = await vendorCallsOf(async () => {
      hiveAnswer = await viaHive(hivePeerBody(people, 50, now));
    });
    expect(gql.status).toBe(200);
    expect(gql.body.errors).toBeUndefined();
    expect(hiveAnswer.status).toBe(200);
    expect(hiveAnswer.body.errors).toBeUndefined();
    const { agents, queueStatuses, contactSummaries } = hiveAnswer.body.data;
    expect(assembleDashboard(people, agents, queueStatuses, contactSummaries, now)).toEqual(gql.body);
    // Not an empty comparison: a full page of agents with memberships, every queue with summaries behind its KPIs.
    expect(agents).toHaveLength(50);
    expect(agents.some((a: any) => a.queues?.queue?.length > 0 && a.profile)).toBe(true);
    expect(queueStatuses.length).toBeGreaterThanOrEqual(6);
    expect(contactSummaries.length).toBeGreaterThan(0);
    // The same vendor requests, parameter for parameter (the people directory is warm on ccgraph's side).
    expect(hiveCalls).toHaveLength(3);
    expect(hiveCalls).toEqual(ccgraphCalls);
  });

  it('every load variant answers on both sides; a smaller page reads the same agents on both', async () => {
    const bodies = peerBodies(people, new Date());
    expect(new Set(bodies.ccgraph).size).toBe(PEER_PAGE_SIZES.length);
    expect(new Set(bodies.hive).size).toBe(PEER_PAGE_SIZES.length);
    for (const [i, n] of PEER_PAGE_SIZES.entries()) {
      const h = await viaHive(bodies.hive[i]!);
      expect(h.body.errors).toBeUndefined();
      const c = await stack.run(CCGRAPH_PEER_QUERY, { first: n });
      expect(c.body.errors).toBeUndefined();
      const pageIds = people.slice(0, n).map((p) => p.sinchId);
      expect(h.body.data.agents.map((a: any) => a.id).sort()).toEqual([...pageIds].sort());
      expect(c.body.data.agents.nodes).toHaveLength(n);
    }
  });
});
