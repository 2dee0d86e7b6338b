/**
 * graphql-ws guards over a real socket (127.0.0.1, port 0), wired the way the composition root should.
 * Raw protocol messages, so the close codes and error payloads are asserted exactly.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { Config } from '../../src/config.js';
import { makeYoga, sha256Hex, testConfig } from './harness.js';

const VIEWER_KEY = 'ws_viewer_key_0d6b2c';
const SUPERVISOR_KEY = 'ws_supervisor_key_77aa1e';
const JWT_SECRET = 'another-shared-secret-32-bytes-or-more';

interface Running {
  url: string;
  server: Server;
  wss: WebSocketServer;
  connectionsFrom: (a: string) => number;
}
const running: Running[] = [];
const sockets: WebSocket[] = [];

async function start(config: Config): Promise<Running> {
  const { yoga, security } = makeYoga(config);
  const server = createServer(yoga);
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: config.limits.maxBodyBytes });
  useServer(
    {
      execute: (args) => (args.rootValue as { execute: (a: ExecutionArgs) => unknown }).execute(args) as never,
      subscribe: (args) => (args.rootValue as { subscribe: (a: ExecutionArgs) => unknown }).subscribe(args) as never,
      onConnect: (ctx) => security.ws.onConnect(ctx),
      onClose: (ctx) => security.ws.onClose(ctx),
      onSubscribe: async (ctx, _id, params) => {
        const refused = security.ws.onSubscribe(ctx);
        if (refused) return refused;
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
        });
        let document;
        try {
          document = parse(params.query);
        } catch (e) {
          return [e as never];
        }
        const errors = validate(schema, document);
        if (errors.length) return errors;
        return {
          schema,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
      },
    },
    wss,
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const r: Running = {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    server,
    wss,
    connectionsFrom: (a) => security.ws.connectionsFrom(a),
  };
  running.push(r);
  return r;
}

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  for (const r of running.splice(0)) {
    r.wss.close();
    r.server.closeAllConnections();
    await new Promise<void>((res) => r.server.close(() => res()));
  }
});

interface Conn {
  ws: WebSocket;
  /** Resolves with 'ack' or the close code. */
  init: Promise<'ack' | number>;
  closed: Promise<{ code: number; reason: string }>;
  messages: Array<{ type: string; id?: string; payload?: any }>;
  next(predicate: (m: { type: string; id?: string; payload?: any }) => boolean): Promise<{ type: string; id?: string; payload?: any }>;
  send(m: unknown): void;
}

function connect(url: string, payload?: Record<string, unknown>, headers?: Record<string, string>): Conn {
  const ws = new WebSocket(url, 'graphql-transport-ws', headers ? { headers } : {});
  sockets.push(ws);
  const messages: Conn['messages'] = [];
  const waiters: Array<{ p: (m: Conn['messages'][number]) => boolean; resolve: (m: Conn['messages'][number]) => void }> = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    messages.push(m);
    for (const w of [...waiters]) {
      if (w.p(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', ...(payload ? { payload } : {}) })));
  const next: Conn['next'] = (p) => {
    const found = messages.find(p);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => waiters.push({ p, resolve }));
  };
  const init = Promise.race([next((m) => m.type === 'connection_ack').then(() => 'ack' as const), closed.then((c) => c.code)]);
  return { ws, init, closed, messages, next, send: (m) => ws.send(JSON.stringify(m)) };
}

const subscribeMsg = (id: string, query: string) => ({ id, type: 'subscribe', payload: { query } });

describe('graphql-ws authentication', () => {
  it('refuses connection_init without or with bad credentials (4403), accepts good ones', async () => {
    const srv = await start(testConfig({ CCGRAPH_API_KEYS: `viewer:${sha256Hex(VIEWER_KEY)},supervisor:${sha256Hex(SUPERVISOR_KEY)}` }));
    expect(await connect(srv.url).init).toBe(4403);
    expect(await connect(srv.url, { authorization: 'Bearer wrong' }).init).toBe(4403);
    expect(await connect(srv.url, { authorization: `Bearer ${VIEWER_KEY}` }).init).toBe('ack');
    expect(await connect(srv.url, { 'x-api-key': VIEWER_KEY }).init).toBe('ack');
    // Non-browser clients may authenticate the upgrade request instead.
    expect(await connect(srv.url, undefined, { 'x-api-key': VIEWER_KEY }).init).toBe('ack');
  });

  it('operations run as the connection’s caller: viewer can read and subscribe, not steer', async () => {
    const srv = await start(testConfig({ CCGRAPH_API_KEYS: `viewer:${sha256Hex(VIEWER_KEY)}` }));
    const c = connect(srv.url, { authorization: `Bearer ${VIEWER_KEY}` });
    expect(await c.init).toBe('ack');
    c.send(subscribeMsg('q', '{ whoami }'));
    expect((await c.next((m) => m.id === 'q' && m.type === 'next')).payload).toEqual({ data: { whoami: 'api-key:api-key-1:viewer' } });
    c.send(subscribeMsg('m', 'mutation { pauseAgent(agentId: "a1") }'));
    const m = await c.next((x) => x.id === 'm' && x.type === 'next');
    expect(m.payload.errors[0].extensions.code).toBe('FORBIDDEN');
    c.send(subscribeMsg('s', 'subscription { ticks }'));
    expect((await c.next((x) => x.id === 's' && x.type === 'next')).payload).toEqual({ data: { ticks: 0 } });
  });

  it('closes the socket when its JWT expires', async () => {
    const srv = await start(testConfig({ CCGRAPH_JWT_SECRET: JWT_SECRET, CCGRAPH_JWT_CLOCK_TOLERANCE_S: '0' }));
    const token = await new SignJWT({ roles: ['viewer'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(Math.floor(Date.now() / 1000) + 2)
      .sign(new TextEncoder().encode(JWT_SECRET));
    const c = connect(srv.url, { authorization: `Bearer ${token}` });
    expect(await c.init).toBe('ack');
    const closed = await c.closed;
    expect(closed).toEqual({ code: 4403, reason: 'Token expired' });
  });
});

describe('graphql-ws limits', () => {
  it('caps connections per client address (4429) and frees the slot on close', async () => {
    const srv = await start(testConfig({ CCGRAPH_MAX_WS_CONNECTIONS_PER_IP: '2' }));
    const a = connect(srv.url);
    const b = connect(srv.url);
    expect(await a.init).toBe('ack');
    expect(await b.init).toBe('ack');
    expect(srv.connectionsFrom('127.0.0.1')).toBe(2);
    const c = connect(srv.url);
    expect(await c.init).toBe(4429);
    expect((await c.closed).reason).toBe('Too many connections from this address');
    a.ws.close();
    await a.closed;
    await expect.poll(() => srv.connectionsFrom('127.0.0.1')).toBe(1);
    expect(await connect(srv.url).init).toBe('ack');
  });

  it('refused handshakes do not hold a slot', async () => {
    const srv = await start(testConfig({ CCGRAPH_MAX_WS_CONNECTIONS_PER_IP: '1', CCGRAPH_API_KEYS: `viewer:${sha256Hex(VIEWER_KEY)}` }));
    for (let i = 0; i < 3; i++) expect(await connect(srv.url, { 'x-api-key': 'bad' }).init).toBe(4403);
    expect(srv.connectionsFrom('127.0.0.1')).toBe(0);
    expect(await connect(srv.url, { 'x-api-key': VIEWER_KEY }).init).toBe('ack');
  });

  it('caps active operations per connection with TOO_MANY_SUBSCRIPTIONS; completing one frees a place', async () => {
    const srv = await start(testConfig({ CCGRAPH_MAX_SUBSCRIPTIONS_PER_CONNECTION: '2' }));
    const c = connect(srv.url);
    expect(await c.init).toBe('ack');
    c.send(subscribeMsg('1', 'subscription { ticks }'));
    c.send(subscribeMsg('2', 'subscription { ticks }'));
    await c.next((m) => m.id === '1' && m.type === 'next');
    await c.next((m) => m.id === '2' && m.type === 'next');
    c.send(subscribeMsg('3', 'subscription { ticks }'));
    const refused = await c.next((m) => m.id === '3' && m.type === 'error');
    expect(refused.payload[0].extensions.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    c.send({ id: '1', type: 'complete' });
    // Once the server has dropped "1", a new subscription fits again.
    await expect
      .poll(async () => {
        const id = `retry-${c.messages.length}`;
        c.send(subscribeMsg(id, 'subscription { ticks }'));
        const m = await c.next((x) => x.id === id && (x.type === 'next' || x.type === 'error'));
        return m.type;
      })
      .toBe('next');
  });

  it('query limits apply over websockets too', async () => {
    const srv = await start(testConfig({ CCGRAPH_MAX_DEPTH: '2' }));
    const c = connect(srv.url);
    expect(await c.init).toBe('ack');
    c.send(subscribeMsg('d', '{ tree { child { child { depth } } } }'));
    const m = await c.next((x) => x.id === 'd' && x.type === 'error');
    expect(m.payload[0].extensions.code).toBe('MAX_DEPTH_EXCEEDED');
  });
});
