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
    const over = scaleRows({ ...recorded, s7: { ...s7, capped: 'capped', rssAt100kMB: 1074, ratioLast: 0.97, shared: null, met: false } }).join('\n');
    expect(over).toContain('RSS > 1 GiB (extrapolated); 0.97 × raw: **missed**');
    const under = scaleRows({ ...recorded, s7: { ...s7, capped: 'capped', rssAt100kMB: 900, ratioLast: 1.1, shared: null, met: true } }).join('\n');
    expect(under).toContain('RSS ≤ 1 GiB (extrapolated); 1.10 × raw: **met**');
  });

  it('shows the asked subscriptions held over the capped sockets, and judges S7 on them too', () => {
    const s7 = recorded.s7!;
    const side = { rssMB: 700, heapMB: 300, rssPerAddedKB: 3.1, lastMs: 900, p99Ms: 880, p50Ms: 500, spreadLastMs: [850, 990] as [number, number], missing: 0 };
    const shared = { subscriptions: 100_000, sockets: 19_700, perSocketMax: 6, subscribeSeconds: { ccgraph: 9.5, raw: 4.2 }, clientCpuPercent: { ccgraph: [20, 21, 19, 20], raw: [18, 18, 19, 18] }, ccgraph: side, raw: { ...side, rssMB: 400, lastMs: 800, sendLoopMs: 612.5 }, ratioLast: 1.13, ratioP99: 1.1 };
    const r = { ...recorded, s7: { ...s7, capped: 'capped', rssAt100kMB: 900, ratioLast: 1.0, shared, met: true } };
    const row = scaleRows(r).join('\n');
    expect(row).toContain('100,000 subscriptions over the same sockets: RSS 700 MB, last 900.0 ms (850.0–990.0), p99 880.0 ms |');
    expect(row).toContain('100,000 subscriptions: RSS ≤ 1 GiB, 1.13 × raw: **met**');
    const details = scaleDetails(r).join('\n');
    expect(details).toContain('Then 100,000 subscriptions over the same 19,700 sockets on each side (up to 6 per socket');
    expect(details).toContain('p50 500.0 ms, send loop 612.5 ms, missing 0; p99 ratio 1.10');
    expect(details).toContain(`ccgraph heap+external 300 MB (${(((300 - s7.ccgraph.heapMB) * 1024) / 80_300).toFixed(2)} KB per added subscription)`);
    expect(details).toContain('client CPU during these publishes 20 %, 21 %, 19 %, 20 % (ccgraph\'s) and 18 %, 18 %, 19 %, 18 % (raw\'s) of a core.');
    // Results written before the shared part existed render as before.
    expect(scaleRows({ ...recorded, s7: { ...s7, shared: undefined } }).join('\n')).not.toContain('over the same sockets');
  });
});
