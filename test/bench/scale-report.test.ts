// The long profile's rows and details (bench/lib/scale-report.ts), rendered from a recorded run with chosen values.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Results } from '../../bench/lib/report.js';
import { scaleDetails, scaleRows } from '../../bench/lib/scale-report.js';

const recorded = JSON.parse(readFileSync(new URL('../../bench/results-long.json', import.meta.url), 'utf8')) as Results;

function withS8(s8: Partial<NonNullable<Results['s8']>>): Results {
  return { ...recorded, s8: { ...recorded.s8!, ...s8 } };
}

describe('long profile report', () => {
  it('judges S8 on the live heap read outside the windows, and shows V8 own-collection samples beside it', () => {
    const memory = Array.from({ length: 60 }, (_, i) => ({ t: 10 * (i + 1), rssMB: 400 + i, heapMB: i % 3 === 0 ? 140 : null, heapTotalMB: 300 }));
    const r = withS8({
      memory,
      heapSlopeMBPerMin: 0.53,
      liveHeap: { warmT: 51, warmMB: 136, endT: 602, endMB: 140.9 },
      ownGcHeapSlopeMBPerMin: 0.5,
      harnessStalls: { count: 0, maxMs: 0, queriesLeftOut: 0 },
    });
    expect(scaleRows(r).join('\n')).toContain('(RSS; live heap+external)');
    expect(scaleRows(r).join('\n')).toContain('heap 0.53 MB/min');
    const details = scaleDetails(r).join('\n');
    expect(details).toContain('Live heap+external after a forced full collection: 136 MB at 51 s (before the first window), 140.9 MB at 602 s');
    expect(details).toContain("after V8's own full collections (floating garbage in): 0.50 MB/min");
    expect(details).toContain('20 of 60 samples had a full GC');
    // At most ~20 samples shown, the last one always.
    const shown = details.match(/no collection forced: ([^(]*)\(/)![1]!.split(', ');
    expect(shown.length).toBeLessThanOrEqual(21);
    expect(shown.at(-1)).toBe('600 s 459/–/300 ');
    expect(details).not.toContain('The harness stalled');
  });

  it('says how often the harness stalled the gateway, when it did', () => {
    const details = scaleDetails(withS8({ harnessStalls: { count: 1, maxMs: 617, queriesLeftOut: 12 } })).join('\n');
    expect(details).toContain('The harness stalled the gateway 1 time during the soak');
    expect(details).toContain('leave out the 12 of their queries in flight then');
  });

  it('says which S7 target a run missed', () => {
    const s7 = recorded.s7!;
    const over = scaleRows({ ...recorded, s7: { ...s7, capped: 'capped', rssAt100kMB: 1074, ratioLast: 0.97, met: false } }).join('\n');
    expect(over).toContain('RSS > 1 GiB (extrapolated); 0.97 × raw: **missed**');
    const under = scaleRows({ ...recorded, s7: { ...s7, capped: 'capped', rssAt100kMB: 900, ratioLast: 1.1, met: true } }).join('\n');
    expect(under).toContain('RSS ≤ 1 GiB (extrapolated); 1.10 × raw: **met**');
  });
});
