import { describe, expect, it } from 'vitest';
import { criticalChain, criticalPath, median, quantile, summarize } from '../../bench/lib/stats.js';
import { parseArgs } from '../../bench/run.js';

describe('bench statistics', () => {
  it('quantiles use the nearest rank, medians average the middle pair', () => {
    const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(quantile(xs, 0.5)).toBe(5);
    expect(quantile(xs, 0.99)).toBe(10);
    expect(quantile(xs, 0)).toBe(1);
    expect(median(xs)).toBe(5.5);
    expect(median([3, 1, 2])).toBe(2);
    expect(Number.isNaN(quantile([], 0.5))).toBe(true);
    expect(summarize([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, runs: [3, 1, 2] });
  });

  it('the critical path counts parallel calls once and sequential calls in sum, never the gaps', () => {
    // Three parallel 100 ms calls: one round trip.
    expect(criticalPath([{ start: 0, end: 100 }, { start: 1, end: 101 }, { start: 2, end: 99 }])).toBe(100);
    // A call that starts after another ended may depend on it: 100 + 100, the 5 ms gap is the caller's own time.
    const dep = [
      { start: 0, end: 100, path: 'queueStatuses' },
      { start: 0, end: 100, path: 'agents' },
      { start: 105, end: 205, path: 'contactSummaries' },
    ];
    const { ms, chain } = criticalChain(dep);
    expect(ms).toBe(200);
    expect(chain.map((c) => c.path)).toEqual([expect.stringMatching(/queueStatuses|agents/), 'contactSummaries']);
    // The heavier of two chains wins.
    expect(criticalPath([{ start: 0, end: 10 }, { start: 20, end: 30 }, { start: 0, end: 50 }])).toBe(50);
    expect(criticalPath([])).toBe(0);
  });
});

describe('bench command line', () => {
  it('reads --quick and --only, and rejects what it does not know', () => {
    expect(parseArgs([])).toEqual({ quick: false, only: [] });
    expect(parseArgs(['--quick', '--only', 's1,S3'])).toEqual({ quick: true, only: ['S1', 'S3'] });
    expect(parseArgs(['--only=S6'])).toEqual({ quick: false, only: ['S6'] });
    expect(parseArgs(['--only', 'S9'])).toEqual({ quick: false, only: ['S9'] });
    expect(() => parseArgs(['--only', 'S99'])).toThrow(/unknown scenario S99/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown argument/);
    expect(() => parseArgs(['--only'])).toThrow(/needs a list/);
  });
});
