/**
 * `npm run bench:profile [-- --seconds 10]`: the S1 dashboard load on ccgraph alone, with the gateway run under
 * `--cpu-prof`, then the hottest functions and packages by self time. For finding where request CPU goes; not a
 * benchmark (profiling slows the server). Profiles are written to bench/out/profiles/ (git-ignored).
 * `-- --distinct`: S1b's load instead (distinct dashboards, replay upstream, VENDOR_SHARE_MS=0).
 * `-- --connections 1`: one client instead of 16.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DASHBOARD_BODY } from './lib/dashboard.js';
import { spawnChild, taskset } from './lib/rpc.js';
import { distinctRequests, graphqlBody, peopleOf } from './lib/distinct.js';

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1] || 10);
const dir = fileURLToPath(new URL('./out/profiles/', import.meta.url));
mkdirSync(dir, { recursive: true });
const pinned = taskset() !== null;
const distinct = process.argv.includes('--distinct');
// `--connections 1`: a lone client, so the per-request cost is not spread over concurrent requests.
const connections = process.argv.includes('--connections') ? Number(process.argv[process.argv.indexOf('--connections') + 1]) : 16;
const sim = await spawnChild(distinct ? 'replay' : 'sim', pinned ? { core: 1 } : {});
const info = await sim.call<{ env: Record<string, string>; identities: any[] }>('info');
const before = new Set(readdirSync(dir));
const gateway = await spawnChild('gateway', {
  ...(pinned ? { core: 0 } : {}),
  nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
  env: { BENCH_ENV: JSON.stringify({ ...info.env, ...(distinct ? { VENDOR_SHARE_MS: '0' } : {}) }), BENCH_IDENTITIES: JSON.stringify(info.identities) },
});
const loadgen = await spawnChild(distinct ? 'distinctload' : 'loadgen', pinned ? { core: 1 } : {});
const { url } = await gateway.call<{ url: string }>('info');
const target = { url: `${url}/graphql`, method: 'POST', body: DASHBOARD_BODY };
let r: { rps: number; total: number };
if (distinct) {
  const requests = distinctRequests(peopleOf(info.identities), 1024).map((q) => ({ method: 'POST', path: '/graphql', body: graphqlBody(q) }));
  await loadgen.call('setSide', { name: 'ccgraph', side: { origin: url, requests } });
  const w = await loadgen.call<{ next: number }>('run', { name: 'ccgraph', connections, seconds: 8 });
  r = await loadgen.call('run', { name: 'ccgraph', connections, seconds, start: w.next });
} else {
  await loadgen.call('autocannon', { target, connections, seconds: 3 });
  r = await loadgen.call('autocannon', { target, connections, seconds });
}
const cpu = await gateway.call<{ cpuMs: number }>('stats');
console.log(`ccgraph under --cpu-prof: ${Math.round(r.rps)} req/s, ${r.total} requests; process CPU so far ${Math.round(cpu.cpuMs)} ms`);
// A clean exit, so --cpu-prof writes its file.
await gateway.call('exit').catch(() => undefined);
await new Promise((r) => setTimeout(r, 2000));
await Promise.all([loadgen.kill(), sim.kill()]);

const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile') && !before.has(f));
if (!file) throw new Error('no profile written');
interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
const prof = JSON.parse(readFileSync(dir + file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const self = new Map<number, number>();
prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byFn = new Map<string, number>();
const byPkg = new Map<string, number>();
for (const n of prof.nodes) {
  const t = self.get(n.id) ?? 0;
  const u = n.callFrame.url.replace(/^file:\/\//, '');
  const pkg = u.includes('node_modules/') ? u.split('node_modules/').pop()!.split('/').slice(0, u.includes('node_modules/@') ? 2 : 1).join('/') : u.includes('/src/') ? 'src/' + u.split('/src/').pop()!.split('/')[0] : u.startsWith('node:') ? u : n.callFrame.functionName ? '(native)' : `(${n.callFrame.functionName || 'vm'})`;
  const fn = `${n.callFrame.functionName || '(anonymous)'} ${u.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
  byFn.set(fn, (byFn.get(fn) ?? 0) + t);
  byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + t);
}
const show = (m: Map<string, number>, n: number) =>
  [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)} %  ${k}`).join('\n');
console.log(`\nprofile ${dir}${file}\n\nby package (self time):\n${show(byPkg, 25)}\n\nby function (self time):\n${show(byFn, 45)}`);
