/**
 * Graceful shutdown: `gateway.close()` while a slow request (vendor latency) is in flight lets that request finish,
 * refuses new requests (new connections and requests queued on its connection), and closes open graphql-ws
 * sockets with 1001 (going away).
 */
import { Client } from 'undici';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { sleep, startResilienceStack, type ResilienceStack } from './harness.js';

const LATENCY_MS = 800;

/** A graphql-ws socket that has been acknowledged; resolves its close code and reason when the server closes it. */
async function openAcked(url: string): Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }> }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
    ws.on('message', (d) => {
      if (JSON.parse(String(d)).type === 'connection_ack') resolve();
    });
    ws.once('error', reject);
  });
  return { ws, closed };
}

describe('graceful shutdown', () => {
  let stack: ResilienceStack | undefined;
  afterAll(async () => {
    await stack?.sim.close();
  });

  it('drains an in-flight slow request, refuses new requests and closes websockets with 1001', async () => {
    stack = await startResilienceStack({ env: { VENDOR_TIMEOUT_MS: '5000', VENDOR_RETRIES: '0' } });
    const { sim, gateway, url } = stack;
    // Warm the identity directory so the slow request below waits on one thing only: Sinch's latency.
    expect((await stack.gql('{ agents(first: 1) { totalCount } }')).body.errors).toBeUndefined();
    const sockets = await Promise.all([openAcked(url), openAcked(url)]);
    // One socket that pipelines: the slow request, then (during the drain) another one behind it.
    const pipelined = new Client(url, { pipelining: 2 });

    sim.faults.set('sinch', { latencyMs: LATENCY_MS });
    const before = sim.counters.total('sinch');
    const started = Date.now();
    const slow = pipelined
      .request({
        method: 'POST',
        path: '/graphql',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ queues { name status { waitingNow } } }' }),
      })
      .then(async (r) => ({ status: r.statusCode, connection: r.headers.connection, body: (await r.body.json()) as any, at: Date.now() }));
    // Close only once the request is really waiting on the vendor.
    while (sim.counters.total('sinch') === before) await sleep(5);

    let closedAt = 0;
    const closing = gateway.close({ drainMs: 5_000 }).then(() => (closedAt = Date.now()));

    // Websockets go first, with 1001.
    for (const s of sockets) expect((await s.closed).code).toBe(1001);
    // New connections are refused while the slow request drains…
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(LATENCY_MS);
    // …and a request queued behind it on its connection is not served: that connection ends with the slow answer.
    const behind = pipelined
      .request({ method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' }, body: '{"query":"{ vendors { vendor } }"}' })
      .then((r) => `served with HTTP ${r.statusCode}`, () => 'refused');

    // The request in flight is answered in full, after the vendor's latency, and its connection closed.
    const res = await slow;
    stack.scan('drained response', JSON.stringify(res));
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.queues.length).toBeGreaterThan(0);
    expect(res.at - started).toBeGreaterThanOrEqual(LATENCY_MS - 50);
    expect(res.connection).toBe('close');
    // close() resolves once that answer is out, not at the end of the drain deadline.
    await closing;
    expect(closedAt - started).toBeGreaterThanOrEqual(LATENCY_MS - 50);
    expect(closedAt - res.at).toBeLessThan(2_000);
    expect(await behind).toBe('refused');
    await pipelined.destroy();
    expect(stack.leaks()).toEqual([]);
    await stack.close();
  });
});
