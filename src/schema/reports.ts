/**
 * Reports: one interface, one implementation per source. Each report is a single vendor's answer, so a failing
 * vendor nulls only its own report (with a VENDOR_UNAVAILABLE error).
 */
import { sumSummaries } from '../domain/kpi.js';
import type { AgentWorkRecord, CobrowsingSession, PauseFigure, QueueIntervalSummary, WorkReportAggregation } from '../domain/model.js';
import { periodStartFromLabel, type Range } from '../domain/time.js';
import { rebucketWorkRows, workPlan, type WorkPlan } from '../domain/workReport.js';
import { DAY_MS, validateRange, zoneOf } from './args.js';
import type { GraphQLContext } from './context.js';
import { builder } from './builder.js';
import { ChannelEnum, WorkReportAggregationEnum } from './enums.js';
import { badUserInput, notConfigured, vendorCall } from './errors.js';
import { decodeIDFor } from './ids.js';
import { AgentRef, ChatSlotsRef, personForAccount, QueueKpisRef, QueueRef, type ReportShape } from './refs.js';

/** Reports cover at most a year; wolkvox is split into 31-day windows by its connector. */
export const REPORT_MAX_DAYS = 366;
/** Work reports in a zone other than Thulium's are summed from hour rows: a month at most. */
export const REZONED_WORK_MAX_DAYS = 31;

/** A work row with the zone its period label is in. */
type ZonedRow = AgentWorkRecord & { labelZone?: string };

/** How to ask Thulium for a work report in the asked (or the contact center's) zone. */
function planWork(
  args: { timeZone?: string | null; aggregateBy?: WorkReportAggregation | null },
  ctx: GraphQLContext,
  range: Range,
): WorkPlan & { vendorZone: string } {
  const zone = zoneOf(args.timeZone, ctx.services);
  const vendorZone = ctx.services.connectors.thulium?.timeZone ?? 'UTC';
  const plan = workPlan(args.aggregateBy ?? 'month', zone, vendorZone);
  if (plan.rebucket && range.to.getTime() - range.from.getTime() > REZONED_WORK_MAX_DAYS * DAY_MS) {
    throw badUserInput(
      `In a zone other than Thulium's (${vendorZone}) a work report spans at most ${REZONED_WORK_MAX_DAYS} days.`,
      { argument: 'timeZone', maxDays: REZONED_WORK_MAX_DAYS },
    );
  }
  return { ...plan, vendorZone };
}

const zonedRows = (rows: AgentWorkRecord[], plan: WorkPlan & { vendorZone: string }): ZonedRow[] =>
  (plan.rebucket ? rebucketWorkRows(rows, plan.rebucket, plan.vendorZone, plan.labelZone) : rows).map((r) => ({
    ...r,
    labelZone: plan.labelZone,
  }));
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
  fields: (t) => ({
    title: t.exposeString('title', { description: 'Human-readable title.' }),
    from: t.field({ type: 'DateTime', description: 'Start of the range (inclusive).', resolve: (r) => r.from }),
    to: t.field({ type: 'DateTime', description: 'End of the range (exclusive).', resolve: (r) => r.to }),
    generatedAt: t.field({ type: 'DateTime', description: 'When the vendor was asked.', resolve: (r) => r.generatedAt }),
    timeZone: t.string({
      description:
        'IANA zone the report reads local time in: its period labels and day/week/month buckets (the `timeZone` ' +
        'argument, else CCGRAPH_TIMEZONE).',
      resolve: (r, _a, ctx) => r.timeZone ?? zoneOf(null, ctx.services),
    }),
    rowCount: t.int({ description: 'Number of rows.', resolve: (r) => r.rows.length }),
  }),
});

const PauseFigureRef = builder.objectRef<PauseFigure>('PauseFigure').implement({
  description: 'Pauses of one kind in a work report row (Thulium).',
  fields: (t) => ({
    pauseId: t.exposeString('pauseId', { description: '`all`, `free` or a numeric Thulium pause id (reason).' }),
    count: t.exposeInt('count', { description: 'How many pauses.' }),
    totalMs: t.float({ description: 'Their total length (ms).', resolve: (p) => p.totalSeconds * 1000 }),
    averageMs: t.float({
      nullable: true,
      description: 'Their average length (ms); null when Thulium sends none for this kind.',
      resolve: (p) => (p.averageSeconds === null ? null : p.averageSeconds * 1000),
    }),
    totalSeconds: t.exposeFloat('totalSeconds', { description: 'Their total length (s).', deprecationReason: 'use totalMs' }),
    averageSeconds: t.exposeFloat('averageSeconds', {
      nullable: true,
      description: 'Their average length (s).',
      deprecationReason: 'use averageMs',
    }),
  }),
});

const PAUSE_TOTALS = new Set(['all', 'free']);

const PauseTotalsRef = builder.objectRef<PauseFigure[]>('PauseTotals').implement({
  description: "Thulium's pause aggregates of a work row, kept apart from the per-reason rows they sum.",
  fields: (t) => ({
    all: t.field({
      type: PauseFigureRef,
      nullable: true,
      description: 'Every pause, whatever its reason (Thulium `all`).',
      resolve: (ps) => ps.find((p) => p.pauseId === 'all') ?? null,
    }),
    free: t.field({
      type: PauseFigureRef,
      nullable: true,
      description: 'Pauses without a reason (Thulium `free`).',
      resolve: (ps) => ps.find((p) => p.pauseId === 'free') ?? null,
    }),
  }),
});

type OutboundFigure = AgentWorkRecord['outboundAboveThreshold'];
const OutboundCallsRef = builder.objectRef<OutboundFigure>('OutboundCallFigures').implement({
  description: 'Outbound calls on one side of the outbound threshold (Thulium).',
  fields: (t) => ({
    count: t.exposeInt('count', { description: 'Calls.' }),
    totalMs: t.float({ description: 'Their total talk time (ms).', resolve: (o) => o.totalSeconds * 1000 }),
    averageMs: t.float({ description: 'Their average talk time (ms).', resolve: (o) => o.averageSeconds * 1000 }),
  }),
});

export const AgentWorkRowRef = builder.objectRef<AgentWorkRecord>('AgentWorkRow').implement({
  description: "One agent's work in one period (Thulium agents work report). Durations are ms.",
  fields: (t) => ({
    login: t.exposeString('login', { description: 'The Thulium login.' }),
    agent: t.field({
      type: AgentRef,
      nullable: true,
      description: 'The person holding this Thulium login (identity file).',
      resolve: (r, _a, ctx) => personForAccount(ctx, 'thulium', r.login),
    }),
    name: t.string({ description: 'Name as Thulium has it.', resolve: (r) => [r.name, r.surname].filter(Boolean).join(' ') }),
    period: t.exposeString('period', {
      description:
        'The period label on the report\'s local clock (`timeZone`), per the aggregation: `2025-03`, `2025-W13`, ' +
        '`2025-03-30`, `2025-03-30 14`; hour-of-day rows are `00`–`23`.',
    }),
    periodStart: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'The instant the period starts (local midnight for days); null for hour-of-day rows.',
      resolve: (r, _a, ctx) => periodStartFromLabel(r.period, (r as ZonedRow).labelZone ?? zoneOf(null, ctx.services)),
    }),
    inboundCalls: t.int({ description: 'Inbound calls offered.', resolve: (r) => r.inbound.count }),
    inboundAnswered: t.int({ description: 'Inbound calls answered.', resolve: (r) => r.inbound.answered }),
    inboundNotAnswered: t.int({ description: 'Inbound calls not answered.', resolve: (r) => r.inbound.notAnswered }),
    inboundTransferred: t.int({ description: 'Inbound calls transferred.', resolve: (r) => r.inbound.transferred }),
    inboundTalkMs: t.float({ description: 'Inbound talk time (ms).', resolve: (r) => r.inbound.totalSeconds * 1000 }),
    inboundAverageTalkMs: t.float({
      description: 'Inbound talk time per answered call (ms).',
      resolve: (r) => r.inbound.averageSeconds * 1000,
    }),
    inboundWaitMs: t.float({ description: 'Inbound wait time (ms).', resolve: (r) => r.inbound.waitTotalSeconds * 1000 }),
    inboundAverageWaitMs: t.float({
      description: 'Inbound wait time per offered call (ms).',
      resolve: (r) => r.inbound.waitAverageSeconds * 1000,
    }),
    inboundTalkSeconds: t.float({
      description: 'Inbound talk time (s).',
      deprecationReason: 'use inboundTalkMs',
      resolve: (r) => r.inbound.totalSeconds,
    }),
    inboundWaitSeconds: t.float({
      description: 'Inbound wait time (s).',
      deprecationReason: 'use inboundWaitMs',
      resolve: (r) => r.inbound.waitTotalSeconds,
    }),
    callsPerHour: t.float({ description: 'Inbound calls per hour.', resolve: (r) => r.inbound.callsPerHour }),
    chatsClosed: t.int({ description: 'Chats closed.', resolve: (r) => r.chat.closed }),
    chatsResponded: t.int({ description: 'Chats responded to.', resolve: (r) => r.chat.responded }),
    ticketsClosed: t.int({ description: 'Tickets closed.', resolve: (r) => r.ticket.closed }),
    ticketsResponded: t.int({ description: 'Tickets responded to.', resolve: (r) => r.ticket.responded }),
    ticketsTotalResponded: t.int({ description: 'Ticket responses in total (Thulium `total_responded`).', resolve: (r) => r.ticket.totalResponded }),
    outboundCalls: t.int({
      description: 'Outbound calls (above and below the outbound threshold).',
      resolve: (r) => r.outboundAboveThreshold.count + r.outboundBelowThreshold.count,
    }),
    outboundMs: t.float({
      description: 'Outbound talk time, both sides of the threshold (ms).',
      resolve: (r) => (r.outboundAboveThreshold.totalSeconds + r.outboundBelowThreshold.totalSeconds) * 1000,
    }),
    outboundAboveThreshold: t.field({
      type: OutboundCallsRef,
      description: 'Outbound calls longer than the report\'s outbound threshold (`outboundThresholdMs`).',
      resolve: (r) => r.outboundAboveThreshold,
    }),
    outboundBelowThreshold: t.field({
      type: OutboundCallsRef,
      description: 'Outbound calls up to the report\'s outbound threshold (short or unanswered attempts).',
      resolve: (r) => r.outboundBelowThreshold,
    }),
    outboundSeconds: t.float({
      description: 'Outbound talk time (s).',
      deprecationReason: 'use outboundMs',
      resolve: (r) => r.outboundAboveThreshold.totalSeconds + r.outboundBelowThreshold.totalSeconds,
    }),
    firstLoginAt: t.field({ type: 'DateTime', nullable: true, description: 'First login.', resolve: (r) => r.firstLoginAt }),
    lastLogoutAt: t.field({ type: 'DateTime', nullable: true, description: 'Last logout.', resolve: (r) => r.lastLogoutAt }),
    pauseTotals: t.field({
      type: PauseTotalsRef,
      description: 'All pauses and pauses without a reason (aggregates; not to be added to `pausesByReason`).',
      resolve: (r) => r.pauses,
    }),
    pausesByReason: t.field({
      type: [PauseFigureRef],
      description: 'One row per Thulium pause reason id (their sum plus `free` is `all`).',
      resolve: (r) => r.pauses.filter((p) => !PAUSE_TOTALS.has(p.pauseId)),
    }),
    pauses: t.field({
      type: [PauseFigureRef],
      description: 'Pauses by kind, aggregates (`all`, `free`) and reasons mixed.',
      deprecationReason: 'use pauseTotals and pausesByReason',
      resolve: (r) => r.pauses,
    }),
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

/** The threshold in whole seconds (Thulium's unit) from `outboundThresholdMs` or the deprecated seconds argument. */
function outboundThresholdSeconds(args: { outboundThresholdMs?: number | null; outboundThresholdSeconds?: number | null }): number | null {
  if (args.outboundThresholdMs != null && args.outboundThresholdSeconds != null) {
    throw badUserInput('Pass `outboundThresholdMs` or `outboundThresholdSeconds`, not both.', { argument: 'outboundThresholdSeconds' });
  }
  if (args.outboundThresholdMs != null) {
    if (args.outboundThresholdMs < 0 || args.outboundThresholdMs % 1000 !== 0) {
      throw badUserInput('`outboundThresholdMs` must be a non-negative number of whole seconds (a multiple of 1000).', {
        argument: 'outboundThresholdMs',
      });
    }
    return args.outboundThresholdMs / 1000;
  }
  if (args.outboundThresholdSeconds != null && args.outboundThresholdSeconds < 0) {
    throw badUserInput('`outboundThresholdSeconds` must not be negative.', { argument: 'outboundThresholdSeconds' });
  }
  return args.outboundThresholdSeconds ?? null;
}

type AgentWorkReportShape = Extract<ReportShape, { kind: 'agentWork' }> & { outboundThresholdMs: number };
const AgentWorkReportRef = builder.objectRef<AgentWorkReportShape>('AgentWorkReport');
AgentWorkReportRef.implement({
  description: 'Agent work per period (Thulium agents work report).',
  interfaces: [ReportRef],
  isTypeOf: (r) => (r as ReportShape).kind === 'agentWork',
  fields: (t) => ({
    rows: t.field({ type: [AgentWorkRowRef], description: 'One row per agent and period.', resolve: (r) => r.rows }),
    outboundThresholdMs: t.float({
      description: 'The length (ms) that splits outbound calls into `outboundAboveThreshold` and `outboundBelowThreshold`.',
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
    rows: t.field({ type: [CobrowsingSessionRef], description: 'Sessions, oldest first.', resolve: (r) => r.rows }),
    totalDurationMs: t.float({
      description: 'Sum of session lengths (ms).',
      resolve: (r) => r.rows.reduce((s, x) => s + x.durationSeconds, 0) * 1000,
    }),
    totalDurationSeconds: t.float({
      description: 'Sum of session lengths (s).',
      deprecationReason: 'use totalDurationMs',
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
    rows: t.field({ type: [QueueIntervalRef], description: 'Rows by interval, then queue.', resolve: (r) => r.rows }),
    totals: t.field({
      type: QueueKpisRef,
      description: 'KPIs over every row of the report.',
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
    rows: t.field({ type: [ChatSlotsRef], description: 'One row per CoBrowser agent.', resolve: (r) => r.rows }),
    totalSlots: t.int({ description: 'Slots over all rows.', resolve: (r) => r.rows.reduce((s, a) => s + a.slots, 0) }),
    freeSlots: t.int({ description: 'Free slots over all rows.', resolve: (r) => r.rows.reduce((s, a) => s + a.freeSlots, 0) }),
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
    resolve: async (_root, args, ctx) => {
      const range = validateRange(args.from, args.to, { maxDays: REPORT_MAX_DAYS, now: ctx.loaders.now });
      const plan = planWork(args, ctx, range);
      const thresholdSeconds = outboundThresholdSeconds(args);
      const thulium = ctx.services.connectors.thulium;
      if (!thulium) throw notConfigured('thulium');
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
      const rows = await vendorCall(() =>
        thulium.agentWorkReport({
          ...range,
          ...(logins?.length ? { logins } : {}),
          ...(groupIds?.length ? { groupIds } : {}),
          aggregateBy: plan.ask,
          ...(args.queueIds?.length ? { queueIds: args.queueIds } : {}),
          ...(thresholdSeconds != null ? { outboundThresholdSeconds: thresholdSeconds } : {}),
        }),
      );
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
    },
    resolve: async (_root, args, ctx) => {
      const range = validateRange(args.from, args.to, { maxDays: REPORT_MAX_DAYS, now: ctx.loaders.now });
      const wolkvox = ctx.services.connectors.wolkvox;
      if (!wolkvox) throw notConfigured('wolkvox');
      const generatedAt = new Date();
      const sessions = await vendorCall(() => wolkvox.listCobrowsingSessions(range));
      const rows = [...sessions].sort((a, b) => (a.startedAt?.getTime() ?? 0) - (b.startedAt?.getTime() ?? 0));
      return { kind: 'cobrowsing' as const, title: 'Cobrowsing sessions', ...range, generatedAt, rows };
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
    },
    resolve: async (_root, args, ctx) => {
      const range = validateRange(args.from, args.to, { maxDays: INTERVAL_REPORT_MAX_DAYS, now: ctx.loaders.now });
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
      return { kind: 'queueInterval' as const, title: 'Queue intervals', ...range, generatedAt, rows };
    },
  }),
  chatSlotReport: t.field({
    type: ChatSlotReportRef,
    nullable: true,
    description: 'CoBrowser chat slots per agent, now. Null when CoBrowser is unavailable.',
    args: { onlineOnly: t.arg.boolean({ description: 'Only signed-in agents (default false).' }) },
    resolve: async (_root, args, ctx) => {
      const cobrowser = ctx.services.connectors.cobrowser;
      if (!cobrowser) throw notConfigured('cobrowser');
      const generatedAt = new Date();
      const agents = args.onlineOnly
        ? await vendorCall(() => cobrowser.getOnlineAgents())
        : [...(await ctx.loaders.chatAgents()).values()];
      const rows = [...agents].sort((a, b) => a.username.localeCompare(b.username));
      return { kind: 'chatSlot' as const, title: 'Chat slots', from: generatedAt, to: generatedAt, generatedAt, rows };
    },
  }),
}));
