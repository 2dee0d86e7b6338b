/**
 * S9, the peer: the dashboard's data from ccgraph and from Hive Gateway (a supergraph composed at start from a Mesh
 * JSON-schema description of the same Sinch resources, bench/lib/mesh-source.ts), same upstream, same load,
 * distinct requests (bench/lib/peer.ts), interleaved runs. Neither side has a response cache; ccgraph runs with
 * VENDOR_SHARE_MS=0 so no finished vendor read is reused (in-flight joins of identical vendor reads stay: they are
 * not optional, and the vendor requests per query of both sides are reported).
 *
 * A second pass with one connection compares lone requests, where nothing can be joined on either side.
 * `BENCH_S9_HIVE_JIT=1` gives Hive Gateway graphql-jit (`hive-gateway --jit`; off by default there).
 *
 * The upstream is pluggable (`BENCH_S9_UPSTREAM`; default: bench/children/replay.ts when present, else `sim`):
 * any bench child answering `info` (env, identities, baseUrls.sinch, credentials.sinch), `counters`,
 * `resetCounters` and `stats` like bench/children/sim.ts.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
  hiveJit: boolean;
  servers: Record<Side, Child>;
  loadgen: Child;
  urls: Record<Side, string>;
  people: ProxyPerson[];
  close(): Promise<void>;
}

/** ccgraph's settings for S9 beyond the bench defaults of bench/children/gateway.ts. */
export const S9_CCGRAPH_ENV = { VENDOR_SHARE_MS: '0' };

/** The replay upstream (recorded vendor answers served from memory) when this checkout has it, else the simulator. */
const defaultUpstream = () => (existsSync(fileURLToPath(new URL('../children/replay.ts', import.meta.url))) ? 'replay' : 'sim');

export async function startPeerStack(cores: { server?: number; client?: number }, log: (s: string) => void): Promise<PeerStack> {
  const upstreamName = process.env.BENCH_S9_UPSTREAM || defaultUpstream();
  const upstream = await spawnChild(upstreamName, { core: cores.client });
  const info = await upstream.call<UpstreamInfo>('info');
  const identities = JSON.stringify(info.identities);
  const [gateway, hive, loadgen] = await Promise.all([
    // NODE_ENV=production in both servers' process environment too: graphql-js reads it once at load (its
    // instanceOf checks are slower in development mode) and both servers execute through graphql-js types.
    spawnChild('gateway', {
      core: cores.server,
      env: { NODE_ENV: 'production', BENCH_ENV: JSON.stringify({ ...info.env, ...S9_CCGRAPH_ENV }), BENCH_IDENTITIES: identities },
    }),
    spawnChild('hive', {
      core: cores.server,
      env: {
        NODE_ENV: 'production',
        BENCH_HIVE_JIT: process.env.BENCH_S9_HIVE_JIT === '1' ? '1' : '0',
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
  const hiveJit = (await hive.call<{ jit: boolean }>('info')).jit;
  log(`  peer stack: upstream ${upstreamName} ${info.baseUrls.sinch}, ccgraph ${urls.ccgraph}, Hive Gateway ${urls.hive}`);
  const people = sortPeople(info.identities.map((i) => ({ key: i.key, name: i.name, sinchId: i.accounts.sinch })));
  return {
    upstream,
    upstreamName,
    hiveJit,
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

interface Run {
  rps: number;
  p50: number;
  p99: number;
  /** CPU % of one core: server under test, upstream, load generator. */
  cpu: [number, number, number];
  cpuMsPerRequest: number;
  vendorRequestsPerQuery: number;
  failures: number;
  shared: number;
}

export interface S9Side {
  rps: Summary;
  latencyMs: { p50: number; p99: number };
  cpu: { server: number; upstream: number; loadgen: number };
  cpuMsPerRequest: number;
  vendorRequestsPerQuery: number;
  failures: number;
}

export interface S9Result {
  upstream: string;
  hiveJit: boolean;
  connections: number;
  seconds: number;
  variants: number;
  ccgraph: S9Side;
  hive: S9Side;
  ratio: number;
  /** The same, one connection (no two requests ever in flight, so nothing can be joined on either side). */
  serial: { ccgraph: S9Side; hive: S9Side; ratio: number };
  target: string;
  met: boolean;
  /** ccgraph's queries answered from an identical query in flight (should be ~0: the requests are distinct). */
  sharedExecutionShare: number;
  sameData: { equal: boolean; bytes: Record<Side, number>; note?: string };
}

const cpuOf = async (c: Child) => (await c.call<{ cpuMs: number }>('stats')).cpuMs;
const sharedOf = (s: PeerStack) => s.servers.ccgraph.call<number>('sharedExecutions');

async function measure(s: PeerStack, side: Side, target: Target, connections: number, seconds: number): Promise<Run> {
  const procs = [s.servers[side], s.upstream, s.loadgen];
  const before = await Promise.all(procs.map(cpuOf));
  const sharedBefore = side === 'ccgraph' ? await sharedOf(s) : 0;
  await s.upstream.call('resetCounters');
  const r = await s.loadgen.call<{ rps: number; total: number; p50: number; p99: number; non2xx: number; errors: number; timeouts: number }>(
    'autocannon',
    { target, connections, seconds },
  );
  const counters = await s.upstream.call<Record<string, number>>('counters');
  const after = await Promise.all(procs.map(cpuOf));
  const total = Math.max(1, r.total);
  const pct = (k: number) => round(((after[k]! - before[k]!) / (seconds * 1000)) * 100, 0);
  return {
    rps: round(r.rps, 0),
    p50: r.p50,
    p99: r.p99,
    cpu: [pct(0), pct(1), pct(2)],
    cpuMsPerRequest: (after[0]! - before[0]!) / total,
    vendorRequestsPerQuery: Object.values(counters).reduce((a, b) => a + b, 0) / total,
    failures: r.non2xx + r.errors + r.timeouts,
    shared: side === 'ccgraph' ? ((await sharedOf(s)) - sharedBefore) / total : 0,
  };
}

function sideOf(runs: Run[]): S9Side {
  const med = (f: (r: Run) => number) => median(runs.map(f));
  return {
    rps: summarize(runs.map((r) => r.rps)),
    latencyMs: { p50: med((r) => r.p50), p99: med((r) => r.p99) },
    cpu: { server: med((r) => r.cpu[0]), upstream: med((r) => r.cpu[1]), loadgen: med((r) => r.cpu[2]) },
    cpuMsPerRequest: round(med((r) => r.cpuMsPerRequest), 2),
    vendorRequestsPerQuery: round(med((r) => r.vendorRequestsPerQuery), 3),
    failures: runs.reduce((a, r) => a + r.failures, 0),
  };
}

export async function runS9(s: PeerStack, p: Profile, log: (s: string) => void): Promise<S9Result> {
  const sameData = await samePeerData(s);
  log(`  S9 same data from ccgraph and Hive Gateway: ${sameData.equal}${sameData.note ? ` (${sameData.note})` : ''}`);
  const bodies = peerBodies(s.people, new Date());
  const target = (side: Side): Target => ({ url: s.urls[side], method: 'POST', bodies: bodies[side] });
  const { connections, seconds, warmupSeconds, runs } = p.distinct;
  for (const side of SIDES) {
    log(`  S9 warm-up ${side} (${warmupSeconds} s)`);
    await s.loadgen.call('autocannon', { target: target(side), connections, seconds: warmupSeconds });
  }
  const pass = async (conns: number) => {
    const out: Record<Side, Run[]> = { ccgraph: [], hive: [] };
    for (let i = 0; i < runs; i++) {
      // Interleaved, and which side goes first alternates, so drifting background load falls on both.
      for (const side of i % 2 ? [...SIDES].reverse() : SIDES) {
        const r = await measure(s, side, target(side), conns, seconds);
        out[side].push(r);
        log(
          `  S9 ${conns} conn. run ${i + 1}/${runs} ${side}: ${r.rps} req/s (p50 ${r.p50} ms, p99 ${r.p99} ms), CPU server ${r.cpu[0]} %, upstream ${r.cpu[1]} %, loadgen ${r.cpu[2]} %; ${round(r.cpuMsPerRequest, 2)} ms CPU and ${round(r.vendorRequestsPerQuery, 2)} vendor requests per query`,
        );
      }
    }
    return out;
  };
  const loaded = await pass(connections);
  const serialRuns = await pass(1);
  const ccgraph = sideOf(loaded.ccgraph);
  const hive = sideOf(loaded.hive);
  const ratio = round(ccgraph.rps.median / hive.rps.median, 2);
  const serial = { ccgraph: sideOf(serialRuns.ccgraph), hive: sideOf(serialRuns.hive), ratio: 0 };
  serial.ratio = round(serial.ccgraph.rps.median / serial.hive.rps.median, 2);
  return {
    upstream: s.upstreamName,
    hiveJit: s.hiveJit,
    connections,
    seconds,
    variants: PEER_PAGE_SIZES.length,
    ccgraph,
    hive,
    ratio,
    serial,
    target: 'ccgraph ≥ 3 × Hive Gateway',
    met: ratio >= 3 && ccgraph.failures === 0 && sameData.equal,
    sharedExecutionShare: round(median(loaded.ccgraph.map((r) => r.shared)), 3),
    sameData,
  };
}

/** S9's row and notes for bench/RESULTS.md. */
export function renderS9(s: S9Result): { row: string; notes: string[] } {
  const f = (v: number, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : String(v));
  const spread = (x: Summary) => `${f(x.median)} (${f(x.min)}–${f(x.max)})`;
  const side = (x: S9Side) =>
    `p50 ${x.latencyMs.p50} ms, p99 ${x.latencyMs.p99} ms, ${f(x.cpuMsPerRequest, 2)} ms server CPU and ${x.vendorRequestsPerQuery} vendor requests per query, CPU % server ${x.cpu.server} / upstream ${x.cpu.upstream} / loadgen ${x.cpu.loadgen}, ${x.failures} failed`;
  return {
    row: `| S9 the peer: dashboard data, distinct requests | requests/s, median (min–max) of ${s.ccgraph.rps.runs.length} runs × ${s.seconds} s, ${s.connections} connections; p99 | ${spread(s.ccgraph.rps)}, p99 ${s.ccgraph.latencyMs.p99} ms, ${f(s.ccgraph.cpuMsPerRequest, 2)} ms CPU/request | Hive Gateway${s.hiveJit ? ' (jit)' : ''} ${spread(s.hive.rps)}, p99 ${s.hive.latencyMs.p99} ms, ${f(s.hive.cpuMsPerRequest, 2)} ms CPU/request | ≥ 3 × Hive Gateway | ${f(s.ratio, 2)} × Hive Gateway: ${s.met ? '**met**' : '**missed**'} |`,
    notes: [
      `- S9: ccgraph (${Object.entries(S9_CCGRAPH_ENV).map(([k, v]) => `${k}=${v}`).join(', ')}) vs Hive Gateway${s.hiveJit ? ' with graphql-jit' : ' (defaults)'} over a Mesh JSON-schema source of the same three Sinch lists, upstream \`${s.upstream}\`, ${s.variants} distinct request variants (page sizes 20–50) cycled over the connections, interleaved runs. ` +
        `Same data (Hive's answer assembled by the S1 proxy's code equals ccgraph's, full page): **${s.sameData.equal ? 'identical' : 'DIFFERENT'}** (${s.sameData.bytes.ccgraph} vs ${s.sameData.bytes.hive} bytes on the wire)${s.sameData.note ? `; ${s.sameData.note}` : ''}. ` +
        `${s.connections} connections — ccgraph: ${side(s.ccgraph)}; Hive: ${side(s.hive)}. ccgraph joins identical vendor reads in flight (queue statuses, summaries); shared executions ${f(s.sharedExecutionShare * 100, 1)} %. ` +
        `One connection (nothing in flight together, so nothing joined): ${f(s.serial.ratio, 2)} × — ccgraph ${spread(s.serial.ccgraph.rps)} req/s, ${side(s.serial.ccgraph)}; Hive ${spread(s.serial.hive.rps)} req/s, ${side(s.serial.hive)}.`,
    ],
  };
}
