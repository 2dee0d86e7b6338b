import { describe, expect, it, vi } from 'vitest';
import { VendorError } from '../../src/domain/errors.js';
import {
  VendorHttp,
  VendorReportedError,
  WriteClock,
  buildQuery,
  chunkJoined,
  parseRetryAfter,
  redactText,
  redactUrl,
} from '../../src/vendors/http/index.js';
import { caught, json, sleep, vendorHttpSetup } from './helpers.js';

const SECRET = 'S3cr3t-Key-xyz';
const { setup, client } = vendorHttpSetup({
  vendor: 'sinch',
  timeoutMs: 1000,
  retries: 2,
  backoffInitialMs: 10,
  backoffMaxMs: 20,
  secrets: [SECRET],
});

const list = (b: unknown) => b as unknown[];
const getList = (http: VendorHttp, query: Record<string, string> = {}, signal?: AbortSignal) =>
  http.get({ endpoint: 'GET /things', path: '/things', query, parse: list, signal });

function assertNoSecret(e: unknown) {
  expect(e).toBeInstanceOf(VendorError);
  const err = e as VendorError;
  expect(JSON.stringify(err)).not.toContain(SECRET);
  expect(err.message).not.toContain(SECRET);
  expect(String(err.vendorMessage ?? '')).not.toContain(SECRET);
  expect(err.message).not.toMatch(/https?:\/\//);
}

describe('helpers', () => {
  it('redactUrl masks credential parameters, userinfo and configured secrets', () => {
    const u = redactUrl(`http://u:pw@h/api/Account.php?user=bob&apiKey=${SECRET}&c=getAllAgents`, [SECRET]);
    expect(u).not.toContain(SECRET);
    expect(u).not.toContain('pw');
    expect(u).toContain('c=getAllAgents');
    expect(u).toContain('user=bob');
    expect(redactUrl(`/api/cc_agent/checkIn?user_id=7&api_key=${SECRET}`)).not.toContain(SECRET);
    expect(redactUrl(`/x?note=${encodeURIComponent(SECRET)}`, [SECRET])).not.toContain(SECRET);
  });

  it('redactText masks secrets and truncates', () => {
    const t = redactText(`bad key ${SECRET} ${'x'.repeat(500)}`, [SECRET]);
    expect(t).not.toContain(SECRET);
    expect(t.length).toBeLessThanOrEqual(200);
  });

  it('buildQuery keeps PHP array brackets and encodes values', () => {
    expect(buildQuery({ 'a[]': ['x', 'y z'], b: 1, c: undefined })).toBe('?a[]=x&a[]=y%20z&b=1');
    expect(buildQuery({})).toBe('');
  });

  it('parseRetryAfter reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 5_000)).toBe(5);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('chunkJoined keeps each chunk under the limit', () => {
    const ids = Array.from({ length: 500 }, (_, i) => `${i}`.padStart(32, 'A'));
    const chunks = chunkJoined(ids, 1000);
    expect(chunks.flat()).toEqual(ids);
    for (const c of chunks) expect(c.join(',').length).toBeLessThanOrEqual(1000);
  });
});

describe('VendorHttp reads', () => {
  it('sends headers and the base path, and reports each attempt', async () => {
    const { http, events, server } = await setup((_req, res) => json(res, [1, 2]), { headers: { accept: 'application/json' } });
    expect(await getList(http, { a: '1' })).toEqual([1, 2]);
    expect(server.seen[0]?.url.pathname).toBe('/base/things');
    expect(server.seen[0]?.url.searchParams.get('a')).toBe('1');
    expect(server.seen[0]?.headers.accept).toBe('application/json');
    expect(events).toEqual([
      expect.objectContaining({ vendor: 'sinch', endpoint: 'GET /things', method: 'GET', status: 200, attempt: 1 }),
    ]);
    const h = http.health();
    expect(h).toMatchObject({ vendor: 'sinch', configured: true, reachable: true, lastErrorCode: null, circuit: 'CLOSED' });
    expect(h.lastSuccessAt).toBeInstanceOf(Date);
  });

  it('retries a 503 and then succeeds', async () => {
    let n = 0;
    const { http, events, server } = await setup((_req, res) => (++n === 1 ? json(res, 'down', 503) : json(res, ['ok'])));
    expect(await getList(http)).toEqual(['ok']);
    expect(server.seen).toHaveLength(2);
    expect(events.map((e) => [e.attempt, e.status, e.errorCode])).toEqual([
      [1, 503, 'SERVER_ERROR'],
      [2, 200, undefined],
    ]);
  });

  it('gives up after the configured retries with SERVER_ERROR', async () => {
    const { http, server } = await setup((_req, res) => json(res, 'down', 500));
    const e = (await caught(() => getList(http))) as VendorError;
    expect(e.code).toBe('SERVER_ERROR');
    expect(e.status).toBe(500);
    expect(e.endpoint).toBe('GET /things');
    expect(server.seen).toHaveLength(3);
    expect(http.health()).toMatchObject({ reachable: false, lastErrorCode: 'SERVER_ERROR' });
  });

  it('honours Retry-After on 429 before retrying', async () => {
    let n = 0;
    const { http, server } = await setup(
      (_req, res) => (++n === 1 ? json(res, 'slow down', 429, { 'retry-after': '1' }) : json(res, ['ok'])),
      { timeoutMs: 2000 },
    );
    expect(await getList(http)).toEqual(['ok']);
    expect(server.seen).toHaveLength(2);
    const gap = server.seen[1]!.at - server.seen[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(950);
  });

  it('a retry that wakes a few ms before the Retry-After ends by the wall clock still goes, and health shows no backoff', async () => {
    // libuv times the retry from a loop time a busy turn left stale; here the wall clock runs 30 ms behind instead.
    const realNow = Date.now.bind(Date);
    let behind = 0;
    const now = vi.spyOn(Date, 'now').mockImplementation(() => realNow() - behind);
    try {
      let n = 0;
      const { http, server } = await setup(
        (_req, res) => {
          if (++n > 1) return json(res, ['ok']);
          setTimeout(() => (behind = 30), 500);
          json(res, 'slow down', 429, { 'retry-after': '1' });
        },
        { timeoutMs: 2000 },
      );
      expect(await getList(http)).toEqual(['ok']);
      expect(server.seen).toHaveLength(2);
      // Health agrees with the calls: the few ms of slack they ignore are no backoff.
      expect(http.health().backoffSeconds).toBeUndefined();
    } finally {
      now.mockRestore();
    }
  });

  it('does not wait for a Retry-After beyond the total budget', async () => {
    const { http, server } = await setup((_req, res) => json(res, 'later', 429, { 'retry-after': '120' }));
    const started = Date.now();
    const e = (await caught(() => getList(http))) as VendorError;
    expect(Date.now() - started).toBeLessThan(500);
    expect(e.code).toBe('RATE_LIMITED');
    expect(e.retryAfterSeconds).toBe(120);
    expect(server.seen).toHaveLength(1);
  });

  it('times out a slow vendor and retries within the budget', async () => {
    const { http, server } = await setup(async (_req, res) => {
      await sleep(2000);
      if (!res.destroyed) json(res, []);
    }, { timeoutMs: 300, retries: 1, maxTotalMs: 3000 });
    const started = Date.now();
    const e = (await caught(() => getList(http))) as VendorError;
    expect(e.code).toBe('TIMEOUT');
    expect(server.seen).toHaveLength(2);
    // Two 300 ms attempts, not the server's 2 s.
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('maps a body that is not JSON to MALFORMED_RESPONSE without retrying', async () => {
    const { http, server } = await setup((_req, res) => json(res, '{"broken": '));
    const e = (await caught(() => getList(http))) as VendorError;
    expect(e.code).toBe('MALFORMED_RESPONSE');
    expect(server.seen).toHaveLength(1);
  });

  it('maps statuses: 401 UNAUTHORIZED, 404 NOT_FOUND (or notFound value), 400 BAD_REQUEST with a redacted vendor message', async () => {
    const { http } = await setup((req, res) => {
      const s = Number(req.url.searchParams.get('s'));
      json(res, s === 400 ? `Invalid GUID for key ${SECRET}` : 'no', s);
    });
    expect(((await caught(() => getList(http, { s: '401' }))) as VendorError).code).toBe('UNAUTHORIZED');
    expect(((await caught(() => getList(http, { s: '404' }))) as VendorError).code).toBe('NOT_FOUND');
    const nf = await http.get({ endpoint: 'GET /x/{id}', path: '/x/1', query: { s: '404' }, parse: () => 'found', notFound: () => null });
    expect(nf).toBeNull();
    const bad = (await caught(() => getList(http, { s: '400' }))) as VendorError;
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.vendorMessage).toContain('Invalid GUID');
    assertNoSecret(bad);
  });

  it('turns vendor-reported failures into VendorError with a redacted message', async () => {
    const { http } = await setup((_req, res) => json(res, { error: `key ${SECRET} refused` }));
    const e = (await caught(() =>
      http.get({
        endpoint: 'GET /things',
        path: '/things',
        parse: (b) => {
          throw new VendorReportedError('UNAUTHORIZED', (b as { error: string }).error);
        },
      }),
    )) as VendorError;
    expect(e.code).toBe('UNAUTHORIZED');
    expect(e.vendorMessage).toContain('[redacted]');
    assertNoSecret(e);
  });

  it('reports NETWORK when nothing listens', async () => {
    const { http, server } = await setup((_req, res) => json(res, []), { retries: 0 });
    await server.close();
    const e = (await caught(() => getList(http))) as VendorError;
    expect(e.code).toBe('NETWORK');
    expect(http.health().reachable).toBe(false);
  });
});

describe('VendorHttp sharing and limits', () => {
  it('shares identical concurrent GETs: 50 callers, 1 request', async () => {
    const { http, server } = await setup(async (_req, res) => {
      await sleep(50);
      json(res, [1, 2, 3]);
    });
    const results = await Promise.all(Array.from({ length: 50 }, () => getList(http)));
    expect(server.seen).toHaveLength(1);
    for (const r of results) expect(r).toEqual([1, 2, 3]);
    // Each caller gets its own top-level array.
    results[0]!.push(4);
    expect(results[1]).toEqual([1, 2, 3]);
    // Different queries are different requests; a later call is a new request.
    await Promise.all([getList(http, { a: '1' }), getList(http, { a: '2' })]);
    await getList(http);
    expect(server.seen).toHaveLength(4);
  });

  it('lets one sharer leave without cancelling the others; cancels the request when all leave', async () => {
    let closed = 0;
    const { http, server } = await setup(async (_req, res) => {
      res.on('close', () => closed++);
      await sleep(150);
      if (!res.destroyed) json(res, ['ok']);
    }, { timeoutMs: 1000 });
    const ac = new AbortController();
    const leaving = getList(http, {}, ac.signal);
    const staying = getList(http);
    setTimeout(() => ac.abort(), 20);
    const e = (await caught(() => leaving)) as VendorError;
    expect(e.code).toBe('TIMEOUT');
    expect(e.message).toMatch(/cancelled/);
    expect(await staying).toEqual(['ok']);
    expect(server.seen).toHaveLength(1);

    const ac2 = new AbortController();
    const alone = getList(http, { b: '1' }, ac2.signal);
    setTimeout(() => ac2.abort(), 20);
    await caught(() => alone);
    await sleep(50);
    expect(closed).toBeGreaterThanOrEqual(2);
    // A caller's cancellation is not the vendor's fault.
    expect(http.health().lastErrorCode).toBeNull();
  });

  it('a caller that left before its call started leaves no promise rejected unhandled (seen as CI failures)', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { http } = await setup(async (_req, res) => {
        await sleep(30);
        if (!res.destroyed) json(res, 'down', 503);
      }, { retries: 3, backoffInitialMs: 40, backoffMaxMs: 40 });
      const gone = AbortSignal.abort();
      expect(((await caught(() => getList(http, { a: '1' }, gone))) as VendorError).message).toMatch(/cancelled/);
      const write = http.write({ endpoint: 'PUT /things/{id}', method: 'PUT', path: '/things/1', body: {}, signal: gone });
      expect(((await caught(() => write)) as VendorError).message).toMatch(/cancelled/);
      // Left during the back-off between attempts.
      const ac = new AbortController();
      const retrying = getList(http, { b: '1' }, ac.signal);
      setTimeout(() => ac.abort(), 45);
      await caught(() => retrying);
      await sleep(150);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('keeps at most maxConcurrent requests in flight', async () => {
    const { http, server } = await setup(async (_req, res) => {
      await sleep(40);
      json(res, []);
    }, { maxConcurrent: 2, timeoutMs: 2000 });
    await Promise.all(Array.from({ length: 7 }, (_, i) => getList(http, { i: String(i) })));
    expect(server.seen).toHaveLength(7);
    expect(server.maxInFlight()).toBe(2);
  });

  it('time spent queued for a concurrency slot does not count against a call\'s deadline', async () => {
    const { http, server } = await setup(async (_req, res) => {
      await sleep(150);
      json(res, []);
    }, { maxConcurrent: 1, timeoutMs: 400, retries: 0 });
    // The last of 5 waits ~600 ms for its slot, well beyond its 400 ms budget, and must still succeed.
    await Promise.all(Array.from({ length: 5 }, (_, i) => getList(http, { i: String(i) })));
    expect(server.seen).toHaveLength(5);
    expect(server.maxInFlight()).toBe(1);
  });

  it('opens the circuit after consecutive failures, fails fast, then half-opens and closes on success', async () => {
    let healthy = false;
    const { http, server, events } = await setup((_req, res) => (healthy ? json(res, ['ok']) : json(res, 'x', 502)), {
      retries: 0,
      breakerThreshold: 3,
      halfOpenAfterMs: 200,
    });
    for (let i = 0; i < 3; i++) expect(((await caught(() => getList(http, { i: String(i) }))) as VendorError).code).toBe('SERVER_ERROR');
    expect(http.health().circuit).toBe('OPEN');
    const open = (await caught(() => getList(http, { i: 'x' }))) as VendorError;
    expect(open.code).toBe('CIRCUIT_OPEN');
    expect(server.seen).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ errorCode: 'CIRCUIT_OPEN' });
    expect(http.health().lastErrorCode).toBe('CIRCUIT_OPEN');
    await sleep(250);
    expect(http.health().circuit).toBe('HALF_OPEN');
    healthy = true;
    expect(await getList(http, { i: 'y' })).toEqual(['ok']);
    expect(http.health().circuit).toBe('CLOSED');
  });

  it('does not count 4xx answers against the circuit', async () => {
    const { http } = await setup((_req, res) => json(res, 'no', 404), { retries: 0, breakerThreshold: 2 });
    for (let i = 0; i < 4; i++) await caught(() => getList(http, { i: String(i) }));
    expect(http.health().circuit).toBe('CLOSED');
    expect(http.health().reachable).toBe(true);
  });
});

describe('VendorHttp writes', () => {
  it('never retries a write', async () => {
    const { http, server } = await setup((_req, res) => json(res, 'down', 503));
    const e = (await caught(() =>
      http.write({ endpoint: 'PUT /things/{id}', method: 'PUT', path: '/things/1', body: { a: 1 } }),
    )) as VendorError;
    expect(e.code).toBe('SERVER_ERROR');
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(server.seen[0]!.body)).toEqual({ a: 1 });
  });

  it('a write that times out says the outcome is unknown', async () => {
    const { http, server } = await setup(async (_req, res) => {
      await sleep(2000);
      if (!res.destroyed) res.writeHead(204).end();
    }, { timeoutMs: 300 });
    const e = (await caught(() => http.write({ endpoint: 'PUT /things/{id}', method: 'PUT', path: '/things/1', body: {} }))) as VendorError;
    expect(e.code).toBe('TIMEOUT');
    expect(e.message).toMatch(/outcome is unknown/);
    expect(server.seen).toHaveLength(1);
  });

  it('accepts 204 without a body', async () => {
    const { http } = await setup((_req, res) => {
      res.writeHead(204).end();
    });
    await expect(http.write({ endpoint: 'PUT /things/{id}', method: 'PUT', path: '/things/1', body: {} })).resolves.toBeUndefined();
  });

  it('identical concurrent writes are not shared', async () => {
    const { http, server } = await setup(async (_req, res) => {
      await sleep(20);
      res.writeHead(204).end();
    });
    await Promise.all(
      Array.from({ length: 3 }, () => http.write({ endpoint: 'GET /api/act', method: 'GET', path: '/api/act' })),
    );
    expect(server.seen).toHaveLength(3);
  });
});

describe('the write clock belongs to one gateway', () => {
  it('a write ends sharing of reads on connectors with the same clock, never on another gateway’s', async () => {
    const { server } = await setup((_req, res) => json(res, [1]));
    const make = (writes: WriteClock, vendor: 'sinch' | 'ccagent') =>
      client({ vendor, retries: 0, backoffInitialMs: undefined, backoffMaxMs: undefined, secrets: undefined, resultShareMs: 60_000, writes }).http;
    const mine = new WriteClock();
    const reader = make(mine, 'sinch');
    const writer = make(mine, 'ccagent');
    const otherGateway = make(new WriteClock(), 'ccagent');
    const read = () => reader.get({ endpoint: 'GET /things', path: '/things', parse: list, sharedSince: 0 });
    await read();
    await read();
    expect(server.seen).toHaveLength(1); // shared
    await otherGateway.write({ endpoint: 'PUT /x', method: 'PUT', path: '/x' });
    await read();
    expect(server.seen).toHaveLength(2); // the other gateway's write did not end this gateway's sharing
    await writer.write({ endpoint: 'PUT /x', method: 'PUT', path: '/x' });
    await read();
    expect(server.seen).toHaveLength(4); // this gateway's write did
  });
});
