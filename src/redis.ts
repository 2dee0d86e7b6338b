/**
 * The one place ioredis is loaded, on first use: a single instance needs no Redis, and loading the client library
 * cost an idle gateway 0.8 MB of heap and ~10 MB of RSS (bench/README.md, "Eleventh pass"). Its CommonJS build keeps
 * client creation synchronous, so the constructors that take a REDIS_URL stay as they are.
 */
import { createRequire } from 'node:module';
import type { Redis, RedisOptions } from 'ioredis';

export type { Redis };

export function createRedisClient(url: string, options: RedisOptions): Redis {
  const { Redis } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
  return new Redis(url, options);
}
