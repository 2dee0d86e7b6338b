/**
 * Reports: one interface, one implementation per source. Each report is a single vendor's answer, so a failing
 * vendor nulls only its own report (with a VENDOR_UNAVAILABLE error).
 */
import { sumSummaries } from '../domain/kpi.js';
import type { CobrowsingSession, QueueIntervalSummary } from '../domain/model.js';
import { validateRange, zoneOf } from './args.js';
import { builder } from './builder.js';
import { intervalsIn, LIST_BOUNDS, listOf, rangeDays, REPORT_CALL, VENDOR_CALL, workPeriods } from './cost.js';
import { ChannelEnum, WorkReportAggregationEnum } from './enums.js';
import { badUserInput, notConfigured } from './errors.js';
import { decodeIDFor } from './ids.js';
import { AgentRef, ChatSlotsRef, personForAccount, QueueKpisRef, QueueRef, type ReportShape } from './refs.js';
import { AgentWorkRowRef, outboundThresholdSeconds, planWork, zonedRows } from './workRows.js';

export { REZONED_WORK_MAX_DAYS } from './workRows.js';

/** Reports cover at most a year; wolkvox is split into 31-day windows by its connector. */
export const REPORT_MAX_DAYS = 366;
/** Contact summaries are 15-minute rows: a month at most. */
export const INTERVAL_REPORT_MAX_DAYS = 31;

export const ReportRef = builder.interfaceRef<ReportShape>('Report').implement({
  description: 'A report over a time range, generated on request from one vendor.',
  resolveType: (r) =>
    ({
      agentWork: 'AgentWorkReport',
      cobrowsing: 'CobrowsingReport',
      queueInterval: 'QueueIntervalReport',
      chatSlot: 'ChatSlotReport',
    })[r.kind],
  // A report's cost is its call plus its rows (declared on the report fields, which know the range): the root
  // field's multiplier counts rows, so the report's few summary values are declared free.
  fields: (t) => ({
    title: t.exposeString('title', { description: 'Human-readable title.', complexity: 0 }),
    from: t.field({ type: 'DateTime', description: 'Start of the range (inclusive).', complexity: 0, resolve: (r) => r.from }),
    to: t.field({ type: 'DateTime', description: 'End of the range (exclusive).', complexity: 0, resolve: (r) => r.to }),
    generatedAt: t.field({ type: 'DateTime', description: 'When the vendor was asked.', complexity: 0, resolve: (r) => r.generatedAt }),
    timeZone: t.string({
      description:
        'IANA zone the report reads local time in: its period labels and day/week/month buckets (the `timeZone` ' +
        'argument, else CCGRAPH_TIMEZONE).',
      complexity: 0,
      resolve: (r, _a, ctx) => r.timeZone ?? zoneOf(null, ctx.services),
    }),
    rowCount: t.int({ description: 'Number of rows.', complexity: 0, resolve: (r) => r.rows.length }),
  }),
});

const CobrowsingSessionRef = builder.objectRef<CobrowsingSession>('CobrowsingSession').implement({
  description: 'One cobrowsing assistance session (wolkvox).',
  fields: (t) => ({
    agentId: t.exposeString('agentId', { description: 'The wolkvox agent id or extension.' }),
    agentName: t.exposeString('agentName', { description: 'The agent name as wolkvox has it.' }),
    agent: t.field({
      type: AgentRef,
      nullable: true,
      description: 'The person holding this wolkvox account (identity file).',
      resolve: (s, _a, ctx) => personForAccount(ctx, 'wolkvox', s.agentId),
    }),
    startedAt: t.field({ type: 'DateTime', nullable: true, description: 'Session start.', resolve: (s) => s.startedAt }),
    endedAt: t.field({ type: 'DateTime', nullable: true, description: 'Session end.', resolve: (s) => s.endedAt }),
    durationMs: t.float({ description: 'Session length (ms).', resolve: (s) => s.durationSeconds * 1000 }),
    durationSeconds: t.exposeFloat('durationSeconds', { description: 'Session length (s).', deprecationReason: 'use durationMs' }),
    hungUpBy: t.exposeString('hungUpBy', { nullable: true, description: "Who ended first, in wolkvox's words." }),
  }),
});

const QueueIntervalRef = builder.objectRef<QueueIntervalSummary>('QueueInterval').implement({
  description: "One queue's inbound/outbound counters over one 15-minute interval (Sinch contact summaries).",
  fields: (t) => ({
    queue: t.field({
      type: QueueRef,
      description: 'The queue.',
      resolve: (r) => ({ id: r.queueId, name: r.queueName, channel: r.channel }),
    }),
    channel: t.field({ type: ChannelEnum, description: 'The queue medium.', resolve: (r) => r.channel }),
    intervalStart: t.field({ type: 'DateTime', description: 'Interval start.', resolve: (r) => r.intervalStart }),
    handled: t.exposeInt('handled', { description: 'Inbound contacts handled.' }),
    answeredOnTime: t.exposeInt('answeredOnTime', { description: 'Handled within the answered-on-time limit.' }),
    abandoned: t.exposeInt('abandoned', { description: 'Abandoned after the false-attempt limit.' }),
    falseAttempts: t.exposeInt('falseAttempts', { description: 'Left before the false-attempt limit.' }),
    serviceClosed: t.exposeInt('serviceClosed', { description: 'Arrived while the service was closed.' }),
    arrivedActive: t.exposeInt('arrivedActive', { description: 'Arrived and still active.' }),
    arrivedHandled: t.exposeInt('arrivedHandled', { description: 'Arrived in this interval and handled (Sinch `inArrivedHandled`).' }),
    handleTimeTotalMs: t.exposeFloat('handleTimeTotalMs', { description: 'Total handle time (ms).' }),
    handleTimeMaxMs: t.exposeFloat('handleTimeMaxMs', { description: 'Longest inbound handle time (ms, Sinch `inHandleTimeMax`).' }),
    answeredQueueTimeTotalMs: t.exposeFloat('answeredQueueTimeTotalMs', {
      description: 'Total queue time of answered contacts (ms).',
    }),
    abandonedQueueTimeTotalMs: t.exposeFloat('abandonedQueueTimeTotalMs', {
      description: 'Total queue time of abandoned contacts (ms).',
    }),
    falseAttemptQueueTimeTotalMs: t.exposeFloat('falseAttemptQueueTimeTotalMs', {
      description: 'Total queue time of false attempts (ms).',
    }),
    queueTimeMaxMs: t.exposeFloat('queueTimeMaxMs', { description: 'Longest queue time (ms).' }),
    outHandled: t.exposeInt('outHandled', { description: 'Outbound contacts handled.' }),
    outHandleTimeTotalMs: t.exposeFloat('outHandleTimeTotalMs', { description: 'Total outbound handle time (ms).' }),
    outHandleTimeMaxMs: t.exposeFloat('outHandleTimeMaxMs', { description: 'Longest outbound handle time (ms).' }),
  }),
});

type AgentWorkReportShape = Extract<ReportShape, { kind: 'agentWork' }> & { outboundThresholdMs: number };
const AgentWorkReportRef = builder.objectRef<AgentWorkReportShape>('AgentWorkReport');
AgentWorkReportRef.implement({
  description: 'Agent work per period (Thulium agents work report).',
  interfaces: [ReportRef],
  isTypeOf: (r) => (r as ReportShape).kind === 'agentWork',
  fields: (t) => ({
    rows: t.field({
      type: [AgentWorkRowRef],
      description: 'One row per agent and period.',
      complexity: listOf(1, 0),
      resolve: (r) => r.rows,
    }),
    outboundThresholdMs: t.float({
      description: 'The length (ms) that splits outbound calls into `outboundAboveThreshold` and `outboundBelowThreshold`.',
      complexity: 0,
      resolve: (r) => r.outboundThresholdMs,
    }),
  }),
});

const CobrowsingReportRef = builder.objectRef<Extract<ReportShape, { kind: 'cobrowsing' }>>('CobrowsingReport');
CobrowsingReportRef.implement({
  description: 'Cobrowsing assistance sessions (wolkvox report cdr_10).',
  interfaces: [ReportRef],
  isTypeOf: (r) => (r as ReportShape).kind === 'cobrowsing',
  fields: (t) => ({
    rows: t.field({ type: [CobrowsingSessionRef], description: 'Sessions, oldest first.', complexity: listOf(1, 0), resolve: (r) => r.rows }),
    totalDurationMs: t.float({
      description: 'Sum of session lengths (ms).',
      complexity: 0,
      resolve: (r) => r.rows.reduce((s, x) => s + x.durationSeconds, 0) * 1000,
    }),
    totalDurationSeconds: t.float({
      description: 'Sum of session lengths (s).',
      deprecationReason: 'use totalDurationMs',
      complexity: 0,
      resolve: (r) => r.rows.reduce((s, x) => s + x.durationSeconds, 0),
    }),
  }),
});

const QueueIntervalReportRef = builder.objectRef<Extract<ReportShape, { kind: 'queueInterval' }>>(
  'QueueIntervalReport',
);
QueueIntervalReportRef.implement({
  description: 'Queue counters per 15-minute interval (Sinch contact summaries), with KPIs over all rows.',
  interfaces: [ReportRef],
  isTypeOf: (r) => (r as ReportShape).kind === 'queueInterval',
  fields: (t) => ({
    rows: t.field({ type: [QueueIntervalRef], description: 'Rows by interval, then queue.', complexity: listOf(1, 0), resolve: (r) => r.rows }),
    totals: t.field({
      type: QueueKpisRef,
      description: 'KPIs over every row of the report.',
      complexity: { field: 0, multiplier: 0 },
      resolve: (r) => ({ queueId: null, from: r.from, to: r.to, counters: sumSummaries(r.rows) }),
    }),
  }),
});

const ChatSlotReportRef = builder.objectRef<Extract<ReportShape, { kind: 'chatSlot' }>>('ChatSlotReport');
ChatSlotReportRef.implement({
  description: 'Chat slot usage per CoBrowser agent, right now (a snapshot: from = to = generatedAt).',
  interfaces: [ReportRef],
  isTypeOf: (r) => (r as ReportShape).kind === 'chatSlot',
  fields: (t) => ({
    rows: t.field({ type: [ChatSlotsRef], description: 'One row per CoBrowser agent.', complexity: listOf(1, 0), resolve: (r) => r.rows }),
    totalSlots: t.int({ description: 'Slots over all rows.', complexity: 0, resolve: (r) => r.rows.reduce((s, a) => s + a.slots, 0) }),
    freeSlots: t.int({ description: 'Free slots over all rows.', complexity: 0, resolve: (r) => r.rows.reduce((s, a) => s + a.freeSlots, 0) }),
  }),
});

builder.objectField(AgentRef, 'work', (t) =>
  t.field({
    type: [AgentWorkRowRef],
    nullable: true,
    description:
      "The person's Thulium work rows over [from, to) (Thulium login from the identity file). All agents in one " +
      `query share one Thulium call. At most ${REPORT_MAX_DAYS} days.`,
    args: {
      from: t.arg({ type: 'DateTime', required: true, description: 'Start (inclusive).' }),
      to: t.arg({ type: 'DateTime', required: true, description: 'End (exclusive).' }),
      aggregateBy: t.arg({ type: WorkReportAggregationEnum, description: 'Row grouping; default `MONTH`.' }),
      timeZone: t.arg.string({ description: 'IANA zone of the row periods; default CCGRAPH_TIMEZONE.' }),
    },
    // One Thulium call for every agent of the query (batched): only the rows count per agent.
    complexity: (args) => listOf(workPeriods(args)),
    resolve: async (p, args, ctx) => {
      const range = validateRange(args.from, args.to, { maxDays: REPORT_MAX_DAYS, now: ctx.loaders.now });
      const plan = planWork(args, ctx, range);
      const login = p.accounts.thulium;
      if (!login || !ctx.services.connectors.thulium) return null;
      return zonedRows(await ctx.loaders.thuliumWork.load({ login, ...range, aggregateBy: plan.ask }), plan);
    },
  }),
);

builder.queryFields((t) => ({
  agentWorkReport: t.field({
    type: AgentWorkReportRef,
    nullable: true,
    description: `Thulium agents work report over [from, to), at most ${REPORT_MAX_DAYS} days. Null when Thulium is unavailable.`,
    args: {
      from: t.arg({ type: 'DateTime', required: true, description: 'Start (inclusive).' }),
      to: t.arg({ type: 'DateTime', required: true, description: 'End (exclusive).' }),
      logins: t.arg.stringList({ description: 'Thulium logins; default: every login in the identity file.' }),
      groupIds: t.arg.stringList({ description: 'Thulium agent group ids (instead of, or with, logins).' }),
      aggregateBy: t.arg({ type: WorkReportAggregationEnum, description: 'Row grouping; default `MONTH`.' }),
      queueIds: t.arg.stringList({ description: 'Only calls of these Thulium queue ids (`queues_ids[]`).' }),
      timeZone: t.arg.string({ description: 'IANA zone of the row periods; default CCGRAPH_TIMEZONE.' }),
      outboundThresholdMs: t.arg.int({
        description:
          'Split outbound calls at this length (ms, whole seconds; default 0): see each row\'s ' +
          '`outboundAboveThreshold` and `outboundBelowThreshold`.',
      }),
      outboundThresholdSeconds: t.arg.int({
        description: 'Split outbound calls at this length (s); default 0.',
        deprecationReason: 'use outboundThresholdMs',
      }),
    },
    complexity: (args) =>
      listOf(Math.max(1, (args.logins?.length ?? 0) + (args.groupIds?.length ?? 0) * 20 || LIST_BOUNDS.agents) * workPeriods(args), REPORT_CALL),
    resolve: async (_root, args, ctx) => {
      const range = validateRange(args.from, args.to, { maxDays: REPORT_MAX_DAYS, now: ctx.loaders.now });
      const plan = planWork(args, ctx, range);
      const thresholdSeconds = outboundThresholdSeconds(args);
      if (!ctx.services.connectors.thulium) throw notConfigured('thulium');
      let logins = args.logins ?? undefined;
      const groupIds = args.groupIds ?? undefined;
      if (!logins?.length && !groupIds?.length) {
        const { directory } = await ctx.loaders.identity();
        logins = directory.people.flatMap((p) => (p.accounts.thulium ? [p.accounts.thulium] : []));
        if (logins.length === 0) {
          throw badUserInput('Pass `logins` or `groupIds`: no Thulium login is known from the identity file.', {
            argument: 'logins',
          });
        }
      }
      const generatedAt = new Date();
      const rows = await ctx.loaders.workReport({
        ...range,
        ...(logins?.length ? { logins } : {}),
        ...(groupIds?.length ? { groupIds } : {}),
        aggregateBy: plan.ask,
        ...(args.queueIds?.length ? { queueIds: args.queueIds } : {}),
        ...(thresholdSeconds != null ? { outboundThresholdSeconds: thresholdSeconds } : {}),
      });
      return {
        kind: 'agentWork' as const,
        title: 'Agent work',
        ...range,
        timeZone: plan.labelZone,
        outboundThresholdMs: (thresholdSeconds ?? 0) * 1000,
        generatedAt,
        rows: zonedRows(rows, plan),
      };
    },
  }),
  cobrowsingReport: t.field({
    type: CobrowsingReportRef,
    nullable: true,
    description: `wolkvox cobrowsing sessions over [from, to), at most ${REPORT_MAX_DAYS} days. Null when wolkvox is unavailable.`,
    args: {
      from: t.arg({ type: 'DateTime', required: true, description: 'Start (inclusive).' }),
      to: t.arg({ type: 'DateTime', required: true, description: 'End (exclusive).' }),
      timeZone: t.arg.string({ description: 'IANA zone the report states (`Report.timeZone`); default CCGRAPH_TIMEZONE.' }),
    },
    complexity: (args) => listOf(rangeDays(args) * LIST_BOUNDS.cobrowsingSessionsPerDay, REPORT_CALL),
    resolve: async (_root, args, ctx) => {
      const range = validateRange(args.from, args.to, { maxDays: REPORT_MAX_DAYS, now: ctx.loaders.now });
      const timeZone = zoneOf(args.timeZone, ctx.services);
      if (!ctx.services.connectors.wolkvox) throw notConfigured('wolkvox');
      const generatedAt = new Date();
      const sessions = await ctx.loaders.cobrowsingSessions(range);
      const rows = [...sessions].sort((a, b) => (a.startedAt?.getTime() ?? 0) - (b.startedAt?.getTime() ?? 0));
      return { kind: 'cobrowsing' as const, title: 'Cobrowsing sessions', ...range, timeZone, generatedAt, rows };
    },
  }),
  queueIntervalReport: t.field({
    type: QueueIntervalReportRef,
    nullable: true,
    description: `Sinch queue counters per interval over [from, to), at most ${INTERVAL_REPORT_MAX_DAYS} days. Null when Sinch is unavailable.`,
    args: {
      from: t.arg({ type: 'DateTime', required: true, description: 'Start (inclusive).' }),
      to: t.arg({ type: 'DateTime', description: 'End (exclusive); default now.' }),
      queueIds: t.arg.idList({ description: 'Only these queues (Queue IDs).' }),
      channels: t.arg({ type: [ChannelEnum], description: 'Only these channels.' }),
      timeZone: t.arg.string({ description: 'IANA zone the report states (`Report.timeZone`); default CCGRAPH_TIMEZONE.' }),
    },
    // Served from the request's contact summaries (one Sinch call): 96 rows a day per queue.
    complexity: (args) => listOf(intervalsIn(args) * (args.queueIds?.length || LIST_BOUNDS.queues), VENDOR_CALL),
    resolve: async (_root, args, ctx) => {
      const range = validateRange(args.from, args.to, { maxDays: INTERVAL_REPORT_MAX_DAYS, now: ctx.loaders.now });
      const timeZone = zoneOf(args.timeZone, ctx.services);
      const queueIds = args.queueIds?.map((id) => decodeIDFor('Queue', String(id), 'queueIds'));
      if (!ctx.services.connectors.sinch) throw notConfigured('sinch');
      const generatedAt = new Date();
      const all = await ctx.loaders.contactSummaries(range.from);
      const queues = queueIds?.length ? new Set(queueIds) : null;
      const channels = args.channels?.length ? new Set(args.channels) : null;
      const rows = all
        .filter((r) => r.intervalStart >= range.from && r.intervalStart < range.to)
        .filter((r) => (!queues || queues.has(r.queueId)) && (!channels || channels.has(r.channel)))
        .sort(
          (a, b) => a.intervalStart.getTime() - b.intervalStart.getTime() || a.queueName.localeCompare(b.queueName),
        );
      return { kind: 'queueInterval' as const, title: 'Queue intervals', ...range, timeZone, generatedAt, rows };
    },
  }),
  chatSlotReport: t.field({
    type: ChatSlotReportRef,
    nullable: true,
    description: 'CoBrowser chat slots per agent, now. Null when CoBrowser is unavailable.',
    args: {
      signedInOnly: t.arg.boolean({
        description: 'Only signed-in agents, whatever their status (Offline included), as CoBrowser lists them (default false).',
      }),
      onlineOnly: t.arg.boolean({ description: 'Only agents whose status is online (default false). Combines with `signedInOnly`.' }),
    },
    complexity: listOf(LIST_BOUNDS.agents, VENDOR_CALL),
    resolve: async (_root, args, ctx) => {
      if (!ctx.services.connectors.cobrowser) throw notConfigured('cobrowser');
      const generatedAt = new Date();
      const agents = args.signedInOnly ? await ctx.loaders.onlineChatAgents() : [...(await ctx.loaders.chatAgents()).values()];
      const rows = agents.filter((a) => !args.onlineOnly || a.online).sort((a, b) => a.username.localeCompare(b.username));
      return { kind: 'chatSlot' as const, title: 'Chat slots', from: generatedAt, to: generatedAt, generatedAt, rows };
    },
  }),
}));
