/** RESULTS.md rows and details for the long profile (S7, S8); called by report.ts. */
import type { Results } from './report.js';
import type { S7Shared, S7SharedSide } from '../scenarios/scale.js';
import type { S8Result } from '../scenarios/soak.js';

const f = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : String(v));
const ok = (met: boolean) => (met ? '**met**' : '**missed**');
const n = (v: number) => v.toLocaleString('en');

/** S8's memory samples, at most ~20 of them evenly spread: RSS / heap+external after V8's last full GC / heap total. */
function memoryLine(memory: S8Result['memory']): string {
  const every = Math.max(1, Math.ceil(memory.length / 20));
  const shown = memory.filter((_, i) => i % every === 0 || i === memory.length - 1);
  const gcs = memory.filter((m) => m.heapMB !== null).length;
  return `${shown.map((m) => `${Math.round(m.t)} s ${m.rssMB}/${m.heapMB ?? '–'}/${m.heapTotalMB}`).join(', ')} (RSS/heap+external after V8's last own full GC in the 10 s before, – when it ran none/V8 heap total, MB; ${gcs} of ${memory.length} samples had a full GC)`;
}

export function scaleRows(r: Results): string[] {
  const rows: string[] = [];
  if (r.s7) {
    const s = r.s7;
    const c = s.ccgraph;
    const w = s.raw;
    // Capped runs also hold the asked subscriptions over the capped sockets (absent in results from before it).
    const sh = s.shared;
    const shared = (subscriptions: number, x: S7SharedSide) =>
      `; ${n(subscriptions)} subscriptions over the same sockets: RSS ${f(x.rssMB, 0)} MB, last ${f(x.lastMs)} ms (${f(x.spreadLastMs[0])}–${f(x.spreadLastMs[1])}), p99 ${f(x.p99Ms)} ms`;
    rows.push(
      `| S7 ${n(s.subscribers)} subscribers on one instance${s.capped ? ` (of ${n(s.requested)} asked: capped by ${s.capped.includes('--s7-sockets') ? '--s7-sockets' : 'the open-files limit'})` : ''} | connect time; RSS; publish → last delivery, median (min–max) of ${s.publishes}; p99 of deliveries | connect ${f(c.connectSeconds)} s; RSS ${f(c.rssMB, 0)} MB${s.capped ? ` (≈ ${f(s.rssAt100kMB, 0)} MB at 100,000, extrapolated)` : ''}; last ${f(c.lastMs)} ms (${f(c.spreadLastMs[0])}–${f(c.spreadLastMs[1])}); p99 ${f(c.p99Ms)} ms${sh ? shared(sh.subscriptions, sh.ccgraph) : ''} | raw ws: connect ${f(w.connectSeconds)} s; RSS ${f(w.rssMB, 0)} MB; last ${f(w.lastMs)} ms (${f(w.spreadLastMs[0])}–${f(w.spreadLastMs[1])}); p99 ${f(w.p99Ms)} ms${sh ? shared(sh.subscriptions, sh.raw) : ''} | RSS ≤ 1 GiB; ≤ 1.2 × raw | RSS ${(s.capped ? s.rssAt100kMB : c.rssMB) <= 1024 ? '≤' : '>'} 1 GiB${s.capped ? ' (extrapolated)' : ''}; ${f(s.ratioLast, 2)} × raw${sh ? `; ${n(sh.subscriptions)} subscriptions: RSS ${sh.ccgraph.rssMB <= 1024 ? '≤' : '>'} 1 GiB, ${f(sh.ratioLast, 2)} × raw` : ''}: ${ok(s.met)} |`,
    );
  }
  if (r.s8) {
    const s = r.s8;
    rows.push(
      `| S8 soak ${f(s.seconds / 60, 1)} min, ${n(s.subscribers)} subscribers, ${s.rates.churnPerSecond} subscribes+unsubscribes/s, ${s.rates.queriesPerSecond} distinct queries/s, ${s.rates.mutationsPerSecond} mutation/s | slope after ${f(s.warmupSeconds, 0)} s warm-up (RSS; live heap+external); query p99 first vs last ${f(s.windowSeconds, 0)} s; missed diffs; states ≠ fresh subscription | RSS ${f(s.rssSlopeMBPerMin, 2)} MB/min; heap ${f(s.heapSlopeMBPerMin, 2)} MB/min; p99 ${f(s.p99.firstMs)} → ${f(s.p99.lastMs)} ms (${f(s.p99.drift, 2)} ×); missed ${s.missed}; divergent ${s.divergent} | — | ≤ 1 MB/min, ≤ 1.2 ×, 0, 0 | ${ok(s.met)} |`,
    );
  }
  return rows;
}

/** S7's shared part, after the first part's details; heap per added subscription from the two parts' heap+external. */
function sharedDetails(sh: S7Shared, ccgraphHeapMB: number, rawHeapMB: number): string {
  // Heap+external, not RSS: the RSS beside it moves with V8's young generation.
  const perAdded = (atFull: number, atSockets: number) => ((atFull - atSockets) * 1024) / (sh.subscriptions - sh.sockets);
  return ` Then ${n(sh.subscriptions)} subscriptions over the same ${n(sh.sockets)} sockets on each side (up to ${sh.perSocketMax} per socket, ids 1…${sh.perSocketMax}, the same document; subscribed in ${f(sh.subscribeSeconds.ccgraph)} s on ccgraph, ${f(sh.subscribeSeconds.raw)} s on raw ws, which sends one frame per subscription): ccgraph heap+external ${f(sh.ccgraph.heapMB, 0)} MB (${f(perAdded(sh.ccgraph.heapMB, ccgraphHeapMB), 2)} KB per added subscription), RSS per added subscription ${f(sh.ccgraph.rssPerAddedKB, 2)} KB, p50 ${f(sh.ccgraph.p50Ms)} ms, missing ${sh.ccgraph.missing}; raw ws heap+external ${f(sh.raw.heapMB, 0)} MB (${f(perAdded(sh.raw.heapMB, rawHeapMB), 2)} KB per added subscription), RSS per added subscription ${f(sh.raw.rssPerAddedKB, 2)} KB, p50 ${f(sh.raw.p50Ms)} ms${sh.raw.sendLoopMs !== undefined ? `, send loop ${f(sh.raw.sendLoopMs)} ms` : ''}, missing ${sh.raw.missing}; p99 ratio ${f(sh.ratioP99, 2)}${sh.clientCpuPercent ? `; client CPU during these publishes ${sh.clientCpuPercent.ccgraph.map((c) => `${f(c, 0)} %`).join(', ')} (ccgraph's) and ${sh.clientCpuPercent.raw.map((c) => `${f(c, 0)} %`).join(', ')} (raw's) of a core` : ''}.`;
}

export function scaleDetails(r: Results): string[] {
  const out: string[] = [];
  if (r.s7) {
    const s = r.s7;
    const side = (name: string, x: typeof s.ccgraph) =>
      `${name}: ${n(x.connected)} sockets from ${x.clientProcesses} client processes over ${x.sourceAddresses.length} source addresses (${x.sourceAddresses[0]}–${x.sourceAddresses.at(-1)}), heap+external ${f(x.heapMB, 0)} MB, RSS per subscriber ${f(x.rssPerSubscriberKB, 2)} KB, p50 ${f(x.p50Ms)} ms${x.sendLoopMs !== undefined ? `, send loop ${f(x.sendLoopMs)} ms` : ''}, missing ${x.missing}, client CPU during the publishes ${x.clientCpuPercent.map((c) => `${f(c, 0)} %`).join(', ')} of a core`;
    out.push(
      `- S7: one \`queueStatusChanged\` subscriber per graphql-ws connection; both servers hold their sockets at the same time and the publishes alternate as in S5. Open-files limit: hard ${n(s.fileLimit.hard)} per process${s.capped ? `; ${s.capped}` : ''}. ${side('ccgraph', s.ccgraph)}. ${side('Raw ws', s.raw)}. p99 ratio ${f(s.ratioP99, 2)}.` +
        (s.shared ? sharedDetails(s.shared, s.ccgraph.heapMB, s.raw.heapMB) : ''),
    );
  }
  if (r.s8) {
    const s = r.s8;
    const c = s.clients;
    out.push(
      `- S8: ${s.documents} subscription documents (all queues, each queue, all agents, by state, by queue, by id; two field sets), ${s.distinctQueries} distinct query texts sent in rotation, mutations = \`setReadyState\` flips through every agent. Memory every 10 s, no collection forced: ${memoryLine(s.memory)}. ` +
        (s.liveHeap
          ? `Live heap+external after a forced full collection: ${s.liveHeap.warmMB} MB at ${Math.round(s.liveHeap.warmT)} s (before the first window), ${s.liveHeap.endMB} MB at ${Math.round(s.liveHeap.endT)} s (load stopped): the heap slope. `
          : '') +
        (s.ownGcHeapSlopeMBPerMin !== undefined ? `Slope of the heap after V8's own full collections (floating garbage in): ${f(s.ownGcHeapSlopeMBPerMin, 2)} MB/min. ` : '') +
        (s.harnessStalls.count > 0
          ? `The harness stalled the gateway ${s.harnessStalls.count} time${s.harnessStalls.count === 1 ? '' : 's'} during the soak (forced collections, heap snapshots; longest ${f(s.harnessStalls.maxMs, 0)} ms); the p99 windows leave out the ${n(s.harnessStalls.queriesLeftOut)} of their queries in flight then; with them: p99 ${f(s.p99WithHarnessStalls.firstMs)} → ${f(s.p99WithHarnessStalls.lastMs)} ms (${f(s.p99WithHarnessStalls.drift, 2)} ×). `
          : '') +
        // Results written before the series existed have none.
        (s.latencyByMinute?.length ? `Query p50/p99 by minute: ${s.latencyByMinute.map((m) => `${m.minute}: ${f(m.p50Ms, 0)}/${f(m.p99Ms, 0)}`).join(', ')} ms. ` : '') +
        `Gateway CPU ${f(s.cpu.gateway, 0)} % of a core, event-loop delay p99 ${f(s.gatewayLoopDelayMs.p99, 1)} ms (max ${f(s.gatewayLoopDelayMs.max, 0)} ms). ` +
        `Queries ${n(s.queries.sent)} (failed ${s.queries.failed}), mutations ${s.queries.mutations} (failed ${s.queries.mutationsFailed})${s.queries.firstFailure ? `, first failure \`${s.queries.firstFailure.slice(0, 120)}\`` : ''}. ` +
        `Subscribers: ${n(c.subscribes)} subscribes, ${n(c.unsubscribes)} unsubscribes (${n(c.socketsReplaced)} by closing the socket), ${n(c.messages)} messages, ${c.resyncs} resynchronising snapshots; missed = CHANGE before SNAPSHOT ${c.changeBeforeSnapshot} + CHANGED unknown ${c.changedUnknown} + REMOVED unknown ${c.removedUnknown} + out of order ${c.outOfOrder}; errors ${c.errors}, unexpected closes ${c.unexpectedCloses}${c.firstError ? ` (\`${c.firstError.slice(0, 120)}\`)` : ''}. ` +
        `Client CPU ${c.cpuPercent.map((x) => `${f(x, 0)} %`).join(', ')} of a core.${s.verifySample ? ` First divergence: \`${s.verifySample.slice(0, 200)}\`.` : ''}`,
    );
  }
  return out;
}
