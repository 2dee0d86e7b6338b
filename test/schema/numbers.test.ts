/**
 * Numbers a supervisor can trust, end to end over the simulator: exact [from, to) windows at month, week, day and
 * hour boundaries, local days (CCGRAPH_TIMEZONE, `timeZone` arguments, 23- and 25-hour days), one unit per quantity
 * with the deprecated fields still answering, and the vendor figures the graph exposes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { startOfToday } from '../../src/domain/time.js';
import { graphOverSim, startSim, type GqlResult, type Sim, type SimGraph } from '../helpers/graph.js';

let sim: Sim;
let graph: SimGraph;
let warsaw: SimGraph;
const W = 'Europe/Warsaw';

beforeAll(async () => {
  sim = await startSim({ agents: 12, queues: 3 });
  for (let i = 0; i < 20; i++) sim.advance(60_000);
  graph = graphOverSim(sim);
  warsaw = graphOverSim(sim, { CCGRAPH_TIMEZONE: W });
});

afterAll(async () => {
  await Promise.all([graph.close(), warsaw.close()]);
  await sim.close();
});

const ok = <T = any>(r: GqlResult<T>) => {
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data as any;
};
const codes = (r: GqlResult) => (r.errors ?? []).map((e) => e.extensions?.code);

const WORK = `query($from: DateTime!, $to: DateTime!, $agg: WorkReportAggregation, $tz: String) {
  agentWorkReport(from: $from, to: $to, aggregateBy: $agg, timeZone: $tz) {
    timeZone rowCount rows { login period periodStart inboundCalls inboundTalkMs inboundTalkSeconds outboundCalls
      pauseTotals { all { count totalMs } free { count } } pausesByReason { pauseId count totalMs } pauses { pauseId } }
  }
}`;

const work = async (g: SimGraph, from: string, to: string, agg: string, tz?: string) =>
  ok(await g.run(WORK, { from, to, agg, ...(tz ? { tz } : {}) })).agentWorkReport;

const periodsOf = (report: any) => [...new Set<string>(report.rows.map((r: any) => r.period))].sort();

describe('exact windows: [from, to) at every boundary (Thulium over the simulator)', () => {
  it('a month is one month', async () => {
    const r = await work(graph, '2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z', 'MONTH');
    expect(periodsOf(r)).toEqual(['2025-01']);
    expect(r.timeZone).toBe('UTC');
  });

  it('a week of days is 7 days; a week of weeks one week', async () => {
    expect(periodsOf(await work(graph, '2025-01-06T00:00:00Z', '2025-01-13T00:00:00Z', 'DAY'))).toHaveLength(7);
    expect(periodsOf(await work(graph, '2025-01-06T00:00:00Z', '2025-01-13T00:00:00Z', 'WEEK'))).toEqual(['2025-W02']);
  });

  it('two hours are two hours', async () => {
    const r = await work(graph, '2025-01-07T09:00:00Z', '2025-01-07T11:00:00Z', 'HOUR');
    expect(periodsOf(r)).toEqual(['2025-01-07 09', '2025-01-07 10']);
    expect(r.rows[0].periodStart).toMatch(/^2025-01-07T09:00:00(\.000)?Z$/);
  });

  it('cobrowsing sessions start inside the window only', async () => {
    const from = '2025-01-06T00:00:00Z';
    const to = '2025-01-07T00:00:00Z';
    const r = ok(await graph.run(`query($from: DateTime!, $to: DateTime!) { cobrowsingReport(from: $from, to: $to) { rows { startedAt durationMs durationSeconds } totalDurationMs totalDurationSeconds } }`, { from, to })).cobrowsingReport;
    for (const s of r.rows) {
      expect(Date.parse(s.startedAt)).toBeGreaterThanOrEqual(Date.parse(from));
      expect(Date.parse(s.startedAt)).toBeLessThan(Date.parse(to));
      expect(s.durationMs).toBe(s.durationSeconds * 1000);
    }
    expect(r.totalDurationMs).toBe(r.totalDurationSeconds * 1000);
  });
});

describe('local days', () => {
  it('a report in another zone sums hours into local days: the 23-hour day', async () => {
    // 2025-03-30 in Warsaw: 2025-03-29T23:00Z to 2025-03-30T22:00Z (23 hours).
    const from = '2025-03-29T23:00:00Z';
    const to = '2025-03-30T22:00:00Z';
    const local = await work(graph, from, to, 'DAY', W);
    expect(local.timeZone).toBe(W);
    expect(periodsOf(local)).toEqual(['2025-03-30']);
    expect(local.rows[0].periodStart).toMatch(/^2025-03-29T23:00:00(\.000)?Z$/);
    const hours = await work(graph, from, to, 'HOUR');
    expect(periodsOf(hours)).toHaveLength(23);
    const sum = (rows: any[], login: string) => rows.filter((r) => r.login === login).reduce((s, r) => s + r.inboundCalls, 0);
    for (const login of new Set<string>(local.rows.map((r: any) => r.login))) expect(sum(local.rows, login)).toBe(sum(hours.rows, login));
  });

  it('the 25-hour day', async () => {
    const from = '2025-10-25T22:00:00Z';
    const to = '2025-10-26T23:00:00Z';
    expect(periodsOf(await work(graph, from, to, 'DAY', W))).toEqual(['2025-10-26']);
    expect(periodsOf(await work(graph, from, to, 'HOUR'))).toHaveLength(25);
    // With CCGRAPH_TIMEZONE=Europe/Warsaw the same report needs no argument.
    const dflt = await work(warsaw, from, to, 'DAY');
    expect(dflt.timeZone).toBe(W);
    expect(periodsOf(dflt)).toEqual(['2025-10-26']);
  });

  it('refuses an unknown zone and a long re-zoned range, with stable codes', async () => {
    const bad = await graph.run(WORK, { from: '2025-01-01T00:00:00Z', to: '2025-01-02T00:00:00Z', agg: 'DAY', tz: 'Mars/Olympus' });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    const long = await graph.run(WORK, { from: '2025-01-01T00:00:00Z', to: '2025-03-01T00:00:00Z', agg: 'MONTH', tz: W });
    expect(codes(long)).toEqual(['BAD_USER_INPUT']);
  });

  it('"today" for KPIs starts at local midnight (CCGRAPH_TIMEZONE, or the argument)', async () => {
    const q = `{ queues { kpis { from } local: kpis(timeZone: "${W}") { from } } }`;
    const utc = ok(await graph.run(q)).queues[0];
    const now = new Date();
    expect(Date.parse(utc.kpis.from)).toBe(startOfToday(now, 'UTC').getTime());
    expect(Date.parse(utc.local.from)).toBe(startOfToday(now, W).getTime());
    const inWarsaw = ok(await warsaw.run(q)).queues[0];
    expect(Date.parse(inWarsaw.kpis.from)).toBe(startOfToday(now, W).getTime());
  });

  it('CCGRAPH_TIMEZONE and the vendor zones are validated', () => {
    expect(() => loadConfig({ CCGRAPH_TIMEZONE: 'Nowhere/Land' })).toThrow(ConfigError);
    expect(() => loadConfig({ THULIUM_TIMEZONE: 'x' })).toThrow(/THULIUM_TIMEZONE/);
    const c = loadConfig({ ...sim.env(), CCGRAPH_TIMEZONE: W, WOLKVOX_TIMEZONE: 'America/Bogota' });
    expect(c.timeZone).toBe(W);
    expect(c.vendors.thulium?.timeZone).toBe(W);
    expect(c.vendors.wolkvox?.timeZone).toBe('America/Bogota');
    expect(loadConfig({}).timeZone).toBe('UTC');
  });
});

describe('one vocabulary', () => {
  it('ratios are 0–1 and durations ms; the deprecated fields still answer', async () => {
    const r = ok(await graph.run(`{ queues { thresholds { serviceLevel { warning critical } serviceLevelPercent { warning critical } } } }`));
    for (const q of r.queues) {
      if (!q.thresholds) continue;
      const { serviceLevel: sl, serviceLevelPercent: pct } = q.thresholds;
      expect(sl.warning).toBe(pct.warning === null ? null : pct.warning / 100);
      expect(sl.critical).toBe(pct.critical === null ? null : pct.critical / 100);
    }
    const w = await work(graph, '2025-01-06T00:00:00Z', '2025-01-13T00:00:00Z', 'WEEK');
    for (const row of w.rows) {
      expect(row.inboundTalkMs).toBe(row.inboundTalkSeconds * 1000);
      // Totals apart from reasons; the deprecated list still mixes them.
      expect(row.pausesByReason.some((p: any) => p.pauseId === 'all' || p.pauseId === 'free')).toBe(false);
      expect(row.pauses.map((p: any) => p.pauseId)).toEqual(expect.arrayContaining(['all', 'free']));
      expect(row.pauseTotals.all.count).toBe(row.pauseTotals.free.count + row.pausesByReason.reduce((s: number, p: any) => s + p.count, 0));
    }
  });

  it('the outbound threshold visibly splits outbound calls', async () => {
    const q = `query($t: Int) { agentWorkReport(from: "2025-01-06T00:00:00Z", to: "2025-01-11T00:00:00Z", aggregateBy: WEEK, outboundThresholdMs: $t) {
      outboundThresholdMs rows { login outboundCalls outboundAboveThreshold { count totalMs } outboundBelowThreshold { count } } } }`;
    const low = ok(await graph.run(q, { t: 0 })).agentWorkReport;
    const high = ok(await graph.run(q, { t: 600_000 })).agentWorkReport;
    expect(low.outboundThresholdMs).toBe(0);
    expect(high.outboundThresholdMs).toBe(600_000);
    const above = (r: any) => r.rows.reduce((s: number, x: any) => s + x.outboundAboveThreshold.count, 0);
    const total = (r: any) => r.rows.reduce((s: number, x: any) => s + x.outboundCalls, 0);
    expect(total(low)).toBe(total(high));
    expect(total(low)).toBeGreaterThan(0);
    expect(above(high)).toBeLessThan(above(low));
    expect(codes(await graph.run(q, { t: 1500 }))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('every figure', () => {
  it("an agent's day, capacity, steering rights and durations (Sinch)", async () => {
    const r = ok(await graph.run(`{ agents(first: 50) { nodes { key
      today { readyMs notReadyMs pauseMs loggedInMs handlingMs wrapUpMs occupancy utilization pauseAllowanceMs pauseAllowanceLeftMs workAllowanceMs }
      canSteer { readyState presence } contactHandlingStatusDurationMs oldestActiveContactMs
      capacity { channel capacity active activeInbound activeOutbound free }
      userStatusCounters { status activeInboundCalls activeOutboundCampaignCalls activeInboundVideoChats }
      chatSlots { rawStatus online averageSlotDurations { openMs openSeconds } } } } }`));
    const sinchPeople = r.agents.nodes.filter((n: any) => n.today);
    expect(sinchPeople.length).toBeGreaterThan(0);
    for (const n of sinchPeople) {
      const d = n.today;
      expect(d.loggedInMs).toBe(d.readyMs + d.notReadyMs + d.pauseMs);
      if (d.loggedInMs > 0) expect(d.utilization).toBeCloseTo((d.handlingMs + d.wrapUpMs) / d.loggedInMs);
      if (d.readyMs > 0) expect(d.occupancy).toBeCloseTo((d.handlingMs + d.wrapUpMs) / d.readyMs);
      expect(d.pauseAllowanceMs).toBe(1_800_000);
      expect(d.pauseAllowanceLeftMs).toBe(1_800_000 - d.pauseMs);
      expect(typeof n.canSteer.readyState).toBe('boolean');
      expect(n.capacity.map((c: any) => c.channel)).toEqual(['PHONE', 'TEXT_CHAT', 'VIDEO_CHAT', 'TASK']);
      for (const c of n.capacity) expect(c.active).toBe(c.activeInbound + c.activeOutbound);
      expect(n.userStatusCounters.status).toBeTruthy();
    }
    const chat = r.agents.nodes.find((n: any) => n.chatSlots)?.chatSlots;
    expect(chat.rawStatus.toLowerCase()).toBe(chat.online ? 'online' : 'offline');
  });

  it('queue KPIs carry abandon time and handle-time maxima; interval rows every summary field', async () => {
    const r = ok(await graph.run(`{ queues { kpis { abandoned averageAbandonTimeMs abandonedQueueTimeTotalMs falseAttemptQueueTimeTotalMs
        longestHandleTimeMs outboundHandled averageOutboundHandleTimeMs longestOutboundHandleTimeMs } } }`));
    for (const q of r.queues) {
      const k = q.kpis;
      expect(k.averageAbandonTimeMs).toBe(k.abandoned > 0 ? k.abandonedQueueTimeTotalMs / k.abandoned : null);
      expect(k.longestHandleTimeMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('contacts carry application and reporting group, and filter by them and by text', async () => {
    const all = ok(await graph.run(`{ contacts(first: 100) { totalCount nodes { contactId source applicationName reportingGroupId reportingGroupName arrivalTime } } }`)).contacts;
    expect(all.totalCount).toBeGreaterThan(0);
    const withGroup = all.nodes.find((c: any) => c.reportingGroupId);
    expect(withGroup.applicationName).toBe('ContactCenter');
    const byGroup = ok(await graph.run(`query($g: [String!]) { contacts(first: 100, filter: { reportingGroupIds: $g }) { totalCount nodes { reportingGroupId } } }`, { g: [withGroup.reportingGroupId] })).contacts;
    expect(byGroup.totalCount).toBeGreaterThan(0);
    expect(byGroup.nodes.every((c: any) => c.reportingGroupId === withGroup.reportingGroupId)).toBe(true);
    const none = ok(await graph.run(`{ contacts(first: 5, filter: { campaignIds: ["00000000000000000000000000000000"] }) { totalCount } }`)).contacts;
    expect(none.totalCount).toBe(0);
    // Sinch `search` matches the source OR the destination.
    const text = ok(await graph.run(`query($t: String) { contacts(first: 100, filter: { text: $t }) { totalCount nodes { source destination } } }`, { t: withGroup.source })).contacts;
    expect(text.nodes.length).toBeGreaterThan(0);
    expect(text.totalCount).toBeLessThan(all.totalCount);
    expect(text.nodes.every((c: any) => c.source.includes(withGroup.source) || c.destination.includes(withGroup.source))).toBe(true);
  });
});
