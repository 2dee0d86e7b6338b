/** The read tools: each one GraphQL document (or a few pages of one) and a compact answer for a model. */
import { z } from 'zod';
import { levelFor } from '../live/alerts.js';
import { answer, dataOrThrow, unavailable, duration, matchQueue, pct, resolveAgent, resolveQueue, text, ToolError, type QueueRef, type ToolRegistrar } from './common.js';
import type { GraphExecutor } from './graph.js';

const AGENT_STATES = ['AVAILABLE', 'BUSY', 'WRAP_UP', 'NOT_READY', 'PAUSED', 'LOGGED_OUT'] as const;
const CHANNELS = ['PHONE', 'CHAT', 'EMAIL'] as const;
const AGGREGATIONS = ['MINUTE', 'HOUR', 'HOUR_OF_DAY', 'DAY', 'WEEK', 'MONTH', 'YEAR'] as const;
const isoTime = (what: string) => z.iso.datetime({ offset: true, message: `${what} must be an ISO-8601 time, e.g. 2026-03-02T08:00:00Z` });

interface Levels {
  warning: number | null;
  critical: number | null;
}
interface QueueRow extends QueueRef {
  status: {
    waitingNow: number;
    longestWaitMs: number;
    stale: boolean;
    asOf: string;
    agents: { serving: number; available: number; busy: number; notReady: number; paused: number; wrapUp: number };
  } | null;
  /** The overview's KPIs: `Kpis` without the longest queue time it does not ask for. */
  kpis: Omit<Kpis, 'longestQueueTimeMs'> | null;
  thresholds: Record<'waitingContacts' | 'maxWaitMs' | 'freeAgents' | 'servingAgents' | 'serviceLevelPercent', Levels> | null;
}

const LEVELS = '{ warning critical }';
const QUEUES = /* GraphQL */ `
  query McpQueueOverview {
    queues {
      id queueId name channel
      status { waitingNow longestWaitMs stale asOf agents { serving available busy notReady paused wrapUp } }
      kpis { offered handled abandoned serviceLevel abandonRate averageSpeedOfAnswerMs averageHandleTimeMs }
      thresholds {
        waitingContacts ${LEVELS} maxWaitMs ${LEVELS} freeAgents ${LEVELS} servingAgents ${LEVELS} serviceLevelPercent ${LEVELS}
      }
    }
  }
`;

export interface Breach {
  queue: string;
  metric: string;
  level: 'WARNING' | 'CRITICAL';
  value: string;
  limit: string;
}

/** The queue-group thresholds crossed now, by the rules of the `queueAlert` subscription (src/live/alerts.ts). */
export function breachesOf(q: QueueRow): Breach[] {
  const t = q.thresholds;
  if (!t || !q.status) return [];
  const slPercent = q.kpis?.serviceLevel === null || q.kpis?.serviceLevel === undefined ? null : q.kpis.serviceLevel * 100;
  const checks: Array<[string, number | null, Levels, 'HIGH' | 'LOW', (v: number) => string]> = [
    ['waiting contacts', q.status.waitingNow, t.waitingContacts, 'HIGH', String],
    ['longest wait', q.status.longestWaitMs, t.maxWaitMs, 'HIGH', duration],
    ['free agents', q.status.agents.available, t.freeAgents, 'LOW', String],
    ['serving agents', q.status.agents.serving, t.servingAgents, 'LOW', String],
    ['service level today', slPercent, t.serviceLevelPercent, 'LOW', (v) => `${v.toFixed(1)}%`],
  ];
  const out: Breach[] = [];
  for (const [metric, value, levels, bad, show] of checks) {
    if (value === null) continue;
    const level = levelFor(value, levels, bad);
    if (level === 'OK') continue;
    const limit = level === 'CRITICAL' ? levels.critical : levels.warning;
    out.push({ queue: q.name, metric, level, value: show(value), limit: `${bad === 'HIGH' ? '≥' : '≤'} ${limit === null ? '?' : show(limit)}` });
  }
  return out;
}

async function readQueues(graph: GraphExecutor) {
  const { data, notes } = dataOrThrow(await graph<{ queues: QueueRow[] | null }>(QUEUES), 'the queues');
  if (!data.queues) throw unavailable('the queues', notes);
  return { queues: data.queues, notes };
}

function queueLine(q: QueueRow): string {
  const s = q.status;
  const k = q.kpis;
  const live = s
    ? `waiting ${s.waitingNow}, longest wait ${duration(s.longestWaitMs)}; agents serving ${s.agents.serving} (free ${s.agents.available}, busy ${s.agents.busy}, wrap-up ${s.agents.wrapUp}, not ready ${s.agents.notReady}, paused ${s.agents.paused})${s.stale ? ` [STALE as of ${s.asOf}]` : ''}`
    : 'no live status';
  const kpis = k
    ? `today: offered ${k.offered}, handled ${k.handled}, abandoned ${k.abandoned}, SL ${pct(k.serviceLevel)}, abandon ${pct(k.abandonRate)}, ASA ${duration(k.averageSpeedOfAnswerMs)}, AHT ${duration(k.averageHandleTimeMs)}`
    : 'today: KPIs unavailable';
  const breaches = breachesOf(q);
  const b = breaches.length ? `BREACHES: ${breaches.map((x) => `${x.level} ${x.metric} ${x.value} (${x.limit})`).join('; ')}` : 'no breach';
  return `- ${q.name} [${q.channel}] id=${q.id}: ${live}; ${kpis}; ${b}`;
}

interface AgentRow {
  id: string;
  key: string;
  name: string;
  state: string | null;
  stateDurationMs: number | null;
  presence: { name: string } | null;
  stale: boolean;
}
const AGENTS = /* GraphQL */ `
  query McpAgents($first: Int!, $after: String, $filter: AgentFilter) {
    agents(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id key name state stateDurationMs presence { name } stale }
    }
  }
`;
/** At most this many pages of 100: a model's answer never needs every agent of a very large center. */
const MAX_AGENT_PAGES = 10;

async function readAgents(graph: GraphExecutor, filter: Record<string, unknown>) {
  const rows: AgentRow[] = [];
  const notes: string[] = [];
  let after: string | null = null;
  let total = 0;
  for (let page = 0; page < MAX_AGENT_PAGES; page++) {
    type Page = { agents: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: AgentRow[] } | null };
    const r: { data: Page; notes: string[] } = dataOrThrow(await graph<Page>(AGENTS, { first: 100, after, filter }), 'the agents');
    notes.push(...r.notes);
    if (!r.data.agents) throw unavailable('the agents', notes);
    total = r.data.agents.totalCount;
    rows.push(...r.data.agents.nodes);
    if (!r.data.agents.pageInfo.hasNextPage) break;
    after = r.data.agents.pageInfo.endCursor;
  }
  if (rows.length < total) notes.push(`note: only the first ${rows.length} of ${total} matching agents were read.`);
  return { rows, total, notes: [...new Set(notes)] };
}

const agentLine = (a: AgentRow) =>
  `- ${a.name} (key ${a.key}, id ${a.id}): ${a.state ?? 'state unknown'} for ${duration(a.stateDurationMs)}${a.presence ? `, presence ${a.presence.name}` : ''}${a.stale ? ' [stale]' : ''}`;

const byTimeInState = (a: AgentRow, b: AgentRow) => (b.stateDurationMs ?? -1) - (a.stateDurationMs ?? -1);

export function registerReadTools(register: ToolRegistrar, graph: GraphExecutor): void {
  register(
    'queue_overview',
    {
      title: 'Queue overview',
      description:
        'Every queue (or one) right now: waiting contacts, longest wait, serving agents by state, today\'s KPIs (offered, handled, abandoned, service level, ASA, AHT) and any threshold breach.',
      inputSchema: { queue: z.string().min(1).optional().describe('Only this queue: a Queue ID, Sinch queue id or name.') },
      annotations: { readOnlyHint: true },
    },
    ({ queue }: { queue?: string | undefined }) =>
      answer(async () => {
        const { queues, notes } = await readQueues(graph);
        const shown = queue ? [matchQueue(queues, queue)] : queues;
        const breaching = shown.filter((q) => breachesOf(q).length > 0).length;
        return text([`${shown.length} queue(s), ${breaching} breaching a threshold now.`, ...shown.map(queueLine), ...notes]);
      }),
  );

  register(
    'service_level_breaches',
    {
      title: 'Service-level breaches now',
      description:
        'Queue figures past their queue-group warning or critical thresholds right now (waiting contacts, longest wait, free agents, serving agents, today\'s service level), worst first.',
      inputSchema: { level: z.enum(['WARNING', 'CRITICAL']).default('WARNING').describe('Lowest level to list (default WARNING: warnings and criticals).') },
      annotations: { readOnlyHint: true },
    },
    ({ level }: { level: 'WARNING' | 'CRITICAL' }) =>
      answer(async () => {
        const { queues, notes } = await readQueues(graph);
        const all = queues.flatMap(breachesOf).filter((b) => level === 'WARNING' || b.level === 'CRITICAL');
        all.sort((a, b) => (a.level === b.level ? a.queue.localeCompare(b.queue) : a.level === 'CRITICAL' ? -1 : 1));
        const withThresholds = queues.filter((q) => q.thresholds).length;
        if (all.length === 0) return text([`No breach at ${level} or worse in ${queues.length} queue(s) (${withThresholds} with thresholds).`, ...notes]);
        return text([`${all.length} breach(es) now:`, ...all.map((b) => `- ${b.level} ${b.queue}: ${b.metric} ${b.value} (limit ${b.limit})`), ...notes]);
      }),
  );

  register(
    'agents_by_state',
    {
      title: 'Agents by state',
      description: 'Agents grouped by their normalized state, each with how long they have been in it (longest first).',
      inputSchema: {
        states: z.array(z.enum(AGENT_STATES)).min(1).optional().describe('Only these states (default: all).'),
        queue: z.string().min(1).optional().describe('Only members of this queue (Queue ID, Sinch queue id or name).'),
        limitPerState: z.number().int().min(1).max(100).default(10).describe('Agents listed per state (counts are always complete).'),
      },
      annotations: { readOnlyHint: true },
    },
    ({ states, queue, limitPerState }: { states?: string[] | undefined; queue?: string | undefined; limitPerState: number }) =>
      answer(async () => {
        const filter: Record<string, unknown> = {};
        if (states) filter.states = states;
        if (queue) filter.queueId = (await resolveQueue(graph, queue)).id;
        const { rows, total, notes } = await readAgents(graph, filter);
        const groups = new Map<string, AgentRow[]>();
        for (const a of rows) {
          const k = a.state ?? 'UNKNOWN';
          groups.set(k, [...(groups.get(k) ?? []), a]);
        }
        const order = [...AGENT_STATES, 'UNKNOWN'].filter((s) => groups.has(s));
        const lines = [`${total} agent(s): ${order.map((s) => `${s} ${groups.get(s)?.length ?? 0}`).join(', ') || 'none'}.`];
        for (const s of order) {
          const list = (groups.get(s) ?? []).sort(byTimeInState);
          lines.push(`${s} (${list.length}):`, ...list.slice(0, limitPerState).map(agentLine));
          if (list.length > limitPerState) lines.push(`  … ${list.length - limitPerState} more`);
        }
        return text([...lines, ...notes]);
      }),
  );

  register(
    'longest_paused_agents',
    {
      title: 'Longest paused or not-ready agents',
      description: 'Agents paused or not ready (or other states you choose), longest in that state first.',
      inputSchema: {
        states: z.array(z.enum(AGENT_STATES)).min(1).default(['PAUSED', 'NOT_READY']).describe('States to rank (default PAUSED and NOT_READY).'),
        limit: z.number().int().min(1).max(100).default(10).describe('How many agents to list.'),
        minMinutes: z.number().min(0).max(100_000).default(0).describe('Only agents in the state at least this long.'),
      },
      annotations: { readOnlyHint: true },
    },
    ({ states, limit, minMinutes }: { states: string[]; limit: number; minMinutes: number }) =>
      answer(async () => {
        const { rows, notes } = await readAgents(graph, { states });
        const long = rows.filter((a) => (a.stateDurationMs ?? 0) >= minMinutes * 60_000).sort(byTimeInState);
        if (long.length === 0) return text([`No agent ${states.join(' or ')}${minMinutes ? ` for ${minMinutes} min or more` : ''}.`, ...notes]);
        return text([
          `${long.length} agent(s) ${states.join(' or ')}${minMinutes ? ` for ≥ ${minMinutes} min` : ''}; longest first:`,
          ...long.slice(0, limit).map(agentLine),
          ...(long.length > limit ? [`… ${long.length - limit} more`] : []),
          ...notes,
        ]);
      }),
  );

  registerReportTools(register, graph);
}

interface WorkRow {
  period: string;
  inboundCalls: number;
  inboundAnswered: number;
  inboundNotAnswered: number;
  inboundTalkSeconds: number;
  outboundCalls: number;
  outboundSeconds: number;
  chatsResponded: number;
  chatsClosed: number;
  ticketsResponded: number;
  ticketsClosed: number;
  pauses: Array<{ pauseId: string; count: number; totalSeconds: number }>;
}
const WORK = /* GraphQL */ `
  query McpAgentWork($id: ID!, $from: DateTime!, $to: DateTime!, $by: WorkReportAggregation) {
    agent(id: $id) {
      name key
      work(from: $from, to: $to, aggregateBy: $by) {
        period inboundCalls inboundAnswered inboundNotAnswered inboundTalkSeconds outboundCalls outboundSeconds
        chatsResponded chatsClosed ticketsResponded ticketsClosed pauses { pauseId count totalSeconds }
      }
    }
  }
`;

interface IntervalRow {
  intervalStart: string;
  channel: string;
  queue: { name: string };
  handled: number;
  abandoned: number;
  answeredOnTime: number;
  queueTimeMaxMs: number;
}
interface Kpis {
  offered: number;
  handled: number;
  abandoned: number;
  serviceLevel: number | null;
  abandonRate: number | null;
  averageSpeedOfAnswerMs: number | null;
  averageHandleTimeMs: number | null;
  longestQueueTimeMs: number;
}
const intervalsDocument = (withRows: boolean) => /* GraphQL */ `
  query McpQueueIntervals${withRows ? '' : 'Totals'}($from: DateTime!, $to: DateTime, $queueIds: [ID!], $channels: [Channel!]) {
    queueIntervalReport(from: $from, to: $to, queueIds: $queueIds, channels: $channels) {
      from to rowCount
      totals { offered handled abandoned serviceLevel abandonRate averageSpeedOfAnswerMs averageHandleTimeMs longestQueueTimeMs }
      ${withRows ? 'rows { intervalStart channel queue { name } handled abandoned answeredOnTime queueTimeMaxMs }' : ''}
    }
  }
`;
// The graph's cost limit counts every interval row of the range: totals alone stay cheap over long ranges.
const INTERVALS = intervalsDocument(true);
const INTERVAL_TOTALS = intervalsDocument(false);

function registerReportTools(register: ToolRegistrar, graph: GraphExecutor): void {
  register(
    'agent_work_report',
    {
      title: "An agent's work report",
      description: "One agent's work over [from, to): calls, talk time, chats, tickets and pauses per period (Thulium work report).",
      inputSchema: {
        agent: z.string().min(1).describe('Agent ID, key, email or name.'),
        from: isoTime('from').describe('Start (inclusive), ISO-8601.'),
        to: isoTime('to').describe('End (exclusive), ISO-8601. At most 366 days after from.'),
        aggregateBy: z.enum(AGGREGATIONS).default('DAY').describe('Row grouping (default DAY).'),
      },
      annotations: { readOnlyHint: true },
    },
    ({ agent, from, to, aggregateBy }: { agent: string; from: string; to: string; aggregateBy: string }) =>
      answer(async () => {
        if (Date.parse(to) <= Date.parse(from)) throw new ToolError('`to` must be after `from`.');
        const who = await resolveAgent(graph, agent);
        const r = await graph<{ agent: { name: string; key: string; work: WorkRow[] | null } | null }>(WORK, { id: who.id, from, to, by: aggregateBy });
        const { data, notes } = dataOrThrow(r, `the work report of ${who.name}`);
        const rows = data.agent?.work;
        if (!rows) throw new ToolError(`No work report for ${who.name}: ${notes.map((n) => n.slice(6)).join(' ') || 'the agent has no Thulium login, or Thulium is unavailable.'}`);
        const sum = (f: (w: WorkRow) => number) => rows.reduce((n, w) => n + f(w), 0);
        const pauseSeconds = (w: WorkRow) => w.pauses.find((p) => p.pauseId === 'all')?.totalSeconds ?? w.pauses.reduce((n, p) => n + p.totalSeconds, 0);
        const line = (label: string, f: (fn: (w: WorkRow) => number) => number) =>
          `${label}: inbound ${f((w) => w.inboundCalls)} (answered ${f((w) => w.inboundAnswered)}, missed ${f((w) => w.inboundNotAnswered)}), talk ${duration(f((w) => w.inboundTalkSeconds) * 1000)}, outbound ${f((w) => w.outboundCalls)} (${duration(f((w) => w.outboundSeconds) * 1000)}), chats ${f((w) => w.chatsResponded)}/${f((w) => w.chatsClosed)} responded/closed, tickets ${f((w) => w.ticketsResponded)}/${f((w) => w.ticketsClosed)}, paused ${duration(f(pauseSeconds) * 1000)}`;
        return text([
          `${who.name} (key ${who.key}), ${from} → ${to}, ${rows.length} ${aggregateBy.toLowerCase()} row(s).`,
          line('Total', sum),
          ...rows.map((w) => line(`- ${w.period}`, (f) => f(w))),
          ...notes,
        ]);
      }),
  );

  register(
    'queue_interval_report',
    {
      title: "A queue's interval report",
      description: 'Queue counters per 15-minute interval over [from, to) with KPIs over the range (Sinch contact summaries). At most 31 days.',
      inputSchema: {
        queue: z.string().min(1).optional().describe('Only this queue (Queue ID, Sinch queue id or name); default all queues.'),
        from: isoTime('from').describe('Start (inclusive), ISO-8601.'),
        to: isoTime('to').optional().describe('End (exclusive), ISO-8601; default now.'),
        channels: z.array(z.enum(CHANNELS)).min(1).optional().describe('Only these channels.'),
        maxRows: z.number().int().min(0).max(500).default(48).describe('Interval rows to list (the latest ones); totals cover all. 0: totals only (use it for ranges over a few days: the graph\'s cost limit counts every row).'),
      },
      annotations: { readOnlyHint: true },
    },
    ({ queue, from, to, channels, maxRows }: { queue?: string | undefined; from: string; to?: string | undefined; channels?: string[] | undefined; maxRows: number }) =>
      answer(async () => {
        if (to && Date.parse(to) <= Date.parse(from)) throw new ToolError('`to` must be after `from`.');
        const q = queue ? await resolveQueue(graph, queue) : undefined;
        const vars = { from, ...(to ? { to } : {}), ...(q ? { queueIds: [q.id] } : {}), ...(channels ? { channels } : {}) };
        type Report = { from: string; to: string; rowCount: number; totals: Kpis; rows?: IntervalRow[] };
        const doc = maxRows === 0 ? INTERVAL_TOTALS : INTERVALS;
        const { data, notes } = dataOrThrow(await graph<{ queueIntervalReport: Report | null }>(doc, vars), 'the interval report');
        const rep = data.queueIntervalReport;
        if (!rep) throw unavailable('the interval report', notes);
        const t = rep.totals;
        const all = rep.rows ?? [];
        const rows = all.slice(Math.max(0, all.length - maxRows));
        return text([
          `${q ? q.name : 'All queues'}, ${rep.from} → ${rep.to}: ${rep.rowCount} row(s).`,
          `Totals: offered ${t.offered}, handled ${t.handled}, abandoned ${t.abandoned}, SL ${pct(t.serviceLevel)}, abandon ${pct(t.abandonRate)}, ASA ${duration(t.averageSpeedOfAnswerMs)}, AHT ${duration(t.averageHandleTimeMs)}, longest queue time ${duration(t.longestQueueTimeMs)}.`,
          ...(rows.length < all.length ? [`Latest ${rows.length} rows:`] : rows.length ? ['Rows:'] : []),
          ...rows.map((r) => `- ${r.intervalStart} ${r.queue.name} [${r.channel}]: handled ${r.handled} (on time ${r.answeredOnTime}), abandoned ${r.abandoned}, max queue time ${duration(r.queueTimeMaxMs)}`),
          ...notes,
        ]);
      }),
  );
}
