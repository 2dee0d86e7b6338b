/**
 * Bench child for S8 (soak): distinct GraphQL queries at a fixed arrival rate (open loop: latency counts from the
 * scheduled send time) and mutations at their own rate, against the gateway, until stopped.
 */
import { Pool } from 'undici';
import { processStats, serve, wallNow } from '../lib/rpc.js';

const HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
let running = false;
const samples: Array<{ at: number; ms: number }> = [];
const counts = { queries: 0, queryFailures: 0, mutations: 0, mutationFailures: 0, firstFailure: '' };
let done: Promise<unknown> = Promise.resolve();

async function post(pool: Pool, path: string, body: string): Promise<boolean> {
  const res = await pool.request({ path, method: 'POST', headers: HEADERS, body });
  const text = await res.body.text();
  const ok = res.statusCode === 200 && !text.includes('"errors":[');
  if (!ok) counts.firstFailure ||= `${res.statusCode} ${text.slice(0, 300)}`;
  return ok;
}

/** Sends `bodies[i % length]` at `rate` per second from a schedule; `onDone` gets the latency from the schedule. */
async function schedule(rate: number, next: () => string, send: (body: string) => Promise<boolean>, onDone: (at: number, ms: number, ok: boolean) => void) {
  if (!(rate > 0)) return;
  const inflight = new Set<Promise<void>>();
  const t0 = wallNow() + 20;
  for (let i = 0; running; i++) {
    const at = t0 + (i * 1000) / rate;
    const wait = at - wallNow();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (!running) break;
    const body = next();
    const p: Promise<void> = send(body)
      .catch((e) => {
        counts.firstFailure ||= String(e?.message ?? e);
        return false;
      })
      .then((ok) => {
        onDone(at, wallNow() - at, ok);
        inflight.delete(p);
      });
    inflight.add(p);
  }
  await Promise.all(inflight);
}

serve({
  start({ url, queriesPerSecond, mutationsPerSecond, queries, mutations }: { url: string; queriesPerSecond: number; mutationsPerSecond: number; queries: string[]; mutations: string[] }) {
    const u = new URL(url);
    const pool = new Pool(u.origin, { connections: 64 });
    running = true;
    let qi = 0;
    let mi = 0;
    done = Promise.all([
      schedule(
        queriesPerSecond,
        () => queries[qi++ % queries.length]!,
        (b) => post(pool, u.pathname, b),
        (at, ms, ok) => {
          counts.queries++;
          if (!ok) counts.queryFailures++;
          samples.push({ at, ms });
        },
      ),
      schedule(
        mutationsPerSecond,
        () => mutations[mi++ % mutations.length]!,
        (b) => post(pool, u.pathname, b),
        (_at, _ms, ok) => {
          counts.mutations++;
          if (!ok) counts.mutationFailures++;
        },
      ),
    ]).finally(() => pool.close());
  },
  async stop() {
    running = false;
    await done;
    return { ...counts, samples: samples.splice(0) };
  },
  counts: () => ({ ...counts }),
  stats: ({ gc }: { gc?: boolean } = {}) => processStats(gc),
});
