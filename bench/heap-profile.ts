/**
 * `npm run bench:heap [-- --subscribers 2000]`: where an idle subscriber's memory goes (S4). One `queueStatusChanged`
 * subscriber, a heap snapshot, N more, another snapshot; then the per-subscriber growth by constructor and, for
 * suspended async functions, by function; last, the objects that got a hidden class of their own (one per
 * subscriber is a shape V8 could not share). Snapshots are written to bench/out/heap/ (git-ignored). Not a benchmark.
 * `-- --per-socket K`: then K − 1 more subscriptions on each of those sockets (S7's shared part), a third snapshot,
 * and the same tables per added subscription.
 * `-- --diff A B`: the same table for two snapshots taken elsewhere (S8 writes them with BENCH_HEAP_SNAPSHOTS=<dir>).
 * `-- --alloc FILE`: the sampled bytes of a heap profile (S8 writes one with BENCH_ALLOC_PROFILE=<file>) by package
 * or source folder and by function.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spawnChild, taskset } from './lib/rpc.js';
import { LIVE_ENV, LIVE_SUBSCRIPTION } from './scenarios/live.js';

const arg = process.argv.indexOf('--subscribers');
const n = arg > 0 ? Number(process.argv[arg + 1]) : 2000;
const perSocketArg = process.argv.indexOf('--per-socket');
const perSocket = perSocketArg > 0 ? Number(process.argv[perSocketArg + 1]) : 1;
const dir = fileURLToPath(new URL('./out/heap/', import.meta.url));
mkdirSync(dir, { recursive: true });
const pinned = taskset() !== null;
const subscribe = JSON.stringify({ id: '1', type: 'subscribe', payload: { query: LIVE_SUBSCRIPTION, operationName: 'Queues' } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Row {
  count: number;
  bytes: number;
}
/** A .heapsnapshot and where its flat arrays keep each field (nodes and edges are runs of `nf` and `ef` numbers). */
type Snapshot = ReturnType<typeof readSnapshot>;

function readSnapshot(path: string) {
  const s = JSON.parse(readFileSync(path, 'utf8'));
  const meta = s.snapshot.meta;
  const node = (k: string): number => meta.node_fields.indexOf(k);
  const edge = (k: string): number => meta.edge_fields.indexOf(k);
  return {
    s,
    nf: meta.node_fields.length as number,
    ef: meta.edge_fields.length as number,
    iType: node('type'),
    iName: node('name'),
    iId: node('id'),
    iSize: node('self_size'),
    iEdges: node('edge_count'),
    eType: edge('type'),
    eName: edge('name_or_index'),
    eTo: edge('to_node'),
    types: meta.node_types[0] as string[],
    edgeTypes: meta.edge_types[0] as string[],
  };
}

/** The node ids of a snapshot. */
function idsOf({ s, nf, iId }: Snapshot): Set<number> {
  const ids = new Set<number>();
  for (let i = 0; i < s.nodes.length; i += nf) ids.add(s.nodes[i + iId]);
  return ids;
}

/** Self size by constructor (objects, closures) or by type (everything else), and suspended generators by function. */
function tally({ s, nf, ef, iType, iName, iSize, iEdges, eType, eName, eTo, types, edgeTypes }: Snapshot): {
  byName: Map<string, Row>;
  generators: Map<string, Row>;
} {
  const byName = new Map<string, Row>();
  const generators = new Map<string, Row>();
  const add = (m: Map<string, Row>, k: string, bytes: number) => {
    const r = m.get(k) ?? { count: 0, bytes: 0 };
    r.count++;
    r.bytes += bytes;
    m.set(k, r);
  };
  for (let i = 0, e = 0; i < s.nodes.length; i += nf) {
    const type = types[s.nodes[i + iType]]!;
    const name: string = s.strings[s.nodes[i + iName]];
    const edges = s.nodes[i + iEdges] * ef;
    add(byName, type === 'object' ? name : type === 'closure' ? `closure ${name || '(anonymous)'}` : `(${type})`, s.nodes[i + iSize]);
    if (type === 'object' && name === 'Generator') {
      let fn = '(unknown)';
      let frame = 0;
      for (let k = e; k < e + edges; k += ef) {
        const kind = edgeTypes[s.edges[k + eType]];
        if (kind !== 'property' && kind !== 'internal') continue;
        const to = s.edges[k + eTo];
        const edge = s.strings[s.edges[k + eName]];
        if (edge === 'function') fn = s.strings[s.nodes[to + iName]] || '(anonymous)';
        if (edge === 'parameters_and_registers') frame = s.nodes[to + iSize];
      }
      add(generators, fn, s.nodes[i + iSize] + frame);
    }
    e += edges;
  }
  return { byName, generators };
}

function growth(a: Map<string, Row>, b: Map<string, Row>, top: number, per: number): string[] {
  const rows = [...b].map(([k, v]) => {
    const o = a.get(k) ?? { count: 0, bytes: 0 };
    return { k, count: (v.count - o.count) / per, bytes: (v.bytes - o.bytes) / per };
  });
  rows.sort((x, y) => y.bytes - x.bytes);
  return rows.slice(0, top).map((r) => `${r.bytes.toFixed(0).padStart(7)} B ${r.count.toFixed(2).padStart(6)} ×  ${r.k}`);
}

/** The growth from snapshot `first` to `second`, divided by `per` (subscribers added, or 1). */
function report(first: string, second: string, per: number): void {
  // Each file parsed once: both tables and the new shapes read the same two snapshots.
  const before = readSnapshot(first);
  const after = readSnapshot(second);
  const a = tally(before);
  const b = tally(after);
  let total = 0;
  for (const [k, v] of b.byName) total += v.bytes - (a.byName.get(k)?.bytes ?? 0);
  console.log(`Heap snapshot growth from ${first} to ${second}${per > 1 ? `, per subscriber over ${per}` : ''}: ${(total / per).toFixed(0)} B in all`);
  console.log('(code) is the JIT warming up; (synthetic) is native memory V8 is told about.\n');
  console.log(growth(a.byName, b.byName, 30, per).join('\n'));
  console.log('\nSuspended async functions and generators, frame included:');
  console.log(growth(a.generators, b.generators, 8, per).join('\n'));
  console.log('\nObjects with a hidden class of their own (new since the first snapshot), by property names:');
  console.log(newShapes(before, after, per).join('\n') || '  none');
  console.log('\nNew arrays, plain objects, contexts and closures by what holds them (owner: edge):');
  console.log(owners(before, after, per).join('\n'));
}

/**
 * The nodes new since `first` of the anonymous kinds ((array), (hidden), Object, Context, closures), grouped by one
 * retainer each: the owner's type or constructor and the edge's name. "(array) from Receiver: _buffers" says which
 * field of which object a subscriber's arrays hang off, which the constructor table cannot.
 */
function owners(first: Snapshot, second: Snapshot, per: number): string[] {
  const old = idsOf(first);
  const { s, nf, ef, iType, iName, iId, iSize, iEdges, eType, eName, eTo, types, edgeTypes } = second;
  const label = (i: number): string => {
    const type = types[s.nodes[i + iType]]!;
    const name: string = s.strings[s.nodes[i + iName]];
    return type === 'object' ? name : type === 'closure' ? `closure ${name || '(anonymous)'}` : `(${type})`;
  };
  const anonymous = (i: number): boolean => {
    const l = label(i);
    return l === '(array)' || l === '(hidden)' || l === 'Object' || l === 'system / Context' || l.startsWith('closure');
  };
  const seen = new Set<number>();
  const rows = new Map<string, Row>();
  for (let i = 0, e = 0; i < s.nodes.length; i += nf) {
    const edges = s.nodes[i + iEdges] * ef;
    const kindOwner = types[s.nodes[i + iType]];
    if (kindOwner !== 'synthetic') {
      for (let k = e; k < e + edges; k += ef) {
        const kind = edgeTypes[s.edges[k + eType]];
        if (kind === 'weak' || kind === 'shortcut') continue;
        const to = s.edges[k + eTo];
        if (seen.has(to) || old.has(s.nodes[to + iId]) || !anonymous(to)) continue;
        seen.add(to);
        const edge = kind === 'element' || kind === 'hidden' ? `[${kind}]` : String(s.strings[s.edges[k + eName]]);
        const key = `${label(to)} from ${label(i)}: ${edge}`;
        const r = rows.get(key) ?? { count: 0, bytes: 0 };
        r.count++;
        r.bytes += s.nodes[to + iSize];
        rows.set(key, r);
      }
    }
    e += edges;
  }
  return [...rows]
    .map(([k, r]) => ({ k, count: r.count / per, bytes: r.bytes / per }))
    .filter((r) => r.bytes >= 8)
    .sort((x, y) => y.bytes - x.bytes)
    .slice(0, 40)
    .map((r) => `${r.bytes.toFixed(0).padStart(7)} B ${r.count.toFixed(2).padStart(6)} ×  ${r.k}`);
}

/**
 * Retainer chains (six steps up, the first strong retainer at each) of the objects of `second` named `name` that are
 * not in `first`, grouped with list indexes left out: where objects that keep growing hang. Found S8's buffers in
 * a shared result's per-id frames (src/ws/multicast.ts, `Encoded`).
 */
function retainers(first: Snapshot, second: Snapshot, name: string): string[] {
  const old = idsOf(first);
  const { s, nf, ef, iType, iName, iId, iEdges, eType, eName, eTo, types, edgeTypes } = second;
  const by = new Map<number, Array<[number, string]>>();
  for (let i = 0, e = 0; i < s.nodes.length; i += nf) {
    const edges = s.nodes[i + iEdges] * ef;
    for (let k = e; k < e + edges; k += ef) {
      const kind = edgeTypes[s.edges[k + eType]];
      if (kind === 'weak' || kind === 'shortcut') continue;
      const named = kind === 'element' || kind === 'hidden' ? '' : String(s.strings[s.edges[k + eName]]);
      const edge = /^\d*$/.test(named) ? '[]' : named; // table slots and indexes: one group
      const to = s.edges[k + eTo];
      const list = by.get(to) ?? [];
      list.push([i, edge]);
      by.set(to, list);
    }
    e += edges;
  }
  const label = (i: number) => `${types[s.nodes[i + iType]]} ${String(s.strings[s.nodes[i + iName]]).slice(0, 40)}`;
  const chains = new Map<string, number>();
  let count = 0;
  for (let i = 0; i < s.nodes.length; i += nf) {
    if (s.strings[s.nodes[i + iName]] !== name || types[s.nodes[i + iType]] !== 'object' || old.has(s.nodes[i + iId])) continue;
    count++;
    const steps: string[] = [];
    for (let at = i, d = 0; d < 6; d++) {
      const up = by.get(at)?.[0];
      if (!up) break;
      steps.push(`${up[1]} of ${label(up[0])}`);
      at = up[0];
    }
    const key = steps.join(' ← ');
    chains.set(key, (chains.get(key) ?? 0) + 1);
  }
  const top = [...chains].sort((x, y) => y[1] - x[1]).slice(0, 15);
  return [`${count} new ${name}`, ...top.map(([k, n]) => `${String(n).padStart(7)} ×  ${k}`)];
}

/**
 * Objects of `second` whose hidden class (map) is not in `first`, grouped by their property names. A hidden class
 * per subscriber (~240 B with its descriptors) means objects built in a way V8 cannot share: found that way, the
 * subscribe arguments graphql-ws completes with a `contextValue` (src/ws/index.ts).
 */
function newShapes(first: Snapshot, second: Snapshot, per: number): string[] {
  const old = idsOf(first);
  const { s, nf, ef, iType, iName, iId, iEdges, eType, eName, eTo, types, edgeTypes } = second;
  const counts = new Map<string, number>();
  for (let i = 0, e = 0; i < s.nodes.length; i += nf) {
    const edges = s.nodes[i + iEdges] * ef;
    if (types[s.nodes[i + iType]] === 'object' && !old.has(s.nodes[i + iId])) {
      let fresh = false;
      const props: string[] = [];
      for (let k = e; k < e + edges; k += ef) {
        const kind = edgeTypes[s.edges[k + eType]];
        const name = s.strings[s.edges[k + eName]];
        if (kind === 'internal' && name === 'map') fresh = !old.has(s.nodes[s.edges[k + eTo] + iId]);
        else if (kind === 'property' && name !== '__proto__') props.push(name);
      }
      if (fresh) {
        const key = `${s.strings[s.nodes[i + iName]]} { ${props.slice(0, 10).join(', ')}${props.length > 10 ? ', …' : ''} }`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    e += edges;
  }
  return [...counts]
    .filter(([, c]) => c / per >= 0.05)
    .sort((x, y) => y[1] - x[1])
    .slice(0, 8)
    .map(([k, c]) => `${(c / per).toFixed(2).padStart(6)} ×  ${k}`);
}

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}
/** Self bytes of a sampling heap profile by package (or src/ folder) and by function, largest first. */
function allocReport(path: string): void {
  const root = (JSON.parse(readFileSync(path, 'utf8')) as { head: ProfileNode }).head;
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  let total = 0;
  const stack = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    stack.push(...n.children);
    if (!n.selfSize) continue;
    const url = n.callFrame.url.replace(/^file:\/\//, '') || '(native)';
    const local = url.includes('/src/') ? `src/${url.split('/src/').at(-1)}` : url;
    const place = url.includes('node_modules/') ? url.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1') : local.split('/').slice(0, 3).join('/');
    total += n.selfSize;
    add(byPlace, place, n.selfSize);
    add(byFunction, `${n.callFrame.functionName || '(anonymous)'} ${local.replace(/^.*node_modules\//, '')}`, n.selfSize);
  }
  const top = (m: Map<string, number>, k: number) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, v]) => `${(v / 2 ** 20).toFixed(1).padStart(8)} MB ${((100 * v) / total).toFixed(1).padStart(5)} %  ${name}`);
  console.log(`Sampled ${(total / 2 ** 20).toFixed(1)} MB in ${path}\n\nBy package or source folder:`);
  console.log(top(byPlace, 20).join('\n'));
  console.log('\nBy function:');
  console.log(top(byFunction, 30).join('\n'));
}

const alloc = process.argv.indexOf('--alloc');
if (alloc > 0) {
  allocReport(process.argv[alloc + 1]!);
  process.exit(0);
}

const diff = process.argv.indexOf('--diff');
if (diff > 0) {
  // Two snapshots taken elsewhere (e.g. S8's, BENCH_HEAP_SNAPSHOTS=<dir>): the growth in all; with
  // `--retainers <constructor>`, where that constructor's new objects hang instead.
  const which = process.argv.indexOf('--retainers');
  if (which > 0) {
    const name = process.argv[which + 1]!;
    console.log(retainers(readSnapshot(process.argv[diff + 1]!), readSnapshot(process.argv[diff + 2]!), name).join('\n'));
  } else report(process.argv[diff + 1]!, process.argv[diff + 2]!, 1);
  process.exit(0);
}

const sim = await spawnChild('sim', pinned ? { core: 1 } : {});
const info = await sim.call<{ env: Record<string, string>; identities: unknown[] }>('info');
const gateway = await spawnChild('gateway', {
  ...(pinned ? { core: 0 } : {}),
  fileLimit: 65_536,
  env: { BENCH_ENV: JSON.stringify({ ...info.env, ...LIVE_ENV }), BENCH_IDENTITIES: JSON.stringify(info.identities) },
});
const client = await spawnChild('wsclient', { ...(pinned ? { core: 1 } : {}), fileLimit: 65_536 });
const { url } = await gateway.call<{ url: string }>('info');
const wsUrl = `${url.replace(/^http/, 'ws')}/graphql`;
try {
  await client.call('connect', { url: wsUrl, n: 1, subscribe });
  await sleep(2000);
  const first = await gateway.call<string>('heapSnapshot', { path: `${dir}1.heapsnapshot` });
  // `connect` opens sockets until the client holds n: n + 1 is N more.
  await client.call('connect', { url: wsUrl, n: n + 1, subscribe });
  await sleep(3000);
  const second = await gateway.call<string>('heapSnapshot', { path: `${dir}${n + 1}.heapsnapshot` });
  report(first, second, n);
  if (perSocket > 1) {
    const total = (n + 1) * perSocket;
    const r = await client.call<{ subscriptions: number; refused: string }>('subscribeMore', { total, subscribe });
    if (r.subscriptions < total) throw new Error(`only ${r.subscriptions}/${total} subscriptions (${r.refused || 'timed out'})`);
    await sleep(3000);
    const third = await gateway.call<string>('heapSnapshot', { path: `${dir}${total}-over-${n + 1}.heapsnapshot` });
    console.log(`\n---- ${total - (n + 1)} more subscriptions on the same ${n + 1} sockets (${perSocket} per socket), per added subscription:\n`);
    report(second, third, total - (n + 1));
  }
} finally {
  await Promise.allSettled([client.kill(), gateway.kill(), sim.kill()]);
}
process.exit(0);
