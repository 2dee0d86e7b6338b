/**
 * The wallboard page: queues, agents and alerts kept live over graphql-ws, vendor health polled over HTTP,
 * pause/ready actions through mutations. Plain DOM; rows are keyed and updated in place, so focus and screen
 * reader position survive updates.
 */
import type { Client } from 'graphql-ws/client';
import { credential, createLiveClient, errorCode, gql, GatewayUnreachable, type GraphQLErrorLike, type GraphQLResult } from './api.js';
import {
  AGENT_STATES,
  compareAgents,
  countByState,
  formatDuration,
  formatPercent,
  LiveTable,
  queueLevels,
  stateText,
  VENDOR_HEALTH_TEXT,
  vendorHealth,
  vendorProblems,
  type Level,
  type LiveMessage,
  type QueueThresholds,
  type VendorStatus,
} from './model.js';
import {
  AGENTS_SUBSCRIPTION,
  ALERTS_SUBSCRIPTION,
  PAUSE_MUTATION,
  QUEUES_SUBSCRIPTION,
  READY_MUTATION,
  STATE_SINCE_QUERY,
  THRESHOLDS_QUERY,
  VENDORS_QUERY,
} from './operations.js';

const VENDOR_POLL_MS = 3000;
const THRESHOLD_REFRESH_MS = 60_000;
const MAX_AGENT_PAGES = 20;

// ---------------------------------------------------------------------------------------------------------
// Shapes

interface AgentFields {
  name: string | null;
  state: string | null;
  rawStatus: string | null;
  presenceName: string | null;
  presenceType: string | null;
  queues: Array<{ queueId: string; queueName: string; serving: boolean | null }> | null;
}

interface QueueFields {
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

interface Alert {
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

/** agentStatusChanged / queueStatusChanged payloads: the id and fields sit under per-subscription names. */
interface UpdateEnvelope {
  sequence: number;
  kind: 'SNAPSHOT' | 'CHANGE';
  changes: Array<{ kind: 'ADDED' | 'CHANGED' | 'REMOVED'; changedFields: string[]; [key: string]: unknown }>;
}

// ---------------------------------------------------------------------------------------------------------
// DOM helpers

function $(id: string): HTMLElement {
  const e = document.getElementById(id);
  if (!e) throw new Error(`wallboard: #${id} is missing from the page`);
  return e;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function setText(e: Element, text: string): void {
  if (e.textContent !== text) e.textContent = text;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const formatTime = (iso: string | number) => timeFormat.format(new Date(iso));

const LEVEL_TAG: Record<Level, string> = { OK: '', WARNING: 'WARN', CRITICAL: 'CRIT' };
const LEVEL_WORD: Record<Level, string> = { OK: '', WARNING: 'warning', CRITICAL: 'critical' };

/** A figure cell: the value, a WARN/CRIT tag (state by text, not only colour) and data-level for styling. */
function setFigure(td: HTMLElement, text: string, level: Level): void {
  if (td.dataset.level === level && td.dataset.text === text) return;
  td.dataset.level = level;
  td.dataset.text = text;
  td.replaceChildren(el('span', { class: 'value' }, text));
  if (level !== 'OK') {
    td.append(' ', el('span', { class: 'tag', 'aria-hidden': 'true' }, LEVEL_TAG[level]));
    td.append(el('span', { class: 'sr-only' }, ` (${LEVEL_WORD[level]})`));
  }
}

// ---------------------------------------------------------------------------------------------------------
// State

const agents = new LiveTable<AgentFields>();
const queues = new LiveTable<QueueFields>();
const alerts = new Map<string, Alert>();
/** Epoch ms (this browser's clock) when each agent entered its current state. */
const stateSince = new Map<string, number>();
const thresholds = new Map<string, QueueThresholds | null>();
let vendors: VendorStatus[] = [];
let actionsAllowed = true;
let live: { client: Client; stop: () => void } | undefined;
let connection: 'connecting' | 'live' | 'reconnecting' = 'connecting';
let lastUpdateAt: number | null = null;

// ---------------------------------------------------------------------------------------------------------
// Connection and staleness

function renderConnection(): void {
  const node = $('connection');
  document.body.dataset.connection = connection;
  node.dataset.state = connection;
  const when = lastUpdateAt ? ` · updated ${formatTime(lastUpdateAt)}` : '';
  setText(
    node,
    connection === 'live' ? `Live${when}` : connection === 'reconnecting' ? `Reconnecting…${when}` : 'Connecting…',
  );
  renderStaleness();
}

function renderStaleness(): void {
  const sinch = vendors.find((v) => v.vendor === 'SINCH');
  const sinchHealth = sinch ? vendorHealth(sinch) : 'UP';
  let why = '';
  if (connection !== 'live') why = 'not connected';
  else if (sinchHealth === 'DOWN' || sinchHealth === 'RECOVERING') why = `${sinch?.label ?? 'Sinch'} ${sinchHealth === 'DOWN' ? 'down' : 'recovering'}`;
  for (const id of ['queues-panel', 'agents-panel']) {
    const panel = $(id);
    panel.dataset.stale = why ? 'true' : 'false';
    const badge = panel.querySelector<HTMLElement>('.stale-badge');
    if (badge) {
      badge.hidden = !why;
      setText(badge, why ? `Stale: ${why}` : '');
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Queues

const QUEUE_COLUMNS = ['waiting', 'longest', 'free', 'busy', 'wrap', 'notReady', 'paused', 'serving', 'sl'] as const;
const queueRows = new Map<string, { tr: HTMLTableRowElement; name: HTMLElement; cells: Record<(typeof QUEUE_COLUMNS)[number], HTMLElement> }>();

function renderQueues(): void {
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

async function refreshThresholds(): Promise<void> {
  try {
    const r = await gql<{ queues: Array<{ id: string; thresholds: QueueThresholds | null }> | null }>(THRESHOLDS_QUERY);
    if (handleAuthErrors(r.errors)) return;
    for (const q of r.data?.queues ?? []) thresholds.set(q.id, q.thresholds);
    renderQueues();
  } catch (e) {
    if (!(e instanceof GatewayUnreachable)) throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Agents

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

function renderAgents(): void {
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

function renderTimes(): void {
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
async function refreshStateSince(): Promise<void> {
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

// ---------------------------------------------------------------------------------------------------------
// Alerts

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

function applyAlerts(msg: { kind: 'SNAPSHOT' | 'CHANGE'; alerts: Alert[] }): void {
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

// ---------------------------------------------------------------------------------------------------------
// Vendors

async function pollVendors(): Promise<void> {
  try {
    const r = await gql<{ vendors: VendorStatus[] }>(VENDORS_QUERY);
    if (handleAuthErrors(r.errors)) return;
    vendors = r.data?.vendors ?? [];
    document.body.dataset.gateway = 'reachable';
  } catch (e) {
    if (!(e instanceof GatewayUnreachable)) throw e;
    document.body.dataset.gateway = 'unreachable';
  }
  renderVendors();
}

function renderVendors(): void {
  const list = $('vendor-list');
  list.replaceChildren(
    ...vendors.map((v) => {
      const h = vendorHealth(v);
      const li = el('li', { 'data-vendor': v.vendor, 'data-health': h });
      li.append(el('span', { class: 'vendor-name' }, v.label), el('span', { class: 'health' }, VENDOR_HEALTH_TEXT[h]));
      return li;
    }),
  );
  const banner = $('vendor-banner');
  const problems = vendorProblems(vendors, formatTime);
  if (document.body.dataset.gateway === 'unreachable') problems.unshift('The gateway cannot be reached; retrying.');
  banner.hidden = problems.length === 0;
  banner.replaceChildren(...problems.map((p) => el('p', {}, p)));
  renderStaleness();
}

// ---------------------------------------------------------------------------------------------------------
// Actions and credentials

/** True when the errors mean "not signed in / not allowed" (handled here). */
function handleAuthErrors(errors: GraphQLErrorLike[] | undefined): boolean {
  const code = errorCode({ errors });
  if (code === 'UNAUTHENTICATED') {
    showAuth(credential.get() ? 'The gateway did not accept this credential.' : 'Sign in to see the wallboard.');
    return true;
  }
  return false;
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

function showAuth(message: string): void {
  const details = $('auth') as HTMLDetailsElement;
  details.open = true;
  setText($('auth-message'), message);
}

function setupAuth(): void {
  const form = $('auth-form') as HTMLFormElement;
  const input = $('credential') as HTMLInputElement;
  const renderSignedIn = () => setText($('auth-summary'), credential.get() ? 'Signed in' : 'Sign in');
  renderSignedIn();
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const value = input.value.trim();
    input.value = '';
    credential.set(value || null);
    setText($('auth-message'), value ? 'Credential saved for this tab.' : 'Credential cleared.');
    ($('auth') as HTMLDetailsElement).open = false;
    renderSignedIn();
    actionsAllowed = true;
    delete document.body.dataset.actions;
    $('actions-header').hidden = false;
    for (const row of agentRows.values()) row.actions.hidden = false;
    restartLive();
    void pollVendors();
  });
  $('auth-clear').addEventListener('click', () => {
    credential.set(null);
    input.value = '';
    setText($('auth-message'), 'Credential cleared.');
    renderSignedIn();
    restartLive();
  });
}

// ---------------------------------------------------------------------------------------------------------
// Live subscriptions

function toMessage<F>(u: UpdateEnvelope, idField: string, fieldsField: string): LiveMessage<F> {
  return {
    sequence: u.sequence,
    kind: u.kind,
    changes: u.changes.map((c) => ({
      kind: c.kind,
      id: String(c[idField]),
      changedFields: c.changedFields,
      fields: (c[fieldsField] as F | null) ?? null,
    })),
  };
}

/**
 * One subscription that restarts itself when the server ends it with an error (the socket itself is retried by
 * graphql-ws) or when our mirror falls out of step, so the next message is a fresh SNAPSHOT.
 */
function follow<T>(client: Client, query: string, onData: (data: T, resubscribe: () => void) => void): () => void {
  let dispose: (() => void) | undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const start = () => {
    if (stopped) return;
    dispose = client.subscribe<T>(
      { query },
      {
        next: (r) => {
          if (r.errors?.length) {
            if (!handleAuthErrors(r.errors as GraphQLErrorLike[])) setText($('action-status'), r.errors[0]?.message ?? 'Live update error.');
          }
          if (r.data) onData(r.data, resubscribe);
        },
        error: (e) => {
          if (Array.isArray(e)) handleAuthErrors(e as GraphQLErrorLike[]);
          retryLater();
        },
        complete: () => retryLater(),
      },
    );
  };
  const retryLater = () => {
    dispose = undefined;
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(start, 3000);
  };
  const resubscribe = () => {
    dispose?.();
    dispose = undefined;
    start();
  };
  start();
  return () => {
    stopped = true;
    clearTimeout(timer);
    dispose?.();
  };
}

function startLive(): void {
  const client = createLiveClient((event, detail) => {
    if (event === 'connected') {
      connection = 'live';
    } else if (event === 'closed') {
      connection = connection === 'connecting' ? 'connecting' : 'reconnecting';
      if (detail?.code === 4403) showAuth(credential.get() ? 'The gateway did not accept this credential.' : 'Sign in to see the wallboard.');
    } else if (connection === 'live') {
      connection = 'reconnecting';
    }
    renderConnection();
  });
  const touch = () => {
    lastUpdateAt = Date.now();
    renderConnection();
  };
  const stops = [
    follow<{ agentStatusChanged: UpdateEnvelope }>(client, AGENTS_SUBSCRIPTION, (d, resubscribe) => {
      const before = new Map([...agents.rows].map(([id, a]) => [id, a.state]));
      const res = agents.apply(toMessage<AgentFields>(d.agentStatusChanged, 'agentId', 'agent'));
      if (res.outOfSync) {
        agents.clear();
        resubscribe();
        return;
      }
      const now = Date.now();
      for (const [id, kind] of res.touched) {
        const a = agents.rows.get(id);
        if (!a) stateSince.delete(id);
        else if (kind === 'CHANGED' ? res.changedFields.get(id)?.includes('state') : before.get(id) !== a.state || !stateSince.has(id)) {
          stateSince.set(id, now);
        }
      }
      renderAgents();
      touch();
      if (res.reset) {
        void refreshStateSince();
        // Data is flowing, so the vendors were just asked: show their health now rather than at the next poll.
        void pollVendors();
      }
    }),
    follow<{ queueStatusChanged: UpdateEnvelope }>(client, QUEUES_SUBSCRIPTION, (d, resubscribe) => {
      const res = queues.apply(toMessage<QueueFields>(d.queueStatusChanged, 'queueId', 'queue'));
      if (res.outOfSync) {
        queues.clear();
        resubscribe();
        return;
      }
      renderQueues();
      touch();
      if (res.reset) void refreshThresholds();
    }),
    follow<{ queueAlert: { kind: 'SNAPSHOT' | 'CHANGE'; alerts: Alert[] } }>(client, ALERTS_SUBSCRIPTION, (d) => {
      applyAlerts(d.queueAlert);
      touch();
    }),
  ];
  live = {
    client,
    stop: () => {
      for (const s of stops) s();
      void client.dispose();
    },
  };
}

function restartLive(): void {
  live?.stop();
  agents.clear();
  queues.clear();
  connection = 'connecting';
  renderConnection();
  startLive();
}

// ---------------------------------------------------------------------------------------------------------
// Boot

function tick(): void {
  renderTimes();
  setText($('clock'), formatTime(Date.now()));
}

function boot(): void {
  setupAuth();
  renderConnection();
  startLive();
  void pollVendors();
  setInterval(() => void pollVendors(), VENDOR_POLL_MS);
  setInterval(() => void refreshThresholds(), THRESHOLD_REFRESH_MS);
  tick();
  setInterval(tick, 1000);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
