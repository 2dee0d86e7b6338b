// The connector's share window: an identical GET answered a moment ago is reused only by callers that ask for it
// (`sharedSince`), only if it arrived at or after their floor, only inside the window, never after a write, never
// when it failed.
import { describe, expect, it } from 'vitest';
import { VendorHttp, WriteClock } from '../../src/vendors/http/index.js';
import { json, sleep, vendorHttpSetup, type Handler, type TestServer } from '../vendors/helpers.js';

// One server per test: a second setup in a test adds a client on the same server.
const { setup } = vendorHttpSetup({ vendor: 'sinch', timeoutMs: 1000, retries: 0 }, { oneServer: true });

/** Answers every GET with a counter, so a reused answer is visible. */
const counting = (): Handler => {
  let n = 0;
  return (req, res) => (req.method === 'GET' ? json(res, [{ n: ++n }]) : json(res, {}));
};
const list = (b: unknown) => b as Array<{ n: number }>;
const get = (http: VendorHttp, sharedSince?: number, path = '/things') =>
  http.get({ endpoint: `GET ${path}`, path, parse: list, sharedSince });
const gets = (s: TestServer) => s.seen.filter((r) => r.method === 'GET').length;

describe('share window of finished GETs', () => {
  it('hands a just-finished answer to a caller whose floor it meets, as a fresh top-level array', async () => {
    const { http, server } = await setup(counting());
    const first = await get(http, 0);
    const second = await get(http, 0);
    expect(gets(server)).toBe(1);
    expect(second).toEqual([{ n: 1 }]);
    expect(second).not.toBe(first);
    second.push({ n: 99 });
    expect(await get(http, 0)).toEqual([{ n: 1 }]);
  });

  it('never hands it to a caller whose floor is later than its arrival, nor to one that does not ask', async () => {
    const { http, server } = await setup(counting());
    await get(http, 0);
    await sleep(2);
    expect(await get(http, Date.now())).toEqual([{ n: 2 }]);
    expect(await get(http)).toEqual([{ n: 3 }]);
    expect(gets(server)).toBe(3);
  });

  it('never serves an answer older than the window', async () => {
    const { http, server } = await setup(counting(), { resultShareMs: 30 });
    await get(http, 0);
    await sleep(60);
    expect(await get(http, 0)).toEqual([{ n: 2 }]);
    expect(gets(server)).toBe(2);
  });

  it('is off with resultShareMs 0 (calls in flight are still shared)', async () => {
    const { http, server } = await setup(counting(), { resultShareMs: 0 });
    await get(http, 0);
    await get(http, 0);
    expect(gets(server)).toBe(2);
    const [a, b] = await Promise.all([get(http, 0), get(http, 0)]);
    expect(a).toEqual(b);
    expect(gets(server)).toBe(3);
  });

  it('keys by endpoint and path: a different resource is fetched', async () => {
    const { http, server } = await setup(counting());
    await get(http, 0, '/a');
    await get(http, 0, '/b');
    expect(gets(server)).toBe(2);
  });

  it('never keeps a failure', async () => {
    let fail = true;
    const { http, server } = await setup((_req, res) => (fail ? json(res, { error: 'boom' }, 500) : json(res, [{ n: 7 }])));
    await expect(get(http, 0)).rejects.toMatchObject({ code: 'SERVER_ERROR' });
    fail = false;
    expect(await get(http, 0)).toEqual([{ n: 7 }]);
    expect(gets(server)).toBe(2);
  });

  it('forgets every answer when a write starts, on every vendor of the gateway (one contact center)', async () => {
    const writes = new WriteClock(); // one per gateway (createConnectors)
    const { http, server } = await setup(counting(), { writes });
    const other = (await setup(counting(), { writes })).http;
    await get(http, 0);
    await get(other, 0, '/other');
    await http.write({ endpoint: 'PUT /things', method: 'PUT', path: '/things', body: { x: 1 } });
    // One server behind both clients: its counter is shared.
    expect(await get(http, 0)).toEqual([{ n: 3 }]);
    await get(other, 0, '/other');
    expect(gets(server)).toBe(4);
  });

  it('never keeps an answer read while a write was under way, and later GETs do not join it', async () => {
    let releaseGet!: () => void;
    let n = 0;
    const { http, server } = await setup(async (req, res) => {
      if (req.method !== 'GET') return json(res, {});
      const mine = ++n;
      if (mine === 1) await new Promise<void>((r) => (releaseGet = r));
      json(res, [{ n: mine }]);
    });
    const early = get(http, 0);
    await waitFor(() => gets(server) === 1);
    await http.write({ endpoint: 'PUT /things', method: 'PUT', path: '/things', body: {} });
    // Issued after the write: must not join the GET started before it.
    const late = get(http, 0);
    await waitFor(() => gets(server) === 2);
    releaseGet();
    expect(await early).toEqual([{ n: 1 }]);
    expect(await late).toEqual([{ n: 2 }]);
    // The pre-write answer finished last-but-one; neither it nor anything older is served now.
    expect(await get(http, 0)).toEqual([{ n: 2 }]);
    expect(gets(server)).toBe(2);
  });
});

async function waitFor(cond: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not reached');
    await sleep(2);
  }
}
