/**
 * Issue 21 items 3, 6 and 11 on the real gateway and schema (the simulator behind it): role-less tokens are
 * refused on every transport before any work, SSE streams end when the token expires, /metrics and GraphiQL are
 * not open when client auth is on, operation-name labels are bounded, over-long tokens are refused, and the
 * federation SDL with introspection off.
 */
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';

const JWT_SECRET = 'gateway-test-secret-of-at-least-32-bytes';
const METRICS_TOKEN = 'metrics-scrape-token-0123456789';
const key = new TextEncoder().encode(JWT_SECRET);
const nowS = () => Math.floor(Date.now() / 1000);

async function token(claims: Record<string, unknown>, { exp = nowS() + 600, iat = nowS() as number | null } = {}) {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').setExpirationTime(exp);
  if (iat !== null) jwt = jwt.setIssuedAt(iat);
  return jwt.sign(key);
}
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const codes = (body: { errors?: Array<{ extensions?: { code?: string } }> }) => (body.errors ?? []).map((e) => e.extensions?.code);

const AUTH_ENV = { CCGRAPH_JWT_SECRET: JWT_SECRET, CCGRAPH_JWT_CLOCK_TOLERANCE_S: '0', CCGRAPH_METRICS_TOKEN: METRICS_TOKEN, CCGRAPH_GRAPHIQL: 'true' };

/** The close code of a graphql-ws connection that sends `connection_init` with these params, then subscribes. */
function wsOutcome(url: string, params: Record<string, unknown>): Promise<{ code: number; messages: any[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    const messages: any[] = [];
    ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: params })));
    ws.on('message', (d) => {
      const m = JSON.parse(String(d));
      messages.push(m);
      if (m.type === 'connection_ack') {
        ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { agentStatusChanged { kind } }' } }));
      }
      if (m.type === 'next') ws.close(1000);
    });
    ws.once('close', (code) => resolve({ code, messages }));
    ws.once('error', reject);
  });
}

/** Reads an SSE response to its end (or `ms`), returning the raw text. */
async function readSse(res: Response, ms: number): Promise<{ text: string; ended: boolean }> {
  const reader = res.body!.getReader();
  let text = '';
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const r = await Promise.race([reader.read(), new Promise<null>((ok) => setTimeout(() => ok(null), deadline - Date.now()))]);
    if (r === null) break;
    if (r.done) return { text, ended: true };
    text += new TextDecoder().decode(r.value);
  }
  await reader.cancel().catch(() => undefined);
  return { text, ended: false };
}

describe('client auth on: the real gateway', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: AUTH_ENV });
  });
  afterAll(async () => {
    await stack.close();
  });

  const sse = (headers: Record<string, string>, query = 'subscription { agentStatusChanged { kind sequence } }') =>
    fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
      body: JSON.stringify({ query }),
    });

  it('a token with no known role (roles: [], none, unknown) is refused on HTTP, SSE and graphql-ws, and polls nothing', async () => {
    stack.sim.counters.reset();
    for (const claims of [{ roles: [] }, {}, { roles: ['guest', 'superuser'] }, { role: 'root' }]) {
      const t = await token(claims);
      const q = await stack.run('{ agents(first: 5) { nodes { name } } queues { nodes { name } } }', undefined, bearer(t));
      expect(q.status).toBe(403);
      expect(codes(q.body)).toEqual(['FORBIDDEN']);
      expect(q.body.data).toBeUndefined();

      const s = await sse(bearer(t));
      expect(s.status).toBe(403);
      const events = (await s.text()).split('\n').filter((l) => l.startsWith('data: {'));
      expect(events.map((l) => codes(JSON.parse(l.slice(6))))).toEqual([['FORBIDDEN']]);

      const w = await wsOutcome(stack.url, bearer(t));
      expect(w.code).toBe(4403);
      expect(w.messages.filter((m) => m.type === 'next')).toEqual([]);
    }
    // Refused before anything registered with the poller or resolvers ran.
    await new Promise((r) => setTimeout(r, 200));
    expect(stack.sim.counters.total()).toBe(0);
  });

  it('a viewer reads and subscribes on every transport', async () => {
    const t = await token({ roles: ['viewer'] });
    const q = await stack.run('{ vendors { vendor } }', undefined, bearer(t));
    expect(q.status).toBe(200);
    expect(q.body.errors).toBeUndefined();
    const w = await wsOutcome(stack.url, bearer(t));
    expect(w.messages.some((m) => m.type === 'next')).toBe(true);
  });

  it('an SSE subscription ends at the token expiry with a final coded error event', async () => {
    const t = await token({ roles: ['viewer'] }, { exp: nowS() + 3 });
    const started = Date.now();
    const res = await sse(bearer(t));
    expect(res.status).toBe(200);
    const { text, ended } = await readSse(res, 10_000);
    expect(ended).toBe(true);
    expect(Date.now() - started).toBeLessThan(6_000);
    const events = text
      .split('\n\n')
      .filter((e) => e.startsWith('event: next'))
      .map((e) => JSON.parse(e.slice(e.indexOf('data: ') + 6)));
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events[0].data.agentStatusChanged.kind).toBe('SNAPSHOT');
    expect(events.at(-1)).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(text).toContain('event: complete');
  }, 15_000);

  it('tokens beyond the maximum lifetime (default 24 h) are refused; shorter ones pass', async () => {
    const long = await token({ roles: ['admin'] }, { exp: nowS() + 2 * 86_400 });
    const r1 = await stack.run('{ vendors { vendor } }', undefined, bearer(long));
    expect(r1.status).toBe(401);
    expect(codes(r1.body)).toEqual(['UNAUTHENTICATED']);
    const noIat = await token({ roles: ['admin'] }, { exp: nowS() + 30 * 86_400, iat: null });
    expect((await stack.run('{ vendors { vendor } }', undefined, bearer(noIat))).status).toBe(401);
    const w = await wsOutcome(stack.url, bearer(long));
    expect(w.code).toBe(4403);
    const ok = await token({ roles: ['admin'] }, { exp: nowS() + 3_600 });
    expect((await stack.run('{ vendors { vendor } }', undefined, bearer(ok))).status).toBe(200);
  });

  it('/metrics needs the metrics token or an admin credential', async () => {
    expect((await fetch(`${stack.url}/metrics`)).status).toBe(401);
    const viewer = await fetch(`${stack.url}/metrics`, { headers: bearer(await token({ roles: ['viewer'] })) });
    expect(viewer.status).toBe(403);
    expect(codes((await viewer.json()) as any)).toEqual(['FORBIDDEN']);
    expect((await fetch(`${stack.url}/metrics`, { headers: bearer('not-the-metrics-token-xxxxxx') })).status).toBe(401);
    const scraper = await fetch(`${stack.url}/metrics`, { headers: bearer(METRICS_TOKEN) });
    expect(scraper.status).toBe(200);
    expect(await scraper.text()).toContain('ccgraph_vendor_requests_total');
    const admin = await fetch(`${stack.url}/metrics`, { headers: bearer(await token({ roles: ['admin'] })) });
    expect(admin.status).toBe(200);
  });

  it('GraphiQL is served only to authenticated callers', async () => {
    const anonymous = await fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).not.toContain('text/html');
    expect(codes((await anonymous.json()) as any)).toEqual(['UNAUTHENTICATED']);
    const roleless = await fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html', ...bearer(await token({ roles: [] })) } });
    expect(roleless.status).toBe(403);
    await roleless.body?.cancel();
    const viewer = await fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html', ...bearer(await token({ roles: ['viewer'] })) } });
    expect(viewer.status).toBe(200);
    expect(viewer.headers.get('content-type')).toContain('text/html');
    await viewer.body?.cancel();
  });

  it('operation-name labels are bounded: past 100 distinct names, the rest count as `other`', async () => {
    const t = await token({ roles: ['viewer'] });
    for (let i = 0; i < 150; i++) {
      const r = await stack.run(`query Op${i} { __typename }`, undefined, bearer(t));
      expect(r.status).toBe(200);
    }
    const text = await (await fetch(`${stack.url}/metrics`, { headers: bearer(METRICS_TOKEN) })).text();
    const names = new Set([...text.matchAll(/operationName="([^"]*)"/g)].map((m) => m[1]));
    expect(names.size).toBeLessThanOrEqual(101);
    expect(names.has('other')).toBe(true);
    expect(names.has('Op149')).toBe(false);
  });
});

describe('federation with introspection off', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { ...AUTH_ENV, CCGRAPH_FEDERATION: 'true', CCGRAPH_INTROSPECTION: 'false' } });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('`_service { sdl }` still answers the subgraph SDL to authenticated callers (a router needs it); `__schema` does not', async () => {
    const t = await token({ roles: ['viewer'] });
    const sdl = await stack.run('{ _service { sdl } }', undefined, bearer(t));
    expect(sdl.status).toBe(200);
    expect(sdl.body.data._service.sdl).toContain('type Agent');
    const intro = await stack.run('{ __schema { types { name } } }', undefined, bearer(t));
    expect(codes(intro.body)).toEqual(['INTROSPECTION_DISABLED']);
    const anonymous = await stack.run('{ _service { sdl } }');
    expect(anonymous.status).toBe(401);
  });
});
