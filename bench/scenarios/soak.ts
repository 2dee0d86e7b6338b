/**
 * S8, soak: N subscribers that keep state (bench/children/soakclient.ts) under churn, distinct queries at a fixed
 * rate and mutations (bench/children/soakload.ts) against one gateway and the simulator, for a set time. Measured:
 * the gateway's RSS every 10 s and its heap after V8's own full collections (slopes after warm-up, least squares),
 * query latency p99 in the first and the last window, and at the end every subscriber's state against a fresh
 * subscription. The harness forces two full collections for the live heap, 10 s before the first window and after
 * the load stopped, and none in between; those and heap snapshots (BENCH_HEAP_SNAPSHOTS only) are its own stalls:
 * queries in flight during one are left out of the p99 windows, and reported with them beside.
 */
import { writeFileSync } from 'node:fs';
import { spawnChild, wallNow, type Child, type HeapSpaces } from '../lib/rpc.js';
import { quantile, round } from '../lib/stats.js';
import type { SoakQuery } from '../children/soakclient.js';
import { LIVE_ENV } from './live.js';

export interface S8Options {
  seconds: number;
  subscribers: number;
  churnPerSecond: number;
  queriesPerSecond: number;
  mutationsPerSecond: number;
  pollMs: number;
}

interface Counts {
  messages: number;
  snapshots: number;
  resyncs: number;
  subscribes: number;
  unsubscribes: number;
  socketsReplaced: number;
  changeBeforeSnapshot: number;
  changedUnknown: number;
  removedUnknown: number;
  outOfOrder: number;
  errors: number;
  unexpectedCloses: number;
  firstError: string;
  subscribers: number;
  waitingForSnapshot: number;
}

export interface S8Result {
  seconds: number;
  warmupSeconds: number;
  windowSeconds: number;
  subscribers: number;
  rates: { churnPerSecond: number; queriesPerSecond: number; mutationsPerSecond: number };
  documents: number;
  distinctQueries: number;
  /**
   * Every 10 s, nothing forced: RSS and the heap V8 holds from the system (heapTotal) at the sample; heap used +
   * external after V8's last own full collection in the 10 s before (null when it ran none), and how many it ran.
   */
  memory: Array<{ t: number; rssMB: number; heapMB: number | null; heapTotalMB: number; majorGcs?: number }>;
  rssSlopeMBPerMin: number;
  /** The verdict's heap slope: live heap (`liveHeap`) at the end less before the first window, per minute. */
  heapSlopeMBPerMin: number;
  /**
   * Live heap (used + external after a forced full collection) 10 s before the first window opens and after the
   * load stopped: the only two collections the harness forces, both outside the latency windows.
   */
  liveHeap?: { warmT: number; warmMB: number; endT: number; endMB: number };
  /** Least squares over the heap after V8's own full collections (floating garbage included: noisier). */
  ownGcHeapSlopeMBPerMin?: number;
  p99: { firstMs: number; lastMs: number; drift: number };
  /** The same windows with the queries in flight during a harness stall kept in. */
  p99WithHarnessStalls: { firstMs: number; lastMs: number; drift: number };
  /** Query latency per minute of the soak (harness stalls left out). */
  latencyByMinute: Array<{ minute: number; queries: number; p50Ms: number; p99Ms: number }>;
  /** The harness's own stalls (the live-heap collections, heap snapshots): how many, their longest, the queries they overlapped. */
  harnessStalls: { count: number; maxMs: number; queriesLeftOut: number };
  /** % of one core over the soak; the gateway's event-loop delay. */
  cpu: { gateway: number; simulator: number; loadgen: number };
  gatewayLoopDelayMs: { p99: number; max: number };
  queries: { sent: number; failed: number; mutations: number; mutationsFailed: number; firstFailure: string };
  clients: Omit<Counts, 'firstError'> & { firstError: string; cpuPercent: number[] };
  missed: number;
  divergent: number;
  verifySample: string;
  target: string;
  met: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether a query sent at `at` (wall ms) that took `ms` was in flight during any of `stalls`. */
export function overlapsAny(at: number, ms: number, stalls: ReadonlyArray<{ from: number; to: number }>): boolean {
  return stalls.some((w) => at < w.to && at + ms > w.from);
}

/** Least-squares slope of y over x. */
export function slope(points: ReadonlyArray<{ x: number; y: number }>): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

const QUEUE_FIELDS = ['name', 'waiting', 'longestWaitMs', 'agentsServing', 'agentsFree', 'agentsBusy', 'agentsWrapUp', 'agentsNotReady', 'agentsPaused', 'serviceLevel'];
const AGENT_FIELDS = ['name', 'state', 'rawStatus', 'availability', 'presenceName', 'activePhoneContacts', 'queues { queueId serving }'];

/** Subscription documents: every queue, each queue alone, every agent, agents by state, by queue, by id. */
export function soakDocuments(queueIds: string[], agentIds: string[]): SoakQuery[] {
  const q = (filter: string, fields: string[]) => ({
    field: 'queueStatusChanged' as const,
    query: `subscription { queueStatusChanged${filter} { sequence kind changes { kind queueId changedFields queue { ${fields.join(' ')} } } } }`,
  });
  const a = (filter: string, fields: string[]) => ({
    field: 'agentStatusChanged' as const,
    query: `subscription { agentStatusChanged${filter} { sequence kind changes { kind agentId changedFields agent { ${fields.join(' ')} } } } }`,
  });
  const docs: SoakQuery[] = [q('', QUEUE_FIELDS), q('', QUEUE_FIELDS.slice(0, 4)), a('', AGENT_FIELDS), a('', AGENT_FIELDS.slice(0, 3))];
  for (const id of queueIds) docs.push(q(`(filter: { queueIds: ["${id}"] })`, QUEUE_FIELDS), a(`(filter: { queueIds: ["${id}"] })`, AGENT_FIELDS));
  for (const s of ['AVAILABLE', 'NOT_READY', 'BUSY']) docs.push(a(`(filter: { states: [${s}] })`, AGENT_FIELDS));
  for (let i = 0; i + 5 <= agentIds.length; i += 10) docs.push(a(`(filter: { agentIds: ${JSON.stringify(agentIds.slice(i, i + 5))} })`, AGENT_FIELDS));
  return docs;
}

/** Distinct query texts (pages, field sets, single agents and queues), so no two in flight are identical. */
export function soakQueries(queueIds: string[], agentIds: string[]): string[] {
  const agentSets = ['id name', 'id name state', 'id state rawStatus', 'id name presence { name type }', 'id name queues { queue { id name } serving }'];
  const out: string[] = [];
  for (let first = 1; first <= 50; first += 1) out.push(`{ agents(first: ${first}) { totalCount nodes { ${agentSets[first % agentSets.length]} } } }`);
  for (const [i, id] of agentIds.entries()) out.push(`{ agent(id: "${id}") { ${agentSets[i % agentSets.length]} } }`);
  for (const id of queueIds) {
    out.push(`{ queue(id: "${id}") { id name status { waitingNow longestWaitMs } } }`);
    out.push(`{ queue(id: "${id}") { id name channel status { agents { serving available busy } } } }`);
  }
  out.push('{ queues { id name status { waitingNow agents { available } } } }', '{ queues { id kpis { offered handled serviceLevel } } }');
  return [...new Set(out)].map((query) => JSON.stringify({ query }));
}

/** Ready-state flips through every agent, each agent back to READY one round later. */
function soakMutations(agentIds: string[]): string[] {
  const m = (id: string, state: string) =>
    JSON.stringify({ query: `mutation { setReadyState(agentId: "${id}", state: ${state}) { __typename } }` });
  return [...agentIds.map((id) => m(id, 'NOT_READY')), ...agentIds.map((id) => m(id, 'READY'))];
}

export async function runS8(o: S8Options, cores: { server?: number; client?: number }, log: (s: string) => void): Promise<S8Result> {
  const sim = await spawnChild('sim', { core: cores.client });
  const info = await sim.call<{ env: Record<string, string>; identities: unknown[] }>('info');
  const children: Child[] = [];
  try {
    const gateway = await spawnChild('gateway', {
      core: process.env.BENCH_GATEWAY_CORES ?? cores.server,
      fileLimit: 65_536,
      env: { BENCH_ENV: JSON.stringify({ ...info.env, ...LIVE_ENV, POLL_SINCH_MS: String(o.pollMs), ...JSON.parse(process.env.BENCH_GATEWAY_ENV ?? '{}') }), BENCH_IDENTITIES: JSON.stringify(info.identities) },
    });
    children.push(gateway);
    const { url } = await gateway.call<{ url: string }>('info');
    const ids = (await (
      await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ queues { id } agents(first: 50) { nodes { id } } }' }),
      })
    ).json()) as { data: { queues: Array<{ id: string }>; agents: { nodes: Array<{ id: string }> } } };
    const queueIds = ids.data.queues.map((q) => q.id);
    const agentIds = ids.data.agents.nodes.map((a) => a.id);
    const docs = soakDocuments(queueIds, agentIds);
    const queries = soakQueries(queueIds, agentIds);

    const processes = Math.max(2, Math.ceil(o.subscribers / 5000));
    const clients = await Promise.all(Array.from({ length: processes }, () => spawnChild('soakclient', { core: cores.client, fileLimit: 65_536 })));
    children.push(...clients);
    const load = await spawnChild('soakload', { core: cores.client });
    children.push(load);
    const wsUrl = `${url.replace(/^http/, 'ws')}/graphql`;
    const per = (i: number) => Math.floor(o.subscribers / processes) + (i < o.subscribers % processes ? 1 : 0);
    const t0c = performance.now();
    const conn = await Promise.all(clients.map((c, i) => c.call<{ connected: number; firstError: string }>('connect', { url: wsUrl, n: per(i), queries: docs })));
    const connected = conn.reduce((a, c) => a + c.connected, 0);
    if (connected < o.subscribers) throw new Error(`S8: only ${connected}/${o.subscribers} subscribers (${conn.map((c) => c.firstError).find(Boolean)})`);
    log(`  S8: ${connected} subscribers on ${docs.length} documents in ${round((performance.now() - t0c) / 1000, 1)} s; ${queries.length} distinct queries; soak ${o.seconds} s`);

    const cpu0 = await Promise.all(clients.map((c) => c.call<{ cpuMs: number }>('stats')));
    const servers0 = await Promise.all([gateway, sim, load].map((c) => c.call<{ cpuMs: number }>('stats')));
    await gateway.call('loopDelay');
    const started = performance.now();
    for (const c of clients) await c.call('startChurn', { perSecond: o.churnPerSecond / processes });
    await load.call('start', {
      url: `${url}/graphql`,
      queriesPerSecond: o.queriesPerSecond,
      mutationsPerSecond: o.mutationsPerSecond,
      queries,
      mutations: soakMutations(agentIds),
    });
    const loadStart = performance.timeOrigin + started;
    const memory: S8Result['memory'] = [];
    const warmupSeconds = Math.min(60, o.seconds / 4);
    const sampleMs = 10_000;
    let nextLog = 60;
    // BENCH_HEAP_SNAPSHOTS=<dir>: heap snapshots after the warm-up and at the end, for `npm run bench:heap -- --diff`.
    const snapshots = process.env.BENCH_HEAP_SNAPSHOTS;
    let warmSnapshot = false;
    // BENCH_ALLOC_PROFILE=<file>: a sampling heap profile, from the warm-up to the end, of what full collections freed
    // (promoted garbage) plus what is alive at the end (`npm run bench:heap -- --alloc <file>` summarises it).
    const allocProfile = process.env.BENCH_ALLOC_PROFILE;
    let allocStarted = false;
    // BENCH_CPU_PROFILE=<file>: a CPU profile of the gateway (1 ms sampling) from the warm-up to the end, for finding
    // what holds the event loop in the query tail (`npm run bench:profile -- --stalls <file>` lists the long tasks).
    const cpuProfile = process.env.BENCH_CPU_PROFILE;
    let cpuStarted = false;
    let warmHeap: { t: number; mb: number } | null = null;
    const secondsIn = () => round((performance.now() - started) / 1000, 1);
    // Heap used + external after a forced full collection: the live heap (a stall of up to ~1 s at 10,000 subscribers).
    const liveHeapMB = async () => {
      const h = await gateway.call<{ heapUsed: number; external: number }>('stats', { gc: true });
      return round((h.heapUsed + h.external) / 2 ** 20, 1);
    };
    // Wall-clock spans of the harness's forced collections and heap snapshots (the samples' clock), left out of the p99 windows.
    const stalls: Array<{ from: number; to: number }> = [];
    // No forced collection inside the windows: a full stop-the-world GC of a 10,000-subscriber heap took up to ~1 s,
    // and the queries queued behind it made the tail of the next minute. Between the two live-heap readings the heap
    // is read from V8's own full collections.
    await gateway.call('majorGc');
    while (performance.now() - started < o.seconds * 1000) {
      await sleep(Math.min(sampleMs, o.seconds * 1000 - (performance.now() - started)));
      const m = await gateway.call<{ rss: number; heapTotal: number; spaces?: HeapSpaces }>('stats', { spaces: true });
      const g = await gateway.call<{ count: number; heapUsed: number | null; external: number | null; long: string[] }>('majorGc');
      const t = secondsIn();
      if (process.env.BENCH_DEBUG_STALLS && g.long.length) log(`  GC pauses ≥ 50 ms in the 10 s before ${t} s: ${g.long.join(', ')}`);
      const heapMB = g.heapUsed === null ? null : round((g.heapUsed + (g.external ?? 0)) / 2 ** 20, 1);
      memory.push({ t, rssMB: round(m.rss / 2 ** 20, 1), heapMB, heapTotalMB: round(m.heapTotal / 2 ** 20, 1), majorGcs: g.count });
      const last = performance.now() - started >= o.seconds * 1000;
      if (snapshots && (last || (!warmSnapshot && t >= warmupSeconds))) {
        warmSnapshot = true;
        const s0 = wallNow();
        log(`  S8 heap snapshot: ${await gateway.call<string>('heapSnapshot', { path: `${snapshots}/s8-${Math.round(t)}s.heapsnapshot` })}`);
        stalls.push({ from: s0, to: wallNow() });
      }
      // The live heap once, 10 s before the first window: its stall ends (and its backlog drains) before the window.
      if (!warmHeap && t >= warmupSeconds - 10) {
        const s0 = wallNow();
        const mb = await liveHeapMB();
        stalls.push({ from: s0, to: wallNow() });
        warmHeap = { t: secondsIn(), mb };
      }
      if (cpuProfile && !cpuStarted && t >= warmupSeconds) {
        cpuStarted = true;
        await gateway.call('profileStart', { intervalUs: 1000 });
      }
      if (allocProfile && !allocStarted && t >= warmupSeconds) {
        allocStarted = true;
        await gateway.call('allocStart');
      }
      if (t >= nextLog || last) {
        nextLog += 60;
        const c = await clients[0]!.call<Counts>('counts');
        const heap = memory.findLast((x) => x.heapMB !== null)?.heapMB;
        log(`  S8 ${Math.round(t)} s: rss ${memory.at(-1)!.rssMB} MB, heap+external after the last full GC ${heap ?? '–'} MB; client 1: ${c.subscribes} subscribes, ${c.messages} messages, ${c.errors} errors`);
        // Which of V8's spaces the heap total sits in (reserved/used MB), to tell a growing space from a full one.
        if (m.spaces) log(`  S8 ${Math.round(t)} s: V8 spaces (reserved/used MB) ${spacesLine(m.spaces)}`);
      }
    }
    const elapsed = performance.now() - started;
    if (cpuProfile && cpuStarted) {
      writeFileSync(cpuProfile, JSON.stringify(await gateway.call('profileStop', undefined, 120_000)));
      log(`  S8 CPU profile: ${cpuProfile}`);
    }
    if (allocProfile && allocStarted) {
      writeFileSync(allocProfile, JSON.stringify(await gateway.call('allocStop', undefined, 120_000)));
      log(`  S8 allocation profile: ${allocProfile}`);
    }
    const stopped = await load.call<{ queries: number; queryFailures: number; mutations: number; mutationFailures: number; firstFailure: string; samples: Array<{ at: number; ms: number }> }>('stop');
    for (const c of clients) await c.call('stopChurn');
    await sleep(1000);
    // The live heap at the end, the load stopped (no query measured any more): the same subscribers as at warm-up.
    const endMB = await liveHeapMB();
    const liveHeap = warmHeap && { warmT: warmHeap.t, warmMB: warmHeap.mb, endT: secondsIn(), endMB };
    const cpu1 = await Promise.all(clients.map((c) => c.call<{ cpuMs: number }>('stats')));
    const servers1 = await Promise.all([gateway, sim, load].map((c) => c.call<{ cpuMs: number }>('stats')));
    const loop = await gateway.call<{ p99: number; max: number; stalls: Array<{ at: number; ms: number }> }>('loopDelay');
    if (process.env.BENCH_DEBUG_STALLS) {
      log(`  stalls ${JSON.stringify(loop.stalls.filter((x) => x.ms > 100).map((x) => [round((x.at - loadStart) / 1000, 1), round(x.ms, 0)]))}`);
      // Queries over 150 ms by the 10 s they were sent in: [seconds into the soak, how many, slowest ms].
      const slow = new Map<number, { n: number; max: number }>();
      for (const q of stopped.samples.filter((x) => x.ms > 150)) {
        const b = Math.floor((q.at - loadStart) / 10_000) * 10;
        const e = slow.get(b) ?? { n: 0, max: 0 };
        slow.set(b, { n: e.n + 1, max: Math.max(e.max, q.ms) });
      }
      log(`  slow queries ${JSON.stringify([...slow].map(([b, e]) => [b, e.n, Math.round(e.max)]))}`);
    }
    const pct = (a: { cpuMs: number }, b: { cpuMs: number }) => round((100 * (b.cpuMs - a.cpuMs)) / elapsed, 1);
    const cpu = { gateway: pct(servers0[0]!, servers1[0]!), simulator: pct(servers0[1]!, servers1[1]!), loadgen: pct(servers0[2]!, servers1[2]!) };
    log(`  S8 CPU (% of a core): gateway ${cpu.gateway}, simulator ${cpu.simulator}, query load ${cpu.loadgen}; gateway event-loop delay p99 ${round(loop.p99, 1)} ms, max ${round(loop.max, 1)} ms`);
    // Settle: the last mutation's effect reaches every poll (Sinch resources every pollMs, CoBrowser every 5 s).
    await sleep(Math.max(8000, 4 * o.pollMs));
    let v = await Promise.all(clients.map((c) => c.call<{ subscribers: number; divergent: number; noSnapshot: number; sample: string }>('verify')));
    if (v.some((x) => x.divergent > 0)) {
      log(`  S8 verify: ${v.reduce((a, x) => a + x.divergent, 0)} divergent (${v.find((x) => x.sample)?.sample}); once more after 5 s`);
      await sleep(5000);
      v = await Promise.all(clients.map((c) => c.call<{ subscribers: number; divergent: number; noSnapshot: number; sample: string }>('verify')));
    }
    const counts = await Promise.all(clients.map((c) => c.call<Counts>('counts')));
    const sum = (k: Exclude<keyof Counts, 'firstError'>) => counts.reduce((a, c) => a + c[k], 0);

    const windowSeconds = Math.min(60, (o.seconds - warmupSeconds) / 2);
    const after = memory.filter((m) => m.t >= warmupSeconds);
    const inWindow = (from: number, to: number) => stopped.samples.filter((s) => s.at - loadStart >= from * 1000 && s.at - loadStart < to * 1000);
    const windows = [inWindow(warmupSeconds, warmupSeconds + windowSeconds), inWindow(o.seconds - windowSeconds, o.seconds)] as const;
    const p99Of = (samples: ReadonlyArray<{ ms: number }>) => quantile(samples.map((s) => s.ms), 0.99);
    const outsideStalls = (w: ReadonlyArray<{ at: number; ms: number }>) => w.filter((s) => !overlapsAny(s.at, s.ms, stalls));
    const clean = windows.map(outsideStalls);
    const [first, last] = clean.map(p99Of) as [number, number];
    const [firstAll, lastAll] = windows.map(p99Of) as [number, number];
    // Per minute, stalls left out: shows whether a drift builds up or is one window's bad luck.
    const byMinute = Array.from({ length: Math.ceil(o.seconds / 60) }, (_, m) => {
      const w = outsideStalls(inWindow(m * 60, Math.min(o.seconds, (m + 1) * 60)));
      return { minute: m + 1, queries: w.length, p50Ms: round(quantile(w.map((s) => s.ms), 0.5), 1), p99Ms: round(p99Of(w), 1) };
    });
    const queriesLeftOut = windows[0].length + windows[1].length - clean[0]!.length - clean[1]!.length;
    const missed = sum('changeBeforeSnapshot') + sum('changedUnknown') + sum('removedUnknown') + sum('outOfOrder');
    const divergent = v.reduce((a, x) => a + x.divergent + x.noSnapshot, 0);
    const rssSlope = round(slope(after.map((m) => ({ x: m.t / 60, y: m.rssMB }))), 2);
    const afterGcs = after.filter((m): m is typeof m & { heapMB: number } => m.heapMB !== null);
    // Fewer than three of V8's own full collections after the warm-up: no slope.
    const ownGcHeapSlope = afterGcs.length < 3 ? Number.NaN : round(slope(afterGcs.map((m) => ({ x: m.t / 60, y: m.heapMB }))), 2);
    const heapSlope = liveHeap ? round((liveHeap.endMB - liveHeap.warmMB) / ((liveHeap.endT - liveHeap.warmT) / 60), 2) : Number.NaN;
    const drift = round(last / first, 2);
    const { firstError: _f, ...rest } = counts[0]!;
    const clientCounts = Object.fromEntries(Object.keys(rest).map((k) => [k, sum(k as Exclude<keyof Counts, 'firstError'>)])) as Omit<Counts, 'firstError'>;
    return {
      seconds: o.seconds,
      warmupSeconds,
      windowSeconds,
      subscribers: connected,
      rates: { churnPerSecond: o.churnPerSecond, queriesPerSecond: o.queriesPerSecond, mutationsPerSecond: o.mutationsPerSecond },
      documents: docs.length,
      distinctQueries: queries.length,
      memory,
      rssSlopeMBPerMin: rssSlope,
      heapSlopeMBPerMin: heapSlope,
      ...(liveHeap ? { liveHeap } : {}),
      ownGcHeapSlopeMBPerMin: ownGcHeapSlope,
      p99: { firstMs: round(first, 1), lastMs: round(last, 1), drift },
      p99WithHarnessStalls: { firstMs: round(firstAll, 1), lastMs: round(lastAll, 1), drift: round(lastAll / firstAll, 2) },
      latencyByMinute: byMinute,
      harnessStalls: { count: stalls.length, maxMs: round(Math.max(0, ...stalls.map((w) => w.to - w.from)), 0), queriesLeftOut },
      cpu,
      gatewayLoopDelayMs: { p99: round(loop.p99, 1), max: round(loop.max, 1) },
      queries: { sent: stopped.queries, failed: stopped.queryFailures, mutations: stopped.mutations, mutationsFailed: stopped.mutationFailures, firstFailure: stopped.firstFailure },
      clients: { ...clientCounts, firstError: counts.map((c) => c.firstError).find(Boolean) ?? '', cpuPercent: cpu1.map((c, i) => round((100 * (c.cpuMs - cpu0[i]!.cpuMs)) / elapsed, 1)) },
      missed,
      divergent,
      verifySample: v.map((x) => x.sample).find(Boolean) ?? '',
      target: 'RSS and heap slope ≤ 1 MB/min after warm-up, p99 last/first ≤ 1.2, 0 missed, every state equal to a fresh subscription',
      met: rssSlope <= 1 && heapSlope <= 1 && drift <= 1.2 && missed === 0 && divergent === 0 && clientCounts.errors === 0,
    };
  } finally {
    for (const c of children.reverse()) {
      await c.call('closeAll', undefined, 30_000).catch(() => undefined);
      await c.kill();
    }
    await sim.kill();
  }
}

/** `old_space 150/98, new_space 64/12, …`: spaces over 1 MB reserved, in MB. */
function spacesLine(spaces: HeapSpaces): string {
  const mb = (b: number) => Math.round(b / 2 ** 20);
  return Object.entries(spaces)
    .filter(([, s]) => s.size >= 2 ** 20)
    .map(([name, s]) => `${name} ${mb(s.size)}/${mb(s.used)}`)
    .join(', ');
}
