/**
 * Bench child: HTTP load generation. Closed loop with autocannon (throughput), open loop at a fixed arrival rate
 * (latency without coordinated omission: each latency is measured from the request's scheduled time), bursts of
 * concurrent requests, and serial requests with their wall-clock windows.
 */
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { processStats, serve, wallNow } from '../lib/rpc.js';

interface Target {
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  /** Distinct bodies, cycled request by request across all connections (autocannon only). */
  bodies?: string[];
}

const headersOf = (t: Target): Record<string, string> =>
  t.method === 'POST' ? { 'content-type': 'application/json', accept: 'application/graphql-response+json' } : { accept: 'application/json' };

/** One request; an answer that is not 200 or carries GraphQL errors counts as failed. */
async function once(pool: Pool, t: Target): Promise<boolean> {
  const u = new URL(t.url);
  const res = await pool.request({ path: u.pathname + u.search, method: t.method, headers: headersOf(t), ...(t.body ? { body: t.body } : {}) });
  const text = await res.body.text();
  return res.statusCode === 200 && !text.startsWith('{"errors"') && !text.includes('"errors":[');
}

/** autocannon's setupRequest: the next body of the list for every request sent, on whichever connection. */
function cycle(bodies: string[]) {
  let next = 0;
  return (req: Record<string, unknown>) => ({ ...req, body: bodies[next++ % bodies.length] });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

serve({
  async autocannon({ target, connections, seconds }: { target: Target; connections: number; seconds: number }) {
    const r = await autocannon({
      url: target.url,
      method: target.method,
      headers: headersOf(target),
      ...(target.body ? { body: target.body } : {}),
      ...(target.bodies ? { requests: [{ setupRequest: cycle(target.bodies) }] } : {}),
      connections,
      duration: seconds,
    });
    return {
      rps: r.requests.average,
      total: r.requests.total,
      p50: r.latency.p50,
      p99: r.latency.p99,
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
    };
  },

  async openLoop({ target, rate, seconds }: { target: Target; rate: number; seconds: number }) {
    const pool = new Pool(new URL(target.url).origin, { connections: 256 });
    const n = Math.round(rate * seconds);
    const latencies: number[] = [];
    const windows: Array<{ start: number; end: number }> = [];
    let failed = 0;
    const inflight: Array<Promise<void>> = [];
    const t0 = wallNow() + 20;
    for (let i = 0; i < n; i++) {
      const at = t0 + (i * 1000) / rate;
      const wait = at - wallNow();
      if (wait > 1) await sleep(wait - 0.5);
      inflight.push(
        once(pool, target).then(
          (ok) => {
            const end = wallNow();
            if (!ok) failed++;
            latencies.push(end - at);
            windows.push({ start: at, end });
          },
          () => {
            failed++;
          },
        ),
      );
    }
    await Promise.all(inflight);
    await pool.close();
    return { latencies, windows, failed, sent: n };
  },

  async burst({ target, n }: { target: Target; n: number }) {
    const pool = new Pool(new URL(target.url).origin, { connections: n });
    const results = await Promise.all(Array.from({ length: n }, () => once(pool, target).catch(() => false)));
    await pool.close();
    return { ok: results.filter(Boolean).length, n };
  },

  async serial({ target, n }: { target: Target; n: number }) {
    const pool = new Pool(new URL(target.url).origin, { connections: 1 });
    const windows: Array<{ start: number; end: number }> = [];
    let failed = 0;
    for (let i = 0; i < n; i++) {
      const start = wallNow();
      if (!(await once(pool, target).catch(() => false))) failed++;
      windows.push({ start, end: wallNow() });
    }
    await pool.close();
    return { windows, failed };
  },

  /** One answer's body (for the equality check between ccgraph and the proxy). */
  async fetchBody({ target }: { target: Target }) {
    const res = await fetch(target.url, { method: target.method, headers: headersOf(target), ...(target.body ? { body: target.body } : {}) });
    return { status: res.status, text: await res.text() };
  },

  stats: () => processStats(false),
});
