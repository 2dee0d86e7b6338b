// The dashboard over real HTTP: identical dashboards from different clients share one Sinch read inside the share
// window, a client asking again on its connection always gets a new read, today's KPIs are fetched together with the
// queue statuses (one Sinch round trip, not two), and the request-id async scope is only entered for debug logs.
import { Client } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_BODY } from '../../bench/lib/dashboard.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { closeConnectors, createConnectors } from '../../src/vendors/index.js';
import type { SinchConnector } from '../../src/vendors/types.js';

interface Stack {
  sim: Simulator;
  gateway: Gateway;
  url: string;
  sinch: SinchConnector;
  close(): Promise<void>;
}

async function startStack(sim: Simulator, env: Record<string, string> = {}, logLevel = 'silent'): Promise<Stack> {
  const config = loadConfig({ ...sim.env(), VENDOR_RETRIES: '0', NODE_ENV: 'production', ...env });
  const connectors = createConnectors(config.vendors, { secrets: config.secrets });
  const logger = createLogger({ level: logLevel, secrets: config.secrets });
  const gateway = createGateway({ config, logger, identityFile: sim.identities(), connectors });
  const url = await gateway.listen(0, '127.0.0.1');
  return {
    sim,
    gateway,
    url,
    sinch: connectors.sinch!,
    async close() {
      await gateway.close({ drainMs: 200 });
      await closeConnectors(connectors);
    },
  };
}

/** POSTs on a given connection (undici Client = one keep-alive connection). */
async function post(client: Client, body: string): Promise<any> {
  const res = await client.request({
    path: '/graphql',
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body,
  });
  const parsed = (await res.body.json()) as any;
  expect(res.statusCode).toBe(200);
  expect(parsed.errors).toBeUndefined();
  return parsed;
}
const query = (q: string) => JSON.stringify({ query: q });

let sim: Simulator;
const open: Array<{ close(): Promise<unknown> }> = [];
beforeAll(async () => {
  sim = await startSimulator({ seed: 5, agents: 20, queues: 4, autoTick: false });
});
afterEach(async () => {
  sim.faults.clear();
  await Promise.all(open.splice(0).map((o) => o.close()));
});
afterAll(async () => {
  await sim?.close();
});

async function stackWith(env: Record<string, string> = {}, logLevel?: string) {
  const stack = await startStack(sim, env, logLevel);
  open.unshift(stack);
  return stack;
}
function clientOf(stack: Stack) {
  const c = new Client(stack.url);
  open.unshift(c);
  return c;
}

describe('sharing vendor reads between dashboards', () => {
  it('identical dashboards from different clients share one read of each Sinch list inside the window', async () => {
    // A long window so the test does not depend on how fast this machine answers.
    const stack = await stackWith({ VENDOR_SHARE_MS: '10000' });
    await post(clientOf(stack), DASHBOARD_BODY); // warms the people directory
    await post(clientOf(stack), '{"query":"{ vendors { vendor } }"}');
    sim.counters.reset();
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await post(clientOf(stack), DASHBOARD_BODY));
    expect(sim.counters.get()).toEqual({});
    for (const a of answers) expect(a).toEqual(answers[0]);
  });

  it('a burst of new clients after a write costs one new read per list and shows the change', async () => {
    const stack = await stackWith({ VENDOR_SHARE_MS: '10000' });
    const before = await post(clientOf(stack), DASHBOARD_BODY);
    // A write through the connector ends every shared read: here one ready agent is set not ready.
    const ready = before.data.agents.nodes.find((n: any) => n.state === 'AVAILABLE' || n.state === 'BUSY');
    const agentId: string = ready.id;
    const key = Buffer.from(agentId, 'base64').toString('utf8').slice('Agent:'.length);
    const sinchId = sim.identities().find((p) => p.key === key)!.accounts.sinch!;
    await stack.sinch.setReadyState(sinchId, false);
    sim.counters.reset();
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(clientOf(stack), DASHBOARD_BODY)));
    expect(sim.counters.get()).toEqual({ 'sinch GET /agents': 1, 'sinch GET /contactSummaries': 1, 'sinch GET /queueStatuses': 1 });
    for (const a of answers) expect(a).toEqual(answers[0]);
    const node = answers[0].data.agents.nodes.find((n: any) => n.id === agentId);
    expect(node.state).toBe('NOT_READY');
  });

  it('a client asking again on its connection always gets new reads', async () => {
    const stack = await stackWith({ VENDOR_SHARE_MS: '10000' });
    const client = clientOf(stack);
    await post(client, DASHBOARD_BODY);
    sim.counters.reset();
    await post(client, DASHBOARD_BODY);
    await post(client, DASHBOARD_BODY);
    expect(sim.counters.get()).toEqual({ 'sinch GET /agents': 2, 'sinch GET /contactSummaries': 2, 'sinch GET /queueStatuses': 2 });
  });

  it('VENDOR_SHARE_MS=0 shares only reads in flight', async () => {
    const stack = await stackWith({ VENDOR_SHARE_MS: '0' });
    await post(clientOf(stack), DASHBOARD_BODY);
    sim.counters.reset();
    await post(clientOf(stack), DASHBOARD_BODY);
    await post(clientOf(stack), DASHBOARD_BODY);
    expect(sim.counters.get()).toEqual({ 'sinch GET /agents': 2, 'sinch GET /contactSummaries': 2, 'sinch GET /queueStatuses': 2 });
  });
});

describe("today's KPIs start with the queue statuses", () => {
  /** Start and end (ms) of each call of the two Sinch lists during one query. */
  async function timeline(stack: Stack, q: string) {
    const calls: Array<{ name: string; start: number; end: number }> = [];
    const wrap = (name: 'listQueueStatuses' | 'listContactSummaries') => {
      const original = stack.sinch[name].bind(stack.sinch) as (...a: unknown[]) => Promise<unknown>;
      (stack.sinch as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
        const call = { name, start: performance.now(), end: Number.NaN };
        calls.push(call);
        try {
          return await original(...args);
        } finally {
          call.end = performance.now();
        }
      };
    };
    wrap('listQueueStatuses');
    wrap('listContactSummaries');
    await post(clientOf(stack), query(q));
    return calls;
  }

  it.each([
    ['queues', '{ queues { name kpis { offered } } }'],
    ['queue(id)', 'QUEUE'],
    ['a fragment', '{ queues { ...K } } fragment K on Queue { kpis { handled } }'],
  ])('%s: the summaries request starts before the statuses answer arrives', async (_name, q) => {
    const stack = await stackWith({ VENDOR_SHARE_MS: '0' });
    const queues = (await post(clientOf(stack), query('{ queues { id } }'))).data.queues;
    sim.faults.set('sinch', { latencyMs: 80 });
    const calls = await timeline(stack, q === 'QUEUE' ? `{ queue(id: "${queues[0].id}") { kpis { offered } } }` : q);
    const statuses = calls.find((c) => c.name === 'listQueueStatuses')!;
    const summaries = calls.filter((c) => c.name === 'listContactSummaries');
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.start).toBeLessThan(statuses.end);
  });

  it('does not fetch summaries when no default-range KPIs are asked for', async () => {
    const stack = await stackWith({ VENDOR_SHARE_MS: '0' });
    await post(clientOf(stack), query('{ queues { id } }'));
    sim.counters.reset();
    await post(clientOf(stack), query('{ queues { name status { waitingNow } } }'));
    expect(sim.counters.get()).toEqual({ 'sinch GET /queueStatuses': 1 });
    sim.counters.reset();
    const from = new Date(Date.now() - 20 * 3_600_000).toISOString(); // one page of summaries
    await post(clientOf(stack), query(`{ queues { kpis(from: "${from}") { offered } } }`));
    // One paging sequence: the first read of a list this long also asks for the (empty) page after it, since the
    // server may cap `limit` below what we ask (src/vendors/sinch/client.ts `paged`).
    const { 'sinch GET /contactSummaries': summaries, ...rest } = sim.counters.get();
    expect(rest).toEqual({ 'sinch GET /queueStatuses': 1 });
    expect([1, 2]).toContain(summaries);
  });
});

describe('request-id scope', () => {
  async function idSeenByVendorCall(logLevel: string): Promise<string | undefined> {
    const stack = await stackWith({}, logLevel);
    let seen: string | undefined = 'not called';
    const original = stack.sinch.listQueueStatuses.bind(stack.sinch);
    stack.sinch.listQueueStatuses = (...args) => {
      seen = stack.gateway.requestIds.current();
      return original(...args);
    };
    const res = await clientOf(stack).request({
      path: '/graphql',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'perf-req-1' },
      body: query('{ queues { name } }'),
    });
    await res.body.text();
    expect(res.headers['x-request-id']).toBe('perf-req-1');
    return seen;
  }

  it('names the request in vendor calls while debug logging is on', async () => {
    expect(await idSeenByVendorCall('debug')).toBe('perf-req-1');
  });

  it('does not enter the async scope otherwise (its only reader is the debug log)', async () => {
    expect(await idSeenByVendorCall('info')).toBeUndefined();
  });
});
