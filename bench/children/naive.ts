/**
 * Bench child: the naive live baseline for S6. Every subscription runs its own poll loop against the vendor (what a
 * resolver that polls per subscriber does): queue statuses every interval, contact summaries every 30 s, like the
 * gateway's queue feed.
 */
import { Pool } from 'undici';
import { processStats, serve } from '../lib/rpc.js';

let timers: NodeJS.Timeout[] = [];
let pool: Pool | undefined;
let issued = 0;

serve({
  start({ n, intervalMs, sinchUrl, authorization }: { n: number; intervalMs: number; sinchUrl: string; authorization: string }) {
    const base = new URL(sinchUrl);
    const path = base.pathname.replace(/\/+$/, '');
    pool = new Pool(base.origin, { connections: 64 });
    const p = pool;
    const get = (q: string) => {
      issued++;
      p.request({ path: path + q, method: 'GET', headers: { accept: 'application/json', authorization } })
        .then((r) => r.body.dump())
        .catch(() => undefined);
    };
    const since = () => new Date(new Date().setUTCHours(0, 0, 0, 0)).toISOString();
    for (let i = 0; i < n; i++) {
      // Subscriptions start at different moments: spread the loops over one interval.
      const offset = Math.random() * intervalMs;
      timers.push(
        setTimeout(() => {
          get('/queueStatuses?offset=0&limit=1000');
          get(`/contactSummaries?startTime=${encodeURIComponent(since())}&offset=0&limit=1000`);
          let ticks = 0;
          timers.push(
            setInterval(() => {
              get('/queueStatuses?offset=0&limit=1000');
              if (++ticks % Math.max(1, Math.round(30_000 / intervalMs)) === 0) {
                get(`/contactSummaries?startTime=${encodeURIComponent(since())}&offset=0&limit=1000`);
              }
            }, intervalMs),
          );
        }, offset),
      );
    }
  },
  async stop() {
    for (const t of timers) clearTimeout(t);
    timers = [];
    const p = pool;
    pool = undefined;
    const n = issued;
    issued = 0;
    await p?.destroy();
    return { issued: n };
  },
  stats: () => processStats(false),
});
