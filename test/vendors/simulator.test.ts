/** The connectors against the vendor simulator (src/simulator): every vendor round-trips, limits and faults. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { VendorError } from '../../src/domain/errors.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { closeConnectors, createConnectors, type ConnectorOptions } from '../../src/vendors/index.js';
import type { VendorCallEvent } from '../../src/vendors/http/index.js';
import type { Connectors } from '../../src/vendors/types.js';
import { caught } from './helpers.js';

let sim: Simulator;
let config: Config;
let connectors: Connectors | undefined;
let events: Array<VendorCallEvent & { at: number }>;
const errors: unknown[] = [];

beforeAll(async () => {
  sim = await startSimulator({ seed: 11, agents: 40, queues: 4, autoTick: false });
  config = loadConfig({ ...sim.env(), VENDOR_TIMEOUT_MS: '1000', VENDOR_RETRIES: '2' });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.faults.clear();
  sim.counters.reset();
  events = [];
});

afterEach(async () => {
  sim.faults.clear();
  if (connectors) await closeConnectors(connectors);
  connectors = undefined;
});

function connect(opts: Partial<ConnectorOptions> = {}, vendors: Config['vendors'] = config.vendors, hook?: (e: VendorCallEvent) => void): Connectors {
  connectors = createConnectors(vendors, {
    secrets: config.secrets,
    onCall: (e) => {
      events.push({ ...e, at: Date.now() });
      hook?.(e);
    },
    ...opts,
  });
  return connectors;
}

/** Records an expected failure for the credential check at the end. */
async function failure(fn: () => Promise<unknown>): Promise<VendorError> {
  const e = await caught(fn);
  errors.push(e);
  expect(e).toBeInstanceOf(VendorError);
  return e as VendorError;
}

const logins = () => sim.identities().flatMap((p) => (p.accounts.thulium ? [p.accounts.thulium] : []));
const ccUser = () => sim.identities().find((p) => p.accounts.ccagent)!.accounts.ccagent!;

describe('connectors × simulator', () => {
  it('round-trips all five vendors', async () => {
    const c = connect();
    const agents = await c.sinch!.listAgents();
    expect(agents).toHaveLength(40);
    expect(agents.every((a) => a.vendor === 'sinch' && a.rawStatus.length > 0)).toBe(true);
    const one = await c.sinch!.listAgents({ ids: [agents[3]!.id, agents[5]!.id] });
    expect(one.map((a) => a.id).sort()).toEqual([agents[3]!.id, agents[5]!.id].sort());
    expect(await c.sinch!.listQueueStatuses()).toHaveLength(4);
    expect((await c.sinch!.listQueueGroups()).length).toBeGreaterThan(0);
    expect(await c.sinch!.listUserStatuses()).toHaveLength(40);
    const presences = await c.sinch!.listAgentPresences(agents[0]!.id);
    expect(presences.length).toBeGreaterThan(0);
    const queues = await c.sinch!.listAgentQueues(agents[0]!.id);
    const contacts = await c.sinch!.listContacts({ allInProcess: true });
    if (contacts[0]) {
      expect((await c.sinch!.getContact(contacts[0].id))?.id).toBe(contacts[0].id);
      await c.sinch!.listContactEvents(contacts[0].id);
    }
    expect(await c.sinch!.getContact('0'.repeat(32))).toBeNull();
    await c.sinch!.listContactSummaries({ from: new Date(sim.now().getTime() - 3_600_000) });

    // Writes go through and show in the next read.
    const target = agents.find((a) => a.state !== 'LOGGED_OUT' && a.queues.length > 0) ?? agents[0]!;
    await c.sinch!.setReadyState(target.id, false);
    const [after] = await c.sinch!.listAgents({ ids: [target.id] });
    expect(after!.ready).toBe(false);
    if (queues[0]) await c.sinch!.setQueueServing(agents[0]!.id, queues[0], !queues[0].serving);
    await c.sinch!.setPresence(target.id, presences[0]!);

    const chat = await c.cobrowser!.getAllAgents();
    expect(chat.length).toBeGreaterThan(0);
    expect((await c.cobrowser!.getOnlineAgents()).every((a) => chat.some((b) => b.id === a.id))).toBe(true);

    const now = sim.now();
    const report = await c.thulium!.agentWorkReport({ logins: logins().slice(0, 2), from: new Date(now.getTime() - 7 * 86_400_000), to: now, aggregateBy: 'day' });
    expect(report.length).toBeGreaterThan(0);

    const sessions = await c.wolkvox!.listCobrowsingSessions({ from: new Date(now.getTime() - 5 * 86_400_000), to: now });
    expect(sessions.every((s) => s.agentId.length > 0)).toBe(true);

    const user = ccUser();
    expect((await c.ccagent!.checkIn(user, { forceCheckOut: true })).dialCode).toMatch(/\S/);
    await c.ccagent!.setPause(user, 0);
    await c.ccagent!.wrapUp(user, 5);
    await c.ccagent!.checkOut(user);
    // A refused action is REJECTED with the vendor's words.
    const rejected = await failure(() => c.ccagent!.setPause(user, 2));
    expect(rejected.code).toBe('REJECTED');
    expect(rejected.vendorMessage).toMatch(/not checked in/i);

    for (const v of ['sinch', 'cobrowser', 'thulium', 'wolkvox', 'ccagent'] as const) {
      expect(c[v]!.health()).toMatchObject({ vendor: v, configured: true, reachable: true, circuit: 'CLOSED' });
    }
  });

  it('50 identical concurrent dashboards cost one vendor request per resource', async () => {
    const c = connect();
    await Promise.all(
      Array.from({ length: 50 }, () => Promise.all([c.sinch!.listAgents(), c.sinch!.listQueueStatuses(), c.cobrowser!.getAllAgents()])),
    );
    const counts = sim.counters.get();
    expect(counts['sinch GET /agents']).toBe(1);
    expect(counts['sinch GET /queueStatuses']).toBe(1);
    expect(counts['cobrowser getAllAgents']).toBe(1);
  });

  it('pages Thulium across more than 100 rows (limit never above 100)', async () => {
    const c = connect();
    const now = sim.now();
    const rows = await c.thulium!.agentWorkReport({ logins: logins().slice(0, 3), from: new Date(now.getTime() - 60 * 86_400_000), to: now, aggregateBy: 'day' });
    expect(rows.length).toBeGreaterThan(100);
    const calls = events.filter((e) => e.vendor === 'thulium');
    expect(calls.length).toBe(Math.floor(rows.length / 100) + 1);
    expect(new Set(rows.map((r) => `${r.login}|${r.period}`)).size).toBe(rows.length);
  });

  it('splits a 40-day wolkvox range into 2 windows, never more than 2 in flight, merged in order', async () => {
    const c = connect({ maxConcurrent: { wolkvox: 8 } });
    sim.faults.set('wolkvox', { latencyMs: 50 });
    const now = sim.now();
    const sessions = await c.wolkvox!.listCobrowsingSessions({ from: new Date(now.getTime() - 40 * 86_400_000), to: now });
    expect(sim.counters.get()['wolkvox cdr_10']).toBe(2);
    const starts = sessions.map((s) => s.startedAt!.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));

    // 130 days = 5 windows: the simulator answers 429 if a third request is ever in flight; none may be seen.
    sim.counters.reset();
    events = [];
    await c.wolkvox!.listCobrowsingSessions({ from: new Date(now.getTime() - 130 * 86_400_000), to: now });
    expect(sim.counters.get()['wolkvox cdr_10']).toBe(5);
    expect(events.filter((e) => e.errorCode === 'RATE_LIMITED')).toEqual([]);
  });

  it('retries a 503 and then succeeds', async () => {
    let first = true;
    const c = connect({}, config.vendors, (e) => {
      if (first && e.status === 503) {
        first = false;
        sim.faults.clear('sinch');
      }
    });
    sim.faults.set('sinch', { status: 503 });
    expect(await c.sinch!.listQueueStatuses()).toHaveLength(4);
    expect(events.filter((e) => e.vendor === 'sinch').map((e) => [e.attempt, e.status])).toEqual([
      [1, 503],
      [2, 200],
    ]);
  });

  it('honours Retry-After before retrying', async () => {
    const c = connect({}, config.vendors, () => sim.faults.clear('cobrowser'));
    sim.faults.set('cobrowser', { status: 429, retryAfterSeconds: 1 });
    expect((await c.cobrowser!.getAllAgents()).length).toBeGreaterThan(0);
    const calls = events.filter((e) => e.vendor === 'cobrowser');
    expect(calls.map((e) => e.status)).toEqual([429, 200]);
    // Attempt 2 started at least 1 s after attempt 1 finished.
    expect(calls[1]!.at - calls[1]!.durationMs - calls[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('never retries writes', async () => {
    const c = connect();
    sim.faults.set('sinch', { status: 503 });
    const e = await failure(() => c.sinch!.setReadyState((sim.identities()[0]!.accounts.sinch)!, true));
    expect(e.code).toBe('SERVER_ERROR');
    expect(sim.counters.get()['sinch PUT /agents/{agentId}/readyState']).toBe(1);
    sim.faults.set('ccagent', { status: 502 });
    expect((await failure(() => c.ccagent!.checkOut(ccUser()))).code).toBe('SERVER_ERROR');
    expect(sim.counters.total('ccagent')).toBe(1);
  });

  it('times out a vendor that does not answer (reads and writes)', async () => {
    const fast = loadConfig({ ...sim.env(), VENDOR_TIMEOUT_MS: '150', VENDOR_RETRIES: '0' });
    const c = connect({}, fast.vendors);
    sim.faults.set('thulium', { timeout: true });
    const now = sim.now();
    const e = await failure(() => c.thulium!.agentWorkReport({ logins: logins().slice(0, 1), from: new Date(now.getTime() - 86_400_000), to: now }));
    expect(e.code).toBe('TIMEOUT');
    sim.faults.set('ccagent', { timeout: true });
    const w = await failure(() => c.ccagent!.checkIn(ccUser()));
    expect(w.code).toBe('TIMEOUT');
    expect(w.message).toMatch(/outcome is unknown/);
    expect(c.thulium!.health()).toMatchObject({ reachable: false, lastErrorCode: 'TIMEOUT' });
  });

  it('rejects a malformed body', async () => {
    const c = connect();
    sim.faults.set('cobrowser', { malformed: true });
    expect((await failure(() => c.cobrowser!.getAllAgents())).code).toBe('MALFORMED_RESPONSE');
    expect(sim.counters.total('cobrowser')).toBe(1);
  });

  it('opens the circuit after repeated failures and stops calling the vendor', async () => {
    const c = connect({ breakerThreshold: 3, halfOpenAfterMs: 60_000 }, loadConfig({ ...sim.env(), VENDOR_RETRIES: '0' }).vendors);
    sim.faults.set('sinch', { status: 500 });
    for (let i = 0; i < 3; i++) expect((await failure(() => c.sinch!.listUserStatuses())).code).toBe('SERVER_ERROR');
    expect(c.sinch!.health().circuit).toBe('OPEN');
    const before = sim.counters.total('sinch');
    expect((await failure(() => c.sinch!.listQueueStatuses())).code).toBe('CIRCUIT_OPEN');
    expect(sim.counters.total('sinch')).toBe(before);
    // Other vendors are unaffected.
    expect(c.cobrowser!.health().circuit).toBe('CLOSED');
  });

  it('maps wrong credentials to UNAUTHORIZED for every vendor', async () => {
    const v = config.vendors;
    const wrong: Config['vendors'] = {
      sinch: { ...v.sinch!, password: 'wrong-pw' },
      cobrowser: { ...v.cobrowser!, apiKey: 'wrong-key' },
      wolkvox: { ...v.wolkvox!, token: 'wrong-token' },
      thulium: { ...v.thulium!, password: 'wrong-pw' },
      ccagent: { ...v.ccagent!, apiKey: 'wrong-key' },
    };
    const c = connect({}, wrong);
    const now = sim.now();
    const all = [
      await failure(() => c.sinch!.listAgents()),
      await failure(() => c.cobrowser!.getAllAgents()),
      await failure(() => c.wolkvox!.listCobrowsingSessions({ from: new Date(now.getTime() - 86_400_000), to: now })),
      await failure(() => c.thulium!.agentWorkReport({ logins: ['x'], from: new Date(now.getTime() - 86_400_000), to: now })),
      await failure(() => c.ccagent!.checkOut('1')),
    ];
    expect(all.map((e) => e.code)).toEqual(['UNAUTHORIZED', 'UNAUTHORIZED', 'UNAUTHORIZED', 'UNAUTHORIZED', 'UNAUTHORIZED']);
  });

  it('no error seen in these tests carries a credential', () => {
    expect(errors.length).toBeGreaterThan(10);
    const secrets = [...config.secrets, ...Object.values(sim.credentials).flatMap((c) => Object.values(c))].filter((s) => s.length >= 8);
    for (const e of errors as VendorError[]) {
      const text = `${JSON.stringify(e)}\n${e.message}\n${e.vendorMessage ?? ''}\n${e.endpoint}`;
      for (const s of secrets) expect(text).not.toContain(s);
      expect(text).not.toMatch(/https?:\/\//);
      expect(e.endpoint).not.toContain('?');
    }
  });
});
