// Issue 21 item 8: with REDIS_URL, wolkvox's 5-minute cadence is the token's, not the process's: two connector
// instances sharing Redis answer identical windows from one vendor call, whether they ask one after the other or
// at the same moment. Keys hold a hash of the token, never the token. Skips (with a message) without Redis.
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { droppedRowsOf } from '../../src/domain/partial.js';
import { WolkvoxClient } from '../../src/vendors/wolkvox/index.js';
import { REDIS, redisReachable } from '../helpers/redis.js';
import { json, sleep, startServer, type TestServer } from './helpers.js';

const TOKEN = 'wv-shared-token-9f8e7d';
const row = (id: string, ini: string) => ({ agent_id: id, agent_name: id, date_ini: ini, date_end: ini, time: '00:01:00', hung_up: 'client' });

let server: TestServer | undefined;
const clients: WolkvoxClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server?.close();
  server = undefined;
});

describe('wolkvox cadence across instances (Redis)', () => {
  it('identical windows asked by two instances are one vendor call, in turn or at once; rows, dates and drops survive', async (ctx) => {
    if (!(await redisReachable())) {
      console.warn('wolkvox-cadence-redis: Redis is not reachable at 127.0.0.1:6379; skipped');
      ctx.skip();
    }
    server = await startServer(async (_req, res) => {
      await sleep(300); // long enough for the second instance to arrive while the first is asking
      json(res, { code: '200', error: null, data: [row('1001', '2024-01-01 10:00:00'), row('1002', '2024-01-01 11:00:00'), { ...row('', '2024-01-01 12:00:00') }] });
    }, '/wolkvox');
    const prefix = `test:wvcadence:${process.pid}:${Date.now()}:`;
    const make = () => {
      const c = new WolkvoxClient({ baseUrl: server!.baseUrl, token: TOKEN, timeoutMs: 3000, retries: 0, redisUrl: `redis://${REDIS.host}:${REDIS.port}`, redisPrefix: prefix });
      clients.push(c);
      return c;
    };
    const [a, b] = [make(), make()];
    const day = { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-01-02T00:00:00Z') };

    const first = await a.listCobrowsingSessions(day);
    const second = await b.listCobrowsingSessions(day);
    expect(server.seen).toHaveLength(1);
    expect(second).toEqual(first);
    expect(second[0]!.startedAt).toBeInstanceOf(Date);
    expect(second.map((s) => s.agentId)).toEqual(['1001', '1002']);
    expect(droppedRowsOf(second)).toMatchObject([{ vendor: 'wolkvox', resource: 'cdr_10', count: 1 }]);

    // At the same moment, another window: still one call.
    const next = { from: new Date('2024-01-03T00:00:00Z'), to: new Date('2024-01-04T00:00:00Z') };
    const [x, y] = await Promise.all([a.listCobrowsingSessions(next), b.listCobrowsingSessions(next)]);
    expect(server.seen).toHaveLength(2);
    expect(y).toEqual(x);

    // No key names or holds the token.
    const r = new Redis({ ...REDIS });
    try {
      const keys = await r.keys(`${prefix}*`);
      expect(keys.some((k) => k.includes(':cadence:'))).toBe(true);
      for (const k of keys) {
        expect(k).not.toContain(TOKEN);
        if ((await r.type(k)) === 'string') expect(await r.get(k)).not.toContain(TOKEN);
      }
      if (keys.length) await r.del(...keys);
    } finally {
      r.disconnect();
    }
  });
});
