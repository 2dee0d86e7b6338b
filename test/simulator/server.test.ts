import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { DAY, get, sinch, startSim } from './helpers.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSim();
});
afterEach(() => sim.faults.clear());
afterAll(() => sim.close());

const wolkvoxUrl = () =>
  `${sim.baseUrls.wolkvox}/api/v2/reports_manager.php?api=cdr_10&date_ini=20240501000000&date_end=20240502000000`;

describe('counters', () => {
  it('counts every request by vendor endpoint template, rejected ones included', async () => {
    sim.counters.reset();
    const api = sinch(sim);
    const a = sim.model.agents[0]!;
    await api.get(`/agents?startTime=${DAY}`);
    await api.get(`/agents?startTime=${DAY}`);
    await get(`${sim.baseUrls.sinch}/agents?startTime=${DAY}`); // 401, still counted
    await api.get(`/agents/${a.id}/presences`);
    await api.put(`/agents/${a.id}/readyState`, { readyState: 'Ready' });
    await get(`${sim.baseUrls.cobrowser}/api/Account.php?c=getAllAgents`);
    await get(wolkvoxUrl(), { 'wolkvox-token': sim.credentials.wolkvox.token });
    await get(`${sim.baseUrls.thulium}/api/agents_work_report`);
    await get(`${sim.baseUrls.ccagent}/api/cc_agent/setPause?user_id=1`);
    expect(sim.counters.get()).toEqual({
      'ccagent setPause': 1,
      'cobrowser getAllAgents': 1,
      'sinch GET /agents': 3,
      'sinch GET /agents/{agentId}/presences': 1,
      'sinch PUT /agents/{agentId}/readyState': 1,
      'thulium GET /agents_work_report': 1,
      'wolkvox cdr_10': 1,
    });
    expect(sim.counters.total('sinch')).toBe(5);
    expect(sim.counters.total()).toBe(9);
    const http = await get(`${sim.url}/_sim/counters`);
    expect(http.body.counters['sinch GET /agents']).toBe(3);
    await fetch(`${sim.url}/_sim/reset-counters`, { method: 'POST' });
    expect(sim.counters.total()).toBe(0);
  });
});

describe('faults', () => {
  const api = () => sinch(sim);

  it('status faults answer in the vendor style with Retry-After', async () => {
    sim.faults.set('sinch', { status: 503, retryAfterSeconds: 7 });
    const r = await api().get('/queueStatuses');
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('7');
    expect(r.text).toBe('HTTP 503 Service Unavailable');
    sim.faults.set('ccagent', { status: 500 });
    const cc = await get(`${sim.baseUrls.ccagent}/api/cc_agent/checkOut?user_id=17001&api_key=${sim.credentials.ccagent.apiKey}`);
    expect(cc.status).toBe(500);
    expect(cc.body.success).toBe(false);
    // Other vendors are unaffected.
    const th = await get(`${sim.baseUrls.thulium}/api/agents_work_report`);
    expect(th.status).toBe(401);
  });

  it('malformed faults answer 200 with a body that is not JSON', async () => {
    sim.faults.set('sinch', { malformed: true });
    const r = await api().get('/queueStatuses');
    expect(r.status).toBe(200);
    expect(() => JSON.parse(r.text)).toThrow();
  });

  it('latency faults delay the answer', async () => {
    sim.faults.set('sinch', { latencyMs: 150 });
    const t = performance.now();
    const r = await api().get('/queueStatuses');
    expect(r.status).toBe(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(140);
  });

  it('timeout faults hold the request until the client gives up', async () => {
    sim.faults.set('sinch', { timeout: true });
    const t = performance.now();
    await expect(
      fetch(`${sim.baseUrls.sinch}/queueStatuses`, { headers: { authorization: api().auth }, signal: AbortSignal.timeout(200) }),
    ).rejects.toThrow();
    expect(performance.now() - t).toBeGreaterThanOrEqual(180);
  });

  it('probability applies a fault to a seeded share of requests', async () => {
    sim.faults.set('sinch', { status: 500, probability: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await api().get('/queueStatuses')).status);
    const failed = statuses.filter((s) => s === 500).length;
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(35);
    expect(statuses.filter((s) => s === 200).length).toBe(40 - failed);
  });

  it('is controllable over HTTP', async () => {
    const set = await fetch(`${sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify({ vendor: 'cobrowser', status: 502 }) });
    expect(set.status).toBe(200);
    expect((await get(`${sim.baseUrls.cobrowser}/api/Account.php?c=getAllAgents`)).status).toBe(502);
    expect((await fetch(`${sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify({ vendor: 'nope' }) })).status).toBe(400);
    await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' });
    expect((await get(`${sim.baseUrls.cobrowser}/api/Account.php?c=getAllAgents`)).status).toBe(401);
  });

  it('wolkvox refuses a third concurrent request per token with 429', async () => {
    sim.faults.set('wolkvox', { latencyMs: 300 });
    const h = { 'wolkvox-token': sim.credentials.wolkvox.token };
    const results = await Promise.all([get(wolkvoxUrl(), h), get(wolkvoxUrl(), h), get(wolkvoxUrl(), h)]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 429]);
    const refused = results.find((r) => r.status === 429)!;
    expect(refused.body.code).toBe('429');
    // Once the others finished, the token is free again.
    sim.faults.clear('wolkvox');
    expect((await get(wolkvoxUrl(), h)).status).toBe(200);
  });
});

describe('control surface', () => {
  it('serves identities, advances the clock and reports it', async () => {
    const ids = (await get(`${sim.url}/_sim/identities`)).body;
    expect(ids).toEqual(sim.identities());
    const before = sim.now().getTime();
    const r = await fetch(`${sim.url}/_sim/advance?ms=60000`, { method: 'POST' });
    expect((await r.json()).now).toBe(new Date(before + 60_000).toISOString());
    expect((await fetch(`${sim.url}/_sim/advance?ms=-1`, { method: 'POST' })).status).toBe(400);
  });

  it('env() points a gateway at every vendor', () => {
    const env = sim.env();
    expect(env.SINCH_BASE_URL).toBe(`${sim.url}/sinch/RI/rmi`);
    expect(Object.keys(env).sort()).toEqual([
      'CCAGENT_API_KEY', 'CCAGENT_BASE_URL', 'COBROWSER_API_KEY', 'COBROWSER_BASE_URL', 'COBROWSER_USER',
      'SINCH_BASE_URL', 'SINCH_PASSWORD', 'SINCH_USERNAME', 'THULIUM_BASE_URL', 'THULIUM_PASSWORD', 'THULIUM_USERNAME',
      'WOLKVOX_BASE_URL', 'WOLKVOX_TOKEN',
    ]);
  });
});

describe('close()', () => {
  it('ends promptly with requests held open by a timeout fault', async () => {
    const s = await startSim({ agents: 5 });
    s.faults.set('sinch', { timeout: true });
    s.faults.set('thulium', { latencyMs: 60_000 });
    const pending = [
      fetch(`${s.baseUrls.sinch}/queueStatuses`).catch((e: Error) => e),
      fetch(`${s.baseUrls.thulium}/api/agents_work_report`).catch((e: Error) => e),
    ];
    await new Promise((r) => setTimeout(r, 50));
    const t = performance.now();
    await s.close();
    expect(performance.now() - t).toBeLessThan(1000);
    const settled = await Promise.all(pending);
    expect(settled.every((x) => x instanceof Error)).toBe(true);
  });
});
