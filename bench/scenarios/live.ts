/**
 * S4–S6: live subscriptions over graphql-ws. One gateway, one client process holding every socket; then the raw
 * `ws` baseline (S4, S5) and the naive poll-per-subscription loop (S6) on the same simulator.
 */
import { spawnChild, type Child } from '../lib/rpc.js';
import { median, quantile, round } from '../lib/stats.js';
import type { Profile } from '../profile.js';

/** A forced garbage collection in a process on the client's core before a timed publish, alike on both sides of S5. */
const quiet = (c: Child) => c.call('stats', { gc: true });

/** Every subscriber follows all queues: one feed, so one publish reaches all of them. */
export const LIVE_SUBSCRIPTION =
  'subscription Queues { queueStatusChanged { sequence kind changes { queueId kind changedFields queue { name waiting longestWaitMs agentsServing agentsFree agentsBusy } } } }';
const SUBSCRIBE = JSON.stringify({ id: '1', type: 'subscribe', payload: { query: LIVE_SUBSCRIPTION, operationName: 'Queues' } });

/** Connection and subscription caps raised for the benchmark (the defaults are 20 and 25). */
export const LIVE_ENV = {
  CCGRAPH_MAX_WS_CONNECTIONS_PER_IP: '100000',
  CCGRAPH_MAX_SUBSCRIPTIONS_PER_CONNECTION: '25',
};

const FILE_LIMIT = 65_536;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Mem {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface MemPoint {
  subscribers: number;
  rssMB: number;
  heapMB: number;
  externalMB: number;
}

export interface S4Result {
  subscribers: number;
  ccgraph: { rssPerSubscriberKB: number; heapPerSubscriberKB: number; points: MemPoint[] };
  raw: { rssPerSubscriberKB: number; heapPerSubscriberKB: number; points: MemPoint[] };
  connectSeconds: { ccgraph: number; raw: number };
  /** ccgraph's per-subscriber growth over raw ws's: heap+external, and RSS. */
  ratioHeap: number;
  ratioRss: number;
  target: string;
  met: boolean;
}

export interface FanOut {
  /** Per publish: time from publish to the last subscriber's delivery (ms). */
  lastMs: number[];
  /** Per publish: 99th percentile of the deliveries (ms). */
  p99Ms: number[];
  p50Ms: number[];
  missing: number;
}

export interface S5Result {
  subscribers: number;
  publishes: number;
  messageBytes: number;
  ccgraph: { lastMs: number; p99Ms: number; p50Ms: number; spreadLastMs: [number, number]; missing: number };
  raw: { lastMs: number; p99Ms: number; p50Ms: number; spreadLastMs: [number, number]; missing: number };
  ratioLast: number;
  ratioP99: number;
  target: string;
  met: boolean;
}

export interface S6Step {
  subscribers: number;
  ccgraph: { perInterval: number; byEndpoint: Record<string, number> };
  naive: { perInterval: number; byEndpoint: Record<string, number> } | null;
}

export interface S6Result {
  pollMs: number;
  intervals: number;
  polledResources: string[];
  steps: S6Step[];
  target: string;
  met: boolean;
}

const toPoint = (n: number, m: Mem): MemPoint => ({
  subscribers: n,
  rssMB: round(m.rss / 2 ** 20, 1),
  heapMB: round(m.heapUsed / 2 ** 20, 1),
  externalMB: round(m.external / 2 ** 20, 1),
});

const perSubscriberKB = (a: Mem, b: Mem, n: number) => ({
  rss: round((b.rss - a.rss) / 1024 / n, 2),
  heap: round((b.heapUsed + b.external - a.heapUsed - a.external) / 1024 / n, 2),
});

function fanOut(arrivals: Array<number | null>, publishAt: (i: number) => number | undefined): { lat: number[]; missing: number } {
  const lat: number[] = [];
  let missing = 0;
  arrivals.forEach((a, i) => {
    const p = publishAt(i);
    if (a === null || p === undefined) missing++;
    else lat.push(a - p);
  });
  return { lat, missing };
}

const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
// The subscription's own polled resources; other calls at the simulator (the background vendor probe,
// VENDOR_PROBE_MS, which does not depend on subscribers) stay listed in byEndpoint but are not counted.
const POLLED = ['sinch GET /queueStatuses', 'sinch GET /contactSummaries'];
const polled = (c: Record<string, number>) => POLLED.reduce((a, k) => a + (c[k] ?? 0), 0);

export async function runLive(
  which: { s4: boolean; s5: boolean; s6: boolean },
  p: Profile,
  cores: { server?: number; client?: number },
  log: (s: string) => void,
): Promise<{ s4?: S4Result; s5?: S5Result; s6?: S6Result }> {
  const maxN = Math.max(...p.live.steps);
  const steps = which.s6 ? p.live.steps : [1, maxN];
  const windowMs = p.live.intervals * p.live.pollMs;
  const sim = await spawnChild('sim', { core: cores.client });
  const info = await sim.call<{ env: Record<string, string>; identities: unknown[]; baseUrls: { sinch: string }; credentials: any }>('info');
  const out: { s4?: S4Result; s5?: S5Result; s6?: S6Result } = {};
  const gwMem = new Map<number, Mem>();
  const rawMem = new Map<number, Mem>();
  const s6: S6Step[] = [];
  const fan = { ccgraph: { lastMs: [], p99Ms: [], p50Ms: [], missing: 0 } as FanOut, raw: { lastMs: [], p99Ms: [], p50Ms: [], missing: 0 } as FanOut };
  let snapshotSample = '';
  let changeSample = '';
  const connectSeconds = { ccgraph: 0, raw: 0 };
  try {
    // ---- ccgraph
    const gateway = await spawnChild('gateway', {
      core: cores.server,
      fileLimit: FILE_LIMIT,
      env: {
        BENCH_ENV: JSON.stringify({ ...info.env, ...LIVE_ENV, POLL_SINCH_MS: String(p.live.pollMs) }),
        BENCH_IDENTITIES: JSON.stringify(info.identities),
      },
    });
    const client = await spawnChild('wsclient', { core: cores.client, fileLimit: FILE_LIMIT });
    let raw: Child | null = null;
    let rawClient: Child | null = null;
    const { url } = await gateway.call<{ url: string }>('info');
    const wsUrl = `${url.replace(/^http/, 'ws')}/graphql`;
    try {
      for (const n of steps) {
        const t0 = performance.now();
        const c = await client.call<{ connected: number; failed: number; firstError: string; snapshotSample: string }>('connect', {
          url: wsUrl,
          n,
          subscribe: SUBSCRIBE,
        });
        if (c.connected < n) throw new Error(`ccgraph: only ${c.connected}/${n} subscribers connected (${c.failed} failed: ${c.firstError})`);
        if (n === maxN) connectSeconds.ccgraph = round((performance.now() - t0) / 1000, 1);
        snapshotSample = c.snapshotSample;
        await sleep(2 * p.live.pollMs);
        const mem = await gateway.call<Mem>('stats', { gc: true });
        gwMem.set(n, mem);
        let line = `  live ccgraph: ${n} subscribers, rss ${round(mem.rss / 2 ** 20, 1)} MB, heap ${round(mem.heapUsed / 2 ** 20, 1)} MB`;
        if (which.s6) {
          await sim.call('resetCounters');
          await sleep(windowMs);
          const counters = await sim.call<Record<string, number>>('counters');
          s6.push({ subscribers: n, ccgraph: { perInterval: round(polled(counters) / p.live.intervals, 2), byEndpoint: counters }, naive: null });
          line += `, vendor requests in ${p.live.intervals} intervals: ${total(counters)} ${JSON.stringify(counters)}`;
        }
        log(line);
      }

      // ---- raw ws (S4, S5): started while ccgraph keeps its subscribers, so S5 can interleave the two.
      if (which.s4 || which.s5) {
        raw = await spawnChild('rawws', { core: cores.server, fileLimit: FILE_LIMIT });
        rawClient = await spawnChild('wsclient', { core: cores.client, fileLimit: FILE_LIMIT });
        const { url: rawUrl } = await raw.call<{ url: string }>('info');
        await raw.call('setSnapshot', { text: snapshotSample });
        for (const n of [1, maxN]) {
          const t0 = performance.now();
          const c = await rawClient.call<{ connected: number; failed: number; firstError: string }>('connect', { url: rawUrl, n, subscribe: SUBSCRIBE });
          if (c.connected < n) throw new Error(`raw ws: only ${c.connected}/${n} connected (${c.firstError})`);
          if (n === maxN) connectSeconds.raw = round((performance.now() - t0) / 1000, 1);
          await sleep(1000);
          const mem = await raw.call<Mem>('stats', { gc: true });
          rawMem.set(n, mem);
          log(`  live raw ws: ${n} sockets, rss ${round(mem.rss / 2 ** 20, 1)} MB, heap ${round(mem.heapUsed / 2 ** 20, 1)} MB`);
        }
      }

      if (which.s5 && raw && rawClient) {
        const rawServer = raw;
        const rawSubscribers = rawClient;
        const clients = [client, rawSubscribers];
        const publishCcgraph = async () => {
          await gateway.call('clearPublished');
          for (const c of clients) await quiet(c);
          await client.call('arm');
          let published: Record<string, number> = {};
          for (let attempt = 0; attempt < 5 && Object.keys(published).length === 0; attempt++) {
            await sim.call('advance', { ms: 30_000 });
            // Advancing the model allocates a lot in the simulator, which shares the client's core: its garbage is
            // collected now rather than in the middle of the fan-out being timed.
            await quiet(sim);
            await gateway.call('refreshQueues');
            published = await gateway.call<Record<string, number>>('published');
          }
          const r = await client.call<{ arrivals: Array<number | null>; seqs: number[]; sample: string }>('collect', { timeoutMs: 30_000 });
          changeSample ||= r.sample;
          return fanOut(r.arrivals, (i) => published[String(r.seqs[i])]);
        };
        const publishRaw = async () => {
          for (const c of clients) await quiet(c);
          await rawSubscribers.call('arm');
          const b = await rawServer.call<{ t0: number }>('broadcast', { text: changeSample });
          const r = await rawSubscribers.call<{ arrivals: Array<number | null> }>('collect', { timeoutMs: 30_000 });
          return fanOut(r.arrivals, () => b.t0);
        };
        const record = (side: 'ccgraph' | 'raw', k: number, f: { lat: number[]; missing: number }) => {
          fan[side].lastMs.push(round(Math.max(...f.lat), 2));
          fan[side].p99Ms.push(round(quantile(f.lat, 0.99), 2));
          fan[side].p50Ms.push(round(quantile(f.lat, 0.5), 2));
          fan[side].missing += f.missing;
          log(`  S5 ${side} publish ${k + 1}/${p.live.publishes}: last delivery ${round(Math.max(...f.lat), 1)} ms, p99 ${round(quantile(f.lat, 0.99), 1)} ms, missing ${f.missing}`);
        };
        // Interleaved, alternating which side goes first, so drifting machine load falls on both alike. k = -1 is
        // a warm-up publish each (JIT, first-use allocations), not counted; ccgraph's gives raw its bytes.
        for (let k = -1; k < p.live.publishes; k++) {
          const order: Array<'ccgraph' | 'raw'> = k % 2 === 0 ? ['raw', 'ccgraph'] : ['ccgraph', 'raw'];
          for (const side of order) {
            const f = side === 'ccgraph' ? await publishCcgraph() : await publishRaw();
            if (k >= 0) record(side, k, f);
            await sleep(300);
          }
        }
      }
    } finally {
      await gateway.kill();
      await client.call('closeAll').catch(() => undefined);
      await client.kill();
      await raw?.kill();
      await rawClient?.call('closeAll').catch(() => undefined);
      await rawClient?.kill();
    }

    // ---- naive poll-per-subscription (S6)
    if (which.s6) {
      const authorization = `Basic ${Buffer.from(`${info.credentials.sinch.username}:${info.credentials.sinch.password}`).toString('base64')}`;
      for (const step of s6) {
        const naive = await spawnChild('naive', { core: cores.server });
        try {
          await naive.call('start', { n: step.subscribers, intervalMs: p.live.pollMs, sinchUrl: info.baseUrls.sinch, authorization });
          await sleep(2 * p.live.pollMs);
          await sim.call('resetCounters');
          await sleep(windowMs);
          const counters = await sim.call<Record<string, number>>('counters');
          step.naive = { perInterval: round(polled(counters) / p.live.intervals, 2), byEndpoint: counters };
          log(`  S6 naive: ${step.subscribers} subscriptions → ${total(counters)} vendor requests in ${p.live.intervals} intervals`);
        } finally {
          await naive.call('stop').catch(() => undefined);
          await naive.kill();
        }
        await sleep(500);
      }
    }
  } finally {
    await sim.kill();
  }

  // ---- results
  const points = (m: Map<number, Mem>) => [...m].map(([n, v]) => toPoint(n, v));
  if (which.s4) {
    const g = perSubscriberKB(gwMem.get(1)!, gwMem.get(maxN)!, maxN - 1);
    const r = perSubscriberKB(rawMem.get(1)!, rawMem.get(maxN)!, maxN - 1);
    out.s4 = {
      subscribers: maxN,
      ccgraph: { rssPerSubscriberKB: g.rss, heapPerSubscriberKB: g.heap, points: points(gwMem) },
      raw: { rssPerSubscriberKB: r.rss, heapPerSubscriberKB: r.heap, points: points(rawMem) },
      connectSeconds,
      ratioHeap: round(g.heap / r.heap, 2),
      ratioRss: round(g.rss / r.rss, 2),
      target: 'per subscriber: heap+external ≤ 1.5 × raw ws, RSS ≤ 1.1 × raw ws',
      met: g.heap <= 1.5 * r.heap && g.rss <= 1.1 * r.rss,
    };
  }
  if (which.s5) {
    const side = (f: FanOut) => ({
      lastMs: median(f.lastMs),
      p99Ms: median(f.p99Ms),
      p50Ms: median(f.p50Ms),
      spreadLastMs: [Math.min(...f.lastMs), Math.max(...f.lastMs)] as [number, number],
      missing: f.missing,
    });
    const c = side(fan.ccgraph);
    const r = side(fan.raw);
    out.s5 = {
      subscribers: maxN,
      publishes: p.live.publishes,
      messageBytes: changeSample.length,
      ccgraph: c,
      raw: r,
      ratioLast: round(c.lastMs / r.lastMs, 2),
      ratioP99: round(c.p99Ms / r.p99Ms, 2),
      target: 'p99 of publish → delivery ≤ 1.1 × raw ws (publish → last delivery reported beside it)',
      met: c.p99Ms <= 1.1 * r.p99Ms && c.missing === 0,
    };
  }
  if (which.s6) {
    const first = s6[0]!.ccgraph.perInterval;
    out.s6 = {
      pollMs: p.live.pollMs,
      intervals: p.live.intervals,
      polledResources: [`sinch GET /queueStatuses (every ${p.live.pollMs} ms)`, 'sinch GET /contactSummaries (every 30 s)'],
      steps: s6,
      target: 'flat: vendor requests per interval independent of subscribers (= polled resources)',
      // Slack of one request over the window: the 30 s summaries poll may or may not fall inside it.
      met: s6.every((s) => s.ccgraph.perInterval <= first + 1 / p.live.intervals + 1e-9 && s.ccgraph.perInterval <= 1 + 1 / p.live.intervals + 1e-9),
    };
  }
  return out;
}
