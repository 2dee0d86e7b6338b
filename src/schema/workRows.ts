/**
 * Agent work rows (Thulium agents work report) and the zone plan behind them: units in ms, pause aggregates apart
 * from per-reason rows, the outbound threshold split, periods on the report's local clock.
 */
import type { AgentWorkRecord, PauseFigure, WorkReportAggregation } from '../domain/model.js';
import { periodStartFromLabel, type Range } from '../domain/time.js';
import { rebucketWorkRows, workPlan, type WorkPlan } from '../domain/workReport.js';
import { DAY_MS, zoneOf } from './args.js';
import { builder } from './builder.js';
import { LIST_BOUNDS, listOf } from './cost.js';
import type { GraphQLContext } from './context.js';
import { badUserInput } from './errors.js';
import { AgentRef, personForAccount } from './refs.js';

/** Work reports in a zone other than Thulium's are summed from hour rows: a month at most. */
export const REZONED_WORK_MAX_DAYS = 31;

/** A work row with the zone its period label is in. */
type ZonedRow = AgentWorkRecord & { labelZone?: string };

/** How to ask Thulium for a work report in the asked (or the contact center's) zone. */
export function planWork(
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

export const zonedRows = (rows: AgentWorkRecord[], plan: WorkPlan & { vendorZone: string }): ZonedRow[] =>
  (plan.rebucket ? rebucketWorkRows(rows, plan.rebucket, plan.vendorZone, plan.labelZone) : rows).map((r) => ({
    ...r,
    labelZone: plan.labelZone,
  }));

/** The threshold in whole seconds (Thulium's unit) from `outboundThresholdMs` or the deprecated seconds argument. */
export function outboundThresholdSeconds(args: { outboundThresholdMs?: number | null; outboundThresholdSeconds?: number | null }): number | null {
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
      complexity: listOf(LIST_BOUNDS.pauseKinds),
      resolve: (r) => r.pauses.filter((p) => !PAUSE_TOTALS.has(p.pauseId)),
    }),
    pauses: t.field({
      type: [PauseFigureRef],
      description: 'Pauses by kind, aggregates (`all`, `free`) and reasons mixed.',
      deprecationReason: 'use pauseTotals and pausesByReason',
      complexity: listOf(LIST_BOUNDS.pauseKinds),
      resolve: (r) => r.pauses,
    }),
  }),
});
