/**
 * S1–S3: the dashboard query over HTTP, ccgraph against the hand-written REST proxy, on one simulator.
 * Processes: simulator and load generator pinned to one core, the server under test to the other.
 */
import { isDeepStrictEqual } from 'node:util';
import { DASHBOARD_BODY } from '../lib/dashboard.js';
import { spawnChild, type Child } from '../lib/rpc.js';
import { criticalChain, median, medianLatency, medianOf, quantile, round, summarize, type Span, type Summary } from '../lib/stats.js';
import type { Profile } from '../profile.js';

interface Target {
  url: string;
  method: 'GET' | 'POST';
  body?: string;
}

export interface HttpStack {
  sim: Child;
  gateway: Child;
  proxy: Child;
  loadgen: Child;
  targets: { ccgraph: Target; proxy: Target };
  /** The gateway's VENDOR_SHARE_MS: how long an answered vendor read may be reused by another connection. */
  shareMs: number;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * After a warm-up sent on another connection: wait until its vendor reads can no longer be shared, so the serial
 * queries that follow are counted (S3) and timed (S2 calibration) on their own. Serial queries on one connection
 * never reuse each other's reads (a read must start after the connection's previous answer).
 */
const outlastShareWindow = (s: HttpStack) => sleep(s.shareMs + 50);

/** The gateway's count of queries answered from an identical query's execution in flight. */
const sharedExecutionsOf = (s: HttpStack) => s.gateway.call<number>('sharedExecutions');

export async function startHttpStack(cores: { server?: number; client?: number }, log: (s: string) => void): Promise<HttpStack> {
  const sim = await spawnChild('sim', { core: cores.client });
  const info = await sim.call<{ env: Record<string, string>; identities: unknown[]; baseUrls: { sinch: string }; credentials: any }>('info');
  const identities = JSON.stringify(info.identities);
  const [gateway, proxy, loadgen] = await Promise.all([
    spawnChild('gateway', { core: cores.server, env: { BENCH_ENV: JSON.stringify(info.env), BENCH_IDENTITIES: identities } }),
    spawnChild('proxy', {
      core: cores.server,
      env: {
        BENCH_SINCH_URL: info.baseUrls.sinch,
        BENCH_SINCH_USER: info.credentials.sinch.username,
        BENCH_SINCH_PASSWORD: info.credentials.sinch.password,
        BENCH_IDENTITIES: identities,
      },
    }),
    spawnChild('loadgen', { core: cores.client }),
  ]);
  const g = await gateway.call<{ url: string; shareMs: number }>('info');
  const p = await proxy.call<{ url: string }>('info');
  log(`  http stack: simulator ${info.baseUrls.sinch.split('/sinch')[0]}, ccgraph ${g.url}, proxy ${p.url}`);
  return {
    sim,
    gateway,
    proxy,
    loadgen,
    targets: {
      ccgraph: { url: `${g.url}/graphql`, method: 'POST', body: DASHBOARD_BODY },
      proxy: { url: `${p.url}/dashboard`, method: 'GET' },
    },
    shareMs: g.shareMs,
    async close() {
      await Promise.all([gateway.kill(), proxy.kill(), loadgen.kill()]);
      await sim.kill();
    },
  };
}

/** Both answers parsed and compared: the baseline must produce the same JSON from the same simulator. */
export async function sameJson(s: HttpStack): Promise<{ equal: boolean; bytes: { ccgraph: number; proxy: number }; note?: string }> {
  const [a, b] = await Promise.all([
    s.loadgen.call<{ status: number; text: string }>('fetchBody', { target: s.targets.ccgraph }),
    s.loadgen.call<{ status: number; text: string }>('fetchBody', { target: s.targets.proxy }),
  ]);
  const ja = JSON.parse(a.text);
  const jb = JSON.parse(b.text);
  const equal = a.status === 200 && b.status === 200 && isDeepStrictEqual(ja, jb);
  return {
    equal,
    bytes: { ccgraph: a.text.length, proxy: b.text.length },
    ...(equal ? {} : { note: `ccgraph ${a.status} ${a.text.slice(0, 300)} | proxy ${b.status} ${b.text.slice(0, 300)}` }),
  };
}

const cpuOf = async (c: Child) => (await c.call<{ cpuMs: number }>('stats')).cpuMs;

// ---------------------------------------------------------------------------------------------------------------
// S1: throughput at vendor latency 0

export interface S1Result {
  connections: number;
  seconds: number;
  ccgraph: Summary;
  proxy: Summary;
  ratio: number;
  target: string;
  met: boolean;
  /** Median CPU use (% of one core) of each process during the runs. */
  cpu: { ccgraph: Record<string, number>; proxy: Record<string, number> };
  latencyMs: { ccgraph: { p50: number; p99: number }; proxy: { p50: number; p99: number } };
  failures: { ccgraph: number; proxy: number };
  vendorRequestsPerQuery: { ccgraph: number; proxy: number };
  /** Share of ccgraph's queries answered from an identical query's execution in flight (median of runs). */
  sharedExecutionShare?: number;
  /** Server CPU time per request (ms), median of runs: less sensitive to other load on the machine than req/s. */
  cpuMsPerRequest: { ccgraph: number; proxy: number };
}

export async function runS1(s: HttpStack, p: Profile, log: (s: string) => void): Promise<S1Result> {
  await s.sim.call('latency', { ms: 0 });
  const rps = { ccgraph: [] as number[], proxy: [] as number[] };
  const lat = { ccgraph: [] as Array<{ p50: number; p99: number }>, proxy: [] as Array<{ p50: number; p99: number }> };
  const cpu = { ccgraph: { server: [] as number[], simulator: [] as number[], loadgen: [] as number[] }, proxy: { server: [] as number[], simulator: [] as number[], loadgen: [] as number[] } };
  const failures = { ccgraph: 0, proxy: 0 };
  const vendor = { ccgraph: [] as number[], proxy: [] as number[] };
  const cpuPerRequest = { ccgraph: [] as number[], proxy: [] as number[] };
  const sharedShare: number[] = [];
  for (const name of ['ccgraph', 'proxy'] as const) {
    log(`  S1 warm-up ${name} (${p.s1.warmupSeconds} s)`);
    await s.loadgen.call('autocannon', { target: s.targets[name], connections: p.s1.connections, seconds: p.s1.warmupSeconds });
  }
  // Interleaved runs, so drifting background load hits both sides alike.
  for (let i = 0; i < p.s1.runs; i++) {
    for (const name of ['ccgraph', 'proxy'] as const) {
      const server = name === 'ccgraph' ? s.gateway : s.proxy;
      const before = await Promise.all([cpuOf(server), cpuOf(s.sim), cpuOf(s.loadgen)]);
      const sharedBefore = name === 'ccgraph' ? await sharedExecutionsOf(s) : 0;
      await s.sim.call('resetCounters');
      const r = await s.loadgen.call<{ rps: number; total: number; p50: number; p99: number; non2xx: number; errors: number; timeouts: number }>(
        'autocannon',
        { target: s.targets[name], connections: p.s1.connections, seconds: p.s1.seconds },
      );
      const counters = await s.sim.call<Record<string, number>>('counters');
      const after = await Promise.all([cpuOf(server), cpuOf(s.sim), cpuOf(s.loadgen)]);
      const pct = (k: number) => round(((after[k]! - before[k]!) / (p.s1.seconds * 1000)) * 100, 0);
      cpu[name].server.push(pct(0));
      cpu[name].simulator.push(pct(1));
      cpu[name].loadgen.push(pct(2));
      rps[name].push(round(r.rps, 0));
      lat[name].push({ p50: r.p50, p99: r.p99 });
      failures[name] += r.non2xx + r.errors + r.timeouts;
      vendor[name].push(Object.values(counters).reduce((a, b) => a + b, 0) / Math.max(1, r.total));
      cpuPerRequest[name].push((after[0]! - before[0]!) / Math.max(1, r.total));
      if (name === 'ccgraph') sharedShare.push(((await sharedExecutionsOf(s)) - sharedBefore) / Math.max(1, r.total));
      log(`  S1 run ${i + 1}/${p.s1.runs} ${name}: ${round(r.rps, 0)} req/s (p50 ${r.p50} ms, p99 ${r.p99} ms), server CPU ${pct(0)} %, simulator ${pct(1)} %, loadgen ${pct(2)} %`);
    }
  }
  const ccgraph = summarize(rps.ccgraph);
  const proxy = summarize(rps.proxy);
  const ratio = round(ccgraph.median / proxy.median, 2);
  return {
    connections: p.s1.connections,
    seconds: p.s1.seconds,
    ccgraph,
    proxy,
    ratio,
    target: 'ccgraph ≥ 0.9 × proxy',
    met: ratio >= 0.9,
    cpu: { ccgraph: medianOf(cpu.ccgraph), proxy: medianOf(cpu.proxy) },
    latencyMs: { ccgraph: medianLatency(lat.ccgraph), proxy: medianLatency(lat.proxy) },
    failures,
    vendorRequestsPerQuery: { ccgraph: round(median(vendor.ccgraph), 3), proxy: round(median(vendor.proxy), 3) },
    sharedExecutionShare: round(median(sharedShare), 3),
    cpuMsPerRequest: { ccgraph: round(median(cpuPerRequest.ccgraph), 2), proxy: round(median(cpuPerRequest.proxy), 2) },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// S2: latency at a fixed arrival rate, vendor latency 100 ms

interface Window {
  start: number;
  end: number;
}

/** Per query (serial, so windows do not overlap): the critical path of the vendor calls made inside its window. */
function criticalPaths(windows: Window[], spans: Array<Span & { path: string }>) {
  return windows.map((w) => {
    const inside = spans.filter((sp) => sp.start >= w.start - 1 && sp.end <= w.end + 1);
    const { ms, chain } = criticalChain(inside);
    const names = chain.map((c) => c.path.split('/').pop()).join(' → ');
    return { total: w.end - w.start, critical: ms, calls: inside.length, chain: `${inside.length} calls; critical chain ${names}` };
  });
}

export interface S2Side {
  criticalPathMs: number;
  calibration: { serialLatencyMs: number; chain: string };
  p50: Summary;
  p99: Summary;
  overP50: number;
  overP99: number;
  failed: number;
  vendorRequestsPerQuery: number;
  /** ccgraph: share of queries answered from an identical query's execution in flight (median of runs). */
  sharedExecutionShare?: number;
}

export interface S2Result {
  rate: number;
  seconds: number;
  latencyMs: number;
  ccgraph: S2Side;
  proxy: S2Side;
  target: string;
  met: boolean;
}

export async function runS2(s: HttpStack, p: Profile, log: (s: string) => void): Promise<S2Result> {
  const latency = 100;
  await s.sim.call('latency', { ms: latency });
  const side = async (name: 'ccgraph' | 'proxy') => {
    // Calibration: serial queries, each alone, so the vendor calls inside its window are its own.
    await s.loadgen.call('serial', { target: s.targets[name], n: 2 });
    await outlastShareWindow(s);
    await s.sim.call('startSpans');
    const serial = await s.loadgen.call<{ windows: Window[]; failed: number }>('serial', { target: s.targets[name], n: p.s2.calibrationQueries });
    const spans = await s.sim.call<Array<Span & { path: string }>>('stopSpans');
    const per = criticalPaths(serial.windows, spans);
    const critical = median(per.map((x) => x.critical));
    log(`  S2 ${name}: critical path at the simulator ${round(critical, 1)} ms (serial latency ${round(median(per.map((x) => x.total)), 1)} ms; ${per[0]?.chain})`);
    return { critical, serialLatency: median(per.map((x) => x.total)), chain: per[Math.floor(per.length / 2)]?.chain ?? '' };
  };
  const cal = { ccgraph: await side('ccgraph'), proxy: await side('proxy') };
  const p50 = { ccgraph: [] as number[], proxy: [] as number[] };
  const p99 = { ccgraph: [] as number[], proxy: [] as number[] };
  const failed = { ccgraph: 0, proxy: 0 };
  const vendor = { ccgraph: [] as number[], proxy: [] as number[] };
  const sharedShare: number[] = [];
  for (let i = 0; i < p.s2.runs; i++) {
    for (const name of ['ccgraph', 'proxy'] as const) {
      const sharedBefore = name === 'ccgraph' ? await sharedExecutionsOf(s) : 0;
      await s.sim.call('resetCounters');
      const r = await s.loadgen.call<{ latencies: number[]; failed: number; sent: number }>('openLoop', {
        target: s.targets[name],
        rate: p.s2.rate,
        seconds: p.s2.seconds,
      });
      const counters = await s.sim.call<Record<string, number>>('counters');
      vendor[name].push(Object.values(counters).reduce((a, b) => a + b, 0) / r.sent);
      if (name === 'ccgraph') sharedShare.push(((await sharedExecutionsOf(s)) - sharedBefore) / r.sent);
      p50[name].push(round(quantile(r.latencies, 0.5), 2));
      p99[name].push(round(quantile(r.latencies, 0.99), 2));
      failed[name] += r.failed;
      log(`  S2 run ${i + 1}/${p.s2.runs} ${name}: ${r.sent} queries at ${p.s2.rate}/s, p50 ${round(quantile(r.latencies, 0.5), 1)} ms, p99 ${round(quantile(r.latencies, 0.99), 1)} ms`);
    }
  }
  await s.sim.call('latency', { ms: 0 });
  const result = (name: 'ccgraph' | 'proxy'): S2Side => {
    const a = summarize(p50[name]);
    const b = summarize(p99[name]);
    return {
      criticalPathMs: round(cal[name].critical, 2),
      calibration: { serialLatencyMs: round(cal[name].serialLatency, 2), chain: cal[name].chain },
      p50: a,
      p99: b,
      overP50: round(a.median - cal[name].critical, 2),
      overP99: round(b.median - cal[name].critical, 2),
      failed: failed[name],
      vendorRequestsPerQuery: round(median(vendor[name]), 3),
      ...(name === 'ccgraph' ? { sharedExecutionShare: round(median(sharedShare), 3) } : {}),
    };
  };
  const ccgraph = result('ccgraph');
  return {
    rate: p.s2.rate,
    seconds: p.s2.seconds,
    latencyMs: latency,
    ccgraph,
    proxy: result('proxy'),
    target: 'p50 ≤ critical path + 3 ms, p99 ≤ critical path + 15 ms',
    met: ccgraph.overP50 <= 3 && ccgraph.overP99 <= 15 && ccgraph.failed === 0,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// S3: vendor requests per query

export interface S3Result {
  minimum: number;
  minimumEndpoints: string[];
  serial: { queries: number; requests: number; perQuery: number; byEndpoint: Record<string, number> };
  concurrent: Array<{ latencyMs: number; queries: number; ok: number; requests: number; perQuery: number; byEndpoint: Record<string, number>; met: boolean }>;
  serialMet: boolean;
  proxy: { serialPerQuery: number; concurrentPerQuery: number };
  target: string;
  met: boolean;
}

export async function runS3(s: HttpStack, p: Profile, log: (s: string) => void): Promise<S3Result> {
  const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
  // The distinct batched fetches the dashboard needs: agents of the page (one id-filtered list), queue statuses,
  // today's contact summaries. (The people directory is cached process-wide and refreshed every 30 s.)
  const minimumEndpoints = ['sinch GET /agents', 'sinch GET /queueStatuses', 'sinch GET /contactSummaries'];
  await s.sim.call('latency', { ms: 0 });
  await s.loadgen.call('serial', { target: s.targets.ccgraph, n: 1 });
  await outlastShareWindow(s);
  await s.sim.call('resetCounters');
  const n = p.s3.serialQueries;
  const serial = await s.loadgen.call<{ failed: number }>('serial', { target: s.targets.ccgraph, n });
  const sc = await s.sim.call<Record<string, number>>('counters');
  log(`  S3 serial: ${n} queries → ${total(sc)} vendor requests (${JSON.stringify(sc)}), ${serial.failed} failed`);
  const concurrent: S3Result['concurrent'] = [];
  for (const latencyMs of [0, 100]) {
    await s.sim.call('latency', { ms: latencyMs });
    const perRun: Array<{ ok: number; counters: Record<string, number> }> = [];
    for (let i = 0; i < p.s3.runs; i++) {
      await s.sim.call('resetCounters');
      const b = await s.loadgen.call<{ ok: number }>('burst', { target: s.targets.ccgraph, n: 50 });
      perRun.push({ ok: b.ok, counters: await s.sim.call<Record<string, number>>('counters') });
    }
    const worst = perRun.reduce((a, b) => (total(b.counters) > total(a.counters) ? b : a));
    const ok = Math.min(...perRun.map((r) => r.ok));
    const perQuery = round(total(worst.counters) / 50, 3);
    concurrent.push({ latencyMs, queries: 50, ok, requests: total(worst.counters), perQuery, byEndpoint: worst.counters, met: perQuery <= 0.2 && ok === 50 });
    log(`  S3 50 concurrent dashboards at vendor latency ${latencyMs} ms: worst of ${p.s3.runs} runs ${total(worst.counters)} vendor requests (${JSON.stringify(worst.counters)})`);
  }
  await s.sim.call('latency', { ms: 0 });
  await s.sim.call('resetCounters');
  await s.loadgen.call('serial', { target: s.targets.proxy, n });
  const proxySerial = total(await s.sim.call<Record<string, number>>('counters')) / n;
  await s.sim.call('resetCounters');
  await s.loadgen.call('burst', { target: s.targets.proxy, n: 50 });
  const proxyConcurrent = total(await s.sim.call<Record<string, number>>('counters')) / 50;
  const perQuery = round(total(sc) / n, 3);
  const serialMet = perQuery === minimumEndpoints.length && serial.failed === 0;
  return {
    minimum: minimumEndpoints.length,
    minimumEndpoints,
    serial: { queries: n, requests: total(sc), perQuery, byEndpoint: sc },
    concurrent,
    serialMet,
    proxy: { serialPerQuery: round(proxySerial, 3), concurrentPerQuery: round(proxyConcurrent, 3) },
    target: 'serial = minimum; 50 identical concurrent dashboards ≤ 0.2 requests per query',
    met: serialMet && concurrent.every((c) => c.met),
  };
}
