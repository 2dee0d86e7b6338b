/**
 * S9, the peer: the dashboard's data from ccgraph and from Hive Gateway (a supergraph composed at start from a Mesh
 * JSON-schema description of the same Sinch resources, bench/lib/mesh-source.ts), same upstream, same load,
 * distinct requests (bench/lib/peer.ts), interleaved runs. Neither side has a response cache; ccgraph runs with
 * VENDOR_SHARE_MS=0 so no finished vendor read is reused (in-flight joins of identical vendor reads stay: they are
 * not optional, and the vendor requests per query of both sides are reported).
 *
 * The upstream is pluggable (`BENCH_S9_UPSTREAM`, default `sim`): any bench child answering `info` (env,
 * identities, baseUrls.sinch, credentials.sinch), `counters`, `resetCounters` and `stats` like bench/children/sim.ts.
 */
import { isDeepStrictEqual } from 'node:util';
import { assembleDashboard, sortPeople, type ProxyPerson } from '../lib/dashboard.js';
import { ccgraphPeerBody, hivePeerBody, peerBodies, PEER_PAGE_SIZES } from '../lib/peer.js';
import { spawnChild, type Child } from '../lib/rpc.js';
import { median, round, summarize, type Summary } from '../lib/stats.js';
import type { Profile } from '../profile.js';

type Side = 'ccgraph' | 'hive';
const SIDES: readonly Side[] = ['ccgraph', 'hive'];

interface Target {
  url: string;
  method: 'POST';
  body?: string;
  bodies?: string[];
}

interface UpstreamInfo {
  env: Record<string, string>;
  identities: Array<{ key: string; name: string; accounts: { sinch?: string } }>;
  baseUrls: { sinch: string };
  credentials: { sinch: { username: string; password: string } };
}

export interface PeerStack {
  upstream: Child;
  upstreamName: string;
  servers: Record<Side, Child>;
  loadgen: Child;
  urls: Record<Side, string>;
  people: ProxyPerson[];
  close(): Promise<void>;
}

/** ccgraph's settings for S9 beyond the bench defaults of bench/children/gateway.ts. */
export const S9_CCGRAPH_ENV = { VENDOR_SHARE_MS: '0' };

export async function startPeerStack(cores: { server?: number; client?: number }, log: (s: string) => void): Promise<PeerStack> {
  const upstreamName = process.env.BENCH_S9_UPSTREAM || 'sim';
  const upstream = await spawnChild(upstreamName, { core: cores.client });
  const info = await upstream.call<UpstreamInfo>('info');
  const identities = JSON.stringify(info.identities);
  const [gateway, hive, loadgen] = await Promise.all([
    spawnChild('gateway', { core: cores.server, env: { BENCH_ENV: JSON.stringify({ ...info.env, ...S9_CCGRAPH_ENV }), BENCH_IDENTITIES: identities } }),
    spawnChild('hive', {
      core: cores.server,
      env: {
        NODE_ENV: 'production',
        BENCH_SINCH_URL: info.baseUrls.sinch,
        BENCH_SINCH_USER: info.credentials.sinch.username,
        BENCH_SINCH_PASSWORD: info.credentials.sinch.password,
      },
    }),
    spawnChild('loadgen', { core: cores.client }),
  ]);
  const urls = {
    ccgraph: `${(await gateway.call<{ url: string }>('info')).url}/graphql`,
    hive: `${(await hive.call<{ url: string }>('info')).url}/graphql`,
  };
  log(`  peer stack: upstream ${upstreamName} ${info.baseUrls.sinch}, ccgraph ${urls.ccgraph}, Hive Gateway ${urls.hive}`);
  const people = sortPeople(info.identities.map((i) => ({ key: i.key, name: i.name, sinchId: i.accounts.sinch })));
  return {
    upstream,
    upstreamName,
    servers: { ccgraph: gateway, hive },
    loadgen,
    urls,
    people,
    async close() {
      await Promise.all([gateway.kill(), hive.kill(), loadgen.kill()]);
      await upstream.kill();
    },
  };
}

const post = (url: string, body: string): Target => ({ url, method: 'POST', body });

/**
 * Equal work: for the full page, Hive's vendor-shaped answer assembled by the S1 proxy's code equals ccgraph's
 * dashboard; every variant answers without errors on both sides.
 */
export async function samePeerData(s: PeerStack): Promise<{ equal: boolean; bytes: Record<Side, number>; note?: string }> {
  const now = new Date();
  const fetchBody = (t: Target) => s.loadgen.call<{ status: number; text: string }>('fetchBody', { target: t });
  const [c, h] = await Promise.all([fetchBody(post(s.urls.ccgraph, ccgraphPeerBody(50))), fetchBody(post(s.urls.hive, hivePeerBody(s.people, 50, now)))]);
  const hive = JSON.parse(h.text);
  const assembled = hive.data ? assembleDashboard(s.people, hive.data.agents, hive.data.queueStatuses, hive.data.contactSummaries, now) : null;
  let equal = c.status === 200 && h.status === 200 && !hive.errors && isDeepStrictEqual(JSON.parse(c.text), assembled);
  let note = equal ? '' : `ccgraph ${c.status} ${c.text.slice(0, 200)} | hive ${h.status} ${h.text.slice(0, 200)}`;
  const bodies = peerBodies(s.people, now);
  for (const side of SIDES) {
    for (const body of bodies[side]) {
      const r = await fetchBody(post(s.urls[side], body));
      if (r.status !== 200 || r.text.includes('"errors":')) {
        equal = false;
        note += ` ${side} variant failed: ${r.status} ${r.text.slice(0, 200)}`;
        break;
      }
    }
  }
  return { equal, bytes: { ccgraph: c.text.length, hive: h.text.length }, ...(note ? { note: note.trim() } : {}) };
}

export interface S9Result {
  upstream: string;
  connections: number;
  seconds: number;
  variants: number;
  ccgraph: Summary;
  hive: Summary;
  ratio: number;
  target: string;
  met: boolean;
  latencyMs: Record<Side, { p50: number; p99: number }>;
  /** Median CPU use (% of one core) of the server under test, the upstream and the load generator. */
  cpu: Record<Side, { server: number; upstream: number; loadgen: number }>;
  cpuMsPerRequest: Record<Side, number>;
  vendorRequestsPerQuery: Record<Side, number>;
  failures: Record<Side, number>;
  /** ccgraph's queries answered from an identical query in flight (should be ~0: the requests are distinct). */
  sharedExecutionShare: number;
  sameData: { equal: boolean; bytes: Record<Side, number>; note?: string };
}

const cpuOf = async (c: Child) => (await c.call<{ cpuMs: number }>('stats')).cpuMs;
const sharedOf = (s: PeerStack) => s.servers.ccgraph.call<number>('sharedExecutions');

export async function runS9(s: PeerStack, p: Profile, log: (s: string) => void): Promise<S9Result> {
  const sameData = await samePeerData(s);
  log(`  S9 same data from ccgraph and Hive Gateway: ${sameData.equal}${sameData.note ? ` (${sameData.note})` : ''}`);
  const bodies = peerBodies(s.people, new Date());
  const target = (side: Side): Target => ({ url: s.urls[side], method: 'POST', bodies: bodies[side] });
  const { connections, seconds, warmupSeconds, runs } = p.s1;
  const rps = { ccgraph: [] as number[], hive: [] as number[] };
  const lat = { ccgraph: [] as Array<{ p50: number; p99: number }>, hive: [] as Array<{ p50: number; p99: number }> };
  const cpu = { ccgraph: [] as number[][], hive: [] as number[][] };
  const perReq = { ccgraph: [] as number[], hive: [] as number[] };
  const vendor = { ccgraph: [] as number[], hive: [] as number[] };
  const failures = { ccgraph: 0, hive: 0 };
  const shared: number[] = [];
  for (const side of SIDES) {
    log(`  S9 warm-up ${side} (${warmupSeconds} s)`);
    await s.loadgen.call('autocannon', { target: target(side), connections, seconds: warmupSeconds });
  }
  for (let i = 0; i < runs; i++) {
    // Interleaved, and which side goes first alternates, so drifting background load falls on both.
    for (const side of i % 2 ? [...SIDES].reverse() : SIDES) {
      const procs = [s.servers[side], s.upstream, s.loadgen];
      const before = await Promise.all(procs.map(cpuOf));
      const sharedBefore = side === 'ccgraph' ? await sharedOf(s) : 0;
      await s.upstream.call('resetCounters');
      const r = await s.loadgen.call<{ rps: number; total: number; p50: number; p99: number; non2xx: number; errors: number; timeouts: number }>(
        'autocannon',
        { target: target(side), connections, seconds },
      );
      const counters = await s.upstream.call<Record<string, number>>('counters');
      const after = await Promise.all(procs.map(cpuOf));
      const pct = after.map((a, k) => round(((a - before[k]!) / (seconds * 1000)) * 100, 0));
      cpu[side].push(pct);
      rps[side].push(round(r.rps, 0));
      lat[side].push({ p50: r.p50, p99: r.p99 });
      perReq[side].push((after[0]! - before[0]!) / Math.max(1, r.total));
      vendor[side].push(Object.values(counters).reduce((a, b) => a + b, 0) / Math.max(1, r.total));
      failures[side] += r.non2xx + r.errors + r.timeouts;
      if (side === 'ccgraph') shared.push(((await sharedOf(s)) - sharedBefore) / Math.max(1, r.total));
      log(
        `  S9 run ${i + 1}/${runs} ${side}: ${round(r.rps, 0)} req/s (p50 ${r.p50} ms, p99 ${r.p99} ms), server CPU ${pct[0]} %, upstream ${pct[1]} %, loadgen ${pct[2]} %, ${round(vendor[side].at(-1)!, 2)} vendor requests/query`,
      );
    }
  }
  const ccgraph = summarize(rps.ccgraph);
  const hive = summarize(rps.hive);
  const ratio = round(ccgraph.median / hive.median, 2);
  const medLat = (xs: Array<{ p50: number; p99: number }>) => ({ p50: median(xs.map((x) => x.p50)), p99: median(xs.map((x) => x.p99)) });
  const medCpu = (xs: number[][]) => ({ server: median(xs.map((x) => x[0]!)), upstream: median(xs.map((x) => x[1]!)), loadgen: median(xs.map((x) => x[2]!)) });
  return {
    upstream: s.upstreamName,
    connections,
    seconds,
    variants: PEER_PAGE_SIZES.length,
    ccgraph,
    hive,
    ratio,
    target: 'ccgraph ≥ 3 × Hive Gateway',
    met: ratio >= 3 && failures.ccgraph === 0 && sameData.equal,
    latencyMs: { ccgraph: medLat(lat.ccgraph), hive: medLat(lat.hive) },
    cpu: { ccgraph: medCpu(cpu.ccgraph), hive: medCpu(cpu.hive) },
    cpuMsPerRequest: { ccgraph: round(median(perReq.ccgraph), 2), hive: round(median(perReq.hive), 2) },
    vendorRequestsPerQuery: { ccgraph: round(median(vendor.ccgraph), 3), hive: round(median(vendor.hive), 3) },
    failures,
    sharedExecutionShare: round(median(shared), 3),
    sameData,
  };
}

/** S9's row and notes for bench/RESULTS.md. */
export function renderS9(s: S9Result): { row: string; notes: string[] } {
  const f = (v: number, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : String(v));
  const spread = (x: Summary) => `${f(x.median)} (${f(x.min)}–${f(x.max)})`;
  return {
    row: `| S9 the peer: dashboard data, distinct requests | requests/s, median (min–max) of ${s.ccgraph.runs.length} runs × ${s.seconds} s, ${s.connections} connections; p99 | ${spread(s.ccgraph)}, p99 ${s.latencyMs.ccgraph.p99} ms | Hive Gateway ${spread(s.hive)}, p99 ${s.latencyMs.hive.p99} ms | ≥ 3 × Hive Gateway | ${f(s.ratio, 2)} × Hive Gateway: ${s.met ? '**met**' : '**missed**'} |`,
    notes: [
      `- S9: ccgraph (${Object.entries(S9_CCGRAPH_ENV).map(([k, v]) => `${k}=${v}`).join(', ')}) vs Hive Gateway over a Mesh JSON-schema source of the same three Sinch lists, upstream \`${s.upstream}\`, ${s.variants} distinct request variants (page sizes 20–50) cycled over ${s.connections} connections, interleaved runs. ` +
        `Same data (Hive's answer assembled by the proxy's code equals ccgraph's, full page): **${s.sameData.equal ? 'identical' : 'DIFFERENT'}** (${s.sameData.bytes.ccgraph} vs ${s.sameData.bytes.hive} bytes on the wire)${s.sameData.note ? `; ${s.sameData.note}` : ''}. ` +
        `p50 ${s.latencyMs.ccgraph.p50} vs ${s.latencyMs.hive.p50} ms. Server CPU per request ${f(s.cpuMsPerRequest.ccgraph, 2)} vs ${f(s.cpuMsPerRequest.hive, 2)} ms; CPU % (server / upstream / loadgen): ccgraph ${s.cpu.ccgraph.server}/${s.cpu.ccgraph.upstream}/${s.cpu.ccgraph.loadgen}, Hive ${s.cpu.hive.server}/${s.cpu.hive.upstream}/${s.cpu.hive.loadgen}. ` +
        `Vendor requests per query ${s.vendorRequestsPerQuery.ccgraph} vs ${s.vendorRequestsPerQuery.hive} (ccgraph joins identical vendor reads in flight); shared executions ${f(s.sharedExecutionShare * 100, 1)} %; failures ${s.failures.ccgraph} vs ${s.failures.hive}.`,
    ],
  };
}
