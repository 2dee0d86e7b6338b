/**
 * S1b: distinct dashboards, engine-bound. 16 connections, every request different (field set, page, name filter:
 * bench/lib/distinct.ts), so no query joins another's execution; ccgraph and the proxy answer the same list, both
 * fed by the replay upstream (bench/children/replay.ts: recorded vendor bytes from memory, on the client core), so
 * the simulator's model is not what limits either side. The gateway runs with VENDOR_SHARE_MS=0: only reads in
 * flight at the same moment are shared (vendor requests per query are reported for both sides).
 */
import { isDeepStrictEqual } from 'node:util';
import { distinctRequests, graphqlBody, peopleOf, proxyPath } from '../lib/distinct.js';
import { spawnChild, type Child } from '../lib/rpc.js';
import { median, medianLatency, medianOf, round, summarize, type Summary } from '../lib/stats.js';
import { threadCpu, threadDelta } from '../lib/threads.js';
import type { Profile } from '../profile.js';

/** Distinct requests in the list (the load walks it round, ~1–2 s per lap at the rates seen). */
const LIST = 1024;
/** Answers compared between ccgraph and the proxy before the runs (every LIST/SAMPLE-th request). */
const SAMPLE = 64;

export interface S1bResult {
  connections: number;
  seconds: number;
  distinctRequests: number;
  sameJson: { compared: number; equal: number; note?: string };
  ccgraph: Summary;
  proxy: Summary;
  ratio: number;
  target: string;
  met: boolean;
  /** Server CPU time per request (ms), median of runs. */
  cpuMsPerRequest: { ccgraph: number; proxy: number };
  /** Median CPU use (% of one core) of each process during the runs; `upstream` is the replay process. */
  cpu: { ccgraph: Record<string, number>; proxy: Record<string, number> };
  latencyMs: { ccgraph: { p50: number; p99: number }; proxy: { p50: number; p99: number } };
  failures: { ccgraph: number; proxy: number };
  vendorRequestsPerQuery: { ccgraph: number; proxy: number };
  /** Requests the replay upstream had not recorded during the warm-up (forwarded to its simulator; should be 0). */
  upstreamMisses: number;
  settings: string;
}

export const cpuOf = async (c: Child) => (await c.call<{ cpuMs: number }>('stats')).cpuMs;

/**
 * S1b's processes: the replay upstream (client core), ccgraph (VENDOR_SHARE_MS=0) and the proxy on it (server core),
 * and the load generator holding both sides' request lists (`ccgraph`, `proxy`). Also used by `npm run bench:laps`.
 */
export async function startDistinctSides(cores: { server?: number; client?: number }) {
  const replay = await spawnChild('replay', { core: cores.client });
  const info = await replay.call<{ env: Record<string, string>; identities: any[]; baseUrls: { sinch: string }; credentials: any }>('info');
  const identities = JSON.stringify(info.identities);
  const shareSetting = { VENDOR_SHARE_MS: '0' };
  const [gateway, proxy, load] = await Promise.all([
    spawnChild('gateway', { core: cores.server, env: { BENCH_ENV: JSON.stringify({ ...info.env, ...shareSetting }), BENCH_IDENTITIES: identities } }),
    spawnChild('proxy', {
      core: cores.server,
      env: {
        BENCH_SINCH_URL: info.baseUrls.sinch,
        BENCH_SINCH_USER: info.credentials.sinch.username,
        BENCH_SINCH_PASSWORD: info.credentials.sinch.password,
        BENCH_IDENTITIES: identities,
      },
    }),
    spawnChild('distinctload', { core: cores.client }),
  ]);
  const kill = async () => {
    await Promise.all([gateway.kill(), proxy.kill(), load.kill()]);
    await replay.kill();
  };
  try {
    const g = await gateway.call<{ url: string }>('info');
    const pr = await proxy.call<{ url: string }>('info');
    const list = distinctRequests(peopleOf(info.identities), LIST);
    await load.call('setSide', { name: 'ccgraph', side: { origin: g.url, requests: list.map((r) => ({ method: 'POST', path: '/graphql', body: graphqlBody(r) })) } });
    await load.call('setSide', { name: 'proxy', side: { origin: pr.url, requests: list.map((r) => ({ method: 'GET', path: proxyPath(r) })) } });
    return { replay, gateway, proxy, load, list, upstream: info.baseUrls.sinch.split('/sinch')[0], urls: { ccgraph: g.url, proxy: pr.url }, kill };
  } catch (e) {
    await kill();
    throw e;
  }
}

export async function runS1b(p: Profile, cores: { server?: number; client?: number }, log: (s: string) => void): Promise<S1bResult> {
  const { replay, gateway, proxy, load, list, upstream, urls, kill } = await startDistinctSides(cores);
  try {
    log(`  S1b: ${list.length} distinct dashboards; replay upstream ${upstream}, ccgraph ${urls.ccgraph}, proxy ${urls.proxy}`);

    // Same JSON for a sample of the list (parsed, deep-equal).
    const indices = Array.from({ length: SAMPLE }, (_, i) => Math.floor((i * LIST) / SAMPLE));
    const [a, b] = await Promise.all([
      load.call<Array<{ status: number; text: string }>>('fetch', { name: 'ccgraph', indices }),
      load.call<Array<{ status: number; text: string }>>('fetch', { name: 'proxy', indices }),
    ]);
    let equal = 0;
    let note: string | undefined;
    indices.forEach((idx, i) => {
      const same = a[i]!.status === 200 && b[i]!.status === 200 && isDeepStrictEqual(JSON.parse(a[i]!.text), JSON.parse(b[i]!.text));
      if (same) equal++;
      else note ??= `request ${idx} ${proxyPath(list[idx]!)}: ccgraph ${a[i]!.status} ${a[i]!.text.slice(0, 200)} | proxy ${b[i]!.status} ${b[i]!.text.slice(0, 200)}`;
    });
    log(`  S1b same JSON: ${equal}/${SAMPLE}${note ? ` (first difference: ${note})` : ''}`);

    // Warm-up: every request of the list at least once per side, so the replay upstream has recorded every read.
    const position = { ccgraph: 0, proxy: 0 };
    for (const name of ['ccgraph', 'proxy'] as const) {
      let laps = 0;
      for (let i = 0; i < 10 && laps === 0; i++) {
        const r = await load.call<{ next: number; wrapped: boolean }>('run', { name, connections: p.distinct.connections, seconds: p.distinct.warmupSeconds, start: position[name] });
        position[name] = r.next;
        if (r.wrapped) laps++;
      }
    }
    await replay.call('freeze');

    const rps = { ccgraph: [] as number[], proxy: [] as number[] };
    const lat = { ccgraph: [] as Array<{ p50: number; p99: number }>, proxy: [] as Array<{ p50: number; p99: number }> };
    const cpu = {
      ccgraph: { server: [] as number[], upstream: [] as number[], loadgen: [] as number[] },
      proxy: { server: [] as number[], upstream: [] as number[], loadgen: [] as number[] },
    };
    const perRequest = { ccgraph: [] as number[], proxy: [] as number[] };
    const vendor = { ccgraph: [] as number[], proxy: [] as number[] };
    const failures = { ccgraph: 0, proxy: 0 };
    for (let i = 0; i < p.distinct.runs; i++) {
      // Which side goes first alternates, so drifting background load falls on both alike.
      const order = i % 2 === 0 ? (['ccgraph', 'proxy'] as const) : (['proxy', 'ccgraph'] as const);
      for (const name of order) {
        const server = name === 'ccgraph' ? gateway : proxy;
        await replay.call('resetCounters');
        const before = await Promise.all([cpuOf(server), cpuOf(replay), cpuOf(load)]);
        const threadsBefore = threadCpu(server.pid);
        const r = await load.call<{ total: number; rps: number; failures: number; p50: number; p99: number; next: number }>('run', {
          name,
          connections: p.distinct.connections,
          seconds: p.distinct.seconds,
          start: position[name],
        });
        const after = await Promise.all([cpuOf(server), cpuOf(replay), cpuOf(load)]);
        const threadsAfter = threadCpu(server.pid);
        const split = threadsBefore && threadsAfter ? threadDelta(threadsBefore, threadsAfter) : [];
        const counters = await replay.call<Record<string, number>>('counters');
        position[name] = r.next;
        const pct = (k: number) => round(((after[k]! - before[k]!) / (p.distinct.seconds * 1000)) * 100, 0);
        cpu[name].server.push(pct(0));
        cpu[name].upstream.push(pct(1));
        cpu[name].loadgen.push(pct(2));
        rps[name].push(round(r.rps, 0));
        lat[name].push({ p50: round(r.p50, 2), p99: round(r.p99, 2) });
        failures[name] += r.failures;
        perRequest[name].push((after[0]! - before[0]!) / Math.max(1, r.total));
        vendor[name].push(Object.values(counters).reduce((x, y) => x + y, 0) / Math.max(1, r.total));
        log(
          `  S1b run ${i + 1}/${p.distinct.runs} ${name}: ${round(r.rps, 0)} req/s (p50 ${round(r.p50, 1)} ms, p99 ${round(r.p99, 1)} ms), server CPU ${pct(0)} % (${round(perRequest[name].at(-1)!, 2)} ms/request${split.length ? `: ${split.map(([k, v]) => `${k} ${round(v / Math.max(1, r.total), 2)}`).join(', ')}` : ''}), upstream ${pct(1)} %, loadgen ${pct(2)} %`,
        );
      }
    }
    const replayStats = await replay.call<{ missesAfterFreeze: number; missed: string[] }>('replayStats');
    if (replayStats.missesAfterFreeze) log(`  S1b: ${replayStats.missesAfterFreeze} upstream requests were not recorded, e.g. ${replayStats.missed[0]}`);
    const ccgraph = summarize(rps.ccgraph);
    const prox = summarize(rps.proxy);
    const ratio = round(ccgraph.median / prox.median, 2);
    return {
      connections: p.distinct.connections,
      seconds: p.distinct.seconds,
      distinctRequests: list.length,
      sameJson: { compared: SAMPLE, equal, ...(note ? { note } : {}) },
      ccgraph,
      proxy: prox,
      ratio,
      target: 'ccgraph ≥ 0.8 × proxy',
      met: ratio >= 0.8 && equal === SAMPLE && failures.ccgraph === 0,
      cpuMsPerRequest: { ccgraph: round(median(perRequest.ccgraph), 2), proxy: round(median(perRequest.proxy), 2) },
      cpu: { ccgraph: medianOf(cpu.ccgraph), proxy: medianOf(cpu.proxy) },
      latencyMs: { ccgraph: medianLatency(lat.ccgraph), proxy: medianLatency(lat.proxy) },
      failures,
      vendorRequestsPerQuery: { ccgraph: round(median(vendor.ccgraph), 3), proxy: round(median(vendor.proxy), 3) },
      upstreamMisses: replayStats.missesAfterFreeze,
      settings: 'gateway VENDOR_SHARE_MS=0 (only reads in flight at once are shared)',
    };
  } finally {
    await kill();
  }
}

/** S1b's row of the RESULTS.md table. */
export function s1bRow(s: S1bResult): string {
  const f = (v: number, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : String(v));
  const sp = (x: Summary) => `${f(x.median)} (${f(x.min)}–${f(x.max)})`;
  return (
    `| S1b ${s.distinctRequests.toLocaleString('en')} distinct dashboards (field sets, pages, name filters), replay upstream | requests/s, median (min–max) of ${s.ccgraph.runs.length} runs × ${s.seconds} s, ${s.connections} connections; ` +
    `server CPU per request; upstream CPU | ${sp(s.ccgraph)}; ${f(s.cpuMsPerRequest.ccgraph, 2)} ms CPU/request; upstream ${f(s.cpu.ccgraph.upstream ?? NaN)} % | ` +
    `proxy ${sp(s.proxy)}; ${f(s.cpuMsPerRequest.proxy, 2)} ms CPU/request; upstream ${f(s.cpu.proxy.upstream ?? NaN)} % | ≥ 0.8 × proxy | ${f(s.ratio, 2)} × proxy: ${s.met ? '**met**' : '**missed**'} |`
  );
}
