/** The queues panel: one row per queue, figures levelled against the queue's thresholds. */
import { gql, GatewayUnreachable } from './api.js';
import { handleAuthErrors } from './auth.js';
import { $, el, setFigure } from './dom.js';
import { formatDuration, formatPercent, LiveTable, queueLevels, type Level, type QueueThresholds } from './model.js';
import { THRESHOLDS_QUERY } from './operations.js';

export interface QueueFields {
  name: string | null;
  channel: string | null;
  waiting: number | null;
  longestWaitMs: number | null;
  agentsServing: number | null;
  agentsFree: number | null;
  agentsBusy: number | null;
  agentsWrapUp: number | null;
  agentsNotReady: number | null;
  agentsPaused: number | null;
  serviceLevelPercent: number | null;
}

export const queues = new LiveTable<QueueFields>();
const thresholds = new Map<string, QueueThresholds | null>();

const QUEUE_COLUMNS = ['waiting', 'longest', 'free', 'busy', 'wrap', 'notReady', 'paused', 'serving', 'sl'] as const;
const queueRows = new Map<string, { tr: HTMLTableRowElement; name: HTMLElement; cells: Record<(typeof QUEUE_COLUMNS)[number], HTMLElement> }>();

export function renderQueues(): void {
  const body = $('queue-rows');
  for (const [id, row] of queueRows) {
    if (!queues.rows.has(id)) {
      row.tr.remove();
      queueRows.delete(id);
    }
  }
  const ordered = [...queues.rows.entries()].sort(([, a], [, b]) => (a.name ?? '').localeCompare(b.name ?? ''));
  let worstOverall: Level = 'OK';
  ordered.forEach(([id, q], index) => {
    let row = queueRows.get(id);
    if (!row) {
      const tr = el('tr', { 'data-queue-id': id });
      const name = el('th', { scope: 'row' });
      const cells = {} as Record<(typeof QUEUE_COLUMNS)[number], HTMLElement>;
      for (const c of QUEUE_COLUMNS) cells[c] = el('td', { class: `num col-${c}` });
      tr.append(name, ...QUEUE_COLUMNS.map((c) => cells[c]));
      row = { tr, name, cells };
      queueRows.set(id, row);
    }
    if (body.children[index] !== row.tr) body.insertBefore(row.tr, body.children[index] ?? null);
    const levels = queueLevels(q, thresholds.get(id));
    if (levels.overall === 'CRITICAL' || (levels.overall === 'WARNING' && worstOverall === 'OK')) worstOverall = levels.overall;
    row.tr.dataset.level = levels.overall;
    const channel = q.channel ? q.channel.charAt(0) + q.channel.slice(1).toLowerCase() : '';
    const nameText = `${q.name ?? id}|${channel}`;
    if (row.name.dataset.text !== nameText) {
      row.name.dataset.text = nameText;
      row.name.replaceChildren(el('span', { class: 'queue-name' }, q.name ?? id), el('span', { class: 'channel' }, channel));
    }
    const num = (n: number | null) => (n == null ? '—' : String(n));
    setFigure(row.cells.waiting, num(q.waiting), levels.waiting);
    setFigure(row.cells.longest, formatDuration(q.longestWaitMs), levels.longestWait);
    setFigure(row.cells.free, num(q.agentsFree), levels.free);
    setFigure(row.cells.busy, num(q.agentsBusy), 'OK');
    setFigure(row.cells.wrap, num(q.agentsWrapUp), 'OK');
    setFigure(row.cells.notReady, num(q.agentsNotReady), 'OK');
    setFigure(row.cells.paused, num(q.agentsPaused), 'OK');
    setFigure(row.cells.serving, num(q.agentsServing), levels.serving);
    setFigure(row.cells.sl, formatPercent(q.serviceLevelPercent), levels.serviceLevel);
  });
  $('queues-empty').hidden = queues.rows.size > 0;
  document.body.dataset.worstLevel = worstOverall;
}

export async function refreshThresholds(): Promise<void> {
  try {
    const r = await gql<{ queues: Array<{ id: string; thresholds: QueueThresholds | null }> | null }>(THRESHOLDS_QUERY);
    if (handleAuthErrors(r.errors)) return;
    for (const q of r.data?.queues ?? []) thresholds.set(q.id, q.thresholds);
    renderQueues();
  } catch (e) {
    if (!(e instanceof GatewayUnreachable)) throw e;
  }
}
