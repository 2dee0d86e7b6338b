/**
 * `npm run bench:profile [-- --seconds 10]`: the S1 dashboard load on ccgraph alone, with a CPU profile of the gateway
 * taken over the measured window only (after a warm-up; start-up and module loading stay out), then the hottest
 * packages and functions by self time and functions by inclusive time. For finding where request CPU goes; not a
 * benchmark (profiling slows the server). Profiles are written to bench/out/profiles/ (git-ignored).
 * `-- --distinct`: S1b's load instead (distinct dashboards, replay upstream, VENDOR_SHARE_MS=0);
 * `-- --fields N`: only S1b's dashboards with field set N (bench/lib/distinct.ts).
 * `-- --query '{ queues { id } }'`: that query instead of the S1 dashboard (simulator upstream).
 * `-- --connections 1`: one client instead of 16.
 * `-- --stalls <file> [--min-ms 100]`: no load; lists the long tasks of a saved profile (bench/lib/long-tasks.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DASHBOARD_BODY } from './lib/dashboard.js';
import { spawnChild, taskset } from './lib/rpc.js';
import { distinctRequests, graphqlBody, peopleOf } from './lib/distinct.js';
import { longTasks } from './lib/long-tasks.js';

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
if (arg('--stalls')) {
  // A saved profile's long tasks (S8's BENCH_CPU_PROFILE); nothing is run.
  for (const line of longTasks(JSON.parse(readFileSync(arg('--stalls')!, 'utf8')), Number(arg('--min-ms') ?? 100))) console.log(line);
  process.exit(0);
}
const seconds = Number(arg('--seconds') ?? 10);
const dir = fileURLToPath(new URL('./out/profiles/', import.meta.url));
mkdirSync(dir, { recursive: true });
const pinned = taskset() !== null;
const distinct = process.argv.includes('--distinct') || arg('--fields') !== undefined;
const fields = arg('--fields') === undefined ? undefined : Number(arg('--fields'));
// `--connections 1`: a lone client, so the per-request cost is not spread over concurrent requests.
const connections = Number(arg('--connections') ?? 16);
const sim = await spawnChild(distinct ? 'replay' : 'sim', pinned ? { core: 1 } : {});
const info = await sim.call<{ env: Record<string, string>; identities: any[] }>('info');
const gateway = await spawnChild('gateway', {
  ...(pinned ? { core: 0 } : {}),
  env: { BENCH_ENV: JSON.stringify({ ...info.env, ...(distinct ? { VENDOR_SHARE_MS: '0' } : {}) }), BENCH_IDENTITIES: JSON.stringify(info.identities) },
});
const loadgen = await spawnChild(distinct ? 'distinctload' : 'loadgen', pinned ? { core: 1 } : {});
const { url } = await gateway.call<{ url: string }>('info');
const target = { url: `${url}/graphql`, method: 'POST', body: arg('--query') ? JSON.stringify({ query: arg('--query') }) : DASHBOARD_BODY };
const cpuMs = async () => (await gateway.call<{ cpuMs: number }>('stats')).cpuMs;
let r: { rps: number; total: number };
let cpu: number;
if (distinct) {
  const requests = distinctRequests(peopleOf(info.identities), 1024)
    .filter((q) => fields === undefined || q.fields === fields)
    .map((q) => ({ method: 'POST', path: '/graphql', body: graphqlBody(q) }));
  await loadgen.call('setSide', { name: 'ccgraph', side: { origin: url, requests } });
  const w = await loadgen.call<{ next: number }>('run', { name: 'ccgraph', connections, seconds: 8 });
  await gateway.call('profileStart');
  const before = await cpuMs();
  r = await loadgen.call('run', { name: 'ccgraph', connections, seconds, start: w.next });
  cpu = (await cpuMs()) - before;
} else {
  await loadgen.call('autocannon', { target, connections, seconds: 5 });
  await gateway.call('profileStart');
  const before = await cpuMs();
  r = await loadgen.call('autocannon', { target, connections, seconds });
  cpu = (await cpuMs()) - before;
}
interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
const prof = await gateway.call<{ nodes: Node[]; samples: number[]; timeDeltas: number[] }>('profileStop');
console.log(`ccgraph while profiled: ${Math.round(r.rps)} req/s, ${r.total} requests, ${(cpu / Math.max(1, r.total)).toFixed(2)} ms CPU per request`);
await Promise.all([gateway.kill(), loadgen.kill(), sim.kill()]);
const file = `${dir}ccgraph-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`;
writeFileSync(file, JSON.stringify(prof));

const self = new Map<number, number>();
prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const isIdle = (n: Node) => n.callFrame.functionName === '(idle)';
// Shares are of the busy time: idle samples (waiting for the client or the upstream) are left out.
const total = [...self].reduce((a, [id, t]) => a + (isIdle(byId.get(id)!) ? 0 : t), 0);
const label = (n: Node) => {
  const u = n.callFrame.url.replace(/^file:\/\//, '');
  return `${n.callFrame.functionName || '(anonymous)'} ${u.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
};
const packageOf = (n: Node) => {
  const u = n.callFrame.url.replace(/^file:\/\//, '');
  if (u.includes('node_modules/')) return u.split('node_modules/').pop()!.split('/').slice(0, u.includes('node_modules/@') ? 2 : 1).join('/');
  if (u.includes('/src/')) return `src/${u.split('/src/').pop()!.split('/')[0]}`;
  return u.startsWith('node:') ? u : n.callFrame.functionName ? `(${n.callFrame.functionName})` : '(native)';
};
const byFn = new Map<string, number>();
const byPkg = new Map<string, number>();
const inclusive = new Map<string, number>();
// Inclusive time: a function's own samples and its callees', counted once per stack however deep it recurses.
const walk = (id: number, onStack: Set<string>): number => {
  const n = byId.get(id)!;
  if (isIdle(n)) return 0;
  const key = label(n);
  const fresh = !onStack.has(key);
  if (fresh) onStack.add(key);
  let t = self.get(id) ?? 0;
  byFn.set(key, (byFn.get(key) ?? 0) + t);
  const pkg = packageOf(n);
  byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + t);
  for (const c of n.children ?? []) t += walk(c, onStack);
  if (fresh) {
    inclusive.set(key, (inclusive.get(key) ?? 0) + t);
    onStack.delete(key);
  }
  return t;
};
walk(prof.nodes[0]!.id, new Set());
const show = (m: Map<string, number>, n: number) =>
  [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)} %  ${k}`).join('\n');
console.log(`\nprofile ${file} (shares of busy time)\n\nby package (self time):\n${show(byPkg, 20)}\n\nby function (self time):\n${show(byFn, 40)}\n\nby function (inclusive time):\n${show(inclusive, 60)}`);
process.exit(0);
