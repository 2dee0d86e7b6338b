/**
 * The long profile (`npm run bench -- --long`): S7, 100,000 subscribers on one gateway next to raw `ws` at the same
 * count, and S8, a soak with churn, distinct queries and mutations (bench/scenarios/soak.ts). Flags and sizes here,
 * so bench/run.ts only registers them.
 */
import { spawnSync } from 'node:child_process';
import { spawnChild, type Child, type Resident } from '../lib/rpc.js';
import { median, quantile, round } from '../lib/stats.js';
import { LIVE_ENV, LIVE_SUBSCRIPTION } from './live.js';
import { runS8, type S8Options, type S8Result } from './soak.js';

export const LONG_SCENARIOS = ['S7', 'S8'] as const;

export interface ScaleArgs {
  long: boolean;
  s7Subscribers?: number;
  s7Publishes?: number;
  soakSeconds?: number;
  s8Subscribers?: number;
  /** Everything else, for bench/run.ts's own parseArgs. */
  rest: string[];
}

const FLAGS = { '--s7-subscribers': 's7Subscribers', '--s7-publishes': 's7Publishes', '--soak-seconds': 'soakSeconds', '--s8-subscribers': 's8Subscribers' } as const;

/** Takes the long profile's flags out of argv (`--long`, `--s7-subscribers N`, `--soak-seconds N`, …). */
export function parseScaleArgs(argv: string[]): ScaleArgs {
  const out: ScaleArgs = { long: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    if (a === '--long') out.long = true;
    else if (name in FLAGS) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      const n = Number(v);
      if (!v || !Number.isInteger(n) || n < 1) throw new Error(`${name} needs a positive whole number`);
      out[FLAGS[name as keyof typeof FLAGS]] = n;
    } else out.rest.push(a);
  }
  return out;
}

/** Sizes of the long profile; `--quick` shrinks them for checking the harness. */
export function scaleProfile(a: ScaleArgs, quick: boolean) {
  return {
    s7: { subscribers: a.s7Subscribers ?? (quick ? 5_000 : 100_000), publishes: a.s7Publishes ?? (quick ? 4 : 10), pollMs: 1000 },
    s8: {
      seconds: a.soakSeconds ?? (quick ? 60 : 600),
      subscribers: a.s8Subscribers ?? (quick ? 2_000 : 10_000),
      churnPerSecond: 50,
      queriesPerSecond: 100,
      mutationsPerSecond: 1,
      pollMs: 1000,
    } satisfies S8Options,
  };
}

/** The hard limit on open files (`ulimit -Hn`): a process cannot raise its own above it without CAP_SYS_RESOURCE. */
export function hardFileLimit(): number {
  const r = spawnSync('bash', ['-c', 'ulimit -Hn'], { encoding: 'utf8' });
  const v = r.stdout.trim();
  return v === 'unlimited' ? 1 << 20 : Number(v) || 1024;
}

/** Sockets per client process and per source address: the fd limit less headroom; the ephemeral range less headroom. */
const FD_HEADROOM = 300;
const PER_ADDRESS = 25_000;

export interface S7Side {
  connected: number;
  connectSeconds: number;
  rssMB: number;
  heapMB: number;
  rssPerSubscriberKB: number;
  lastMs: number;
  p99Ms: number;
  p50Ms: number;
  spreadLastMs: [number, number];
  missing: number;
  /** Per client process: CPU during the timed publishes, % of one core over that phase. */
  clientCpuPercent: number[];
  clientProcesses: number;
  sourceAddresses: string[];
}

export interface S7Result {
  requested: number;
  subscribers: number;
  capped: string | null;
  fileLimit: { hard: number; server: number };
  publishes: number;
  ccgraph: S7Side;
  raw: S7Side;
  ratioLast: number;
  ratioP99: number;
  rssAt100kMB: number;
  target: string;
  met: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SUBSCRIBE = JSON.stringify({ id: '1', type: 'subscribe', payload: { query: LIVE_SUBSCRIPTION, operationName: 'Queues' } });
const mb = (b: number) => round(b / 2 ** 20, 1);

interface Mem {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  cpuMs: number;
  resident: Resident | null;
}

/** One side's client processes, each with its own source addresses. */
async function clientsFor(n: number, perProcess: number, firstAddress: number, core: number | undefined, fileLimit: number) {
  const processes = Math.max(4, Math.ceil(n / perProcess));
  const counts = Array.from({ length: processes }, (_, i) => Math.floor(n / processes) + (i < n % processes ? 1 : 0));
  let next = firstAddress;
  const plan = counts.map((count) => {
    const k = Math.max(1, Math.ceil(count / PER_ADDRESS));
    const addresses = Array.from({ length: k }, () => `127.0.0.${next++}`);
    return { count, addresses };
  });
  const children = await Promise.all(plan.map(() => spawnChild('wsclient', { core, fileLimit })));
  return { children, plan, nextAddress: next };
}

export async function runS7(
  o: { subscribers: number; publishes: number; pollMs: number },
  cores: { server?: number; client?: number },
  log: (s: string) => void,
): Promise<S7Result> {
  const hard = hardFileLimit();
  const serverCap = hard - FD_HEADROOM;
  const n = Math.min(o.subscribers, serverCap);
  const capped =
    n < o.subscribers
      ? `capped at ${n.toLocaleString('en')}: the hard open-files limit here is ${hard.toLocaleString('en')} per process (ulimit -Hn; raising it needs CAP_SYS_RESOURCE), and one gateway holds one descriptor per socket`
      : null;
  if (capped) log(`  S7 ${capped}`);
  const perProcess = Math.max(1000, hard - FD_HEADROOM);
  const sim = await spawnChild('sim', { core: cores.client });
  const info = await sim.call<{ env: Record<string, string>; identities: unknown[] }>('info');
  const killers: Child[] = [sim];
  try {
    const gateway = await spawnChild('gateway', {
      core: cores.server,
      fileLimit: 1 << 20,
      env: {
        BENCH_ENV: JSON.stringify({ ...info.env, ...LIVE_ENV, CCGRAPH_MAX_WS_CONNECTIONS_PER_IP: String(PER_ADDRESS * 2), POLL_SINCH_MS: String(o.pollMs) }),
        BENCH_IDENTITIES: JSON.stringify(info.identities),
      },
    });
    const raw = await spawnChild('rawws', { core: cores.server, fileLimit: 1 << 20 });
    killers.push(gateway, raw);
    const cc = await clientsFor(n, perProcess, 2, cores.client, 1 << 20);
    const rc = await clientsFor(n, perProcess, cc.nextAddress, cores.client, 1 << 20);
    killers.push(...cc.children, ...rc.children);
    const { url } = await gateway.call<{ url: string }>('info');
    const { url: rawUrl } = await raw.call<{ url: string }>('info');
    const base = { ccgraph: await gateway.call<Mem>('stats', { gc: true, resident: true }), raw: await raw.call<Mem>('stats', { gc: true, resident: true }) };

    const connect = async (side: 'ccgraph' | 'raw', target: string, set: typeof cc) => {
      const t0 = performance.now();
      const r = await Promise.all(
        set.children.map((c, i) =>
          c.call<{ connected: number; failed: number; firstError: string; snapshotSample: string }>('connect', {
            url: target,
            n: set.plan[i]!.count,
            subscribe: SUBSCRIBE,
            localAddresses: set.plan[i]!.addresses,
          }),
        ),
      );
      const connected = r.reduce((a, b) => a + b.connected, 0);
      const seconds = round((performance.now() - t0) / 1000, 1);
      if (connected < n) throw new Error(`S7 ${side}: only ${connected}/${n} connected (${r.map((x) => x.firstError).filter(Boolean)[0]})`);
      log(`  S7 ${side}: ${connected} subscribers connected in ${seconds} s over ${set.children.length} client processes`);
      return { connected, seconds, snapshot: r[0]!.snapshotSample };
    };
    const ccConn = await connect('ccgraph', `${url.replace(/^http/, 'ws')}/graphql`, cc);
    await raw.call('setSnapshot', { text: ccConn.snapshot });
    const rawConn = await connect('raw', rawUrl, rc);
    await sleep(2 * o.pollMs);
    const mem = { ccgraph: await gateway.call<Mem>('stats', { gc: true, resident: true }), raw: await raw.call<Mem>('stats', { gc: true, resident: true }) };
    for (const side of ['ccgraph', 'raw'] as const) {
      const [b, m] = [base[side], mem[side]];
      log(`  S7 ${side}: rss ${mb(b.rss)} → ${mb(m.rss)} MB, heap used ${mb(b.heapUsed)} → ${mb(m.heapUsed)} MB (total ${mb(b.heapTotal)} → ${mb(m.heapTotal)}), external ${mb(b.external)} → ${mb(m.external)} MB`);
      if (b.resident && m.resident) {
        const part = (k: keyof Resident) => `${k} ${mb(b.resident![k])} → ${mb(m.resident![k])}`;
        log(`  S7 ${side}: resident MB: ${part('v8Heap')}, ${part('brk')}, ${part('anon')} (V8's pages included), ${part('files')}`);
      }
    }

    // Timed publishes, alternating sides as S5 does; every client process is armed and collected.
    const all = [...cc.children, ...rc.children];
    const quiet = async () => {
      for (const c of all) await c.call('stats', { gc: true });
    };
    let changeSample = '';
    const collect = async (set: Child[]) => {
      const rs = await Promise.all(set.map((c) => c.call<{ arrivals: Array<number | null>; seqs: number[]; sample: string }>('collect', { timeoutMs: 60_000 })));
      return { arrivals: rs.flatMap((r) => r.arrivals), seqs: rs.flatMap((r) => r.seqs), sample: rs.find((r) => r.sample)?.sample ?? '' };
    };
    const lat = (arrivals: Array<number | null>, at: (i: number) => number | undefined) => {
      const l: number[] = [];
      let missing = 0;
      arrivals.forEach((a, i) => {
        const p = at(i);
        if (a === null || p === undefined) missing++;
        else l.push(a - p);
      });
      return { l, missing };
    };
    const publish = {
      async ccgraph() {
        await gateway.call('clearPublished');
        await quiet();
        await Promise.all(cc.children.map((c) => c.call('arm')));
        let published: Record<string, number> = {};
        for (let attempt = 0; attempt < 5 && Object.keys(published).length === 0; attempt++) {
          await sim.call('advance', { ms: 30_000 });
          await sim.call('stats', { gc: true });
          await gateway.call('refreshQueues');
          published = await gateway.call<Record<string, number>>('published');
        }
        const r = await collect(cc.children);
        changeSample ||= r.sample;
        return lat(r.arrivals, (i) => published[String(r.seqs[i])]);
      },
      async raw() {
        await quiet();
        await Promise.all(rc.children.map((c) => c.call('arm')));
        const b = await raw.call<{ t0: number }>('broadcast', { text: changeSample });
        const r = await collect(rc.children);
        return lat(r.arrivals, () => b.t0);
      },
    };
    const fan = { ccgraph: { last: [] as number[], p99: [] as number[], p50: [] as number[], missing: 0 }, raw: { last: [] as number[], p99: [] as number[], p50: [] as number[], missing: 0 } };
    const cpu0 = await Promise.all(all.map((c) => c.call<Mem>('stats')));
    const t0 = performance.now();
    for (let k = -1; k < o.publishes; k++) {
      const order = k % 2 === 0 ? (['raw', 'ccgraph'] as const) : (['ccgraph', 'raw'] as const);
      for (const side of order) {
        const f = await publish[side]();
        if (k >= 0 && f.l.length) {
          const last = Math.max(...f.l);
          fan[side].last.push(round(last, 2));
          fan[side].p99.push(round(quantile(f.l, 0.99), 2));
          fan[side].p50.push(round(quantile(f.l, 0.5), 2));
          fan[side].missing += f.missing;
          log(`  S7 ${side} publish ${k + 1}/${o.publishes}: last delivery ${round(last, 1)} ms, p99 ${round(quantile(f.l, 0.99), 1)} ms, missing ${f.missing}`);
        } else if (k >= 0) fan[side].missing += f.missing;
        await sleep(500);
      }
    }
    const wall = performance.now() - t0;
    const cpu1 = await Promise.all(all.map((c) => c.call<Mem>('stats')));
    const cpuPct = cpu1.map((c, i) => round((100 * (c.cpuMs - cpu0[i]!.cpuMs)) / wall, 1));

    const side = (s: 'ccgraph' | 'raw', conn: { connected: number; seconds: number }, set: typeof cc, from: number): S7Side => ({
      connected: conn.connected,
      connectSeconds: conn.seconds,
      rssMB: mb(mem[s].rss),
      heapMB: mb(mem[s].heapUsed + mem[s].external),
      rssPerSubscriberKB: round((mem[s].rss - base[s].rss) / 1024 / n, 2),
      lastMs: median(fan[s].last),
      p99Ms: median(fan[s].p99),
      p50Ms: median(fan[s].p50),
      spreadLastMs: [Math.min(...fan[s].last), Math.max(...fan[s].last)],
      missing: fan[s].missing,
      clientCpuPercent: cpuPct.slice(from, from + set.children.length),
      clientProcesses: set.children.length,
      sourceAddresses: set.plan.flatMap((p) => p.addresses),
    });
    const c = side('ccgraph', ccConn, cc, 0);
    const r = side('raw', rawConn, rc, cc.children.length);
    const rssAt100kMB = round(mb(base.ccgraph.rss) + (c.rssPerSubscriberKB * 100_000) / 1024, 0);
    const ratioLast = round(c.lastMs / r.lastMs, 2);
    return {
      requested: o.subscribers,
      subscribers: n,
      capped,
      fileLimit: { hard, server: serverCap },
      publishes: o.publishes,
      ccgraph: c,
      raw: r,
      ratioLast,
      ratioP99: round(c.p99Ms / r.p99Ms, 2),
      rssAt100kMB,
      target: 'RSS ≤ 1 GiB at 100,000; publish → last delivery ≤ 1.2 × raw ws',
      // The RSS target is judged at 100,000: measured when the run reached it, else extrapolated (marked capped).
      met: (capped ? rssAt100kMB : c.rssMB) <= 1024 && ratioLast <= 1.2 && c.missing === 0,
    };
  } finally {
    for (const k of killers.reverse()) {
      await k.call('closeAll', undefined, 30_000).catch(() => undefined);
      await k.kill();
    }
  }
}

export type { S8Result };
export { runS8 };
