import { describe, expect, it } from 'vitest';
import { parseScaleArgs, scaleProfile } from '../../bench/scenarios/long.js';
import { overlapsAny, slope, soakDocuments, soakQueries } from '../../bench/scenarios/soak.js';

describe('long profile flags', () => {
  it('takes its own flags out and leaves the rest for parseArgs', () => {
    expect(parseScaleArgs(['--long', '--soak-seconds', '60', '--only', 'S8', '--s7-subscribers=5000'])).toEqual({
      long: true,
      soakSeconds: 60,
      s7Subscribers: 5000,
      rest: ['--only', 'S8'],
    });
    expect(parseScaleArgs(['--long', '--s7-sockets', '2000']).s7Sockets).toBe(2000);
    expect(() => parseScaleArgs(['--soak-seconds', 'soon'])).toThrow(/positive whole number/);
    expect(() => parseScaleArgs(['--s8-subscribers'])).toThrow(/positive whole number/);
  });

  it('sizes: the issue’s by default, small with --quick, flags win', () => {
    const full = scaleProfile(parseScaleArgs(['--long']), false);
    expect(full.s7.subscribers).toBe(100_000);
    expect(full.s7.sockets).toBeUndefined(); // one socket per subscriber, up to the open-files limit
    expect(full.s8).toMatchObject({ seconds: 600, subscribers: 10_000, churnPerSecond: 50, queriesPerSecond: 100, mutationsPerSecond: 1 });
    expect(scaleProfile(parseScaleArgs(['--soak-seconds', '120']), true).s8.seconds).toBe(120);
  });
});

describe('soak helpers', () => {
  it('slope is the least-squares rate of change', () => {
    expect(slope([{ x: 0, y: 10 }, { x: 1, y: 12 }, { x: 2, y: 14 }])).toBeCloseTo(2);
    expect(slope([{ x: 0, y: 5 }, { x: 1, y: 7 }, { x: 2, y: 5 }, { x: 3, y: 7 }])).toBeCloseTo(0.4);
    expect(slope([{ x: 1, y: 1 }])).toBeNaN();
  });

  it('a query is left out of the p99 windows when it was in flight during a harness stall', () => {
    const stalls = [{ from: 1000, to: 1300 }];
    expect(overlapsAny(900, 150, stalls)).toBe(true); // still waiting when the GC began
    expect(overlapsAny(1100, 5, stalls)).toBe(true); // sent during it
    expect(overlapsAny(1299, 400, stalls)).toBe(true);
    expect(overlapsAny(800, 200, stalls)).toBe(false); // answered as it began
    expect(overlapsAny(1300, 50, stalls)).toBe(false); // sent after it
    expect(overlapsAny(1100, 5, [])).toBe(false);
  });

  it('documents and queries are distinct texts', () => {
    const queues = ['UTox', 'UTo2'];
    const agents = Array.from({ length: 20 }, (_, i) => `QWdlbnQ6${i}`);
    const docs = soakDocuments(queues, agents);
    expect(new Set(docs.map((d) => d.query)).size).toBe(docs.length);
    const queries = soakQueries(queues, agents);
    expect(new Set(queries).size).toBe(queries.length);
    expect(queries.length).toBeGreaterThan(60);
  });
});
