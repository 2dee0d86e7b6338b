/** Whether the machine's Redis answers on 127.0.0.1:6379 (tests that need it skip with a message otherwise). */
import { Redis } from 'ioredis';

export const REDIS = { host: '127.0.0.1', port: 6379 } as const;

export async function redisReachable(): Promise<boolean> {
  const r = new Redis({ ...REDIS, lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => {});
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}
