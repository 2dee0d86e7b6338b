import { afterEach, describe, expect, it } from 'vitest';
import { VendorError } from '../../src/domain/errors.js';
import { WolkvoxClient, halve, splitWindows, wolkvoxDate } from '../../src/vendors/wolkvox/index.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { redisReachable } from '../helpers/redis.js';
import { parseSessions } from '../../src/vendors/wolkvox/mapping.js';
import { droppedRowsOf } from '../../src/domain/partial.js';
import { caught, json, sleep, startServer, type Handler, type TestServer } from './helpers.js';

const TOKEN = 'wv-token-abc123';

describe('wolkvox mapping', () => {
  it('maps the documented envelope: string code, string fields, HH:MM:SS, UTC dates', () => {
    const r = parseSessions({
      code: '200',
      error: null,
      msg: '2 records were found',
      data: [
        { agent_id: '1001', agent_name: 'Ana', date_ini: '2024-03-01 10:00:00', date_end: '2024-03-01 10:12:30', time: '00:12:30', hung_up: 'agent' },
        { agent_id: 1002, agent_name: 'Luis', date_ini: '2024-03-02 08:00:00', date_end: '', time: '125:00:05', hung_up: '' },
      ],
    });
    expect(r[0]).toEqual({
      agentId: '1001',
      agentName: 'Ana',
      startedAt: new Date('2024-03-01T10:00:00Z'),
      endedAt: new Date('2024-03-01T10:12:30Z'),
      durationSeconds: 750,
      hungUpBy: 'agent',
    });
    expect(r[1]).toMatchObject({ agentId: '1002', endedAt: null, durationSeconds: 125 * 3600 + 5, hungUpBy: null });
  });

  it('treats no data as no sessions and a non-200 code as a vendor failure', () => {
    expect(parseSessions({ code: 200, error: null, msg: '0 records were found', data: null })).toEqual([]);
    expect(parseSessions({ code: '200', msg: '0 records were found' })).toEqual([]);
    expect(() => parseSessions({ code: '401', error: 'invalid token', msg: '' })).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED' }));
    expect(() => parseSessions({ code: '429', error: 'too many', msg: '' })).toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
    // An unreadable row is dropped alone (counted), not the whole answer (wolkvox-rows.test.ts has the variants).
    const one = parseSessions({ code: '200', data: [{ agent_id: '1', time: 'soon' }] });
    expect(one).toEqual([]);
    expect(droppedRowsOf(one)).toMatchObject([{ vendor: 'wolkvox', resource: 'cdr_10', count: 1 }]);
    expect(() => parseSessions({ code: '200', data: 'nothing here' })).toThrow();
  });
});

describe('wolkvox windows', () => {
  it('formats dates as YYYYmmddHHiiss in UTC', () => {
    expect(wolkvoxDate(new Date('2024-03-05T07:08:09Z'))).toBe('20240305070809');
  });

  it('splits 40 days into two windows of at most 31 days, without overlap', () => {
    const from = new Date('2024-01-01T00:00:00Z');
    const to = new Date('2024-02-10T00:00:00Z');
    const w = splitWindows(from, to);
    expect(w).toHaveLength(2);
    expect(w[0]!.from).toEqual(from);
    expect(w[0]!.to.getTime() - w[0]!.from.getTime()).toBeLessThanOrEqual(31 * 86_400_000);
    expect(w[1]!.from.getTime()).toBe(w[0]!.to.getTime() + 1000);
    expect(w[1]!.to).toEqual(to);
    expect(splitWindows(from, from)).toHaveLength(1);
    expect(splitWindows(to, from)).toHaveLength(0);
  });
});

let server: TestServer | undefined;
let client: WolkvoxClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function setup(handler: Handler, over: Partial<ConstructorParameters<typeof WolkvoxClient>[0]> = {}) {
  server = await startServer(handler, '/wolkvox');
  client = new WolkvoxClient({ baseUrl: server.baseUrl, token: TOKEN, timeoutMs: 2000, retries: 2, backoffInitialMs: 10, backoffMaxMs: 20, failureGapMs: 50, ...over });
  return { client, server };
}

const session = (agent: string, ini: string) => ({ agent_id: agent, agent_name: agent, date_ini: ini, date_end: ini, time: '0:01:00', hung_up: 'client' });

describe('WolkvoxClient over HTTP', () => {
  it('runs a long range as ≤31-day windows, never more than 2 at once, merged in time order', async () => {
    const { client, server } = await setup(async (req, res) => {
      const ini = req.url.searchParams.get('date_ini')!;
      await sleep(30);
      // Answer sessions out of order to prove the merge sorts.
      const d = `${ini.slice(0, 4)}-${ini.slice(4, 6)}-${ini.slice(6, 8)}`;
      json(res, { code: '200', error: null, msg: 'x', data: [session(`b${ini}`, `${d} 12:00:00`), session(`a${ini}`, `${d} 06:00:00`)] });
    }, { maxConcurrent: 8 });
    const sessions = await client.listCobrowsingSessions({ from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-05-01T00:00:00Z') });
    expect(server.seen).toHaveLength(4);
    expect(server.maxInFlight()).toBeLessThanOrEqual(2);
    for (const s of server.seen) {
      expect(s.headers['wolkvox-token']).toBe(TOKEN);
      expect(s.url.pathname).toBe('/wolkvox/api/v2/reports_manager.php');
      expect(s.url.searchParams.get('api')).toBe('cdr_10');
      expect(s.url.searchParams.get('date_ini')).toMatch(/^\d{14}$/);
    }
    const times = sessions.map((s) => s.startedAt!.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(sessions).toHaveLength(8);
  });

  it('retries a 429 (a GET) and succeeds', async () => {
    let n = 0;
    const { client, server } = await setup((_req, res) =>
      ++n === 1 ? json(res, 'too many', 429, { 'retry-after': '0' }) : json(res, { code: '200', data: [] }),
    );
    expect(await client.listCobrowsingSessions({ from: new Date('2024-01-01Z'), to: new Date('2024-01-02Z') })).toEqual([]);
    expect(server.seen).toHaveLength(2);
  });

  it('never puts the token in an error', async () => {
    const { client } = await setup((req, res) => json(res, { code: '401', error: `token ${String(req.headers['wolkvox-token'])} is not valid` }));
    const e = (await caught(() => client.listCobrowsingSessions({ from: new Date('2024-01-01Z'), to: new Date('2024-01-02Z') }))) as VendorError;
    expect(e.code).toBe('UNAUTHORIZED');
    expect(JSON.stringify(e) + e.message).not.toContain(TOKEN);
  });

  it('rejects an inverted range before calling', async () => {
    const { client, server } = await setup((_req, res) => json(res, { code: '200', data: [] }));
    await expect(client.listCobrowsingSessions({ from: new Date('2024-02-01Z'), to: new Date('2024-01-01Z') })).rejects.toThrow(TypeError);
    expect(server.seen).toHaveLength(0);
  });
});

describe('wolkvox as it behaves (field notes)', () => {
  const day = { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-01-01T23:59:59Z') };

  it('reads the error flag as a string: null, "", "false", "0" mean no error; data may be a single row', () => {
    for (const error of [null, '', 'false', '0', 'False', false]) {
      expect(parseSessions({ code: '200', error, msg: '1 records were found', data: [session('1', '2024-01-01 10:00:00')] })).toHaveLength(1);
    }
    expect(parseSessions({ code: '200', error: 'false', data: session('7', '2024-01-01 10:00:00') })).toMatchObject([{ agentId: '7' }]);
    expect(parseSessions({ code: '200', error: 'false', data: { '0': session('1', '2024-01-01 10:00:00'), '1': session('2', '2024-01-01 11:00:00') } })).toHaveLength(2);
    expect(() => parseSessions({ code: '200', error: 'true', msg: 'License limit reached' })).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });

  it('a window without records answered 404 blaming the dates is an empty report; other 404s are errors', async () => {
    const { client } = await setup((req, res) =>
      req.url.searchParams.get('date_ini')!.startsWith('2024')
        ? json(res, { code: '404', error: 'No records were found, please validate the dates', msg: null, data: [] }, 404)
        : json(res, { code: '404', error: 'Report not available on this server', data: [] }, 404),
    );
    expect(await client.listCobrowsingSessions(day)).toEqual([]);
    const e = (await caught(() => client.listCobrowsingSessions({ from: new Date('2023-01-01Z'), to: new Date('2023-01-02Z') }))) as VendorError;
    expect(e).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('identical windows within the 5-minute cadence are answered from one call', async () => {
    const { client, server } = await setup((_req, res) => json(res, { code: '200', error: null, data: [session('1', '2024-01-01 10:00:00')] }));
    const a = await client.listCobrowsingSessions(day);
    const b = await client.listCobrowsingSessions(day);
    await Promise.all([client.listCobrowsingSessions(day), client.listCobrowsingSessions(day)]);
    expect(b).toEqual(a);
    expect(server.seen).toHaveLength(1);
    await client.listCobrowsingSessions({ from: day.from, to: new Date('2024-01-02T00:00:00Z') }); // another window
    expect(server.seen).toHaveLength(2);
  });

  it('counts the daily token budget, shows it in health, and refuses a call beyond it without calling', async () => {
    const { client, server } = await setup((_req, res) => json(res, { code: '200', data: [] }), { dailyTokens: 2, cadenceMs: 0 });
    await client.listCobrowsingSessions(day);
    await client.listCobrowsingSessions({ ...day, to: new Date('2024-01-01T23:00:00Z') });
    expect(client.health()).toMatchObject({ callsToday: 2, dailyCallBudget: 2 });
    const e = (await caught(() => client.listCobrowsingSessions({ ...day, to: new Date('2024-01-01T22:00:00Z') }))) as VendorError;
    expect(e).toMatchObject({ code: 'RATE_LIMITED', detail: 'DAILY_TOKEN_BUDGET' });
    expect(e.retryAfterSeconds).toBeGreaterThan(0);
    expect(e.retryAfterSeconds).toBeLessThanOrEqual(86_400);
    expect(server.seen).toHaveLength(2);
  });

  it('a window at the 60,000-record cap is split in halves until each part is under it', async () => {
    const { client, server } = await setup((req, res) => {
      const ini = req.url.searchParams.get('date_ini')!;
      const end = req.url.searchParams.get('date_end')!;
      // Wider than 6 hours: the vendor stops at its cap.
      const wide = Number(end) - Number(ini) > 60_000;
      const n = wide ? 60_000 : 10;
      const d = `${ini.slice(0, 4)}-${ini.slice(4, 6)}-${ini.slice(6, 8)} ${ini.slice(8, 10)}:${ini.slice(10, 12)}:${ini.slice(12, 14)}`;
      json(res, { code: '200', error: null, data: Array.from({ length: n }, (_, i) => session(String(i), d)) });
    }, { cadenceMs: 0, timeoutMs: 30_000 });
    // The whole day [Jan 1, Jan 2): `to` is exclusive, so the vendor is asked up to 23:59:59.
    const rows = await client.listCobrowsingSessions({ from: day.from, to: new Date('2024-01-02T00:00:00Z') });
    const calls = server.seen.map((s) => [s.url.searchParams.get('date_ini'), s.url.searchParams.get('date_end')]);
    expect(calls[0]).toEqual(['20240101000000', '20240101235959']);
    const leaves = server.seen.filter((s) => Number(s.url.searchParams.get('date_end')) - Number(s.url.searchParams.get('date_ini')) <= 60_000);
    expect(leaves.length).toBeGreaterThanOrEqual(4);
    expect(rows).toHaveLength(leaves.length * 10);
    expect(server.maxInFlight()).toBeLessThanOrEqual(2);
  }, 60_000);

  it('an answer too large to read splits the window instead of being retried', async () => {
    const { client, server } = await setup((req, res) => {
      const wide = Number(req.url.searchParams.get('date_end')) - Number(req.url.searchParams.get('date_ini')) > 120_000;
      json(res, { code: '200', error: null, data: [session('1', '2024-01-01 10:00:00')], pad: wide ? 'x'.repeat(2 * 1024 * 1024) : '' });
    }, { cadenceMs: 0, maxBodyBytes: 1024 * 1024 });
    const rows = await client.listCobrowsingSessions(day);
    expect(server.seen.length).toBeGreaterThanOrEqual(3);
    expect(rows.length).toBe(server.seen.length - server.seen.filter((s) => Number(s.url.searchParams.get('date_end')) - Number(s.url.searchParams.get('date_ini')) > 120_000).length);
  });

  it('halve splits whole seconds without overlap', () => {
    const [a, b] = halve(day)!;
    expect(a.from).toEqual(day.from);
    expect(b.from.getTime()).toBe(a.to.getTime() + 1000);
    expect(b.to).toEqual(day.to);
    expect(halve({ from: day.from, to: day.from })).toBeNull();
  });
});

/**
 * A vendor that works 10 s on every call, whether or not the caller is still there: its own count of calls in
 * progress is what the 2-per-token rule is about.
 */
async function slowVendor(workMs: number) {
  let working = 0;
  let max = 0;
  let calls = 0;
  const starts: number[] = [];
  const srv = createServer((req, res) => {
    calls++;
    starts.push(Date.now());
    working++;
    max = Math.max(max, working);
    setTimeout(() => {
      working--;
      if (!res.destroyed) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: '200', error: null, data: [] }));
      }
    }, workMs);
    req.resume();
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    baseUrl: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
    max: () => max,
    calls: () => calls,
    starts,
    close: () => new Promise<void>((r) => { srv.closeAllConnections(); srv.close(() => r()); }),
  };
}

describe('the token never has a third call in flight, counting abandoned ones', () => {
  it('a vendor answering after 10 s, our deadline 1 s, retries on: the vendor never works on more than 2 calls', async () => {
    const vendor = await slowVendor(10_000);
    const c = new WolkvoxClient({ baseUrl: vendor.baseUrl, token: TOKEN, timeoutMs: 1000, retries: 3, backoffInitialMs: 10, backoffMaxMs: 20, failureGapMs: 100, callLimitMs: 10_000, maxTotalMs: 25_000, cadenceMs: 0 });
    try {
      // Five different windows at once, each retried after timing out.
      const windows = Array.from({ length: 5 }, (_, i) => ({ from: new Date(Date.UTC(2024, 0, 1 + i)), to: new Date(Date.UTC(2024, 0, 1 + i, 12)) }));
      const results = await Promise.allSettled(windows.map((w) => c.listCobrowsingSessions(w)));
      expect(results.every((r) => r.status === 'rejected')).toBe(true);
      expect(vendor.calls()).toBeGreaterThanOrEqual(2);
      expect(vendor.max()).toBeLessThanOrEqual(2);
      // A caller that gives up does not free the slot either.
      const ac = new AbortController();
      const gone = c.listCobrowsingSessions({ from: new Date('2024-02-01Z'), to: new Date('2024-02-02Z') }, { signal: ac.signal });
      setTimeout(() => ac.abort(), 100);
      await gone.catch(() => undefined);
      expect(vendor.max()).toBeLessThanOrEqual(2);
    } finally {
      await c.close();
      await vendor.close();
    }
  }, 60_000);

  it('two instances sharing the token through Redis never put more than 2 in flight; a failed poll makes no 3 calls within 0.5 s', async (ctx) => {
    if (!(await redisReachable())) ctx.skip();
    const vendor = await slowVendor(2_000);
    const prefix = `test:gate:${process.pid}:${Date.now()}:`;
    const make = () =>
      new WolkvoxClient({ baseUrl: vendor.baseUrl, token: TOKEN, timeoutMs: 500, retries: 2, backoffInitialMs: 10, backoffMaxMs: 20, callLimitMs: 2_000, cadenceMs: 0, redisUrl: 'redis://127.0.0.1:6379', redisPrefix: prefix });
    const a = make();
    const b = make();
    try {
      const windows = Array.from({ length: 4 }, (_, i) => ({ from: new Date(Date.UTC(2024, 0, 1 + i)), to: new Date(Date.UTC(2024, 0, 1 + i, 12)) }));
      await Promise.allSettled([...windows.map((w) => a.listCobrowsingSessions(w)), ...windows.map((w) => b.listCobrowsingSessions(w))]);
      expect(vendor.max()).toBeLessThanOrEqual(2);
      // No three call starts within 0.5 s on the token (the default 1.5 s pause after a failure).
      const s = [...vendor.starts].sort((x, y) => x - y);
      for (let i = 2; i < s.length; i++) expect(s[i]! - s[i - 2]!).toBeGreaterThanOrEqual(500);
    } finally {
      await a.close();
      await b.close();
      await vendor.close();
    }
  }, 60_000);
});

describe('against the simulator', () => {
  it('a window without sessions is a 404 blaming the dates, read as an empty list', async () => {
    const { startSimulator } = await import('../../src/simulator/index.js');
    const sim = await startSimulator({ seed: 3, agents: 5, queues: 2, autoTick: false });
    const c = new WolkvoxClient({ baseUrl: sim.baseUrls.wolkvox, token: sim.credentials.wolkvox.token, timeoutMs: 5000, retries: 0 });
    try {
      const now = sim.now().getTime();
      // Ahead of the simulated clock nothing has ended yet.
      const future = { from: new Date(now + 86_400_000), to: new Date(now + 2 * 86_400_000) };
      expect(await c.listCobrowsingSessions(future)).toEqual([]);
      expect(sim.counters.total('wolkvox')).toBe(1);
      // A week always holds weekdays (a weekend alone may have no sessions).
      const past = await c.listCobrowsingSessions({ from: new Date(now - 7 * 86_400_000), to: new Date(now) });
      expect(past.length).toBeGreaterThan(0);
    } finally {
      await c.close();
      await sim.close();
    }
  });
});
