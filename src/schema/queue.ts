/** Queue (Sinch): live status, alert thresholds, members and KPIs. */
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { computeKpis, percentToRatio, summariesInRange, sumSummaries } from '../domain/kpi.js';
import type { QueueStatus, QueueThresholds, ThresholdPair } from '../domain/model.js';
import { entityIdOf } from './entity-keys.js';
import { todayStart, validateRange, zoneOf } from './args.js';
import { builder } from './builder.js';
import { LIST_BOUNDS, listOf, VENDOR_CALL } from './cost.js';
import { personOfSinchAgent } from './agent.js';
import { ChannelEnum } from './enums.js';
import { decodeIDFor, isSinchId, nodeId, registerNodeType } from './ids.js';
import { AgentRef, QueueKpisRef, QueueRef, type QueueShape } from './refs.js';
import type { GraphQLContext } from './context.js';

registerNodeType('Queue', isSinchId);

/** KPI ranges are at most a month: Sinch summaries are 15-minute rows. */
export const KPI_MAX_DAYS = 31;

const QueueAgentCountsRef = builder.objectRef<QueueStatus>('QueueAgentCounts').implement({
  description: "A queue's serving agents by state, from Sinch queue status.",
  fields: (t) => ({
    serving: t.exposeInt('agentsServing', { description: 'Agents serving (logged in to) the queue.' }),
    available: t.exposeInt('agentsFree', { description: 'Serving agents free for a contact.' }),
    busy: t.exposeInt('agentsBusy', { description: 'Serving agents handling a contact.' }),
    wrapUp: t.exposeInt('agentsWrapUp', { description: 'Serving agents in wrap-up.' }),
    notReady: t.exposeInt('agentsNotReady', { description: 'Serving agents not ready.' }),
    paused: t.exposeInt('agentsPaused', { description: 'Serving agents on a pause.' }),
  }),
});

const QueueLiveStatusRef = builder.objectRef<{ status: QueueStatus; asOf: Date; stale: boolean }>('QueueLiveStatus').implement({
  description:
    'What a queue looks like right now (Sinch `/queueStatuses`). While Sinch is unavailable, the last good figures ' +
    '(`stale: true`, read at `asOf`).',
  fields: (t) => ({
    waitingNow: t.int({
      description: 'Contacts waiting in the queue now, including ones overflowed from other queues.',
      resolve: (s) => s.status.waitingNow,
    }),
    longestWaitMs: t.float({
      description: 'Longest current wait among `waitingNow` contacts (ms).',
      resolve: (s) => s.status.longestWaitNowMs,
    }),
    waitingArrivedHere: t.int({
      description: 'Waiting contacts that arrived first into this queue.',
      resolve: (s) => s.status.waitingArrivedHere,
    }),
    longestWaitArrivedHereMs: t.float({
      description: 'Longest current wait among `waitingArrivedHere` contacts (ms).',
      resolve: (s) => s.status.longestWaitArrivedHereMs,
    }),
    agents: t.field({
      type: QueueAgentCountsRef,
      description: 'Serving agents by state.',
      resolve: (s) => s.status,
    }),
    asOf: t.field({
      type: 'DateTime',
      description: 'When these figures were read from Sinch: the request time, or the last good read when `stale`.',
      resolve: (s) => s.asOf,
    }),
    stale: t.boolean({
      description:
        'True when Sinch is unavailable and these are its last good figures (see `asOf`); a VENDOR_UNAVAILABLE ' +
        'error with `stale: true` accompanies them. False when read in this request.',
      resolve: (s) => s.stale,
    }),
  }),
});

const ThresholdLevelsRef = builder.objectRef<ThresholdPair>('ThresholdLevels').implement({
  description: 'Warning and critical levels of one alert; null when not configured.',
  fields: (t) => ({
    warning: t.exposeFloat('warning', { nullable: true, description: 'The warning level.' }),
    critical: t.exposeFloat('critical', { nullable: true, description: 'The critical level.' }),
  }),
});

const QueueThresholdsRef = builder.objectRef<QueueThresholds>('QueueThresholds').implement({
  description: "A queue's alert thresholds (Sinch queue groups): the queue's own group, else ALL_QUEUES.",
  fields: (t) => ({
    groupId: t.exposeString('groupId', { description: 'The Sinch queue group the thresholds come from.' }),
    groupName: t.exposeString('groupName', { description: 'The queue group name.' }),
    freeAgents: t.field({
      type: ThresholdLevelsRef,
      description: 'Alert when free agents fall to or below the level.',
      resolve: (q) => q.freeAgents,
    }),
    waitingContacts: t.field({
      type: ThresholdLevelsRef,
      description: 'Alert when waiting contacts reach or exceed the level.',
      resolve: (q) => q.waitingContacts,
    }),
    maxWaitMs: t.field({
      type: ThresholdLevelsRef,
      description: 'Alert when the longest wait reaches or exceeds the level (ms).',
      resolve: (q) => q.maxWaitMs,
    }),
    servingAgents: t.field({
      type: ThresholdLevelsRef,
      description: 'Alert when serving agents fall to or below the level.',
      resolve: (q) => q.servingAgents,
    }),
    serviceLevel: t.field({
      type: ThresholdLevelsRef,
      description: 'Alert when the service level (0–1) falls to or below the level (Sinch configures percent: / 100).',
      resolve: (q) => ({
        warning: percentToRatio(q.serviceLevelPercent.warning),
        critical: percentToRatio(q.serviceLevelPercent.critical),
      }),
    }),
    serviceLevelPercent: t.field({
      type: ThresholdLevelsRef,
      description: 'Alert when the service level (percent, 0–100) falls to or below the level.',
      deprecationReason: 'use serviceLevel (0–1)',
      resolve: (q) => q.serviceLevelPercent,
    }),
  }),
});

QueueKpisRef.implement({
  description:
    'Inbound queue KPIs over a range, summed from Sinch contact summaries (15-minute rows whose start is in ' +
    '[from, to)). Ratios are null when their denominator is 0. False attempts are excluded from every denominator.',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', description: 'Start of the range (inclusive).', resolve: (k) => k.from }),
    to: t.field({ type: 'DateTime', description: 'End of the range (exclusive).', resolve: (k) => k.to }),
    intervals: t.int({ description: 'Summary rows summed.', resolve: (k) => k.counters.intervals }),
    offered: t.int({
      description: 'handled + abandoned (false attempts excluded).',
      resolve: (k) => computeKpis(k.counters).offered,
    }),
    handled: t.int({ description: 'Inbound contacts handled.', resolve: (k) => k.counters.handled }),
    answeredOnTime: t.int({
      description: 'Handled contacts answered within the answered-on-time limit.',
      resolve: (k) => k.counters.answeredOnTime,
    }),
    abandoned: t.int({
      description: 'Contacts the customer left after the false-attempt limit.',
      resolve: (k) => k.counters.abandoned,
    }),
    falseAttempts: t.int({
      description: 'Contacts the customer left before the false-attempt limit (not counted anywhere else).',
      resolve: (k) => k.counters.falseAttempts,
    }),
    serviceLevel: t.float({
      nullable: true,
      description: 'answeredOnTime / (handled + abandoned), 0–1; null when handled + abandoned = 0.',
      resolve: (k) => computeKpis(k.counters).serviceLevel,
    }),
    abandonRate: t.float({
      nullable: true,
      description: 'abandoned / (handled + abandoned), 0–1; null when handled + abandoned = 0.',
      resolve: (k) => computeKpis(k.counters).abandonRate,
    }),
    averageSpeedOfAnswerMs: t.float({
      nullable: true,
      description: 'answeredQueueTimeTotal / handled (ms); null when handled = 0.',
      resolve: (k) => computeKpis(k.counters).averageSpeedOfAnswerMs,
    }),
    averageHandleTimeMs: t.float({
      nullable: true,
      description: 'handleTimeTotal / handled (ms); null when handled = 0.',
      resolve: (k) => computeKpis(k.counters).averageHandleTimeMs,
    }),
    longestQueueTimeMs: t.float({
      description: 'The longest queue time of any summed row (ms).',
      resolve: (k) => k.counters.queueTimeMaxMs,
    }),
    averageAbandonTimeMs: t.float({
      nullable: true,
      description: 'abandonedQueueTimeTotal / abandoned: how long callers waited before hanging up (ms); null when abandoned = 0.',
      resolve: (k) => computeKpis(k.counters).averageAbandonTimeMs,
    }),
    abandonedQueueTimeTotalMs: t.float({
      description: 'Queue time of abandoned contacts, summed (ms; Sinch `inAbandonedQueueTimeTotal`).',
      resolve: (k) => k.counters.abandonedQueueTimeTotalMs,
    }),
    falseAttemptQueueTimeTotalMs: t.float({
      description: 'Queue time of false attempts, summed (ms; Sinch `inFalseAttemptQueueTimeTotal`).',
      resolve: (k) => k.counters.falseAttemptQueueTimeTotalMs,
    }),
    longestHandleTimeMs: t.float({
      description: 'The longest inbound handle time of any summed row (ms; Sinch `inHandleTimeMax`).',
      resolve: (k) => k.counters.handleTimeMaxMs,
    }),
    outboundHandled: t.int({ description: 'Outbound contacts handled (Sinch `outHandled`).', resolve: (k) => k.counters.outHandled }),
    averageOutboundHandleTimeMs: t.float({
      nullable: true,
      description: 'outHandleTimeTotal / outHandled (ms); null when outHandled = 0.',
      resolve: (k) => computeKpis(k.counters).averageOutboundHandleTimeMs,
    }),
    longestOutboundHandleTimeMs: t.float({
      description: 'The longest outbound handle time of any summed row (ms; Sinch `outHandleTimeMax`).',
      resolve: (k) => k.counters.outHandleTimeMaxMs,
    }),
  }),
});

builder.node(QueueRef, {
  description: 'A Sinch queue: where contacts wait for agents.',
  id: nodeId('Queue', (q) => q.id),
  // Brand-independent type check: Node lookups of the same ID in one request can race Pothos' branding.
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'channel' in v && 'name' in v && !('contactGroupId' in v),
  loadMany: async (ids, ctx) => {
    const statuses = (await ctx.loaders.liveQueueStatuses()).value;
    return ids.map((id) => {
      const s = statuses.get(id);
      return s ? { id, name: s.name, channel: s.channel } : null;
    });
  },
  fields: (t) => ({
    queueId: t.exposeString('id', { description: 'The Sinch queue id (32 hex characters).' }),
    name: t.exposeString('name', { description: 'The queue name.' }),
    channel: t.field({ type: ChannelEnum, description: 'The queue medium.', resolve: (q) => q.channel }),
    rawType: t.string({
      nullable: true,
      description: "Sinch's own queue type word (e.g. `Phone`); readable when `channel` is OTHER. Null when Sinch no longer reports the queue.",
      resolve: async (q, _a, ctx) => {
        const s = (await ctx.loaders.liveQueueStatuses()).value.get(q.id);
        return s ? (s.rawType ?? null) : null;
      },
    }),
    status: t.field({
      type: QueueLiveStatusRef,
      nullable: true,
      description:
        'Live figures; null when Sinch no longer reports the queue. While Sinch is unavailable: its last good ' +
        'figures marked `stale` (up to CCGRAPH_STALE_MAX_AGE_MS old), else null.',
      resolve: async (q, _a, ctx) => {
        const { value, asOf, stale } = await ctx.loaders.liveQueueStatuses();
        const s = value.get(q.id);
        return s ? { status: s, asOf, stale } : null;
      },
    }),
    thresholds: t.field({
      type: QueueThresholdsRef,
      nullable: true,
      description: 'Alert thresholds; null when no queue group configures them or Sinch is unavailable.',
      resolve: async (q, _a, ctx) => (await ctx.loaders.queueThresholds()).get(q.id) ?? null,
    }),
    members: t.field({
      type: [AgentRef],
      nullable: true,
      description: 'Agents who are members of the queue (serving or not).',
      complexity: listOf(LIST_BOUNDS.queueMembers),
      resolve: async (q, _a, ctx) => {
        const [agents, { directory }] = await Promise.all([ctx.loaders.allSinchAgents(), ctx.loaders.identity()]);
        return agents
          .filter((a) => a.queues.some((m) => m.queueId === q.id))
          .map((a) => personOfSinchAgent(a, directory));
      },
    }),
    kpis: t.field({
      type: QueueKpisRef,
      nullable: true,
      description:
        'KPIs over [from, to). Defaults: from = today 00:00 in the contact center\'s zone (CCGRAPH_TIMEZONE, or ' +
        `\`timeZone\`), to = now. At most ${KPI_MAX_DAYS} days.`,
      args: {
        from: t.arg({ type: 'DateTime', description: 'Start (inclusive); default today 00:00 local time.' }),
        to: t.arg({ type: 'DateTime', description: 'End (exclusive); default now.' }),
        timeZone: t.arg.string({ description: 'IANA zone whose midnight starts the default range; default CCGRAPH_TIMEZONE.' }),
      },
      resolve: async (q, args, ctx) => {
        const now = ctx.loaders.now;
        const zone = zoneOf(args.timeZone, ctx.services);
        // Defaults are always valid (even at local midnight, when the default range is empty).
        const range =
          args.from == null && args.to == null
            ? { from: todayStart(now, zone), to: now }
            : validateRange(args.from ?? todayStart(now, zone), args.to, { maxDays: KPI_MAX_DAYS, now });
        const rows = summariesInRange(await ctx.loaders.contactSummaries(range.from), range, q.id);
        return { queueId: q.id, ...range, counters: sumSummaries(rows) };
      },
    }),
  }),
});

// Federation entity (subgraph mode, src/federation): other subgraphs reference and extend Queue by its `id`.
// One queueStatuses call per request however many queues a router asks for.
builder.asEntity(QueueRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: async ({ id }, ctx): Promise<QueueShape | null> => {
    const queueId = entityIdOf('Queue', id);
    // Like `queue(id)`: while Sinch is down, the queues last known (their status then says stale).
    const s = (await ctx.loaders.liveQueueStatuses()).value.get(queueId);
    return s ? { id: queueId, name: s.name, channel: s.channel } : null;
  },
});

/** True when the selection asks a queue's `kpis` without a `from` (i.e. from today 00:00 local time). */
function selectsDefaultKpis(set: SelectionSetNode | undefined, info: GraphQLResolveInfo, depth = 0): boolean {
  if (!set || depth > 8) return false;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value === 'kpis' && !sel.arguments?.some((a) => a.name.value === 'from')) return true;
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      if (selectsDefaultKpis(sel.selectionSet, info, depth + 1)) return true;
    } else if (selectsDefaultKpis(info.fragments[sel.name.value]?.selectionSet, info, depth + 1)) return true;
  }
  return false;
}

/**
 * Starts today's contact summaries together with the queue statuses when the query asks for default-range KPIs, so
 * a dashboard waits for one Sinch round trip instead of two in a row. `kpis` awaits the same per-request promise.
 */
function prefetchTodaysKpis(ctx: GraphQLContext, info: GraphQLResolveInfo): void {
  if (!ctx.services.connectors.sinch) return;
  if (!info.fieldNodes.some((n) => selectsDefaultKpis(n.selectionSet, info))) return;
  ctx.loaders.contactSummaries(todayStart(ctx.loaders.now, zoneOf(null, ctx.services))).catch(() => undefined); // kpis reports any failure
}

builder.queryFields((t) => ({
  queues: t.field({
    type: [QueueRef],
    nullable: true,
    description:
      'Every Sinch queue, sorted by name. While Sinch is unavailable: the queues last known (their `status` is ' +
      'marked stale), else null.',
    complexity: listOf(LIST_BOUNDS.queues, VENDOR_CALL),
    resolve: async (_root, _args, ctx, info) => {
      prefetchTodaysKpis(ctx, info);
      const statuses = (await ctx.loaders.liveQueueStatuses()).value;
      return [...statuses.values()]
        .map((s): QueueShape => ({ id: s.queueId, name: s.name, channel: s.channel }))
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    },
  }),
  queue: t.field({
    type: QueueRef,
    nullable: true,
    description: 'One queue by Queue ID; null when Sinch does not know it.',
    complexity: VENDOR_CALL,
    args: { id: t.arg.id({ required: true, description: 'A Queue ID.' }) },
    resolve: async (_root, args, ctx, info) => {
      const id = decodeIDFor('Queue', String(args.id));
      prefetchTodaysKpis(ctx, info);
      const s = (await ctx.loaders.liveQueueStatuses()).value.get(id);
      return s ? { id, name: s.name, channel: s.channel } : null;
    },
  }),
}));
