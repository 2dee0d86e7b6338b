/**
 * Live subscriptions: agentStatusChanged, queueStatusChanged, queueAlert. They read the live hub
 * (`services.live`, see src/live/hub.ts); this file only maps hub messages to GraphQL shapes, once per message
 * (subscribers with the same filter share message objects, so the mapping is shared too).
 */
import type { AgentState } from '../domain/model.js';
import type { LiveHub } from '../live/hub.js';
import type {
  AgentLiveView,
  AlertLevel,
  AlertMetric,
  AlertUpdate,
  ChangeKind,
  LiveDrop,
  LiveQueueMembership,
  LiveUpdate,
  QueueAlert,
  QueueLiveView,
  UpdateKind,
} from '../live/types.js';
import { builder } from './builder.js';
import { LIST_BOUNDS, listOf } from './cost.js';
import type { GraphQLContext } from './context.js';
import { AgentStateEnum, ChannelEnum, PresenceTypeEnum } from './enums.js';
import { decodeIDFor, encodeGlobalID } from './ids.js';

// ---------------------------------------------------------------------------------------------------------
// Shapes handed to GraphQL (the agent's fields as the hub sent them: nested IDs are encoded when selected)

type AgentFields = Partial<AgentLiveView>;
interface AgentChangeShape {
  kind: ChangeKind;
  agentId: string;
  changedFields: string[];
  agent: AgentFields | null;
}
interface AgentUpdateShape {
  sequence: number;
  kind: UpdateKind;
  changes: AgentChangeShape[];
}
interface QueueChangeShape {
  kind: ChangeKind;
  queueId: string;
  changedFields: string[];
  queue: Partial<QueueLiveView> | null;
}
interface QueueUpdateShape {
  sequence: number;
  kind: UpdateKind;
  changes: QueueChangeShape[];
}
type AlertShape = Omit<QueueAlert, 'queueId' | 'at'> & { queueId: string; at: Date };
interface AlertUpdateShape {
  sequence: number;
  kind: UpdateKind;
  alerts: AlertShape[];
}

// ---------------------------------------------------------------------------------------------------------
// Enums

const UpdateKindEnum = builder.enumType('LiveUpdateKind', {
  description: 'What a live update message is.',
  values: {
    SNAPSHOT: {
      value: 'SNAPSHOT' as const,
      description:
        'Every matching entity; replaces what the client holds. Always the first message; sent again mid-stream when a slow connection skipped updates (resynchronisation).',
    },
    CHANGE: { value: 'CHANGE' as const, description: 'Only what changed since the previous message.' },
  },
});

const ChangeKindEnum = builder.enumType('LiveChangeKind', {
  description: 'How one entity changed.',
  values: {
    ADDED: { value: 'ADDED' as const, description: 'New to this subscription: every field is set.' },
    CHANGED: { value: 'CHANGED' as const, description: 'Only the fields listed in `changedFields` are set (they may be set to null).' },
    REMOVED: { value: 'REMOVED' as const, description: 'Gone, or no longer matching the filter: drop it.' },
  },
});

const AlertLevelEnum = builder.enumType('QueueAlertLevel', {
  description: 'Where a queue metric stands against its queue-group thresholds.',
  values: {
    OK: { value: 'OK' as const, description: 'Within limits.' },
    WARNING: { value: 'WARNING' as const, description: 'At or past the warning level.' },
    CRITICAL: { value: 'CRITICAL' as const, description: 'At or past the critical level.' },
  },
});

const AlertMetricEnum = builder.enumType('QueueAlertMetric', {
  description: 'A queue figure with thresholds (Sinch queue groups).',
  values: {
    WAITING_CONTACTS: { value: 'WAITING_CONTACTS' as const, description: 'Contacts waiting; alerts at or above the level.' },
    LONGEST_WAIT: { value: 'LONGEST_WAIT' as const, description: 'Longest current wait (ms); alerts at or above the level.' },
    FREE_AGENTS: { value: 'FREE_AGENTS' as const, description: 'Free agents; alerts at or below the level.' },
    SERVING_AGENTS: { value: 'SERVING_AGENTS' as const, description: 'Serving agents; alerts at or below the level.' },
    SERVICE_LEVEL: {
      value: 'SERVICE_LEVEL' as const,
      description: "Today's service level, 0–1 (value and levels; Sinch's percent thresholds / 100); alerts at or below the level.",
    },
  },
});

// ---------------------------------------------------------------------------------------------------------
// Object types

const LiveMembershipRef = builder
  .objectRef<LiveQueueMembership>('LiveQueueMembership')
  .implement({
    description: "An agent's membership in a queue, as the live path sees it.",
    fields: (t) => ({
      queueId: t.id({ description: 'The Queue ID.', resolve: (m) => encodeGlobalID('Queue', m.queueId) }),
      queueName: t.exposeString('queueName', { description: 'Queue name.' }),
      channel: t.field({ type: ChannelEnum, description: 'Queue channel.', resolve: (m) => m.channel }),
      serving: t.exposeBoolean('serving', { nullable: true, description: 'Logged in to (serving) the queue; null when unknown.' }),
    }),
  });

const AgentLiveStatusRef = builder.objectRef<AgentFields>('AgentLiveStatus').implement({
  description:
    "An agent's live status. In a CHANGED entry only the fields in `changedFields` are set; the others are null and mean \"unchanged\".",
  fields: (t) => ({
    name: t.string({ nullable: true, description: 'Display name.', resolve: (a) => a.name ?? null }),
    state: t.field({ type: AgentStateEnum, nullable: true, description: 'Normalized state (Sinch).', resolve: (a) => (a.state ?? null) as AgentState | null }),
    rawStatus: t.string({ nullable: true, description: "Sinch's own status words, e.g. `Ready/Busy/Talking_Inbound`.", resolve: (a) => a.rawStatus ?? null }),
    availability: t.string({ nullable: true, description: 'Sinch availability: LoggedOut, Away, Busy or Free.', resolve: (a) => a.availability ?? null }),
    presenceName: t.string({ nullable: true, description: 'Current presence profile name.', resolve: (a) => a.presenceName ?? null }),
    presenceType: t.field({ type: PresenceTypeEnum, nullable: true, description: 'Current presence profile type.', resolve: (a) => a.presenceType ?? null }),
    activePhoneContacts: t.int({ nullable: true, description: 'Active phone contacts (Sinch).', resolve: (a) => a.activePhoneContacts ?? null }),
    activeChatContacts: t.int({ nullable: true, description: 'Active chat contacts (Sinch).', resolve: (a) => a.activeChatContacts ?? null }),
    activeEmailContacts: t.int({ nullable: true, description: 'Active email contacts (Sinch).', resolve: (a) => a.activeEmailContacts ?? null }),
    activeContactIds: t.idList({
      nullable: true,
      description: 'Contact IDs of the Sinch contacts in process this agent handles.',
      resolve: (a) => a.activeContactIds?.map((id) => encodeGlobalID('Contact', id)) ?? null,
    }),
    queues: t.field({
      type: [LiveMembershipRef],
      nullable: true,
      description: 'Queue memberships and whether the agent serves each.',
      complexity: listOf(LIST_BOUNDS.agentQueues),
      resolve: (a) => a.queues ?? null,
    }),
    phoneCapacity: t.int({ nullable: true, description: 'Phone capacity (Sinch user status).', resolve: (a) => a.phoneCapacity ?? null }),
    taskCapacity: t.int({ nullable: true, description: 'Task capacity (Sinch user status).', resolve: (a) => a.taskCapacity ?? null }),
    textChatCapacity: t.int({ nullable: true, description: 'Simultaneous text chats allowed (Sinch user status).', resolve: (a) => a.textChatCapacity ?? null }),
    chatOnline: t.boolean({ nullable: true, description: 'Online in CoBrowser.', resolve: (a) => a.chatOnline ?? null }),
    chatSlots: t.int({ nullable: true, description: 'CoBrowser chat slots.', resolve: (a) => a.chatSlots ?? null }),
    chatFreeSlots: t.int({ nullable: true, description: 'Free CoBrowser chat slots.', resolve: (a) => a.chatFreeSlots ?? null }),
    chatOpenChats: t.int({ nullable: true, description: 'Open CoBrowser chats.', resolve: (a) => a.chatOpenChats ?? null }),
    cobrowsingSessionsToday: t.int({
      nullable: true,
      description: 'wolkvox cobrowsing sessions since local midnight (CCGRAPH_TIMEZONE) (refreshed at most every 5 minutes).',
      resolve: (a) => a.cobrowsingSessionsToday ?? null,
    }),
  }),
});

const AgentStatusChangeRef = builder.objectRef<AgentChangeShape>('AgentStatusChange').implement({
  description: "One agent's change within an update.",
  fields: (t) => ({
    kind: t.field({ type: ChangeKindEnum, description: 'ADDED, CHANGED or REMOVED.', resolve: (c) => c.kind }),
    agentId: t.id({ description: 'The Agent ID.', resolve: (c) => c.agentId }),
    changedFields: t.stringList({ description: 'Names of the `agent` fields this entry sets.', resolve: (c) => c.changedFields }),
    agent: t.field({ type: AgentLiveStatusRef, nullable: true, description: 'The set fields; null for REMOVED.', resolve: (c) => c.agent }),
  }),
});

const AgentStatusUpdateRef = builder.objectRef<AgentUpdateShape>('AgentStatusUpdate').implement({
  description: 'A message of `agentStatusChanged`: the first is a SNAPSHOT, the rest carry only changes.',
  fields: (t) => ({
    sequence: t.exposeInt('sequence', { description: 'Increases with every message of this gateway instance.' }),
    kind: t.field({ type: UpdateKindEnum, description: 'SNAPSHOT or CHANGE.', resolve: (u) => u.kind }),
    changes: t.field({ type: [AgentStatusChangeRef], description: 'Agents added, changed or removed.', complexity: listOf(LIST_BOUNDS.agents), resolve: (u) => u.changes }),
  }),
});

const QueueLiveFieldsRef = builder.objectRef<Partial<QueueLiveView>>('QueueLiveFields').implement({
  description:
    "A queue's live figures. In a CHANGED entry only the fields in `changedFields` are set; the others are null and mean \"unchanged\".",
  fields: (t) => ({
    name: t.string({ nullable: true, description: 'Queue name.', resolve: (q) => q.name ?? null }),
    channel: t.field({ type: ChannelEnum, nullable: true, description: 'Queue channel.', resolve: (q) => q.channel ?? null }),
    waiting: t.int({ nullable: true, description: 'Contacts waiting now, overflowed ones included.', resolve: (q) => q.waiting ?? null }),
    waitingArrivedHere: t.int({ nullable: true, description: 'Waiting contacts that arrived first into this queue.', resolve: (q) => q.waitingArrivedHere ?? null }),
    longestWaitMs: t.float({ nullable: true, description: 'Longest current wait (ms).', resolve: (q) => q.longestWaitMs ?? null }),
    agentsServing: t.int({ nullable: true, description: 'Agents serving the queue.', resolve: (q) => q.agentsServing ?? null }),
    agentsFree: t.int({ nullable: true, description: 'Serving agents free.', resolve: (q) => q.agentsFree ?? null }),
    agentsBusy: t.int({ nullable: true, description: 'Serving agents busy.', resolve: (q) => q.agentsBusy ?? null }),
    agentsWrapUp: t.int({ nullable: true, description: 'Serving agents in wrap-up.', resolve: (q) => q.agentsWrapUp ?? null }),
    agentsNotReady: t.int({ nullable: true, description: 'Serving agents not ready.', resolve: (q) => q.agentsNotReady ?? null }),
    agentsPaused: t.int({ nullable: true, description: 'Serving agents paused.', resolve: (q) => q.agentsPaused ?? null }),
    serviceLevel: t.float({
      nullable: true,
      description:
        "Today's service level, 0–1: answered on time / (handled + abandoned), since local midnight (CCGRAPH_TIMEZONE). " +
        'Null also when not measurable yet.',
      resolve: (q) => q.serviceLevel ?? null,
    }),
    serviceLevelPercent: t.float({
      nullable: true,
      description: "Today's service level (%): answered on time / (handled + abandoned). Null also when not measurable yet.",
      deprecationReason: 'use serviceLevel (0–1)',
      resolve: (q) => q.serviceLevelPercent ?? null,
    }),
  }),
});

const QueueStatusChangeRef = builder.objectRef<QueueChangeShape>('QueueStatusChange').implement({
  description: "One queue's change within an update.",
  fields: (t) => ({
    kind: t.field({ type: ChangeKindEnum, description: 'ADDED, CHANGED or REMOVED.', resolve: (c) => c.kind }),
    queueId: t.id({ description: 'The Queue ID.', resolve: (c) => c.queueId }),
    changedFields: t.stringList({ description: 'Names of the `queue` fields this entry sets.', resolve: (c) => c.changedFields }),
    queue: t.field({ type: QueueLiveFieldsRef, nullable: true, description: 'The set fields; null for REMOVED.', resolve: (c) => c.queue }),
  }),
});

const QueueStatusUpdateRef = builder.objectRef<QueueUpdateShape>('QueueStatusUpdate').implement({
  description: 'A message of `queueStatusChanged`: the first is a SNAPSHOT, the rest carry only changes.',
  fields: (t) => ({
    sequence: t.exposeInt('sequence', { description: 'Increases with every message of this gateway instance.' }),
    kind: t.field({ type: UpdateKindEnum, description: 'SNAPSHOT or CHANGE.', resolve: (u) => u.kind }),
    changes: t.field({ type: [QueueStatusChangeRef], description: 'Queues added, changed or removed.', complexity: listOf(LIST_BOUNDS.queues), resolve: (u) => u.changes }),
  }),
});

const QueueAlertRef = builder.objectRef<AlertShape>('QueueAlert').implement({
  description: 'A queue metric crossing a threshold of its queue group, or recovering.',
  fields: (t) => ({
    queueId: t.id({ description: 'The Queue ID.', resolve: (a) => a.queueId }),
    queueName: t.exposeString('queueName', { description: 'Queue name.' }),
    metric: t.field({ type: AlertMetricEnum, description: 'Which figure.', resolve: (a) => a.metric as AlertMetric }),
    level: t.field({ type: AlertLevelEnum, description: 'The level now (OK: recovered).', resolve: (a) => a.level as AlertLevel }),
    previousLevel: t.field({
      type: AlertLevelEnum,
      nullable: true,
      description: 'The level before; null in a SNAPSHOT (already active when the subscription began).',
      resolve: (a) => a.previousLevel,
    }),
    value: t.exposeFloat('value', { description: 'The figure when the level changed.' }),
    warningLevel: t.exposeFloat('warningLevel', { nullable: true, description: 'Configured warning level.' }),
    criticalLevel: t.exposeFloat('criticalLevel', { nullable: true, description: 'Configured critical level.' }),
    at: t.field({ type: 'DateTime', description: 'When the crossing was seen.', resolve: (a) => a.at }),
  }),
});

const QueueAlertUpdateRef = builder.objectRef<AlertUpdateShape>('QueueAlertUpdate').implement({
  description: 'A message of `queueAlert`: first a SNAPSHOT of active alerts, then crossings and recoveries.',
  fields: (t) => ({
    sequence: t.exposeInt('sequence', { description: 'Increases with every message of this gateway instance.' }),
    kind: t.field({ type: UpdateKindEnum, description: 'SNAPSHOT or CHANGE.', resolve: (u) => u.kind }),
    alerts: t.field({ type: [QueueAlertRef], description: 'Alerts in this message.', complexity: listOf(LIST_BOUNDS.queueAlerts), resolve: (u) => u.alerts }),
  }),
});

// ---------------------------------------------------------------------------------------------------------
// Filters

const AgentStatusFilterInput = builder.inputType('AgentStatusFilter', {
  description: 'Which agents to follow. Lists are ANDed together; an omitted or empty list does not restrict.',
  fields: (t) => ({
    agentIds: t.idList({ required: false, description: 'Only these agents.' }),
    queueIds: t.idList({ required: false, description: 'Only members of any of these queues.' }),
    states: t.field({ type: [AgentStateEnum], required: false, description: 'Only agents in one of these states (an agent leaving them is REMOVED).' }),
  }),
});

const QueueStatusFilterInput = builder.inputType('QueueStatusFilter', {
  description: 'Which queues to follow; omitted or empty: all.',
  fields: (t) => ({
    queueIds: t.idList({ required: false, description: 'Only these queues.' }),
  }),
});

const QueueAlertFilterInput = builder.inputType('QueueAlertFilter', {
  description: 'Which alerts to receive; omitted or empty lists do not restrict.',
  fields: (t) => ({
    queueIds: t.idList({ required: false, description: 'Only these queues.' }),
    levels: t.field({
      type: [AlertLevelEnum],
      required: false,
      description: 'Only crossings into or out of these levels (so a CRITICAL subscriber also sees the recovery).',
    }),
  }),
});

// ---------------------------------------------------------------------------------------------------------
// Mapping (memoized per hub message: every subscriber of a filter shares the object)

const agentCache = new WeakMap<object, AgentUpdateShape>();
const queueCache = new WeakMap<object, QueueUpdateShape>();
const alertCache = new WeakMap<object, AlertUpdateShape>();
/** What the hub's replicas had dropped when a message was first mapped: every subscriber of it reports the same. */
const dropCache = new WeakMap<object, LiveDrop[]>();

function toAgentUpdate(u: LiveUpdate<AgentLiveView>): AgentUpdateShape {
  let out = agentCache.get(u);
  if (!out) {
    out = {
      sequence: u.sequence,
      kind: u.kind,
      // The fields are not copied: a snapshot of every agent is mapped for each new subscriber.
      changes: u.changes.map((c) => ({
        kind: c.kind,
        agentId: encodeGlobalID('Agent', c.id),
        changedFields: c.changedFields,
        agent: c.kind === 'REMOVED' ? null : c.fields,
      })),
    };
    agentCache.set(u, out);
  }
  return out;
}

function toQueueUpdate(u: LiveUpdate<QueueLiveView>): QueueUpdateShape {
  let out = queueCache.get(u);
  if (!out) {
    out = {
      sequence: u.sequence,
      kind: u.kind,
      changes: u.changes.map((c) => ({
        kind: c.kind,
        queueId: encodeGlobalID('Queue', c.id),
        changedFields: c.changedFields,
        queue: c.kind === 'REMOVED' ? null : c.fields,
      })),
    };
    queueCache.set(u, out);
  }
  return out;
}

function toAlertUpdate(u: AlertUpdate): AlertUpdateShape {
  let out = alertCache.get(u);
  if (!out) {
    out = {
      sequence: u.sequence,
      kind: u.kind,
      alerts: u.alerts.map((a) => ({ ...a, queueId: encodeGlobalID('Queue', a.queueId), at: new Date(a.at) })),
    };
    alertCache.set(u, out);
  }
  return out;
}

/**
 * Maps a hub stream lazily; returning (client unsubscribed) ends the hub subscription. Each message's hub sequence
 * is recorded in `ctx.liveSequences` when a shared websocket stream taps it, so it can order a late joiner's
 * snapshot (ws/multicast.ts).
 */
function mapStream<A extends { sequence: number }, B>(
  source: AsyncIterableIterator<A>,
  f: (a: A) => B,
  ctx: GraphQLContext,
  view: 'agents' | 'queues' | 'alerts',
): AsyncIterableIterator<B> {
  const it: AsyncIterableIterator<B> = {
    async next() {
      const r = await source.next();
      if (r.done) return { value: undefined, done: true };
      ctx.liveSequences?.push(r.value.sequence);
      // Results are executed one message at a time, so the event being executed reads this (VENDOR_DATA_PARTIAL).
      let dropped = dropCache.get(r.value);
      if (!dropped) dropCache.set(r.value, (dropped = hubOf(ctx).dropped(view)));
      ctx.liveDropped = dropped;
      return { value: f(r.value), done: false };
    },
    async return() {
      await source.return?.();
      return { value: undefined, done: true };
    },
    async throw(e?: unknown) {
      await source.return?.();
      throw e;
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}

const hubOf = (ctx: GraphQLContext): LiveHub => ctx.services.live;

const queueIdsOf = (ids: readonly (string | number)[] | null | undefined, argument: string) =>
  ids?.map((id) => decodeIDFor('Queue', String(id), argument)) ?? null;

// ---------------------------------------------------------------------------------------------------------
// Fields

builder.subscriptionType({ description: 'Live updates for wallboards: a snapshot first, then only what changed.' });

builder.subscriptionField('agentStatusChanged', (t) =>
  t.field({
    type: AgentStatusUpdateRef,
    description:
      'Live agent status. First message: SNAPSHOT of every matching agent; then CHANGE messages with only changed fields. ' +
      'Apply ADDED (replace), CHANGED (set `changedFields`), REMOVED (drop) to stay equal to a fresh read.',
    authScopes: { viewer: true },
    args: { filter: t.arg({ type: AgentStatusFilterInput, required: false, description: 'Which agents to follow.' }) },
    subscribe: (_root, { filter }, ctx) =>
      mapStream(
        hubOf(ctx).subscribeAgents({
          agentKeys: filter?.agentIds?.map((id) => decodeIDFor('Agent', String(id), 'filter.agentIds')) ?? null,
          queueIds: queueIdsOf(filter?.queueIds, 'filter.queueIds'),
          states: (filter?.states as AgentState[] | null | undefined) ?? null,
        }),
        toAgentUpdate,
        ctx,
        'agents',
      ),
    resolve: (payload) => payload,
  }),
);

builder.subscriptionField('queueStatusChanged', (t) =>
  t.field({
    type: QueueStatusUpdateRef,
    description: 'Live queue figures. First message: SNAPSHOT of every matching queue; then CHANGE messages with only changed fields.',
    authScopes: { viewer: true },
    args: { filter: t.arg({ type: QueueStatusFilterInput, required: false, description: 'Which queues to follow.' }) },
    subscribe: (_root, { filter }, ctx) =>
      mapStream(hubOf(ctx).subscribeQueues({ queueIds: queueIdsOf(filter?.queueIds, 'filter.queueIds') }), toQueueUpdate, ctx, 'queues'),
    resolve: (payload) => payload,
  }),
);

builder.subscriptionField('queueAlert', (t) =>
  t.field({
    type: QueueAlertUpdateRef,
    description:
      'Queue alerts: a message when waiting contacts, longest wait, free agents, serving agents or service level crosses its ' +
      'queue-group warning or critical threshold, and again when it recovers. First message: SNAPSHOT of active alerts.',
    authScopes: { viewer: true },
    args: { filter: t.arg({ type: QueueAlertFilterInput, required: false, description: 'Which alerts to receive.' }) },
    subscribe: (_root, { filter }, ctx) =>
      mapStream(
        hubOf(ctx).subscribeAlerts({
          queueIds: queueIdsOf(filter?.queueIds, 'filter.queueIds'),
          levels: (filter?.levels as AlertLevel[] | null | undefined) ?? null,
        }),
        toAlertUpdate,
        ctx,
        'alerts',
      ),
    resolve: (payload) => payload,
  }),
);
