/**
 * `npm run bench:laps [-- --laps 10]`: S1b's 1,024 distinct dashboards sent one after another over one connection,
 * lap after lap, to ccgraph and to the proxy in turn (same replay upstream, VENDOR_SHARE_MS=0 as in S1b). Per lap:
 * server CPU per request, wall time per request, and the answers' size (values = JSON objects, arrays and leaves),
 * so the CPU cost is seen per request and per answer value, without 16 connections' contention, and how many laps
 * each side takes to warm up. Not a benchmark verdict (S1b is); for explaining one.
 */
import { distinctRequests, graphqlBody, peopleOf, proxyPath } from './lib/distinct.js';
import { spawnChild, taskset } from './lib/rpc.js';

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const laps = Number(arg('--laps') ?? 10);
const pinned = taskset() !== null;
const server = pinned ? { core: 0 } : {};
const client = pinned ? { core: 1 } : {};

const replay = await spawnChild('replay', client);
const info = await replay.call<{ env: Record<string, string>; identities: any[]; baseUrls: { sinch: string }; credentials: any }>('info');
const identities = JSON.stringify(info.identities);
const [gateway, proxy, load] = await Promise.all([
  spawnChild('gateway', { ...server, env: { BENCH_ENV: JSON.stringify({ ...info.env, VENDOR_SHARE_MS: '0' }), BENCH_IDENTITIES: identities } }),
  spawnChild('proxy', {
    ...server,
    env: {
      BENCH_SINCH_URL: info.baseUrls.sinch,
      BENCH_SINCH_USER: info.credentials.sinch.username,
      BENCH_SINCH_PASSWORD: info.credentials.sinch.password,
      BENCH_IDENTITIES: identities,
    },
  }),
  spawnChild('distinctload', client),
]);
try {
  const list = distinctRequests(peopleOf(info.identities), 1024);
  const g = await gateway.call<{ url: string }>('info');
  const pr = await proxy.call<{ url: string }>('info');
  await load.call('setSide', { name: 'ccgraph', side: { origin: g.url, requests: list.map((r) => ({ method: 'POST', path: '/graphql', body: graphqlBody(r) })) } });
  await load.call('setSide', { name: 'proxy', side: { origin: pr.url, requests: list.map((r) => ({ method: 'GET', path: proxyPath(r) })) } });
  const values = (v: unknown): number => (v && typeof v === 'object' ? 1 + Object.values(v).reduce<number>((s, x) => s + values(x), 0) : 1);
  const indices = list.map((_, i) => i);
  const cpuOf = async (c: typeof gateway) => (await c.call<{ cpuMs: number }>('stats')).cpuMs;
  console.log(`${list.length} distinct dashboards per lap, one connection, sequential; ${pinned ? 'servers on core 0, upstream and client on core 1' : 'not pinned'}`);
  for (let lap = 1; lap <= laps; lap++) {
    const line: string[] = [];
    for (const [name, child] of [['ccgraph', gateway], ['proxy', proxy]] as const) {
      const before = await cpuOf(child);
      const t0 = performance.now();
      const out = await load.call<Array<{ status: number; text: string }>>('fetch', { name, indices });
      const wall = performance.now() - t0;
      const cpu = (await cpuOf(child)) - before;
      const ok = out.filter((o) => o.status === 200);
      const perAnswer = ok.reduce((s, o) => s + values(JSON.parse(o.text)), 0) / Math.max(1, ok.length);
      const bytes = ok.reduce((s, o) => s + o.text.length, 0) / Math.max(1, ok.length);
      const perRequest = cpu / out.length;
      line.push(
        `${name} ${perRequest.toFixed(3)} ms CPU (${((perRequest * 1000) / perAnswer).toFixed(2)} µs/value), wall ${(wall / out.length).toFixed(2)} ms` +
          (ok.length < out.length ? `, ${out.length - ok.length} failed` : '') +
          (name === 'ccgraph' ? ` [answers: ${perAnswer.toFixed(0)} values, ${bytes.toFixed(0)} B]` : ''),
      );
    }
    console.log(`lap ${lap}: ${line.join(' | ')}`);
  }
  // The fixed cost of a request through the whole plugin stack: an answer that needs no vendor and no list.
  const trivial = JSON.stringify({ query: '{ __typename }' });
  await load.call('setSide', { name: 'trivial', side: { origin: g.url, requests: indices.map(() => ({ method: 'POST', path: '/graphql', body: trivial })) } });
  const fixed: string[] = [];
  for (let lap = 1; lap <= 3; lap++) {
    const before = await cpuOf(gateway);
    await load.call('fetch', { name: 'trivial', indices });
    fixed.push((((await cpuOf(gateway)) - before) / indices.length).toFixed(3));
  }
  console.log(`ccgraph \`{ __typename }\`, 3 laps of ${indices.length}: ${fixed.join(', ')} ms CPU per request`);
} finally {
  await Promise.all([gateway.kill(), proxy.kill(), load.kill(), replay.kill()]);
}
