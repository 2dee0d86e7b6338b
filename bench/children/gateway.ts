/**
 * Bench child: ccgraph exactly as `npm start` composes it (createGateway), pointed at the bench simulator.
 * The only instrumentation: the moment each live CHANGE message is first handed to a subscriber ("publish"),
 * recorded by wrapping Subscriber.prototype.push, for the fan-out measurement (S5).
 */
import { Session } from 'node:inspector/promises';
import { GCProfiler, writeHeapSnapshot } from 'node:v8';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createGateway } from '../../src/server.js';
import { Subscriber } from '../../src/live/subscriber.js';
import type { LiveHub } from '../../src/live/hub.js';
import type { IdentityFileEntry } from '../../src/domain/model.js';
import { processStats, serve, wallNow } from '../lib/rpc.js';

const env = JSON.parse(process.env.BENCH_ENV ?? '{}') as Record<string, string>;
const identities = JSON.parse(process.env.BENCH_IDENTITIES ?? '[]') as IdentityFileEntry[];
// Per-client cost budgets off: every load generator connection comes from one address, and the scenarios measure
// the engine, not the budget (listed in RESULTS.md's settings line).
const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'production', CCGRAPH_COST_BUDGET_PER_MINUTE: '0', ...env });
const logger = createLogger({ level: 'silent', secrets: config.secrets });
const gateway = createGateway({ config, logger, identityFile: identities });
const url = await gateway.listen(0, '127.0.0.1');

const published = new Map<number, number>();
const push = Subscriber.prototype.push;
Subscriber.prototype.push = function (this: Subscriber<unknown>, item: unknown) {
  const m = item as { kind?: string; sequence?: number };
  if (m?.kind === 'CHANGE' && typeof m.sequence === 'number' && !published.has(m.sequence)) published.set(m.sequence, wallNow());
  return push.call(this, item);
};

const hub = () => gateway.services.live as LiveHub;

// CPU profiles of a chosen window only (bench:profile): start-up and warm-up stay out of the samples.
let profiler: Session | undefined;
// V8's record of its own collections (S8): memory read without forcing a stop-the-world collection.
let gcRecords: GCProfiler | undefined;
let allocProfiler: Session | undefined;

serve({
  info: () => ({ url, limits: config.limits, shareMs: config.vendors.sinch?.resultShareMs ?? 0 }),
  stats: ({ gc, resident, spaces }: { gc?: boolean; resident?: boolean; spaces?: boolean } = {}) => processStats(gc, resident, spaces),
  /**
   * Heap used and external memory after the last full (mark-compact) collection V8 ran on its own since the previous
   * call (null when it ran none), and how many it ran; the first call starts the record.
   */
  majorGc: () => {
    const stats = gcRecords?.stop().statistics ?? [];
    gcRecords = new GCProfiler();
    gcRecords.start();
    const majors = stats.filter((s) => s.gcType === 'MarkSweepCompact');
    const last = majors.at(-1)?.afterGC.heapStatistics;
    // Collections that held the thread ≥ 50 ms (cost is in µs), for telling a latency tail from a GC pause.
    const long = stats.filter((s) => s.cost >= 50_000).map((s) => `${s.gcType} ${Math.round(s.cost / 1000)} ms`);
    return { count: majors.length, heapUsed: last?.usedHeapSize ?? null, external: last?.externalMemory ?? null, long };
  },
  /** Writes a V8 heap snapshot (after a GC) for memory investigations; returns its path. */
  heapSnapshot: ({ path }: { path?: string } = {}) => {
    globalThis.gc?.();
    return writeHeapSnapshot(path);
  },
  profileStart: async ({ intervalUs = 200 }: { intervalUs?: number } = {}) => {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: intervalUs });
    await profiler.post('Profiler.start');
  },
  /** Stops the profile begun by profileStart and returns it (the .cpuprofile JSON). */
  profileStop: async () => {
    if (!profiler) throw new Error('profileStart was not called');
    const { profile } = await profiler.post('Profiler.stop');
    profiler.disconnect();
    profiler = undefined;
    return profile;
  },
  /**
   * Sampling heap profile of what was allocated and then freed by a full collection (it outlived the scavenges:
   * promoted garbage, what makes V8 mark the old generation again), plus what is still alive.
   */
  allocStart: async () => {
    allocProfiler = new Session();
    allocProfiler.connect();
    await allocProfiler.post('HeapProfiler.enable');
    await allocProfiler.post('HeapProfiler.startSampling', {
      samplingInterval: 64 * 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: false,
    } as never);
  },
  /** Stops allocStart's profile and returns it (the .heapprofile JSON). */
  allocStop: async () => {
    if (!allocProfiler) throw new Error('allocStart was not called');
    const { profile } = await allocProfiler.post('HeapProfiler.stopSampling');
    allocProfiler.disconnect();
    allocProfiler = undefined;
    return profile;
  },
  /** Queries answered from an identical query's execution in flight (ccgraph_shared_executions_total). */
  sharedExecutions: async () => (await gateway.metrics.registry.getSingleMetric('ccgraph_shared_executions_total')?.get())?.values[0]?.value ?? 0,
  liveStats: () => hub().stats(),
  /** Polls the queue statuses now; resolves once the result reached this instance's subscribers. */
  refreshQueues: () => hub().refreshNow('sinch.queueStatuses'),
  published: () => Object.fromEntries(published),
  clearPublished: () => published.clear(),
});
