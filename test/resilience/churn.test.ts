/**
 * Subscription churn (issue 21, item 2): subscribe → first event → complete, in a loop, over graphql-ws and SSE.
 * Each restart used to poll at once (Sinch 127 requests/s against an interval of one per 2 s); the interval is now
 * a minimum gap for every resource, so vendor requests per endpoint stay within one per interval.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLiveHub } from '../../src/live/hub.js';
import { IdentityService } from '../../src/services/identity.js';
import { closeConnectors, createConnectors } from '../../src/vendors/index.js';
import { redisReachable } from '../helpers/redis.js';
import { startResilienceStack, type ResilienceStack } from './harness.js';

const INTERVAL_MS = 1_000;
const CHURN_MS = 3_500;
const SUBSCRIPTION = 'subscription { agentStatusChanged { sequence kind } }';

/** Counter increases per endpoint while `work` runs, and how long it ran. */
async function vendorRequestsDuring(stack: ResilienceStack, work: () => Promise<number>) {
  const before = stack.sim.counters.get();
  const t0 = performance.now();
  const cycles = await work();
  const elapsed = performance.now() - t0;
  const after = stack.sim.counters.get();
  const delta: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) > 0) delta[k] = v - (before[k] ?? 0);
  return { delta, elapsed, cycles };
}

/** One graphql-ws connection; subscribe, wait for the first `next`, complete; repeat until `ms` passed. */
async function churnOverWs(url: string, ms: number): Promise<number> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  let cycles = 0;
  await new Promise<void>((resolve, reject) => {
    const deadline = performance.now() + ms;
    let id = 0;
    const next = () => {
      if (performance.now() >= deadline) return resolve();
      id += 1;
      ws.send(JSON.stringify({ id: String(id), type: 'subscribe', payload: { query: SUBSCRIPTION } }));
    };
    ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
    ws.on('message', (d) => {
      const msg = JSON.parse(String(d));
      if (msg.type === 'connection_ack') next();
      else if (msg.type === 'next' && msg.id === String(id)) {
        cycles += 1;
        ws.send(JSON.stringify({ id: msg.id, type: 'complete' }));
        // Let the completion reach the hub (the last subscriber leaves: pollers stop) before the next subscribe.
        setTimeout(next, 5);
      } else if (msg.type === 'error') reject(new Error(JSON.stringify(msg.payload)));
    });
    ws.once('close', (code) => reject(new Error(`closed ${code}`)));
    ws.once('error', reject);
  });
  ws.removeAllListeners('close');
  ws.close();
  return cycles;
}

/** Subscribe over SSE, read the first event, abort; repeat until `ms` passed. */
async function churnOverSse(url: string, ms: number): Promise<number> {
  const deadline = performance.now() + ms;
  let cycles = 0;
  while (performance.now() < deadline) {
    const abort = new AbortController();
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: SUBSCRIPTION }),
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('event: next')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toContain('event: next');
    abort.abort();
    await reader.cancel().catch(() => undefined);
    cycles += 1;
    await new Promise((r) => setTimeout(r, 5));
  }
  return cycles;
}

describe('subscription churn keeps one poll per resource per interval', () => {
  let stack: ResilienceStack;
  beforeAll(async () => {
    stack = await startResilienceStack({ env: { POLL_SINCH_MS: String(INTERVAL_MS), POLL_COBROWSER_MS: String(INTERVAL_MS) } });
    // Warm up (identity directory, first polls) so the windows below count polls only.
    await churnOverWs(stack.url, 300);
    await new Promise((r) => setTimeout(r, INTERVAL_MS + 100));
  }, 30_000);
  afterAll(async () => {
    const leaks = stack.leaks();
    await stack.close();
    expect(leaks).toEqual([]);
  });

  const withinInterval = (r: { delta: Record<string, number>; elapsed: number; cycles: number }) => {
    // A poll starting in each whole interval of the window, plus one straddling its start.
    const allowed = Math.ceil(r.elapsed / INTERVAL_MS) + 1;
    expect(r.cycles).toBeGreaterThan(allowed * 2); // real churn: many more subscriptions than polls
    const over = Object.entries(r.delta).filter(([, n]) => n > allowed);
    expect(over, `allowed ${allowed} per endpoint in ${Math.round(r.elapsed)} ms, ${r.cycles} cycles`).toEqual([]);
    expect(Object.keys(r.delta).some((k) => k.startsWith('sinch '))).toBe(true);
  };

  it('graphql-ws: subscribe → first event → complete in a loop', async () => {
    withinInterval(await vendorRequestsDuring(stack, () => churnOverWs(stack.url, CHURN_MS)));
  }, 30_000);

  it('SSE: subscribe → first event → disconnect in a loop', async () => {
    withinInterval(await vendorRequestsDuring(stack, () => churnOverSse(stack.url, CHURN_MS)));
  }, 30_000);
});

describe('churn across instances sharing Redis', () => {
  let stack: ResilienceStack;
  beforeAll(async () => {
    stack = await startResilienceStack();
  }, 30_000);
  afterAll(async () => {
    await stack.close();
  });

  it('two hubs taking turns (each lets go of the lease) still poll once per interval between them', async (t) => {
    if (!(await redisReachable())) return t.skip();
    const prefix = `ccgraph-test:churn:${process.pid}:${Date.now()}:`;
    const connectors = createConnectors(stack.config.vendors, { secrets: stack.config.secrets });
    const identity = new IdentityService(connectors, stack.sim.identities(), 3_600_000);
    const hubs = [0, 1].map(() =>
      createLiveHub({ connectors, identity, intervals: { 'sinch.agents': INTERVAL_MS, 'sinch.userStatuses': INTERVAL_MS, 'sinch.contactsInProcess': INTERVAL_MS, 'cobrowser.onlineAgents': INTERVAL_MS }, redis: { url: 'redis://127.0.0.1:6379', prefix } }),
    );
    await Promise.all(hubs.map((h) => h.start()));
    await identity.directory();
    try {
      const r = await vendorRequestsDuring(stack, async () => {
        const deadline = performance.now() + CHURN_MS;
        let cycles = 0;
        while (performance.now() < deadline) {
          const it = hubs[cycles % 2]!.subscribeAgents({});
          await it.next();
          // Long enough for the lease to be taken and a poll to start (the snapshot came from the saved state).
          await new Promise((r) => setTimeout(r, 40));
          await it.return?.();
          // Let the lease go, so the other hub acquires it fresh.
          await hubs[cycles % 2]!.stop().then(() => hubs[cycles % 2]!.start());
          cycles += 1;
        }
        return cycles;
      });
      const allowed = Math.ceil(r.elapsed / INTERVAL_MS) + 1;
      expect(r.cycles).toBeGreaterThan(allowed * 2);
      const over = Object.entries(r.delta).filter(([, n]) => n > allowed);
      expect(over, `allowed ${allowed} per endpoint in ${Math.round(r.elapsed)} ms, ${r.cycles} cycles`).toEqual([]);
    } finally {
      await Promise.all(hubs.map((h) => h.stop()));
      await closeConnectors(connectors);
    }
  }, 30_000);
});
