/** The alerts panel: open threshold crossings, worst first; crossings (not snapshots) are announced. */
import { $, el, formatTime, LEVEL_TAG, LEVEL_WORD, setText } from './dom.js';
import { formatDuration, formatPercent, type Level } from './model.js';

export interface Alert {
  queueId: string;
  queueName: string;
  metric: string;
  level: Level;
  previousLevel: Level | null;
  value: number;
  warningLevel: number | null;
  criticalLevel: number | null;
  at: string;
}

const alerts = new Map<string, Alert>();

const METRIC_TEXT: Record<string, string> = {
  WAITING_CONTACTS: 'waiting contacts',
  LONGEST_WAIT: 'longest wait',
  FREE_AGENTS: 'free agents',
  SERVING_AGENTS: 'serving agents',
  SERVICE_LEVEL: 'service level',
};

function alertValue(a: Alert): string {
  if (a.metric === 'LONGEST_WAIT') return formatDuration(a.value);
  // Alert values are 0–1 ratios.
  if (a.metric === 'SERVICE_LEVEL') return formatPercent(a.value * 100);
  return String(a.value);
}

function alertSentence(a: Alert): string {
  const metric = METRIC_TEXT[a.metric] ?? a.metric.toLowerCase();
  if (a.level === 'OK') return `${a.queueName}: ${metric} back to normal (${alertValue(a)}).`;
  return `${a.queueName}: ${metric} ${LEVEL_WORD[a.level]} (${alertValue(a)}).`;
}

export function applyAlerts(msg: { kind: 'SNAPSHOT' | 'CHANGE'; alerts: Alert[] }): void {
  if (msg.kind === 'SNAPSHOT') alerts.clear();
  const announce: string[] = [];
  for (const a of msg.alerts) {
    const key = `${a.queueId}|${a.metric}`;
    if (a.level === 'OK') alerts.delete(key);
    else alerts.set(key, a);
    if (msg.kind === 'CHANGE') announce.push(alertSentence(a));
  }
  // The list is redrawn quietly; only crossings are spoken (a snapshot is not news).
  if (announce.length) setText($('alert-announcer'), announce.join(' '));
  const list = $('alert-list');
  const ordered = [...alerts.values()].sort((a, b) => (a.level === b.level ? a.queueName.localeCompare(b.queueName) : a.level === 'CRITICAL' ? -1 : 1));
  list.replaceChildren(
    ...ordered.map((a) => {
      const li = el('li', { 'data-level': a.level });
      li.append(el('span', { class: 'tag' }, LEVEL_TAG[a.level]), ` ${alertSentence(a)} `, el('time', { datetime: a.at }, formatTime(a.at)));
      return li;
    }),
  );
  $('alerts-empty').hidden = alerts.size > 0;
}
