// /ready: 200 while serving, 503 once the gateway drains; only that path answers it (src/plugins/readiness.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';

let s: Stack;
let closed = false;

beforeAll(async () => {
  s = await startStack();
}, 60_000);

afterAll(async () => {
  if (!closed) await s?.close();
});

describe('/ready', () => {
  it('answers 200 at its path only, 503 once the gateway drains', async () => {
    expect((await fetch(`${s.url}/ready`)).status).toBe(200);
    expect((await s.gateway.yoga.fetch(`${s.url}/ready?probe=1`)).status).toBe(200);
    // Another path that ends the same way is not the readiness probe.
    expect((await s.gateway.yoga.fetch(`${s.url}/not/ready`)).status).toBe(404);
    expect((await s.run('{ __typename }')).body.data).toEqual({ __typename: 'Query' });
    await s.close();
    closed = true;
    expect((await s.gateway.yoga.fetch(`${s.url}/ready`)).status).toBe(503);
  });
});
