/**
 * `npm run bench:laps [-- --laps 10]`: S1b's 1,024 distinct dashboards sent one after another over one connection,
 * lap after lap, to ccgraph and to the proxy in turn (same replay upstream, VENDOR_SHARE_MS=0 as in S1b). Per lap:
 * server CPU per request, wall time per request, and the answers' size (values = JSON objects, arrays and leaves),
 * so the CPU cost is seen per request and per answer value, without 16 connections' contention, and how many laps
 * each side takes to warm up. Not a benchmark verdict (S1b is); for explaining one.
 */
import { taskset } from './lib/rpc.js';
import { threadCpu, threadDelta } from './lib/threads.js';
import { cpuOf, startDistinctSides } from './scenarios/engine.js';

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const laps = Number(arg('--laps') ?? 10);
const pinned = taskset() !== null;

const { gateway, proxy, load, list, urls, kill } = await startDistinctSides(pinned ? { server: 0, client: 1 } : {});
try {
  const values = (v: unknown): number => (v && typeof v === 'object' ? 1 + Object.values(v).reduce<number>((s, x) => s + values(x), 0) : 1);
  const indices = list.map((_, i) => i);
  console.log(`${list.length} distinct dashboards per lap, one connection, sequential; ${pinned ? 'servers on core 0, upstream and client on core 1' : 'not pinned'}`);
  for (let lap = 1; lap <= laps; lap++) {
    const line: string[] = [];
    for (const [name, child] of [['ccgraph', gateway], ['proxy', proxy]] as const) {
      const before = await cpuOf(child);
      const threadsBefore = threadCpu(child.pid);
      const t0 = performance.now();
      const out = await load.call<Array<{ status: number; text: string }>>('fetch', { name, indices });
      const wall = performance.now() - t0;
      const cpu = (await cpuOf(child)) - before;
      const threadsAfter = threadCpu(child.pid);
      const split = threadsBefore && threadsAfter ? threadDelta(threadsBefore, threadsAfter) : [];
      const ok = out.filter((o) => o.status === 200);
      const perAnswer = ok.reduce((s, o) => s + values(JSON.parse(o.text)), 0) / Math.max(1, ok.length);
      const bytes = ok.reduce((s, o) => s + o.text.length, 0) / Math.max(1, ok.length);
      const perRequest = cpu / out.length;
      line.push(
        `${name} ${perRequest.toFixed(3)} ms CPU (${((perRequest * 1000) / perAnswer).toFixed(2)} µs/value), wall ${(wall / out.length).toFixed(2)} ms` +
          (ok.length < out.length ? `, ${out.length - ok.length} failed` : '') +
          (name === 'ccgraph' ? ` [answers: ${perAnswer.toFixed(0)} values, ${bytes.toFixed(0)} B]` : '') +
          (split.length ? ` {${split.map(([k, v]) => `${k} ${(v / out.length).toFixed(2)}`).join(', ')}}` : ''),
      );
    }
    console.log(`lap ${lap}: ${line.join(' | ')}`);
  }
  // The fixed cost of a request through the whole plugin stack: an answer that needs no vendor and no list.
  const trivial = JSON.stringify({ query: '{ __typename }' });
  await load.call('setSide', { name: 'trivial', side: { origin: urls.ccgraph, requests: indices.map(() => ({ method: 'POST', path: '/graphql', body: trivial })) } });
  const fixed: string[] = [];
  for (let lap = 1; lap <= 3; lap++) {
    const before = await cpuOf(gateway);
    await load.call('fetch', { name: 'trivial', indices });
    fixed.push((((await cpuOf(gateway)) - before) / indices.length).toFixed(3));
  }
  console.log(`ccgraph \`{ __typename }\`, 3 laps of ${indices.length}: ${fixed.join(', ')} ms CPU per request`);
} finally {
  await kill();
}
