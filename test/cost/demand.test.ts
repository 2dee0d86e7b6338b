/**
 * Demand control through the real gateway and simulator: refused operations make no vendor call (counted at the
 * simulator), refusals explain themselves, answered operations report their cost, and per-client budgets refuse
 * with RATE_LIMITED and Retry-After over HTTP and graphql-ws.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';
import { calibrationDocuments, docsDocuments } from './documents.js';

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }>; extensions?: Record<string, any> };
}

async function post(stack: Stack, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${stack.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer['body'] };
}

/** One operation over graphql-ws: the messages answering it. */
async function overWs(url: string, payload: Record<string, unknown>): Promise<Array<{ type: string; payload?: any }>> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const out: Array<{ type: string; payload?: any }> = [];
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
      ws.on('message', (d) => {
        const msg = JSON.parse(String(d));
        if (msg.type === 'connection_ack') ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload }));
        else if (msg.id === '1') {
          out.push(msg);
          if (msg.type === 'complete' || msg.type === 'error') resolve();
        }
      });
      ws.once('close', (code) => reject(new Error(`closed ${code}`)));
      ws.once('error', reject);
    });
  } finally {
    ws.close();
  }
  return out;
}

const codes = (a: Answer) => (a.body.errors ?? []).map((e) => e.extensions?.['code']);

const PRESENCE_200 =
  '{ a: agents(first: 100) { nodes { presenceProfiles { name } } } b: agents(first: 100, after: "b2Zmc2V0Ojk5") { nodes { presenceProfiles { name } } } }';
const MEMBERS_CUBED = '{ agents(first: 100) { nodes { queues { queue { members { queues { queue { members { name } } } } } } } } }';

describe('demand control (default limits, real gateway)', () => {
  let stack: Stack;
  beforeAll(async () => {
    // Enough agents and queues that the calibration set is real work.
    stack = await startStack({ sim: { agents: 120, queues: 6 } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('refuses fan-out queries before any vendor call, naming the costliest paths', async () => {
    stack.sim.counters.reset();
    const r = await post(stack, { query: PRESENCE_200 });
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['MAX_COST_EXCEEDED']);
    const e = r.body.errors![0]!;
    expect(e.extensions).toMatchObject({
      cost: 202_002,
      maxCost: 175_000,
      paths: [
        { path: 'a.nodes.presenceProfiles', percent: 50 },
        { path: 'b.nodes.presenceProfiles', percent: 50 },
        { path: 'a', percent: 0 },
      ],
    });
    expect(e.message).toBe(
      'Query cost 202002 exceeds the maximum of 175000. Most expensive: a.nodes.presenceProfiles: 50%, b.nodes.presenceProfiles: 50%, a: 0%.',
    );
    const members = await post(stack, { query: MEMBERS_CUBED });
    expect(codes(members)).toEqual(['MAX_COST_EXCEEDED']);
    expect(members.body.errors![0]!.extensions!['paths'][0]).toMatchObject({
      path: 'agents.nodes.queues.queue.members.queues.queue.members',
      percent: 99,
    });
    // Over graphql-ws too.
    const ws = await overWs(stack.url, { query: PRESENCE_200 });
    expect(ws[0]).toMatchObject({ type: 'next', payload: { errors: [{ extensions: { code: 'MAX_COST_EXCEEDED' } }] } });
    expect(stack.sim.counters.total()).toBe(0);
  });

  it('answers the calibration set and the README dashboard under the default limit', async () => {
    const docs = [...calibrationDocuments(), docsDocuments()[0]!];
    for (const d of docs) {
      const r = await post(stack, { query: d.text });
      expect(r.status, d.source).toBe(200);
      expect(codes(r).filter((c) => c === 'MAX_COST_EXCEEDED' || c === 'RATE_LIMITED'), d.source).toEqual([]);
      expect(Number(r.headers.get('x-ccgraph-cost')), d.source).toBeGreaterThan(0);
    }
    // The contacts page asked every timeline: one Sinch call per contact, as its cost said.
    stack.sim.counters.reset();
    const contacts = await post(stack, { query: calibrationDocuments()[2]!.text });
    const page = contacts.body.data.contacts.edges.length;
    expect(page).toBeGreaterThan(0);
    expect(stack.sim.counters.total('sinch')).toBeGreaterThanOrEqual(page);
  });

  it('reports the cost of an answered query: header always, `extensions.cost` on request', async () => {
    const query = '{ vendors { vendor } }';
    const plain = await post(stack, { query });
    expect(plain.headers.get('x-ccgraph-cost')).toBe('6');
    expect(plain.body.extensions).toBeUndefined();
    const asked = await post(stack, { query, extensions: { cost: true } });
    expect(asked.body.extensions?.['cost']).toMatchObject({ cost: 6, maxCost: 175_000, budget: { perMinute: 2_000_000 } });
    expect(asked.body.extensions!['cost'].budget.remaining).toBe(Number(asked.headers.get('x-ccgraph-cost-budget-remaining')));
    const ws = await overWs(stack.url, { query, extensions: { cost: true } });
    expect(ws[0]).toMatchObject({ type: 'next', payload: { extensions: { cost: { cost: 6 } } } });
  });
});

describe('per-client cost budgets', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { CCGRAPH_MAX_COST: '5000', CCGRAPH_COST_BUDGET_PER_MINUTE: '5000' } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('refuses with RATE_LIMITED, 429 and Retry-After once a client spent its minute, before any vendor call', async () => {
    const dashboard = docsDocuments()[0]!.text; // 3,422
    const first = await post(stack, { query: dashboard });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ccgraph-cost-budget-remaining')).toBe(String(5000 - 3422));
    stack.sim.counters.reset();
    const second = await post(stack, { query: dashboard });
    expect(second.status).toBe(429);
    expect(codes(second)).toEqual(['RATE_LIMITED']);
    const retryAfter = Number(second.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(second.body.errors![0]!.extensions).toMatchObject({ cost: 3422, budgetPerMinute: 5000, retryAfterSeconds: retryAfter });
    expect(stack.sim.counters.total()).toBe(0);
    // A refusal spends nothing: what is left still buys a cheap query.
    expect((await post(stack, { query: '{ vendors { vendor } }' })).status).toBe(200);
    // graphql-ws connections from the same address share the budget.
    const ws = await overWs(stack.url, { query: dashboard });
    expect(ws[0]).toMatchObject({ type: 'next', payload: { errors: [{ extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } }] } });
  });
});
