/**
 * The agents panel: one row per agent (state, time in state, queues) with pause/ready actions, and the count of
 * agents per state above it.
 */
import { errorCode, gql, GatewayUnreachable, type GraphQLResult } from './api.js';
import { handleAuthErrors } from './auth.js';
import { $, el, setText } from './dom.js';
import { AGENT_STATES, compareAgents, countByState, formatDuration, LiveTable, stateText } from './model.js';
import { PAUSE_MUTATION, READY_MUTATION, STATE_SINCE_QUERY } from './operations.js';

const MAX_AGENT_PAGES = 20;

export interface AgentFields {
  name: string | null;
  state: string | null;
  rawStatus: string | null;
  presenceName: string | null;
  presenceType: string | null;
  queues: Array<{ queueId: string; queueName: string; serving: boolean | null }> | null;
}

export const agents = new LiveTable<AgentFields>();
/** Epoch ms (this browser's clock) when each agent entered its current state. */
export const stateSince = new Map<string, number>();
let actionsAllowed = true;

interface AgentRow {
  tr: HTMLTableRowElement;
  name: HTMLElement;
  state: HTMLElement;
  since: HTMLElement;
  queues: HTMLElement;
  actions: HTMLElement;
  pause: HTMLButtonElement;
  ready: HTMLButtonElement;
}
const agentRows = new Map<string, AgentRow>();

function agentRow(id: string): AgentRow {
  let row = agentRows.get(id);
  if (row) return row;
  const tr = el('tr', { 'data-agent-id': id });
  const name = el('th', { scope: 'row' });
  const state = el('td', { class: 'col-state' });
  const since = el('td', { class: 'num col-since' });
  const queuesCell = el('td', { class: 'col-queues' });
  const actions = el('td', { class: 'col-actions' });
  const pause = el('button', { type: 'button', class: 'action', 'data-action': 'pause' }, 'Pause');
  const ready = el('button', { type: 'button', class: 'action', 'data-action': 'ready' }, 'Ready');
  pause.addEventListener('click', () => void runAction(id, 'pause'));
  ready.addEventListener('click', () => void runAction(id, 'ready'));
  actions.append(pause, ready);
  actions.hidden = !actionsAllowed;
  tr.append(name, state, since, queuesCell, actions);
  row = { tr, name, state, since, queues: queuesCell, actions, pause, ready };
  agentRows.set(id, row);
  return row;
}

export function renderAgents(): void {
  const body = $('agent-rows');
  for (const [id, row] of agentRows) {
    if (!agents.rows.has(id)) {
      row.tr.remove();
      agentRows.delete(id);
    }
  }
  const ordered = [...agents.rows.entries()].sort(([, a], [, b]) => compareAgents(a, b));
  ordered.forEach(([id, a], index) => {
    const row = agentRow(id);
    if (body.children[index] !== row.tr) body.insertBefore(row.tr, body.children[index] ?? null);
    setText(row.name, a.name ?? id);
    const st = a.state ?? 'UNKNOWN';
    row.tr.dataset.state = st;
    // The presence profile only adds news when it is an absence or a meeting (e.g. "Lunch").
    const detail = a.presenceName && a.presenceType && a.presenceType !== 'PRESENCE' ? a.presenceName : '';
    if (row.state.dataset.state !== st || row.state.dataset.detail !== detail) {
      row.state.dataset.state = st;
      row.state.dataset.detail = detail;
      row.state.replaceChildren(el('span', { class: 'chip', 'data-state': st }, stateText(a.state)));
      if (detail) row.state.append(el('span', { class: 'detail' }, detail));
    }
    const serving = (a.queues ?? []).filter((m) => m.serving !== false).map((m) => m.queueName);
    const idle = (a.queues ?? []).length - serving.length;
    setText(row.queues, serving.length ? serving.join(', ') + (idle ? ` (+${idle} not serving)` : '') : idle ? `${idle} not serving` : '—');
    const loggedOut = a.state === 'LOGGED_OUT' || a.state == null;
    row.pause.disabled = loggedOut || a.state === 'PAUSED' || row.pause.dataset.busy === 'true';
    row.ready.disabled = loggedOut || a.state === 'AVAILABLE' || row.ready.dataset.busy === 'true';
    row.pause.setAttribute('aria-label', `Pause ${a.name ?? 'agent'}`);
    row.ready.setAttribute('aria-label', `Make ${a.name ?? 'agent'} ready`);
  });
  renderTimes();
  const counts = countByState([...agents.rows.values()].map((a) => a.state));
  const summary = $('agent-summary');
  summary.replaceChildren(
    ...AGENT_STATES.map((s) => {
      const li = el('li', { class: 'chip', 'data-state': s });
      li.append(el('span', { class: 'count' }, String(counts[s])), ` ${stateText(s)}`);
      return li;
    }),
  );
  $('agents-empty').hidden = agents.rows.size > 0;
}

export function renderTimes(): void {
  const now = Date.now();
  for (const [id, row] of agentRows) {
    const since = stateSince.get(id);
    setText(row.since, since === undefined ? '—' : formatDuration(now - since));
  }
}

interface StateSincePage {
  agents: {
    nodes: Array<{ id: string; state: string | null; stateDurationMs: number | null }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  } | null;
}

/** Time in state: the graph knows when each state began; the live path only says that it changed. */
export async function refreshStateSince(): Promise<void> {
  let after: string | null = null;
  try {
    for (let page = 0; page < MAX_AGENT_PAGES; page++) {
      const requestedAt = Date.now();
      const r: GraphQLResult<StateSincePage> = await gql<StateSincePage>(STATE_SINCE_QUERY, { after });
      if (handleAuthErrors(r.errors)) return;
      const conn = r.data?.agents;
      if (!conn) return;
      for (const n of conn.nodes) {
        // Only when the graph and the live view agree on the state; otherwise the live change time is better.
        if (n.stateDurationMs != null && agents.rows.get(n.id)?.state === n.state) stateSince.set(n.id, requestedAt - n.stateDurationMs);
      }
      if (!conn.pageInfo.hasNextPage || !conn.pageInfo.endCursor) break;
      after = conn.pageInfo.endCursor;
    }
  } catch (e) {
    if (!(e instanceof GatewayUnreachable)) throw e;
  }
  renderTimes();
}


function hideActions(): void {
  actionsAllowed = false;
  document.body.dataset.actions = 'hidden';
  $('actions-header').hidden = true;
  for (const row of agentRows.values()) row.actions.hidden = true;
}

async function runAction(agentId: string, action: 'pause' | 'ready'): Promise<void> {
  const row = agentRows.get(agentId);
  const name = agents.rows.get(agentId)?.name ?? 'the agent';
  const button = action === 'pause' ? row?.pause : row?.ready;
  const status = $('action-status');
  if (button) {
    button.dataset.busy = 'true';
    button.disabled = true;
  }
  try {
    const field = action === 'pause' ? 'setPause' : 'setReadyState';
    const r = await gql<Record<string, { __typename: string; message?: string } | null>>(action === 'pause' ? PAUSE_MUTATION : READY_MUTATION, {
      agentId,
    });
    const code = errorCode(r);
    if (code === 'FORBIDDEN') {
      hideActions();
      setText(status, 'Your role may not change agents, so the actions are hidden.');
      return;
    }
    if (handleAuthErrors(r.errors)) return;
    const result = r.data?.[field];
    if (!result) {
      setText(status, `Could not ${action} ${name}: ${r.errors?.[0]?.message ?? 'no answer'}`);
    } else if (result.message !== undefined) {
      setText(status, `Could not ${action} ${name}: ${result.message}`);
    } else {
      setText(status, action === 'pause' ? `Pause requested for ${name}.` : `Ready requested for ${name}.`);
    }
  } catch (e) {
    setText(status, e instanceof GatewayUnreachable ? e.message : `Could not ${action} ${name}.`);
  } finally {
    if (button) delete button.dataset.busy;
    renderAgents();
  }
}


/** A new credential: the actions are offered again (the gateway decides). */
export function showActions(): void {
  actionsAllowed = true;
  delete document.body.dataset.actions;
  $('actions-header').hidden = false;
  for (const row of agentRows.values()) row.actions.hidden = false;
}
