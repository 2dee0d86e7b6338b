/**
 * Who pays: the API key or JWT subject, else the client address (behind a trusted proxy, its X-Forwarded-For hop);
 * budgets shared across instances through Redis when REDIS_URL is set. On the security harness schema, where every
 * field costs 1: `{ tree { depth } }` costs 2.
 */
import { randomUUID } from 'node:crypto';
import { createYoga } from 'graphql-yoga';
import { afterAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { createSecurity, type Security } from '../../src/security/index.js';
import { redisReachable, REDIS } from '../helpers/redis.js';
import { codes, post, schema, sha256Hex, testConfig, type TestContext } from '../security/harness.js';

const opened: Security[] = [];
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
});

function gateway(config: Config, budgetKeyPrefix = `test:cost:${randomUUID()}`) {
  const security = createSecurity(config, { budgetKeyPrefix });
  opened.push(security);
  const shared = security.budget?.whenShared();
  const yoga = createYoga<Record<string, unknown>, TestContext>({
    schema,
    ...security.yogaOptions,
    landingPage: false,
    logging: false,
    plugins: security.plugins,
    context: (initial) => ({ auth: security.authOf(initial) }),
  });
  return { yoga, shared };
}

const TWO = '{ tree { depth } }';
const LIMITS = { CCGRAPH_MAX_COST: '10', CCGRAPH_COST_BUDGET_PER_MINUTE: '10' };

describe('who pays', () => {
  it('each API key has a budget of its own', async () => {
    const { yoga } = gateway(testConfig({ ...LIMITS, CCGRAPH_API_KEYS: `viewer:${sha256Hex('key-a')},viewer:${sha256Hex('key-b')}` }));
    const a = { 'x-api-key': 'key-a' };
    for (let i = 0; i < 5; i++) expect((await post(yoga, TWO, a)).status).toBe(200);
    const refused = await post(yoga, TWO, a);
    expect(refused.status).toBe(429);
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await post(yoga, TWO, { 'x-api-key': 'key-b' })).status).toBe(200);
  });

  it('without auth, the client address: behind a trusted proxy, the hop it appended', async () => {
    const { yoga } = gateway(testConfig({ ...LIMITS, CCGRAPH_TRUST_PROXY: 'true' }));
    const from = (ip: string) => ({ 'x-forwarded-for': `203.0.113.9, ${ip}` });
    for (let i = 0; i < 5; i++) expect((await post(yoga, TWO, from('198.51.100.1'))).status).toBe(200);
    expect(codes(await post(yoga, TWO, from('198.51.100.1')))).toEqual(['RATE_LIMITED']);
    expect((await post(yoga, TWO, from('198.51.100.2'))).status).toBe(200);
  });

  it('CCGRAPH_COST_BUDGET_PER_MINUTE=0 turns budgets off; a budget below the cost limit is a configuration error', async () => {
    const { yoga } = gateway(testConfig({ CCGRAPH_MAX_COST: '10', CCGRAPH_COST_BUDGET_PER_MINUTE: '0' }));
    for (let i = 0; i < 20; i++) expect((await post(yoga, TWO)).status).toBe(200);
    expect(() => testConfig({ CCGRAPH_MAX_COST: '10', CCGRAPH_COST_BUDGET_PER_MINUTE: '9' })).toThrow(/CCGRAPH_COST_BUDGET_PER_MINUTE/);
  });
});

describe('budgets shared through Redis (REDIS_URL)', async () => {
  const reachable = await redisReachable();
  if (!reachable) console.warn(`skipping the shared-budget test: no Redis on ${REDIS.host}:${REDIS.port}`);

  it.skipIf(!reachable)('two instances draw on one budget per client', async () => {
    const config = testConfig({ ...LIMITS, REDIS_URL: `redis://${REDIS.host}:${REDIS.port}` });
    const prefix = `test:cost:${randomUUID()}`;
    const a = gateway(config, prefix);
    const b = gateway(config, prefix);
    await Promise.all([a.shared, b.shared]);
    const [one, two] = [a.yoga, b.yoga];
    for (let i = 0; i < 3; i++) expect((await post(one, TWO)).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await post(two, TWO)).status).toBe(200);
    expect(codes(await post(one, TWO))).toEqual(['RATE_LIMITED']);
    expect(codes(await post(two, TWO))).toEqual(['RATE_LIMITED']);
    // Another prefix (another deployment) is not affected.
    const c = gateway(config);
    await c.shared;
    expect((await post(c.yoga, TWO)).status).toBe(200);
  });
});
