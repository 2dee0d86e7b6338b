/** Queue alert levels from live queue figures and the queue-group thresholds (Sinch `/queueGroups?showThresholds=1`). */
import { percentToRatio } from '../domain/kpi.js';
import type { ResourceRecord, AlertLevel, AlertMetric, QueueAlert, QueueLiveView, AlertUpdate } from './types.js';

export interface AlertEntry {
  queueId: string;
  queueName: string;
  metric: AlertMetric;
  level: AlertLevel;
  value: number;
  warningLevel: number | null;
  criticalLevel: number | null;
}

interface Pair {
  warning: number | null;
  critical: number | null;
}

const METRICS: Array<{
  metric: AlertMetric;
  threshold: string;
  /** HIGH: alert at or above the level; LOW: at or below. */
  bad: 'HIGH' | 'LOW';
  value: (q: QueueLiveView) => number | null;
  /** Converts the configured level into the value's unit (Sinch service-level thresholds are percent). */
  level?: (configured: number | null) => number | null;
}> = [
  { metric: 'WAITING_CONTACTS', threshold: 'waitingContacts', bad: 'HIGH', value: (q) => q.waiting },
  { metric: 'LONGEST_WAIT', threshold: 'maxWaitMs', bad: 'HIGH', value: (q) => q.longestWaitMs },
  { metric: 'FREE_AGENTS', threshold: 'freeAgents', bad: 'LOW', value: (q) => q.agentsFree },
  { metric: 'SERVING_AGENTS', threshold: 'servingAgents', bad: 'LOW', value: (q) => q.agentsServing },
  // 0–1 like every ratio; the percent thresholds are converted.
  { metric: 'SERVICE_LEVEL', threshold: 'serviceLevelPercent', bad: 'LOW', value: (q) => q.serviceLevel, level: percentToRatio },
];

const pairOf = (v: unknown): Pair => {
  const o = (v ?? {}) as Record<string, unknown>;
  return {
    warning: typeof o.warning === 'number' ? o.warning : null,
    critical: typeof o.critical === 'number' ? o.critical : null,
  };
};

export function levelFor(value: number, p: Pair, bad: 'HIGH' | 'LOW'): AlertLevel {
  const crossed = (limit: number | null) => limit !== null && (bad === 'HIGH' ? value >= limit : value <= limit);
  if (crossed(p.critical)) return 'CRITICAL';
  if (crossed(p.warning)) return 'WARNING';
  return 'OK';
}

export const alertKey = (queueId: string, metric: AlertMetric) => `${queueId}|${metric}`;

/** Every (queue, metric) that has a threshold and a value, with its level now. */
export function evaluateAlerts(
  queues: ReadonlyMap<string, QueueLiveView>,
  thresholds: ReadonlyMap<string, ResourceRecord>,
): Map<string, AlertEntry> {
  const out = new Map<string, AlertEntry>();
  for (const [queueId, q] of queues) {
    const t = thresholds.get(queueId);
    if (!t) continue;
    for (const m of METRICS) {
      const configured = pairOf(t[m.threshold]);
      const p = m.level ? { warning: m.level(configured.warning), critical: m.level(configured.critical) } : configured;
      const value = m.value(q);
      if (value === null || (p.warning === null && p.critical === null)) continue;
      out.set(alertKey(queueId, m.metric), {
        queueId,
        queueName: q.name,
        metric: m.metric,
        level: levelFor(value, p, m.bad),
        value,
        warningLevel: p.warning,
        criticalLevel: p.critical,
      });
    }
  }
  return out;
}

/** Level changes between two evaluations (a (queue, metric) that disappears counts as back to OK). */
export function alertCrossings(prev: ReadonlyMap<string, AlertEntry>, next: ReadonlyMap<string, AlertEntry>, at: number): QueueAlert[] {
  const out: QueueAlert[] = [];
  for (const key of new Set([...prev.keys(), ...next.keys()])) {
    const p = prev.get(key);
    const n = next.get(key);
    const before = p?.level ?? 'OK';
    const after = n?.level ?? 'OK';
    if (before === after) continue;
    const e = (n ?? p) as AlertEntry;
    out.push({ ...e, level: after, previousLevel: before, at });
  }
  return out;
}

/** Coalesces alert updates: per (queue, metric) the first previous level and the latest rest; no-ops drop out. */
export function mergeAlertUpdates(updates: AlertUpdate[]): AlertUpdate {
  const first = updates[0];
  if (!first) throw new Error('mergeAlertUpdates needs at least one update');
  const last = updates[updates.length - 1] ?? first;
  const byKey = new Map<string, QueueAlert>();
  if (first.kind === 'SNAPSHOT') {
    for (const u of updates) {
      for (const a of u.alerts) {
        const k = alertKey(a.queueId, a.metric);
        if (a.level === 'OK') byKey.delete(k);
        else byKey.set(k, { ...a, previousLevel: null });
      }
    }
    return { sequence: last.sequence, kind: 'SNAPSHOT', alerts: [...byKey.values()] };
  }
  for (const u of updates) {
    for (const a of u.alerts) {
      const k = alertKey(a.queueId, a.metric);
      const prev = byKey.get(k);
      byKey.set(k, prev ? { ...a, previousLevel: prev.previousLevel } : a);
    }
  }
  return {
    sequence: last.sequence,
    kind: 'CHANGE',
    alerts: [...byKey.values()].filter((a) => a.level !== a.previousLevel),
  };
}
