// Two gateways in one process share nothing: each has its own credentials table, services (identity, last-good
// snapshots, live hub), request ids and shared websocket streams (no process-wide mutable state).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const KEY_A = 'gateway-a-viewer-key';
const KEY_B = 'gateway-b-viewer-key';

let a: Stack;
let b: Stack;

beforeAll(async () => {
  a = await startStack({ env: { CCGRAPH_API_KEYS: `viewer:${sha(KEY_A)}` } });
  b = await startStack({ env: { CCGRAPH_API_KEYS: `viewer:${sha(KEY_B)}` } });
}, 60_000);

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

const QUEUES = '{ queues { name status { waitingNow } } }';

describe('two gateways in one process', () => {
  it('authenticate against their own keys only', async () => {
    expect((await a.run(QUEUES, undefined, { 'x-api-key': KEY_A })).status).toBe(200);
    expect((await b.run(QUEUES, undefined, { 'x-api-key': KEY_B })).status).toBe(200);
    const crossed = await b.run(QUEUES, undefined, { 'x-api-key': KEY_A });
    expect(crossed.status).toBe(401);
    expect(crossed.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('keep their own services: identity, last-good snapshots and live hub', async () => {
    expect(a.gateway.services).not.toBe(b.gateway.services);
    for (const k of ['identity', 'snapshots', 'live'] as const) expect(a.gateway.services[k]).not.toBe(b.gateway.services[k]);
    const fresh = await startStack({ env: { CCGRAPH_API_KEYS: `viewer:${sha(KEY_B)}` } });
    try {
      // A read on one gateway records that gateway's last-good queue statuses, and only those.
      expect(fresh.gateway.services.snapshots.queueStatuses.all()).toBeNull();
      const r = await a.run(QUEUES, undefined, { 'x-api-key': KEY_A });
      expect(r.body.errors).toBeUndefined();
      expect(a.gateway.services.snapshots.queueStatuses.all()).not.toBeNull();
      expect(fresh.gateway.services.snapshots.queueStatuses.all()).toBeNull();
    } finally {
      await fresh.close();
    }
  });

  it('keep their own request ids and shared subscription streams', async () => {
    expect(a.gateway.requestIds).not.toBe(b.gateway.requestIds);
    expect(a.gateway.sharedSubscriptions).not.toBe(b.gateway.sharedSubscriptions);
    const res = await a.gateway.yoga.fetch(`${a.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY_A, 'x-request-id': 'isolation-1' },
      body: JSON.stringify({ query: QUEUES }),
    });
    expect(res.headers.get('x-request-id')).toBe('isolation-1');
    expect(a.gateway.requestIds.current()).toBeUndefined();
  });
});
