/**
 * Bench child: closed-loop load of distinct requests (S1b). `connections` keep-alive connections, each sending its
 * next request as soon as the previous answer arrived; the request is the next one of one shared list (a global
 * counter, not one list walk per connection), so requests in flight at the same moment are never identical.
 * autocannon would walk the same list on every connection in step.
 */
import { Client } from 'undici';
import { processStats, serve, wallNow } from '../lib/rpc.js';

interface Req {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}
interface Side {
  origin: string;
  requests: Req[];
}

const sides = new Map<string, Side>();

const headersOf = (r: Req): Record<string, string> =>
  r.method === 'POST' ? { 'content-type': 'application/json', accept: 'application/graphql-response+json' } : { accept: 'application/json' };

async function send(client: Client, r: Req): Promise<{ status: number; text: string }> {
  const res = await client.request({ path: r.path, method: r.method, headers: headersOf(r), ...(r.body ? { body: r.body } : {}) });
  return { status: res.statusCode, text: await res.body.text() };
}

// GraphQL errors start the answer or follow its data; a vendor error inside data would read `"errors":[` too.
const failed = (a: { status: number; text: string }) => a.status !== 200 || a.text.startsWith('{"errors"') || a.text.includes('"errors":[');

serve({
  setSide: ({ name, side }: { name: string; side: Side }) => {
    sides.set(name, side);
    return side.requests.length;
  },
  /** Closed loop for `seconds`, starting at list position `start`; returns throughput, latency and failures. */
  async run({ name, connections, seconds, start = 0 }: { name: string; connections: number; seconds: number; start?: number }) {
    const side = sides.get(name)!;
    const n = side.requests.length;
    let next = start;
    let done = 0;
    let failures = 0;
    const latencies: number[] = [];
    const clients = Array.from({ length: connections }, () => new Client(side.origin, { pipelining: 1, keepAliveTimeout: 60_000 }));
    const t0 = wallNow();
    const end = t0 + seconds * 1000;
    await Promise.all(
      clients.map(async (c) => {
        while (wallNow() < end) {
          const r = side.requests[next++ % n]!;
          const s = wallNow();
          try {
            if (failed(await send(c, r))) failures++;
          } catch {
            failures++;
          }
          latencies.push(wallNow() - s);
          done++;
        }
      }),
    );
    const elapsed = wallNow() - t0;
    await Promise.all(clients.map((c) => c.close()));
    latencies.sort((a, b) => a - b);
    const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
    return { total: done, rps: (done * 1000) / elapsed, failures, p50: q(0.5), p99: q(0.99), next: next % n, wrapped: next >= n };
  },
  /** One answer per listed index (the equality check between ccgraph and the proxy). */
  async fetch({ name, indices }: { name: string; indices: number[] }) {
    const side = sides.get(name)!;
    const c = new Client(side.origin);
    const out: Array<{ status: number; text: string }> = [];
    for (const i of indices) out.push(await send(c, side.requests[i]!));
    await c.close();
    return out;
  },
  stats: () => processStats(false),
});
