/**
 * Queue KPIs from Sinch contact summaries (`/contactSummaries`, one row per queue per interval). Pure functions.
 * Every ratio is null when its denominator is 0, so "no traffic" never reads as 0 % or 100 %.
 * False attempts (callers who hung up before the false-attempt limit) are excluded from every denominator.
 */
import type { QueueIntervalSummary } from './model.js';

/** Inbound counters summed over a set of interval rows. */
export interface QueueCounters {
  intervals: number;
  handled: number;
  answeredOnTime: number;
  abandoned: number;
  falseAttempts: number;
  serviceClosed: number;
  handleTimeTotalMs: number;
  answeredQueueTimeTotalMs: number;
  abandonedQueueTimeTotalMs: number;
  /** Longest queue time over the rows (ms). */
  queueTimeMaxMs: number;
  falseAttemptQueueTimeTotalMs: number;
  /** Longest inbound handle time over the rows (ms). */
  handleTimeMaxMs: number;
  outHandled: number;
  outHandleTimeTotalMs: number;
  /** Longest outbound handle time over the rows (ms). */
  outHandleTimeMaxMs: number;
}

export interface QueueKpiValues {
  /** handled + abandoned: contacts that counted (false attempts excluded). */
  offered: number;
  /** answeredOnTime / (handled + abandoned). */
  serviceLevel: number | null;
  /** abandoned / (handled + abandoned). */
  abandonRate: number | null;
  /** answeredQueueTimeTotalMs / handled. */
  averageSpeedOfAnswerMs: number | null;
  /** handleTimeTotalMs / handled. */
  averageHandleTimeMs: number | null;
  /** abandonedQueueTimeTotalMs / abandoned: how long callers waited before giving up. */
  averageAbandonTimeMs: number | null;
  /** outHandleTimeTotalMs / outHandled. */
  averageOutboundHandleTimeMs: number | null;
}

export const ZERO_COUNTERS: Readonly<QueueCounters> = Object.freeze({
  intervals: 0,
  handled: 0,
  answeredOnTime: 0,
  abandoned: 0,
  falseAttempts: 0,
  serviceClosed: 0,
  handleTimeTotalMs: 0,
  answeredQueueTimeTotalMs: 0,
  abandonedQueueTimeTotalMs: 0,
  queueTimeMaxMs: 0,
  falseAttemptQueueTimeTotalMs: 0,
  handleTimeMaxMs: 0,
  outHandled: 0,
  outHandleTimeTotalMs: 0,
  outHandleTimeMaxMs: 0,
});

export function sumSummaries(rows: readonly QueueIntervalSummary[]): QueueCounters {
  const c: QueueCounters = { ...ZERO_COUNTERS };
  for (const r of rows) {
    c.intervals += 1;
    c.handled += r.handled;
    c.answeredOnTime += r.answeredOnTime;
    c.abandoned += r.abandoned;
    c.falseAttempts += r.falseAttempts;
    c.serviceClosed += r.serviceClosed;
    c.handleTimeTotalMs += r.handleTimeTotalMs;
    c.answeredQueueTimeTotalMs += r.answeredQueueTimeTotalMs;
    c.abandonedQueueTimeTotalMs += r.abandonedQueueTimeTotalMs;
    c.queueTimeMaxMs = Math.max(c.queueTimeMaxMs, r.queueTimeMaxMs);
    c.falseAttemptQueueTimeTotalMs += r.falseAttemptQueueTimeTotalMs;
    c.handleTimeMaxMs = Math.max(c.handleTimeMaxMs, r.handleTimeMaxMs);
    c.outHandled += r.outHandled;
    c.outHandleTimeTotalMs += r.outHandleTimeTotalMs;
    c.outHandleTimeMaxMs = Math.max(c.outHandleTimeMaxMs, r.outHandleTimeMaxMs);
  }
  return c;
}

const ratio = (numerator: number, denominator: number): number | null =>
  denominator > 0 ? numerator / denominator : null;

/**
 * Service level, 0–1: answeredOnTime / (handled + abandoned); null when nothing counted. The one formula behind
 * queue KPIs, live queue figures and SERVICE_LEVEL alerts.
 */
export const serviceLevel = (c: Pick<QueueCounters, 'answeredOnTime' | 'handled' | 'abandoned'>): number | null =>
  ratio(c.answeredOnTime, c.handled + c.abandoned);

/** A 0–1 ratio as a percentage rounded to 0.1 (for fields kept from before ratios were 0–1). */
export const ratioToPercent = (r: number | null): number | null => (r === null ? null : Math.round(r * 1000) / 10);

/** Sinch configures service-level thresholds in percent; the graph and alerts compare 0–1 ratios. */
export const percentToRatio = (p: number | null): number | null => (p === null ? null : p / 100);

export function computeKpis(c: QueueCounters): QueueKpiValues {
  const offered = c.handled + c.abandoned;
  return {
    offered,
    serviceLevel: serviceLevel(c),
    abandonRate: ratio(c.abandoned, offered),
    averageSpeedOfAnswerMs: ratio(c.answeredQueueTimeTotalMs, c.handled),
    averageHandleTimeMs: ratio(c.handleTimeTotalMs, c.handled),
    averageAbandonTimeMs: ratio(c.abandonedQueueTimeTotalMs, c.abandoned),
    averageOutboundHandleTimeMs: ratio(c.outHandleTimeTotalMs, c.outHandled),
  };
}

/**
 * Rows of one queue (or all queues when `queueId` is undefined) whose interval starts in [from, to).
 * Sinch filters only by start time, so the upper bound is applied here.
 */
export function summariesInRange(
  rows: readonly QueueIntervalSummary[],
  range: { from: Date; to: Date },
  queueId?: string,
): QueueIntervalSummary[] {
  const from = range.from.getTime();
  const to = range.to.getTime();
  return rows.filter((r) => {
    const t = r.intervalStart.getTime();
    return t >= from && t < to && (queueId === undefined || r.queueId === queueId);
  });
}

/** An agent's day so far in Sinch (`/agents`, statistics since local midnight). Times in ms. */
export interface AgentDayTimes {
  readyMs: number;
  notReadyMs: number;
  pauseMs: number;
  totalHandlingMs: number;
  totalWrapUpMs: number;
}

/** Logged-in time: ready + not ready + pause (every status but LoggedOut). */
export const loggedInMs = (a: AgentDayTimes): number => a.readyMs + a.notReadyMs + a.pauseMs;

/**
 * Occupancy, 0–1: (handling + wrap-up) / ready time: how much of the time the agent was open for contacts went to
 * contacts. Null when ready time is 0. Can exceed 1 when contacts were handled outside Ready (e.g. outbound while
 * Not Ready).
 */
export const occupancy = (a: AgentDayTimes): number | null => ratio(a.totalHandlingMs + a.totalWrapUpMs, a.readyMs);

/** Utilization, 0–1: (handling + wrap-up) / logged-in time. Null when not logged in today. */
export const utilization = (a: AgentDayTimes): number | null =>
  ratio(a.totalHandlingMs + a.totalWrapUpMs, loggedInMs(a));
