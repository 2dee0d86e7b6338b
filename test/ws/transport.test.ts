// The graphql-ws transport (src/ws/transport.ts) on a real ws server: protocol, init wait, keep-alive, handler errors,
// and the direct path for subscribe messages (graphql-ws's rules, followed streams that are never iterated).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, GraphQLError } from 'graphql';
import { createClient } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { serveGraphqlWs, type DirectAnswer, type FollowedStream, type GraphqlWsTimings } from '../../src/ws/transport.js';

const schema = buildSchema('type Query { hello: String } type Subscription { ticks: Int }');
const roots = {
  hello: () => 'world',
  async *ticks() {
    for (let i = 1; i <= 3; i++) yield { ticks: i };
  },
};

let server: Server | undefined;
let wss: WebSocketServer | undefined;
afterEach(async () => {
  for (const c of wss?.clients ?? []) c.terminate();
  wss?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = wss = undefined;
});

async function start(timings: GraphqlWsTimings, extra: Partial<Parameters<typeof serveGraphqlWs>[0]> = {}): Promise<string> {
  server = createServer();
  wss = new WebSocketServer({ server, path: '/graphql' });
  serveGraphqlWs({ schema, roots: { query: roots, subscription: roots } as any, ...extra }, wss, timings);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

const closed = (ws: WebSocket) =>
  new Promise<{ code: number; reason: string }>((r) => ws.once('close', (code, reason) => r({ code, reason: String(reason) })));
const opened = (ws: WebSocket) => new Promise<void>((r, j) => (ws.once('open', () => r()), ws.once('error', j)));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('graphql-ws transport', () => {
  it('runs queries and subscriptions for a graphql-ws client', async () => {
    const url = await start({});
    const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const ticks: unknown[] = [];
      for await (const r of client.iterate({ query: 'subscription { ticks }' })) ticks.push(r.data);
      expect(ticks).toEqual([{ ticks: 1 }, { ticks: 2 }, { ticks: 3 }]);
      const q = client.iterate({ query: '{ hello }' });
      expect((await q.next()).value).toEqual({ data: { hello: 'world' } });
    } finally {
      await client.dispose();
    }
  });

  it('refuses another subprotocol with 4406', async () => {
    const url = await start({});
    const ws = new WebSocket(url); // no graphql-transport-ws subprotocol
    expect(await closed(ws)).toEqual({ code: 4406, reason: 'Subprotocol not acceptable' });
  });

  it('closes with 4408 when connection_init does not come in time, and not once it came', async () => {
    const url = await start({ connectionInitWaitMs: 50 });
    const silent = new WebSocket(url, 'graphql-transport-ws');
    expect(await closed(silent)).toEqual({ code: 4408, reason: 'Connection initialisation timeout' });

    const initialised = new WebSocket(url, 'graphql-transport-ws');
    await opened(initialised);
    const ack = new Promise((r) => initialised.once('message', (d) => r(JSON.parse(String(d)))));
    initialised.send(JSON.stringify({ type: 'connection_init' }));
    expect(await ack).toEqual({ type: 'connection_ack' });
    await sleep(150);
    expect(initialised.readyState).toBe(WebSocket.OPEN);
    initialised.close();
  });

  it('pings every socket and terminates one that does not answer', async () => {
    const url = await start({ keepAliveMs: 100 });
    const answering = new WebSocket(url, 'graphql-transport-ws');
    const mute = new WebSocket(url, 'graphql-transport-ws', { autoPong: false });
    await Promise.all([opened(answering), opened(mute)]);
    let pings = 0;
    answering.on('ping', () => (pings += 1));
    for (const ws of [answering, mute]) ws.send(JSON.stringify({ type: 'connection_init' }));
    const muteClosed = closed(mute);
    expect((await muteClosed).code).toBe(1006); // terminated, no close frame
    await sleep(350);
    expect(pings).toBeGreaterThanOrEqual(2);
    expect(answering.readyState).toBe(WebSocket.OPEN);
    answering.close();
  });

  it('spreads the pings of many sockets over the interval instead of sending them all at once', async () => {
    const url = await start({ keepAliveMs: 240 });
    const sockets = Array.from({ length: 24 }, () => new WebSocket(url, 'graphql-transport-ws'));
    await Promise.all(sockets.map(opened));
    const pingedAt: number[] = [];
    for (const ws of sockets) ws.once('ping', () => pingedAt.push(performance.now()));
    await sleep(400);
    expect(pingedAt).toHaveLength(24);
    pingedAt.sort((a, b) => a - b);
    // Twelve slices of 20 ms: the first and the last socket are pinged most of an interval apart.
    expect(pingedAt[23]! - pingedAt[0]!).toBeGreaterThan(100);
    for (const ws of sockets) ws.close();
  });

  it('closes with 4500 when a hook throws; the reason only outside production', async () => {
    const boom = { onSubscribe: () => Promise.reject(new Error('hook failed')) };
    for (const [isProd, reason] of [
      [true, 'Internal server error'],
      [false, 'hook failed'],
    ] as const) {
      const url = await start({}, { ...boom, isProd });
      const ws = new WebSocket(url, 'graphql-transport-ws');
      await opened(ws);
      ws.send(JSON.stringify({ type: 'connection_init' }));
      await new Promise((r) => ws.once('message', r));
      const errors: unknown[] = [];
      const orig = console.error;
      console.error = (...a: unknown[]) => void errors.push(a[0]);
      try {
        ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ hello }' } }));
        expect(await closed(ws)).toEqual({ code: 4500, reason });
      } finally {
        console.error = orig;
      }
      expect(errors).toHaveLength(1);
      await new Promise<void>((r) => server!.close(() => r()));
      wss!.close();
      server = wss = undefined;
    }
  });

  describe('direct path', () => {
    /** A followed stream as multicast.ts's Member is one: it sends its own frames and reports its end. */
    class Followed implements FollowedStream {
      end: ((error: unknown) => void) | null = null;
      returned = 0;
      iterated = false;
      follow(sink: { ended(error: unknown): void }) {
        this.end = (e) => sink.ended(e);
      }
      return() {
        this.returned += 1;
        this.end?.(null);
        return Promise.resolve({ done: true, value: undefined });
      }
      [Symbol.asyncIterator](): AsyncIterator<never> {
        this.iterated = true;
        return { next: () => new Promise<never>(() => undefined) };
      }
    }

    /** A raw socket after connection_ack, and every message it received. */
    async function connect(url: string) {
      const ws = new WebSocket(url, 'graphql-transport-ws');
      await opened(ws);
      const messages: any[] = [];
      ws.on('message', (d) => messages.push(JSON.parse(String(d))));
      const until = async (pred: (m: any[]) => boolean) => {
        for (let i = 0; !pred(messages); i++) {
          if (i > 400) throw new Error(`condition not met; messages: ${JSON.stringify(messages)}`);
          await sleep(5);
        }
      };
      ws.send(JSON.stringify({ type: 'connection_init' }));
      await until((m) => m.some((x) => x.type === 'connection_ack'));
      const send = (m: unknown) => ws.send(JSON.stringify(m));
      return { ws, messages, until, send };
    }

    function startDirect(answer: (id: string, query: string) => DirectAnswer | Promise<DirectAnswer>) {
      const counts: number[] = [];
      return {
        counts,
        url: start(
          {},
          {
            direct: {
              start: async (ctx, op, payload) => {
                counts.push(op.count());
                // graphql-ws's own dictionary is not used on this path.
                expect(Object.keys(ctx.subscriptions)).toEqual([]);
                return answer(op.id, payload.query);
              },
            },
          },
        ),
      };
    }

    it('answers errors, single results and async generators as graphql-ws does, operations counted first', async () => {
      const { url, counts } = startDirect((_id, query) => {
        if (query === 'bad') return [new GraphQLError('no such field', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })];
        if (query === 'one') return { data: { hello: 'world' } };
        return (async function* () {
          yield { data: { ticks: 1 } };
          yield { data: { ticks: 2 }, errors: [new GraphQLError('partly')] };
        })();
      });
      const c = await connect(await url);
      c.send({ id: 'a', type: 'subscribe', payload: { query: 'bad' } });
      c.send({ id: 'b', type: 'subscribe', payload: { query: 'one' } });
      c.send({ id: 'c', type: 'subscribe', payload: { query: 'gen' } });
      await c.until((m) => m.filter((x) => x.type === 'complete').length === 2 && m.some((x) => x.type === 'error'));
      const of = (id: string) => c.messages.filter((x) => x.id === id).map(({ id: _, ...rest }) => rest);
      expect(of('a')).toEqual([{ type: 'error', payload: [{ message: 'no such field', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] }]);
      expect(of('b')).toEqual([{ type: 'next', payload: { data: { hello: 'world' } } }, { type: 'complete' }]);
      expect(of('c')).toEqual([
        { type: 'next', payload: { data: { ticks: 1 } } },
        { type: 'next', payload: { data: { ticks: 2 }, errors: [{ message: 'partly' }] } },
        { type: 'complete' },
      ]);
      // Each counted itself and the operations still open before it (a and b had ended by the time c started, or not).
      expect(counts[0]).toBe(1);
      expect(counts.every((n) => n >= 1 && n <= 3)).toBe(true);
      c.ws.close();
    });

    it('follows a stream without iterating it: its end sends complete or error; a duplicate id closes with 4409', async () => {
      const streams = new Map<string, Followed>();
      const { url } = startDirect((id) => {
        const f = new Followed();
        streams.set(id, f);
        return f;
      });
      const c = await connect(await url);
      c.send({ id: 'x', type: 'subscribe', payload: { query: 'live' } });
      c.send({ id: 'y', type: 'subscribe', payload: { query: 'live' } });
      await c.until(() => streams.size === 2 && !!streams.get('y')!.end);
      await sleep(20);
      streams.get('x')!.end!(null);
      streams.get('y')!.end!(new Error('upstream went away'));
      await c.until((m) => m.length >= 3);
      expect(c.messages.slice(1)).toEqual([
        { id: 'x', type: 'complete' },
        { id: 'y', type: 'error', payload: [{ message: 'upstream went away' }] },
      ]);
      expect([...streams.values()].some((f) => f.iterated)).toBe(false);

      c.send({ id: 'z', type: 'subscribe', payload: { query: 'live' } });
      await c.until(() => !!streams.get('z')?.end);
      c.send({ id: 'z', type: 'subscribe', payload: { query: 'live' } });
      expect(await closed(c.ws)).toEqual({ code: 4409, reason: 'Subscriber for z already exists' });
      // The socket's close (server side, a moment later) returns the live stream.
      await c.until(() => streams.get('z')!.returned === 1);
      expect(c.messages.filter((m) => m.id === 'z')).toEqual([]);
    });

    it("a client's complete returns the stream and the server sends nothing more for it; the id can be reused", async () => {
      const streams: Followed[] = [];
      const { url } = startDirect(() => {
        const f = new Followed();
        streams.push(f);
        return f;
      });
      const c = await connect(await url);
      c.send({ id: '1', type: 'subscribe', payload: { query: 'live' } });
      await c.until(() => !!streams[0]?.end);
      c.send({ id: '1', type: 'complete' });
      await sleep(50);
      expect(streams[0]!.returned).toBe(1);
      c.send({ id: '1', type: 'subscribe', payload: { query: 'live' } });
      await c.until(() => !!streams[1]?.end);
      streams[1]!.end!(null);
      await c.until((m) => m.length >= 2);
      expect(c.messages.slice(1)).toEqual([{ id: '1', type: 'complete' }]);
      expect(c.ws.readyState).toBe(WebSocket.OPEN);
      c.ws.close();
    });

    it('leaves subscribe before connection_ack to graphql-ws (4401)', async () => {
      const { url } = startDirect(() => ({ data: null }));
      const ws = new WebSocket(await url, 'graphql-transport-ws');
      await opened(ws);
      ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ hello }' } }));
      expect(await closed(ws)).toEqual({ code: 4401, reason: 'Unauthorized' });
    });
  });
});
