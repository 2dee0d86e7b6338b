import { describe, expect, it } from 'vitest';
import { renderMarkdown, type Results } from '../../bench/lib/report.js';
import type { S9Side } from '../../bench/scenarios/peer.js';

const side = (runs: number[], cpuMsPerRequest: number, vendorRequestsPerQuery: number): S9Side => ({
  rps: { median: runs[1]!, min: Math.min(...runs), max: Math.max(...runs), runs },
  latencyMs: { p50: 20, p99: 90 },
  cpu: { server: 95, upstream: 30, loadgen: 8 },
  cpuMsPerRequest,
  vendorRequestsPerQuery,
  failures: 0,
});

const results = (ratio: number, equal: boolean): Results => ({
  meta: {
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:01:00.000Z',
    durationSeconds: 60,
    profile: 'quick',
    only: ['S9'],
    node: 'v20',
    cpus: 2,
    cpuModel: 'test cpu',
    taskset: true,
    pinning: 'pinned',
    loadBefore: 'load average: 1.00',
    loadAfter: 'load average: 1.50',
    env: {},
  },
  s9: {
    upstream: 'sim',
    hiveJit: false,
    connections: 16,
    seconds: 8,
    variants: 31,
    ccgraph: side([300, 310, 320], 3.2, 1.2),
    hive: side([90, 100, 110], 18.5, 3),
    ratio,
    serial: { ccgraph: side([30, 31, 32], 8, 3), hive: side([25, 26, 27], 18, 3), ratio: 1.19 },
    target: 'ccgraph ≥ 3 × Hive Gateway',
    met: ratio >= 3 && equal,
    sharedExecutionShare: 0,
    sameData: { equal, bytes: { ccgraph: 33_000, hive: 129_000 }, ...(equal ? {} : { note: 'hive 500' }) },
  },
  errors: {},
});

describe('RESULTS.md, S9', () => {
  it('one row against Hive Gateway with the ratio, p99 and CPU per request; the details name both passes', () => {
    const md = renderMarkdown(results(3.1, true));
    const rows = md.split('\n').filter((l) => /^\| S\d/.test(l));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('310 (300–320), p99 90 ms, 3.20 ms CPU/request');
    expect(rows[0]).toContain('Hive Gateway 100 (90–110)');
    expect(rows[0]).toContain('3.10 × Hive Gateway: **met**');
    expect(md).toContain('**identical** (33000 vs 129000 bytes');
    expect(md).toContain('One connection (nothing in flight together, so nothing joined): 1.19 ×');
    expect(md).toContain('VENDOR_SHARE_MS=0');
  });

  it('a different answer is reported and misses the target whatever the ratio', () => {
    const md = renderMarkdown(results(4, false));
    expect(md).toContain('4.00 × Hive Gateway: **missed**');
    expect(md).toContain('**DIFFERENT**');
    expect(md).toContain('hive 500');
  });
});
