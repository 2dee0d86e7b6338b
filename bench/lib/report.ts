/** Renders bench/results.json as bench/RESULTS.md (pure, so it can be re-rendered and tested). */
import type { S1Result, S2Result, S3Result } from '../scenarios/http.js';
import type { S4Result, S5Result, S6Result } from '../scenarios/live.js';
import type { S7Result, S8Result } from '../scenarios/scale.js';
import { scaleDetails, scaleRows } from './scale-report.js';
import { renderS9, type S9Result } from '../scenarios/peer.js';
import type { Summary } from './stats.js';
import { s1bRow, type S1bResult } from '../scenarios/engine.js';

export interface Results {
  meta: {
    startedAt: string;
    finishedAt: string;
    durationSeconds: number;
    profile: string;
    only: string[];
    node: string;
    cpus: number;
    cpuModel: string;
    taskset: boolean;
    pinning: string;
    loadBefore: string;
    loadAfter: string;
    env: Record<string, string>;
    /** Node flags of the gateway children (`npm start`'s, then BENCH_GATEWAY_FLAGS). */
    gatewayNodeFlags?: string[];
    sameJson?: { equal: boolean; bytes: { ccgraph: number; proxy: number }; note?: string };
  };
  s1?: S1Result;
  s1b?: S1bResult;
  s2?: S2Result;
  s3?: S3Result;
  s4?: S4Result;
  s5?: S5Result;
  s6?: S6Result;
  s7?: S7Result;
  s8?: S8Result;
  s9?: S9Result;
  errors: Record<string, string>;
}

const f = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : String(v));
const spread = (s: Summary, d = 0) => `${f(s.median, d)} (${f(s.min, d)}–${f(s.max, d)})`;
const ok = (met: boolean) => (met ? '**met**' : '**missed**');

export function renderMarkdown(r: Results): string {
  const m = r.meta;
  const rows: string[] = [];
  if (r.s1) {
    const s = r.s1;
    rows.push(
      `| S1 dashboard query, vendor latency 0 | requests/s, median (min–max) of ${s.ccgraph.runs.length} runs × ${s.seconds} s, ${s.connections} connections | ${spread(s.ccgraph)} | proxy ${spread(s.proxy)} | ≥ 0.9 × proxy | ${f(s.ratio, 2)} × proxy: ${ok(s.met)} |`,
    );
  }
  if (r.s1b) rows.push(s1bRow(r.s1b));
  if (r.s2) {
    const s = r.s2;
    rows.push(
      `| S2 same query, ${s.rate}/s fixed arrival rate, vendor latency ${s.latencyMs} ms | latency p50 / p99 minus the critical path (median of ${s.ccgraph.p50.runs.length} runs × ${s.seconds} s) | p50 ${f(s.ccgraph.p50.median)} ms (${signed(s.ccgraph.overP50)}), p99 ${f(s.ccgraph.p99.median)} ms (${signed(s.ccgraph.overP99)}) | critical path at the simulator ${f(s.ccgraph.criticalPathMs)} ms (proxy: its own ${f(s.proxy.criticalPathMs)} ms; p50 ${signed(s.proxy.overP50)}, p99 ${signed(s.proxy.overP99)}) | p50 ≤ +3 ms, p99 ≤ +15 ms | ${ok(s.met)} |`,
    );
  }
  if (r.s3) {
    const s = r.s3;
    const c = s.concurrent.map((x) => `${f(x.perQuery, 2)} at ${x.latencyMs} ms vendor latency`).join(', ');
    const verdict = [`serial ${ok(s.serialMet)}`, ...s.concurrent.map((x) => `concurrent at ${x.latencyMs} ms ${ok(x.met)}`)].join('; ');
    rows.push(
      `| S3 vendor requests per query | count at the simulator | serial ${f(s.serial.perQuery, 2)}; 50 concurrent identical: ${c} (worst of runs) | minimum ${s.minimum} (proxy: serial ${f(s.proxy.serialPerQuery, 2)}, concurrent ${f(s.proxy.concurrentPerQuery, 2)}) | serial = minimum; concurrent ≤ 0.2 | ${verdict} |`,
    );
  }
  if (r.s4) {
    const s = r.s4;
    rows.push(
      `| S4 ${s.subscribers.toLocaleString('en')} idle subscribers | server memory per subscriber (RSS delta; heap+external delta) | ${f(s.ccgraph.rssPerSubscriberKB)} KB (${f(s.ccgraph.heapPerSubscriberKB)} KB) | raw ws ${f(s.raw.rssPerSubscriberKB)} KB (${f(s.raw.heapPerSubscriberKB)} KB) | heap ≤ 1.5 × raw, RSS ≤ 1.1 × raw | heap ${f(s.ratioHeap ?? NaN, 2)} ×, RSS ${f(s.ratioRss ?? NaN, 2)} × raw: ${ok(s.met)} |`,
    );
  }
  if (r.s5) {
    const s = r.s5;
    rows.push(
      `| S5 diff fan-out to ${s.subscribers.toLocaleString('en')} subscribers | publish → last delivery, median (min–max) of ${s.publishes}; p99 of deliveries | ${f(s.ccgraph.lastMs)} ms (${f(s.ccgraph.spreadLastMs[0])}–${f(s.ccgraph.spreadLastMs[1])}); p99 ${f(s.ccgraph.p99Ms)} ms | raw ws ${f(s.raw.lastMs)} ms (${f(s.raw.spreadLastMs[0])}–${f(s.raw.spreadLastMs[1])}); p99 ${f(s.raw.p99Ms)} ms | p99 ≤ 1.1 × raw | p99 ${f(s.ratioP99, 2)} × raw (last ${f(s.ratioLast, 2)} ×): ${ok(s.met)} |`,
    );
  }
  if (r.s6) {
    const s = r.s6;
    const cc = s.steps.map((x) => `${x.subscribers.toLocaleString('en')}: ${f(x.ccgraph.perInterval, 1)}`).join(', ');
    const nv = s.steps.map((x) => `${x.subscribers.toLocaleString('en')}: ${x.naive ? f(x.naive.perInterval, 1) : 'n/a'}`).join(', ');
    rows.push(
      `| S6 vendor polls per ${s.pollMs} ms interval, by subscribers | count at the simulator over ${s.intervals} intervals | ${cc} | naive loop ${nv} | flat (= polled resources) | ${ok(s.met)} |`,
    );
  }
  rows.push(...scaleRows(r));
  if (r.s9) rows.push(renderS9(r.s9).row);

  const out: string[] = [];
  out.push('# ccgraph benchmark results', '');
  out.push(
    `Run ${m.startedAt} → ${m.finishedAt} (${Math.round(m.durationSeconds)} s), profile **${m.profile}**${m.only.length ? `, only ${m.only.join(', ')}` : ''}. ` +
      `Generated by \`npm run bench\` (bench/run.ts); raw numbers in bench/results.json.`,
    '',
  );
  out.push(`Machine: ${m.cpus} × ${m.cpuModel}, Node ${m.node}. ${m.pinning}`, '');
  out.push(`Machine load (\`uptime\`) before: \`${m.loadBefore}\`; after: \`${m.loadAfter}\`. Other test suites were running on this machine, so absolute numbers are noisy; the baselines ran in the same run, interleaved where possible.`, '');
  out.push('| scenario | measure | ccgraph | baseline (same run) | target | result |', '|---|---|---|---|---|---|', ...rows, '');
  if (Object.keys(r.errors).length) {
    out.push('## Scenarios that failed to run', '');
    for (const [k, v] of Object.entries(r.errors)) out.push(`- ${k}: \`${v.split('\n')[0]}\``);
    out.push('');
  }
  out.push('## Details', '');
  if (m.sameJson) {
    out.push(
      `- Same JSON: the proxy's answer and ccgraph's answer were compared before S1 (parsed, deep-equal): **${m.sameJson.equal ? 'identical' : 'DIFFERENT'}** (${m.sameJson.bytes.ccgraph} vs ${m.sameJson.bytes.proxy} bytes).${m.sameJson.note ? ` ${m.sameJson.note}` : ''}`,
    );
  }
  out.push(`- Gateway settings changed for the benchmark: ${Object.entries(m.env).map(([k, v]) => `\`${k}=${v}\``).join(', ')}; everything else as \`npm start\` with \`NODE_ENV=production\`. Gateway node flags: ${(m.gatewayNodeFlags ?? []).map((f) => `\`${f}\``).join(' ') || 'none'}.`);
  if (r.s1) {
    const s = r.s1;
    out.push(
      `- S1: autocannon, ${s.connections} connections, POST /graphql (ccgraph) vs GET /dashboard (proxy), interleaved runs after a warm-up. Latency (median of runs): ccgraph p50 ${s.latencyMs.ccgraph.p50} ms / p99 ${s.latencyMs.ccgraph.p99} ms; proxy p50 ${s.latencyMs.proxy.p50} ms / p99 ${s.latencyMs.proxy.p99} ms. ` +
        `CPU (% of one core, median of runs): ccgraph server ${s.cpu.ccgraph.server}, simulator ${s.cpu.ccgraph.simulator}, load generator ${s.cpu.ccgraph.loadgen}; proxy server ${s.cpu.proxy.server}, simulator ${s.cpu.proxy.simulator}, load generator ${s.cpu.proxy.loadgen}. ` +
        `Server CPU per request: ccgraph ${f(s.cpuMsPerRequest.ccgraph, 2)} ms, proxy ${f(s.cpuMsPerRequest.proxy, 2)} ms. ` +
        `Vendor requests per query: ccgraph ${s.vendorRequestsPerQuery.ccgraph} (in-flight GETs shared), proxy ${s.vendorRequestsPerQuery.proxy}. ` +
        (s.sharedExecutionShare === undefined
          ? ''
          : `Answered from an identical query's execution in flight (all ${s.connections} connections send the same dashboard): ${Math.round(s.sharedExecutionShare * 100)} % of ccgraph's queries. `) +
        `Failed requests: ccgraph ${s.failures.ccgraph}, proxy ${s.failures.proxy}.`,
    );
  }
  if (r.s2) {
    const s = r.s2;
    out.push(
      `- S2: open-loop generator (each latency measured from the request's scheduled start, so queueing counts), ${s.rate} queries/s for ${s.seconds} s, ${s.latencyMs} ms latency on every vendor. ` +
        `Critical path = measured at the simulator (request start → response finish, diagnostics_channel) during serial calibration queries: the heaviest chain of vendor calls where each starts after the previous ended. ` +
        `ccgraph: ${s.ccgraph.calibration.chain}, serial latency ${f(s.ccgraph.calibration.serialLatencyMs)} ms. Proxy: ${s.proxy.calibration.chain}, serial latency ${f(s.proxy.calibration.serialLatencyMs)} ms. ` +
        `Under load ccgraph shares in-flight vendor GETs (${s.ccgraph.vendorRequestsPerQuery} vendor requests per query)` +
        (s.ccgraph.sharedExecutionShare === undefined ? '' : ` and answers ${Math.round(s.ccgraph.sharedExecutionShare * 100)} % of queries from an identical query's execution in flight`) +
        `, so a query joining one already under way can finish below its own critical path. Failed: ccgraph ${s.ccgraph.failed}, proxy ${s.proxy.failed}.`,
    );
  }
  if (r.s3) {
    const s = r.s3;
    out.push(
      `- S3: minimum = the distinct batched fetches the dashboard needs (${s.minimumEndpoints.join(', ')}); the people directory is cached process-wide (30 s) and warmed before counting. Serial: ${s.serial.queries} queries → ${JSON.stringify(s.serial.byEndpoint)}. ` +
        s.concurrent.map((c) => `50 concurrent at ${c.latencyMs} ms: ${c.requests} requests ${JSON.stringify(c.byEndpoint)}, ${c.ok}/50 ok`).join('; ') + '.',
    );
  }
  if (r.s4) {
    const s = r.s4;
    out.push(
      `- S4: every subscriber is one graphql-ws connection with one \`queueStatusChanged\` subscription (snapshot received, then idle), opened from a separate client process. Memory after a forced GC, (at N − at 1) / (N − 1). ` +
        `ccgraph: ${s.ccgraph.points.map((p) => `${p.subscribers} → RSS ${p.rssMB} MB, heap ${p.heapMB} MB`).join('; ')}. Raw ws: ${s.raw.points.map((p) => `${p.subscribers} → RSS ${p.rssMB} MB, heap ${p.heapMB} MB`).join('; ')}. ` +
        `Connecting all took ${s.connectSeconds.ccgraph} s (ccgraph) and ${s.connectSeconds.raw} s (raw). At this rate 1 GiB holds about ${Math.floor((1024 * 1024) / Math.max(0.001, s.ccgraph.rssPerSubscriberKB)).toLocaleString('en')} ccgraph subscribers.`,
    );
  }
  if (r.s5) {
    const s = r.s5;
    out.push(
      `- S5: the simulator's clock is advanced and the gateway polls; "publish" is the moment the hub hands the CHANGE message to the first subscriber (ccgraph), or the start of the send loop (raw ws, which broadcasts the very bytes ccgraph delivered, ${s.messageBytes} bytes, as text frames like graphql-ws). Delivery = arrival at the client process. Both servers hold their subscribers at the same time, each with its own client process, and the publishes alternate between them (which goes first alternates too), after one warm-up publish each that is not counted. ` +
        `p50 of deliveries: ccgraph ${f(s.ccgraph.p50Ms)} ms, raw ${f(s.raw.p50Ms)} ms. p99 ratio ${f(s.ratioP99, 2)}. Missing deliveries: ccgraph ${s.ccgraph.missing}, raw ${s.raw.missing}.`,
    );
  }
  if (r.s6) {
    const s = r.s6;
    out.push(
      `- S6: polled resources for \`queueStatusChanged\`: ${s.polledResources.join(', ')}. Counted at the simulator over ${s.intervals} intervals after the subscribers settled; calls to other resources (the background vendor probe, independent of subscribers) are listed but not counted. ` +
        s.steps
          .map((x) => `${x.subscribers}: ccgraph ${JSON.stringify(x.ccgraph.byEndpoint)}${x.naive ? `, naive ${JSON.stringify(x.naive.byEndpoint)}` : ''}`)
          .join('; ') +
        `. The naive loop's demand is one queue-status request per subscriber per interval; where it shows fewer, the simulator could not serve more.`,
    );
  }
  out.push(...scaleDetails(r));
  if (r.s9) out.push(...renderS9(r.s9).notes);
  out.push('');
  return out.join('\n');
}

const signed = (v: number) => `${v >= 0 ? '+' : '−'}${f(Math.abs(v))} ms`;
