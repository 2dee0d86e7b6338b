/**
 * Bench child: the simulator of all five vendors, with a per-request timing log (diagnostics_channel) so the
 * benchmark can measure the vendor side of a query's critical path at the simulator itself.
 */
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { VENDORS } from '../../src/domain/vendors.js';
import { startSimulator } from '../../src/simulator/index.js';
import { processStats, serve, wallNow } from '../lib/rpc.js';

const sim = await startSimulator({
  seed: Number(process.env.BENCH_SIM_SEED ?? 7),
  agents: Number(process.env.BENCH_SIM_AGENTS ?? 50),
  queues: Number(process.env.BENCH_SIM_QUEUES ?? 6),
  autoTick: false,
});

// Request start → response finish, per vendor request (control routes excluded).
let recording = false;
const started = new WeakMap<IncomingMessage, { path: string; start: number }>();
const spans: Array<{ path: string; start: number; end: number }> = [];
diagnostics.subscribe('http.server.request.start', (m) => {
  if (!recording) return;
  const { request } = m as { request: IncomingMessage };
  const path = (request.url ?? '').split('?')[0]!;
  if (path.startsWith('/_sim')) return;
  started.set(request, { path, start: wallNow() });
});
diagnostics.subscribe('http.server.response.finish', (m) => {
  if (!recording) return;
  const { request } = m as { request: IncomingMessage };
  const s = started.get(request);
  if (s) spans.push({ ...s, end: wallNow() });
});

serve({
  info: () => ({ url: sim.url, env: sim.env(), identities: sim.identities(), baseUrls: sim.baseUrls, credentials: sim.credentials }),
  /** Same latency on every vendor (0 clears). */
  latency: ({ ms }: { ms: number }) => {
    for (const v of VENDORS) {
      if (ms > 0) sim.faults.set(v, { latencyMs: ms });
      else sim.faults.clear(v);
    }
  },
  counters: () => sim.counters.get(),
  resetCounters: () => sim.counters.reset(),
  advance: ({ ms }: { ms: number }) => sim.advance(ms),
  startSpans: () => {
    spans.length = 0;
    recording = true;
  },
  stopSpans: () => {
    recording = false;
    return spans.splice(0);
  },
  stats: ({ gc }: { gc?: boolean } = {}) => processStats(gc),
});
