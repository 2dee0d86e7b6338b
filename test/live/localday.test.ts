/**
 * The live path counts "today" from local midnight (CCGRAPH_TIMEZONE) and uses the KPI module's service level:
 * the live figure, the queue KPI and the SERVICE_LEVEL alert agree, in 0–1.
 */
import { describe, expect, it } from 'vitest';
import { computeKpis, sumSummaries } from '../../src/domain/kpi.js';
import type { QueueIntervalSummary } from '../../src/domain/model.js';
import { evaluateAlerts } from '../../src/live/alerts.js';
import { composeQueueViews, createFetchers } from '../../src/live/normalize.js';
import type { Connectors } from '../../src/vendors/types.js';
import { fakeWorld, quietQueue } from '../helpers/fakes.js';

const summary = (queueId: string, over: Partial<QueueIntervalSummary>): QueueIntervalSummary => ({
  id: `${queueId}-1`, queueId, queueName: 'Q', channel: 'PHONE', intervalStart: new Date(), changedAt: null,
  arrivedHandled: 0, arrivedActive: 0, handled: 0, answeredOnTime: 0, abandoned: 0, falseAttempts: 0, serviceClosed: 0,
  handleTimeTotalMs: 0, handleTimeMaxMs: 0, queueTimeMaxMs: 0, answeredQueueTimeTotalMs: 0, abandonedQueueTimeTotalMs: 0,
  falseAttemptQueueTimeTotalMs: 0, outHandled: 0, outHandleTimeTotalMs: 0, outHandleTimeMaxMs: 0, ...over,
});

describe('live daily counters in the local day', () => {
  for (const [label, nowIso, expected] of [
    ['23-hour day (spring forward)', '2025-03-30T21:30:00Z', '2025-03-29T23:00:00.000Z'],
    ['25-hour day (fall back)', '2025-10-26T22:30:00Z', '2025-10-25T22:00:00.000Z'],
    ['just after local midnight', '2025-06-01T22:00:00Z', '2025-06-01T22:00:00.000Z'],
  ] as const) {
    it(`asks Sinch and wolkvox from local midnight: ${label}`, async () => {
      const world = fakeWorld(1, 1);
      const seen: Record<string, Date | undefined> = {};
      const sinch = world.connectors.sinch!;
      const connectors: Connectors = {
        sinch: {
          ...sinch,
          listAgents: (q, o) => ((seen.agents = q?.since), sinch.listAgents(q, o)),
          listContactSummaries: (q, o) => ((seen.summaries = q.from), sinch.listContactSummaries(q, o)),
        },
        wolkvox: {
          vendor: 'wolkvox',
          health: sinch.health,
          close: async () => {},
          listCobrowsingSessions: async (q) => ((seen.cobrowsing = q.from), []),
        },
      };
      const f = createFetchers(connectors, () => Date.parse(nowIso), 'Europe/Warsaw');
      const signal = new AbortController().signal;
      await Promise.all([f['sinch.agents']!(signal), f['sinch.contactSummaries']!(signal), f['wolkvox.cobrowsing']!(signal)]);
      expect(seen.agents?.toISOString()).toBe(expected);
      expect(seen.summaries?.toISOString()).toBe(expected);
      expect(seen.cobrowsing?.toISOString()).toBe(expected);
    });
  }
});

describe('one service-level formula', () => {
  it('the live figure equals the KPI, in 0–1, and the alert compares 0–1 with the percent thresholds / 100', async () => {
    const world = fakeWorld(0, 1);
    const q = quietQueue(1);
    const rows = [summary(q.queueId, { handled: 7, answeredOnTime: 5, abandoned: 3, falseAttempts: 4 })];
    const sinch = world.connectors.sinch!;
    const connectors: Connectors = { sinch: { ...sinch, listContactSummaries: async () => rows } };
    const f = createFetchers(connectors, Date.now, 'UTC');
    const signal = new AbortController().signal;
    const stores = {
      'sinch.queueStatuses': await f['sinch.queueStatuses']!(signal),
      'sinch.contactSummaries': await f['sinch.contactSummaries']!(signal),
    };
    const view = composeQueueViews(stores as never).get(q.queueId)!;
    const kpi = computeKpis(sumSummaries(rows)).serviceLevel;
    expect(kpi).toBe(0.5);
    expect(view.serviceLevel).toBe(kpi);
    expect(view.serviceLevelPercent).toBe(50);
    const alerts = evaluateAlerts(new Map([[q.queueId, view]]), new Map([[q.queueId, { serviceLevelPercent: { warning: 80, critical: 50 } }]]));
    expect([...alerts.values()][0]).toMatchObject({ metric: 'SERVICE_LEVEL', level: 'CRITICAL', value: 0.5, warningLevel: 0.8, criticalLevel: 0.5 });
  });
});
