import { describe, expect, it } from 'vitest';
import { renderMarkdown, type Results } from '../../bench/lib/report.js';

const summary = (runs: number[]) => ({ median: runs[Math.floor(runs.length / 2)]!, min: Math.min(...runs), max: Math.max(...runs), runs });

const results: Results = {
  meta: {
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:05:00.000Z',
    durationSeconds: 300,
    profile: 'full',
    only: [],
    node: 'v20',
    cpus: 2,
    cpuModel: 'test cpu',
    taskset: true,
    pinning: 'pinned',
    loadBefore: 'load average: 1.00',
    loadAfter: 'load average: 2.00',
    env: { CCGRAPH_MAX_WS_CONNECTIONS_PER_IP: '100000' },
    sameJson: { equal: true, bytes: { ccgraph: 10, proxy: 10 } },
  },
  s1: {
    connections: 16,
    seconds: 8,
    ccgraph: summary([100, 110, 120]),
    proxy: summary([300, 310, 320]),
    ratio: 0.35,
    target: '',
    met: false,
    cpu: { ccgraph: { server: 99, simulator: 2, loadgen: 1 }, proxy: { server: 40, simulator: 40, loadgen: 8 } },
    latencyMs: { ccgraph: { p50: 100, p99: 300 }, proxy: { p50: 30, p99: 90 } },
    failures: { ccgraph: 0, proxy: 0 },
    vendorRequestsPerQuery: { ccgraph: 0.4, proxy: 3 },
    cpuMsPerRequest: { ccgraph: 8, proxy: 1.2 },
  },
  s3: {
    minimum: 3,
    minimumEndpoints: ['a', 'b', 'c'],
    serial: { queries: 20, requests: 60, perQuery: 3, byEndpoint: {} },
    concurrent: [
      { latencyMs: 0, queries: 50, ok: 50, requests: 54, perQuery: 1.08, byEndpoint: {}, met: false },
      { latencyMs: 100, queries: 50, ok: 50, requests: 3, perQuery: 0.06, byEndpoint: {}, met: true },
    ],
    serialMet: true,
    proxy: { serialPerQuery: 3, concurrentPerQuery: 3 },
    target: '',
    met: false,
  },
  s6: {
    pollMs: 1000,
    intervals: 5,
    polledResources: ['x'],
    steps: [
      { subscribers: 1, ccgraph: { perInterval: 1, byEndpoint: {} }, naive: { perInterval: 1, byEndpoint: {} } },
      { subscribers: 10_000, ccgraph: { perInterval: 1, byEndpoint: {} }, naive: { perInterval: 2400, byEndpoint: {} } },
    ],
    target: '',
    met: true,
  },
  errors: { S2: 'boom\nstack' },
};

describe('RESULTS.md', () => {
  it('has one table row per scenario run, with plain verdicts and the machine load', () => {
    const md = renderMarkdown(results);
    const rows = md.split('\n').filter((l) => /^\| S\d/.test(l));
    expect(rows.map((r) => r.slice(2, 4))).toEqual(['S1', 'S3', 'S6']);
    expect(rows[0]).toContain('110 (100–120)');
    expect(rows[0]).toContain('0.35 × proxy: **missed**');
    expect(rows[1]).toContain('serial **met**; concurrent at 0 ms **missed**; concurrent at 100 ms **met**');
    expect(rows[2]).toContain('10,000: 1.0');
    expect(rows[2]).toContain('**met**');
    expect(md).toContain('load average: 1.00');
    expect(md).toContain('load average: 2.00');
    expect(md).toContain('- S2: `boom`');
    expect(md).toContain('**identical**');
  });
});
