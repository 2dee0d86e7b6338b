/**
 * Agent work rows in the contact center's zone. Thulium buckets days, weeks and months on its tenant's clock; when
 * the report's zone differs, the gateway asks for hours and sums them into local buckets here. Pure functions.
 */
import type { AgentWorkRecord, PauseFigure, WorkReportAggregation } from './model.js';
import { periodLabel, periodStartFromLabel, startOf, type PeriodUnit } from './time.js';

export interface WorkPlan {
  /** The aggregation to ask the vendor for. */
  ask: WorkReportAggregation;
  /** Local unit to sum the vendor's rows into, or null when its rows already are the report's buckets. */
  rebucket: PeriodUnit | null;
  /** The zone the resulting period labels are in. */
  labelZone: string;
}

/**
 * How to ask the vendor for `aggregateBy` in `reportZone` when it buckets in `vendorZone`: as is when the zones
 * agree; else minutes as minutes, everything else as hours summed locally. Hour-of-day rows stay on the vendor's clock.
 */
export function workPlan(aggregateBy: WorkReportAggregation, reportZone: string, vendorZone: string): WorkPlan {
  if (reportZone === vendorZone) return { ask: aggregateBy, rebucket: null, labelZone: reportZone };
  if (aggregateBy === 'hour_of_day') return { ask: aggregateBy, rebucket: null, labelZone: vendorZone };
  if (aggregateBy === 'minute') return { ask: 'minute', rebucket: 'minute', labelZone: reportZone };
  return { ask: 'hour', rebucket: aggregateBy, labelZone: reportZone };
}

const avg = (total: number, count: number) => (count > 0 ? total / count : 0);

function sumPauses(rows: readonly PauseFigure[][]): PauseFigure[] {
  const byId = new Map<string, { count: number; total: number; hasAverage: boolean }>();
  for (const list of rows) {
    for (const p of list) {
      const e = byId.get(p.pauseId) ?? { count: 0, total: 0, hasAverage: false };
      e.count += p.count;
      e.total += p.totalSeconds;
      e.hasAverage ||= p.averageSeconds !== null;
      byId.set(p.pauseId, e);
    }
  }
  return [...byId].map(([pauseId, e]) => ({
    pauseId,
    count: e.count,
    totalSeconds: e.total,
    averageSeconds: e.hasAverage ? avg(e.total, e.count) : null,
  }));
}

/** Sums a group of one agent's rows into one. Calls per hour: answered / logged hours, the hours read back from each row. */
function merge(first: AgentWorkRecord, rows: AgentWorkRecord[], period: string): AgentWorkRecord {
  const sum = (f: (r: AgentWorkRecord) => number) => rows.reduce((s, r) => s + f(r), 0);
  const answered = sum((r) => r.inbound.answered);
  const count = sum((r) => r.inbound.count);
  const talk = sum((r) => r.inbound.totalSeconds);
  const wait = sum((r) => r.inbound.waitTotalSeconds);
  const hours = sum((r) => (r.inbound.callsPerHour > 0 ? r.inbound.answered / r.inbound.callsPerHour : 0));
  const outbound = (pick: (r: AgentWorkRecord) => AgentWorkRecord['outboundAboveThreshold']) => {
    const c = sum((r) => pick(r).count);
    const t = sum((r) => pick(r).totalSeconds);
    return { count: c, totalSeconds: t, averageSeconds: avg(t, c) };
  };
  const logins = rows.flatMap((r) => (r.firstLoginAt ? [r.firstLoginAt.getTime()] : []));
  const logouts = rows.flatMap((r) => (r.lastLogoutAt ? [r.lastLogoutAt.getTime()] : []));
  return {
    login: first.login,
    name: first.name,
    surname: first.surname,
    period,
    inbound: {
      count,
      answered,
      notAnswered: sum((r) => r.inbound.notAnswered),
      transferred: sum((r) => r.inbound.transferred),
      totalSeconds: talk,
      averageSeconds: avg(talk, answered),
      waitTotalSeconds: wait,
      waitAverageSeconds: avg(wait, count),
      callsPerHour: hours > 0 ? Math.round((answered / hours) * 100) / 100 : 0,
    },
    chat: { closed: sum((r) => r.chat.closed), responded: sum((r) => r.chat.responded) },
    ticket: {
      closed: sum((r) => r.ticket.closed),
      responded: sum((r) => r.ticket.responded),
      totalResponded: sum((r) => r.ticket.totalResponded),
    },
    outboundAboveThreshold: outbound((r) => r.outboundAboveThreshold),
    outboundBelowThreshold: outbound((r) => r.outboundBelowThreshold),
    firstLoginAt: logins.length ? new Date(Math.min(...logins)) : null,
    lastLogoutAt: logouts.length ? new Date(Math.max(...logouts)) : null,
    pauses: sumPauses(rows.map((r) => r.pauses)),
  };
}

/**
 * Hour (or minute) rows labelled on the vendor's clock → one row per agent and local `unit` in `reportZone`, in the
 * rows' order. Rows whose label names no time are left out (they cannot be placed).
 */
export function rebucketWorkRows(
  rows: readonly AgentWorkRecord[],
  unit: PeriodUnit,
  vendorZone: string,
  reportZone: string,
): AgentWorkRecord[] {
  const groups = new Map<string, { first: AgentWorkRecord; period: string; rows: AgentWorkRecord[] }>();
  for (const r of rows) {
    const start = periodStartFromLabel(r.period, vendorZone);
    if (!start) continue;
    const period = periodLabel(startOf(start, unit, reportZone), unit, reportZone);
    const key = `${r.login}\u0000${period}`;
    const g = groups.get(key) ?? { first: r, period, rows: [] };
    g.rows.push(r);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => merge(g.first, g.rows, g.period));
}
