/**
 * Agent: a person, whatever vendors they have accounts at. Fields that need a vendor are nullable, so one vendor
 * being down only empties its own fields (with a VENDOR_UNAVAILABLE error at their paths). Live fields (Sinch row,
 * chat slots) show the vendor's last good snapshot instead while one is young enough, marked by `stale`/`liveAsOf`.
 */
import type { ChatAgent, Person, QueueMembership, SinchAgent, SlotDurations } from '../domain/model.js';
import { AGENT_STATES, type AgentState } from '../domain/model.js';
import { VENDORS, type VendorName } from '../domain/vendors.js';
import { entityIdOf } from './entity-keys.js';
import { pageOf, validateConnectionArgs } from './args.js';
import { builder } from './builder.js';
import { connectionCost, LIST_BOUNDS, listOf, perItemCall, VENDOR_CALL } from './cost.js';
import type { GraphQLContext } from './context.js';
import type { Served } from './loaders/index.js';
import { VendorAccountRef } from './accounts.js';
import { AgentStateEnum, LinkedByEnum, VendorEnum } from './enums.js';
import { decodeIDFor, nodeId, registerNodeType } from './ids.js';
import { PresenceRef, toPresenceShape } from './presence.js';
import { selectsAnyBelow } from './selection.js';
import { AgentRef, ChatSlotsRef, personForAccount, QueueRef, type AccountShape } from './refs.js';

registerNodeType('Agent', (key) => key.length <= 500);

/** The person's Sinch agent row; null when they have no Sinch account or Sinch is not configured. */
export async function sinchAgentOf(p: Person, ctx: GraphQLContext): Promise<SinchAgent | null> {
  const id = p.accounts.sinch;
  if (!id || !ctx.services.connectors.sinch) return null;
  return ctx.loaders.sinchAgent.load(id);
}

/** The person's Sinch row as served: fresh, or the last good one (stale) while Sinch is unavailable. */
async function liveSinchAgentOf(p: Person, ctx: GraphQLContext): Promise<Served<SinchAgent | null> | null> {
  const id = p.accounts.sinch;
  if (!id || !ctx.services.connectors.sinch) return null;
  return ctx.loaders.liveSinchAgent(id);
}

/** The person's CoBrowser agent as served: fresh, or the last good one (stale) while CoBrowser is unavailable. */
async function liveChatAgentOf(p: Person, ctx: GraphQLContext): Promise<Served<ChatAgent | null> | null> {
  const id = p.accounts.cobrowser;
  if (!id || !ctx.services.connectors.cobrowser) return null;
  const { value, asOf, stale } = await ctx.loaders.liveChatAgents();
  return { value: value.get(id) ?? null, asOf, stale };
}

/**
 * `pick` of the person's live Sinch row (null without one). One derived promise per field, and none once the row is
 * already in: a dashboard resolves hundreds of these, and each async layer costs allocations.
 */
function fromLiveAgent<T>(p: Person, ctx: GraphQLContext, pick: (a: SinchAgent | null) => T): T | Promise<T> {
  const id = p.accounts.sinch;
  if (!id || !ctx.services.connectors.sinch) return pick(null);
  const ready = ctx.loaders.liveSinchAgentIfReady(id);
  if (ready) return pick(ready.value);
  return ctx.loaders.liveSinchAgent(id).then((s) => pick(s.value));
}

/** Both live sources of a person; a source that failed without a snapshot counts as absent (its fields say why). */
async function liveSources(p: Person, ctx: GraphQLContext): Promise<Array<Served<unknown>>> {
  const settled = await Promise.allSettled([liveSinchAgentOf(p, ctx), liveChatAgentOf(p, ctx)]);
  return settled.flatMap((r) => (r.status === 'fulfilled' && r.value && r.value.value !== null ? [r.value] : []));
}

/** Sinch agents not (yet) in the cached directory still show up, as a person of their own. */
export const personOfSinchAgent = (a: SinchAgent, directory: { forAccount(v: 'sinch', id: string): Person | undefined }) =>
  directory.forAccount('sinch', a.id) ??
  ({ key: `sinch:${a.id}`, name: a.name, email: a.email, accounts: { sinch: a.id }, linkedBy: 'SINGLE' } as Person);

const HandledContactsRef = builder.objectRef<SinchAgent['handled']>('HandledContactCounts').implement({
  description: 'Contacts an agent handled today (since local midnight, CCGRAPH_TIMEZONE), from Sinch.',
  fields: (t) => ({
    callsIn: t.exposeInt('callsIn', { description: 'Inbound calls handled.' }),
    chatsIn: t.exposeInt('chatsIn', { description: 'Inbound chats handled.' }),
    emailsIn: t.exposeInt('emailsIn', { description: 'Inbound emails handled.' }),
    callbacksIn: t.exposeInt('callbacksIn', { description: 'Inbound callback requests handled.' }),
    totalIn: t.exposeInt('totalIn', { description: 'All inbound contacts handled.' }),
    callsOut: t.exposeInt('callsOut', { description: 'Outbound calls handled.' }),
    chatsOut: t.exposeInt('chatsOut', { description: 'Outbound chats handled.' }),
    emailsOut: t.exposeInt('emailsOut', { description: 'Outbound emails handled.' }),
    totalOut: t.exposeInt('totalOut', { description: 'All outbound contacts handled.' }),
    total: t.exposeInt('total', { description: 'All contacts handled.' }),
  }),
});

const ActiveContactsRef = builder.objectRef<SinchAgent>('ActiveContactCounts').implement({
  description: 'Contacts an agent is handling right now, from Sinch.',
  fields: (t) => ({
    phone: t.exposeInt('activePhoneContacts', { description: 'Active phone contacts.' }),
    chat: t.exposeInt('activeChatContacts', { description: 'Active chat contacts.' }),
    email: t.exposeInt('activeEmailContacts', { description: 'Active email contacts.' }),
    chatCapacity: t.exposeInt('chatCapacity', { description: 'Inbound text chats the agent may hold at once.' }),
  }),
});

const QueueMembershipRef = builder.objectRef<QueueMembership>('QueueMembership').implement({
  description: "An agent's membership in a Sinch queue, with today's handled counts in that queue.",
  fields: (t) => ({
    queue: t.field({
      type: QueueRef,
      description: 'The queue.',
      resolve: (m) => ({ id: m.queueId, name: m.queueName, channel: m.channel }),
    }),
    serving: t.exposeBoolean('serving', {
      nullable: true,
      description: 'Logged in to (serving) the queue; null when Sinch did not say.',
    }),
    externalServing: t.exposeBoolean('externalServing', {
      nullable: true,
      description: 'Serving as an external agent; null when Sinch did not say.',
    }),
    canChangeQueueLogin: t.exposeBoolean('canChangeQueueLogin', {
      nullable: true,
      description: 'Whether the agent may log in/out of this queue; null when Sinch did not say.',
    }),
    handledCallsIn: t.exposeInt('handledCallsIn', { description: 'Inbound calls handled in this queue today.' }),
    handledCallsOut: t.exposeInt('handledCallsOut', { description: 'Outbound calls handled in this queue today.' }),
    handledChatsIn: t.exposeInt('handledChatsIn', { description: 'Inbound chats handled in this queue today.' }),
    handledEmailsIn: t.exposeInt('handledEmailsIn', { description: 'Inbound emails handled in this queue today.' }),
    handlingMs: t.exposeFloat('handlingMs', { description: 'Time spent handling contacts of this queue today (ms).' }),
    wrapUpMs: t.exposeFloat('wrapUpMs', { description: 'Time spent in wrap-up for this queue today (ms).' }),
  }),
});

const slotMs = (s: number | null) => (s === null ? null : s * 1000);
const SlotDurationsRef = builder.objectRef<SlotDurations>('SlotDurations').implement({
  description: "Durations (ms) of an agent's current chat slots by slot state (CoBrowser sends seconds).",
  fields: (t) => ({
    openMs: t.float({ nullable: true, description: 'Slots open.', resolve: (d) => slotMs(d.open) }),
    closedMs: t.float({ nullable: true, description: 'Slots closed or offline.', resolve: (d) => slotMs(d.closed) }),
    newMs: t.float({ nullable: true, description: 'Slots new.', resolve: (d) => slotMs(d.new) }),
    burningMs: t.float({ nullable: true, description: 'Slots burning (waiting too long).', resolve: (d) => slotMs(d.burning) }),
    sleepingMs: t.float({ nullable: true, description: 'Slots sleeping.', resolve: (d) => slotMs(d.sleeping) }),
    openSeconds: t.exposeFloat('open', { nullable: true, description: 'Slots open (s).', deprecationReason: 'use openMs' }),
    closedSeconds: t.exposeFloat('closed', { nullable: true, description: 'Slots closed or offline (s).', deprecationReason: 'use closedMs' }),
    newSeconds: t.exposeFloat('new', { nullable: true, description: 'Slots new (s).', deprecationReason: 'use newMs' }),
    burningSeconds: t.exposeFloat('burning', { nullable: true, description: 'Slots burning (s).', deprecationReason: 'use burningMs' }),
    sleepingSeconds: t.exposeFloat('sleeping', { nullable: true, description: 'Slots sleeping (s).', deprecationReason: 'use sleepingMs' }),
  }),
});

ChatSlotsRef.implement({
  description: "A CoBrowser agent's chat slots: capacity, usage and slot durations.",
  fields: (t) => ({
    chatAgentId: t.exposeString('id', { description: 'The CoBrowser agent id.' }),
    username: t.exposeString('username', { description: 'The CoBrowser username (without account postfix).' }),
    displayName: t.string({
      description: 'First and last name as CoBrowser has them (else the username).',
      resolve: (a) => [a.firstName, a.lastName].filter(Boolean).join(' ') || a.username,
    }),
    agent: t.field({
      type: AgentRef,
      nullable: true,
      description: 'The person holding this CoBrowser account.',
      resolve: (a, _args, ctx) => personForAccount(ctx, 'cobrowser', a.id),
    }),
    online: t.exposeBoolean('online', {
      description:
        'CoBrowser status is `online` (chat presence, per device: it flaps on reconnects). Not the same as signed in: ' +
        'a signed-in agent may have the status Offline.',
    }),
    signedIn: t.boolean({
      nullable: true,
      description:
        "Signed in to CoBrowser (listed by its signed-in agents list, whatever the status, Offline included). Null when the row comes from the full agent list, which does not say.",
      resolve: (a) => a.signedIn ?? null,
    }),
    rawStatus: t.string({ description: "CoBrowser's own status word.", resolve: (a) => a.rawStatus ?? (a.online ? 'online' : 'offline') }),
    lastActiveAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Last activity at CoBrowser.',
      resolve: (a) => a.lastActiveAt,
    }),
    slots: t.exposeInt('slots', { description: 'Conversations the agent may hold at once.' }),
    freeSlots: t.exposeInt('freeSlots', { description: 'Slots free now.' }),
    hasFreeSlot: t.exposeBoolean('hasFreeSlot', { description: 'At least one slot is free.' }),
    openChats: t.exposeInt('openChats', { description: 'Chats open now.' }),
    closedChats: t.exposeInt('closedChats', { description: 'Chats closed or offline.' }),
    averageSlotDurations: t.field({
      type: SlotDurationsRef,
      description: 'Average slot durations (seconds).',
      resolve: (a) => a.avgSlotSeconds,
    }),
    minimumSlotDurations: t.field({
      type: SlotDurationsRef,
      description: 'Minimal slot durations (seconds).',
      resolve: (a) => a.minSlotSeconds,
    }),
    maximumSlotDurations: t.field({
      type: SlotDurationsRef,
      description: 'Maximal slot durations (seconds).',
      resolve: (a) => a.maxSlotSeconds,
    }),
  }),
});

builder.node(AgentRef, {
  description:
    'A person working in the contact center, linked across vendors (identity file, then shared email). ' +
    'Fields backed by a vendor are null when the person has no account there or the vendor is unavailable.',
  id: nodeId('Agent', (p) => p.key),
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'linkedBy' in v && 'accounts' in v,
  loadMany: async (keys, ctx) => {
    const { directory } = await ctx.loaders.identity();
    return keys.map((k) => directory.get(k) ?? null);
  },
  fields: (t) => ({
    key: t.exposeString('key', {
      description: 'Stable person key: the identity file key, else `email:<address>` or `<vendor>:<account id>`.',
    }),
    name: t.exposeString('name', { description: 'Display name (identity file, else the first vendor reporting it).' }),
    email: t.exposeString('email', { nullable: true, description: 'Email address, when any source knows one.' }),
    linkedBy: t.field({
      type: LinkedByEnum,
      description: "How this person's accounts were linked.",
      resolve: (p) => p.linkedBy,
    }),
    accounts: t.field({
      type: [VendorAccountRef],
      description: 'Accounts at each vendor, with vendor-native ids (vendor precedence order).',
      complexity: listOf(LIST_BOUNDS.accounts),
      resolve: (p) =>
        VENDORS.flatMap((vendor): AccountShape[] => {
          const id = p.accounts[vendor];
          return id === undefined ? [] : [{ vendor, id, person: p }];
        }),
    }),
    state: t.field({
      type: AgentStateEnum,
      nullable: true,
      description:
        'Normalized state (Sinch). Null without a Sinch account, or when Sinch is unavailable and no last good ' +
        'snapshot is young enough (see `stale`).',
      resolve: (p, _a, ctx) => fromLiveAgent(p, ctx, (a) => a?.state ?? null),
    }),
    rawStatus: t.string({
      nullable: true,
      description: "The vendor's own status words, e.g. `Ready/Busy/Talking_Inbound` (Sinch).",
      resolve: (p, _a, ctx) => fromLiveAgent(p, ctx, (a) => a?.rawStatus ?? null),
    }),
    stateDurationMs: t.float({
      nullable: true,
      description: 'How long the agent had been in the current state (ms) at `liveAsOf` (this request, unless stale).',
      resolve: (p, _a, ctx) => fromLiveAgent(p, ctx, (a) => a?.stateDurationMs ?? null),
    }),
    stateSince: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the current state began: `liveAsOf` minus `stateDurationMs`.',
      resolve: async (p, _a, ctx) => {
        const served = await liveSinchAgentOf(p, ctx);
        const a = served?.value;
        return served && a ? new Date(served.asOf.getTime() - a.stateDurationMs) : null;
      },
    }),
    ready: t.boolean({
      nullable: true,
      description: "Sinch's ready flag (true = Ready).",
      resolve: (p, _a, ctx) => fromLiveAgent(p, ctx, (a) => a?.ready ?? null),
    }),
    presence: t.field({
      type: PresenceRef,
      nullable: true,
      description: 'The current presence profile (Sinch); null when logged out or unknown.',
      resolve: (p, _a, ctx) =>
        fromLiveAgent(p, ctx, (a) => {
          if (!a?.presenceProfileId || !a.presenceProfileName) return null;
          return {
            id: a.presenceProfileId,
            name: a.presenceProfileName,
            reason: null,
            type: a.presenceProfileType,
            priority: null,
            current: true,
          };
        }),
    }),
    presenceDurationMs: t.float({
      nullable: true,
      description: 'How long the current presence profile has been on (ms).',
      resolve: (p, _a, ctx) => fromLiveAgent(p, ctx, (a) => a?.presenceDurationMs ?? null),
    }),
    presenceProfiles: t.field({
      type: [PresenceRef],
      nullable: true,
      description: 'Presence profiles the agent may choose (one Sinch call per agent: select it for few agents).',
      complexity: perItemCall(LIST_BOUNDS.presenceProfiles),
      resolve: async (p, _a, ctx) => {
        const id = p.accounts.sinch;
        if (!id || !ctx.services.connectors.sinch) return null;
        const [agent, profiles] = await Promise.all([ctx.loaders.sinchAgent.load(id), ctx.loaders.presences.load(id)]);
        return profiles.map((pr) => toPresenceShape(pr, agent?.presenceProfileId ?? null));
      },
    }),
    queues: t.field({
      type: [QueueMembershipRef],
      nullable: true,
      description: "The agent's Sinch queue memberships with serving flag and today's handled counts.",
      complexity: listOf(LIST_BOUNDS.agentQueues),
      resolve: (p, _a, ctx) => fromLiveAgent(p, ctx, (a) => a?.queues ?? null),
    }),
    handledContacts: t.field({
      type: HandledContactsRef,
      nullable: true,
      description: 'Contacts handled today (Sinch).',
      resolve: (p, _a, ctx) => fromLiveAgent(p, ctx, (a) => a?.handled ?? null),
    }),
    activeContacts: t.field({
      type: ActiveContactsRef,
      nullable: true,
      description: 'Contacts in hand right now (Sinch).',
      resolve: (p, _a, ctx) => fromLiveAgent(p, ctx, (a) => a),
    }),
    chatSlots: t.field({
      type: ChatSlotsRef,
      nullable: true,
      description:
        'Chat slot figures (CoBrowser). Null without a CoBrowser account; while CoBrowser is unavailable, its last ' +
        'good figures (see `stale`), else null.',
      resolve: async (p, _a, ctx) => (await liveChatAgentOf(p, ctx))?.value ?? null,
    }),
    liveAsOf: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'When the live fields (state, presence, queues, contacts from Sinch; chat slots from CoBrowser) were read: ' +
        'the request time, or the oldest last good read when `stale`. Null when no live source has the agent.',
      resolve: async (p, _a, ctx) => {
        const times = (await liveSources(p, ctx)).map((s) => s.asOf.getTime());
        return times.length ? new Date(Math.min(...times)) : null;
      },
    }),
    stale: t.boolean({
      description:
        'True when a vendor behind the live fields is unavailable and they show its last good data (see `liveAsOf`; ' +
        'a VENDOR_UNAVAILABLE error with `stale: true` accompanies it). False when every live field was read now.',
      resolve: async (p, _a, ctx) => (await liveSources(p, ctx)).some((s) => s.stale),
    }),
  }),
});

// Federation entity (subgraph mode, src/federation): other subgraphs reference and extend Agent by its `id`.
builder.asEntity(AgentRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: async ({ id }, ctx) => {
    const person = (await ctx.loaders.identity()).directory.get(entityIdOf('Agent', id));
    // A copy: @apollo/subgraph tags what it gets with `__typename`, and this object is the shared directory's.
    return person ? { ...person } : null;
  },
});

// ---------------------------------------------------------------------------------------------------------
// Root fields

const AgentFilter = builder.inputType('AgentFilter', {
  description: 'Narrows the agent list. Criteria combine with AND; list criteria match any of their values.',
  fields: (t) => ({
    states: t.field({ type: [AgentStateEnum], description: 'Agents in any of these states (needs Sinch).' }),
    vendors: t.field({ type: [VendorEnum], description: 'Agents with an account at any of these vendors.' }),
    queueId: t.id({ description: 'Members of this queue (a Queue ID; needs Sinch).' }),
    text: t.string({ description: 'Case-insensitive substring of the name, email or key.' }),
  }),
});

/** Agent fields served from the person's live Sinch row (see `fromLiveAgent`). */
const SINCH_LIVE_FIELDS: ReadonlySet<string> = new Set([
  'state',
  'rawStatus',
  'stateDurationMs',
  'stateSince',
  'ready',
  'presence',
  'presenceDurationMs',
  'queues',
  'handledContacts',
  'activeContacts',
  'liveAsOf',
  'stale',
]);

builder.queryFields((t) => ({
  agents: t.connection(
    {
      type: AgentRef,
      nullable: true,
      description:
        'Everyone in the contact center, sorted by name. At most 100 per page. ' +
        'If a vendor could not be asked for its accounts, the list is partial and a VENDOR_UNAVAILABLE error says which.',
      args: { filter: t.arg({ type: AgentFilter, description: 'Optional criteria.' }) },
      // The people directory is cached; filtering by state or queue reads Sinch's agent list once.
      complexity: (args) =>
        connectionCost(args.filter?.states?.length || args.filter?.queueId ? 1 + VENDOR_CALL : 1)(args),
      resolve: async (_root, args, ctx, info) => {
        validateConnectionArgs(args);
        const filter = args.filter;
        const queueId = filter?.queueId ? decodeIDFor('Queue', String(filter.queueId), 'filter.queueId') : null;
        const { directory } = await ctx.loaders.identity();
        // Already in list order; filters keep it.
        let people = directory.byName;
        if (filter?.vendors?.length) {
          const vendors = new Set<VendorName>(filter.vendors);
          people = people.filter((p) => VENDORS.some((v) => vendors.has(v) && p.accounts[v] !== undefined));
        }
        if (filter?.text) {
          const needle = filter.text.toLowerCase();
          people = people.filter((p) =>
            [p.name, p.email ?? '', p.key].some((s) => s.toLowerCase().includes(needle)),
          );
        }
        if (filter?.states?.length || queueId) {
          const states = new Set<AgentState>(filter?.states?.length ? filter.states : AGENT_STATES);
          const agents = ctx.services.connectors.sinch ? await ctx.loaders.allSinchAgents() : [];
          const matching = new Set(
            agents
              .filter((a) => states.has(a.state) && (!queueId || a.queues.some((q) => q.queueId === queueId)))
              .map((a) => a.id),
          );
          people = people.filter((p) => p.accounts.sinch !== undefined && matching.has(p.accounts.sinch));
        }
        const page = pageOf(people, args);
        // The page's Sinch rows are read before its fields ask (one batch, as before): each live field then
        // resolves at once instead of chaining a promise of its own, hundreds of them on a dashboard.
        if (ctx.services.connectors.sinch && selectsAnyBelow(info, SINCH_LIVE_FIELDS)) {
          await Promise.allSettled(
            page.edges.flatMap(({ node }) => (node.accounts.sinch ? [ctx.loaders.liveSinchAgent(node.accounts.sinch)] : [])),
          );
        }
        return page;
      },
    },
    {
      name: 'AgentConnection',
      description: 'A page of agents.',
      fields: (c) => ({
        totalCount: c.int({
          description: 'Agents matching the filter, across all pages.',
          complexity: 0,
          resolve: (conn) => (conn as unknown as { totalCount: number }).totalCount,
        }),
      }),
    },
    { name: 'AgentEdge', description: 'An agent and its cursor.' },
  ),
  agent: t.field({
    type: AgentRef,
    nullable: true,
    description: 'One person by Agent ID; null when unknown.',
    args: { id: t.arg.id({ required: true, description: 'An Agent ID.' }) },
    resolve: async (_root, args, ctx) => {
      const key = decodeIDFor('Agent', String(args.id));
      return (await ctx.loaders.identity()).directory.get(key) ?? null;
    },
  }),
}));
