/**
 * The fault suite, part two (issue 21): vendors that abuse the gateway. A 100 MB answer and an endless one are cut
 * off while streaming (never retried) and leave the gateway answering the other vendors with RSS under 1 GB;
 * 429 with a huge Retry-After and redirects are not hammered; a connection reset after a write is reported as
 * OutcomeUnknownError, never as "nothing was changed".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sleep, startResilienceStack, startRogueVendor, streamBody, type ResilienceStack, type RogueVendor } from './harness.js';

const READ = `query All($from: DateTime!, $to: DateTime!) {
  queues { name }
  agentWorkReport(from: $from, to: $to) { rowCount }
  cobrowsingReport(from: $from, to: $to) { rowCount }
  chatSlotReport { rowCount }
}`;

let stack: ResilienceStack | undefined;
let rogue: RogueVendor | undefined;
afterEach(async () => {
  const leaks = stack?.leaks() ?? [];
  await stack?.close();
  await rogue?.close();
  stack = undefined;
  rogue = undefined;
  expect(leaks).toEqual([]);
});

const window = (s: ResilienceStack) => {
  const now = s.sim.now().getTime();
  return { from: new Date(now - 24 * 3_600_000).toISOString(), to: new Date(now).toISOString() };
};

describe.each([
  { name: 'a 100 MB body (declared length)', bytes: 100 * 1024 * 1024, declare: true },
  { name: 'a 100 MB body (chunked)', bytes: 100 * 1024 * 1024, declare: false },
  { name: 'an endless chunked body', bytes: Number.POSITIVE_INFINITY, declare: false },
])('Thulium sends $name', ({ bytes, declare }) => {
  it('is cut off once, and the gateway keeps answering the other vendors with RSS under 1 GB', async () => {
    rogue = await startRogueVendor((_req, res) => streamBody(res, bytes, declare));
    // The start-up health probe reads Thulium too (and counts for its breaker): measure the queries only.
    stack = await startResilienceStack({ env: { THULIUM_BASE_URL: rogue.url, VENDOR_RETRIES: '2', THULIUM_TIMEOUT_MS: '20000' }, breakerThreshold: 10 });
    const before = rogue.requests();
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      for (let i = 0; i < 3; i++) {
        const r = await stack.gql(READ, window(stack));
        expect(r.status).toBe(200);
        expect(r.body.data.agentWorkReport).toBeNull();
        const e = r.body.errors!.find((x: any) => x.extensions.vendor === 'thulium');
        expect(e!.extensions).toMatchObject({ code: 'VENDOR_UNAVAILABLE', vendorCode: 'MALFORMED_RESPONSE', vendorDetail: 'BODY_TOO_LARGE' });
        // Every other vendor answered.
        expect(r.body.data.queues.length).toBeGreaterThan(0);
        expect(r.body.data.chatSlotReport.rowCount).toBeGreaterThan(0);
        expect(r.body.data.cobrowsingReport).not.toBeNull();
        expect(r.body.errors!.every((x: any) => x.extensions.vendor === 'thulium')).toBe(true);
      }
      // One request per query: an oversized body is never retried.
      expect(rogue.requests() - before).toBe(3);
      peak = Math.max(peak, process.memoryUsage().rss);
      expect(peak).toBeLessThan(1024 * 1024 * 1024);
    } finally {
      clearInterval(sampler);
    }
  }, 120_000);
});

describe('rate limits and redirects are not hammered', () => {
  it('Retry-After 999999: one Sinch request, then fast RATE_LIMITED with the wait, in errors and /metrics', async () => {
    stack = await startResilienceStack({ env: { VENDOR_RETRIES: '2', POLL_SINCH_MS: '500' } });
    stack.sim.faults.set('sinch', { status: 429, retryAfterSeconds: 999999 });
    const before = stack.sim.counters.total('sinch');
    const started = Date.now();
    let last: any;
    for (let i = 0; i < 20; i++) last = await stack.gql('{ queues { name } }');
    expect(Date.now() - started).toBeLessThan(15_000);
    // The first query's calls met the 429; every later call failed fast without a request.
    expect(stack.sim.counters.total('sinch') - before).toBeLessThanOrEqual(3);
    const e = last.body.errors[0];
    expect(e.extensions).toMatchObject({ vendor: 'sinch', vendorCode: 'RATE_LIMITED', vendorDetail: 'VENDOR_BACKOFF' });
    expect(e.extensions.retryAfterSeconds).toBeGreaterThan(3000);
    const metrics = await stack.http({ method: 'GET', path: '/metrics' });
    expect(metrics.text).toMatch(/ccgraph_vendor_backoff_seconds\{vendor="sinch"\} \d{3,}/);
  }, 60_000);

  it('a redirect is neither followed nor retried, and opens the circuit', async () => {
    stack = await startResilienceStack({ env: { VENDOR_RETRIES: '2' }, breakerThreshold: 3, halfOpenAfterMs: 60_000 });
    stack.sim.faults.set('sinch', { status: 302 });
    const before = stack.sim.counters.total('sinch');
    let codes: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await stack.gql('{ queues { name } }');
      codes = r.body.errors!.map((x: any) => x.extensions.vendorCode);
    }
    expect(codes).toContain('CIRCUIT_OPEN');
    expect(stack.sim.counters.total('sinch') - before).toBeLessThanOrEqual(3);
  }, 60_000);
});

describe('a connection reset after a write', () => {
  it('is OutcomeUnknownError (the vendor may have applied it), not VendorUnavailableError', async () => {
    rogue = await startRogueVendor((req, res) => {
      req.resume();
      req.on('end', () => res.socket?.destroy());
    });
    stack = await startResilienceStack({ env: { CCAGENT_BASE_URL: rogue.url } });
    const people = await stack.gql('{ agents(first: 100) { nodes { id accounts { vendor } } } }');
    const id = people.body.data.agents.nodes.find((n: any) => n.accounts.some((a: any) => a.vendor === 'CCAGENT')).id;
    const r = await stack.gql(`mutation($id: ID!) { checkIn(agentId: $id) { __typename ... on OutcomeUnknownError { vendor } } }`, { id });
    expect(rogue.requests()).toBe(1);
    expect(r.body.data.checkIn).toEqual({ __typename: 'OutcomeUnknownError', vendor: 'CCAGENT' });
    await sleep(10);
  });
});

describe('the wolkvox daily token budget', () => {
  it('is counted, shown in /metrics, and a call beyond it is a clear error without a vendor call', async () => {
    stack = await startResilienceStack({ env: { WOLKVOX_DAILY_TOKENS: '1' } });
    const q = 'query($from: DateTime!, $to: DateTime!) { cobrowsingReport(from: $from, to: $to) { rowCount } }';
    const w = window(stack);
    const ok = await stack.gql(q, w);
    expect(ok.body.errors).toBeUndefined();
    const before = stack.sim.counters.total('wolkvox');
    const refused = await stack.gql(q, { ...w, from: new Date(Date.parse(w.from) - 3_600_000).toISOString() });
    expect(refused.body.data.cobrowsingReport).toBeNull();
    expect(refused.body.errors![0]!.extensions).toMatchObject({ vendor: 'wolkvox', vendorCode: 'RATE_LIMITED', vendorDetail: 'DAILY_TOKEN_BUDGET' });
    expect(refused.body.errors![0]!.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(stack.sim.counters.total('wolkvox')).toBe(before);
    const metrics = (await stack.http({ method: 'GET', path: '/metrics' })).text;
    expect(metrics).toContain('ccgraph_vendor_daily_calls_used{vendor="wolkvox"} 1');
    expect(metrics).toContain('ccgraph_vendor_daily_calls_budget{vendor="wolkvox"} 1');
    expect(metrics).toMatch(/ccgraph_vendor_credential_in_flight\{vendor="wolkvox"\} 0/);
  });
});
