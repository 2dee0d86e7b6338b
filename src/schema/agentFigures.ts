/**
 * Agent figures a supervisor reads beside the state: today's times and ratios (Sinch `/agents`), capacity per
 * channel with active counts (Sinch `/userStatuses`) and what the gateway may steer. Formulas live in domain/kpi.ts.
 */
import { loggedInMs, occupancy, utilization } from '../domain/kpi.js';
import type { Person, SinchAgent, SinchUserStatus } from '../domain/model.js';
import { builder } from './builder.js';
import { listOf } from './cost.js';
import type { GraphQLContext } from './context.js';
import { AgentRef } from './refs.js';

/** The person's live Sinch row (stale while Sinch is down), or null without one. */
async function agentRow(p: Person, ctx: GraphQLContext): Promise<SinchAgent | null> {
  const id = p.accounts.sinch;
  if (!id || !ctx.services.connectors.sinch) return null;
  return (await ctx.loaders.liveSinchAgent(id)).value;
}

const AgentDayRef = builder.objectRef<SinchAgent>('AgentDay').implement({
  description:
    "An agent's day so far, from Sinch statistics since local midnight (CCGRAPH_TIMEZONE). Times in ms, ratios 0–1.",
  fields: (t) => ({
    readyMs: t.exposeFloat('readyMs', { description: 'Time in Ready status (Sinch `readyTime`).' }),
    notReadyMs: t.exposeFloat('notReadyMs', { description: 'Time in Not Ready status (Sinch `notReadyTime`).' }),
    pauseMs: t.exposeFloat('pauseMs', { description: 'Time in Pause status (Sinch `pauseTime`).' }),
    loggedInMs: t.float({ description: 'readyMs + notReadyMs + pauseMs.', resolve: (a) => loggedInMs(a) }),
    handlingMs: t.exposeFloat('totalHandlingMs', { description: 'Time handling contacts (Sinch `totalHandlingDuration`).' }),
    wrapUpMs: t.exposeFloat('totalWrapUpMs', { description: 'Time in wrap-up (Sinch `totalWrapupDuration`).' }),
    occupancy: t.float({
      nullable: true,
      description:
        '(handlingMs + wrapUpMs) / readyMs: share of ready time spent on contacts. Null when readyMs = 0; can exceed 1 ' +
        'when contacts were handled outside Ready.',
      resolve: (a) => occupancy(a),
    }),
    utilization: t.float({
      nullable: true,
      description: '(handlingMs + wrapUpMs) / loggedInMs: share of logged-in time spent on contacts. Null when loggedInMs = 0.',
      resolve: (a) => utilization(a),
    }),
    pauseAllowanceMs: t.float({
      nullable: true,
      description: 'Configured daily pause time (Sinch `dailyPauseDuration`); null when Sinch does not send it.',
      resolve: (a) => a.dailyPauseAllowanceMs,
    }),
    pauseAllowanceLeftMs: t.float({
      nullable: true,
      description: 'pauseAllowanceMs − pauseMs (negative when over); null without an allowance.',
      resolve: (a) => (a.dailyPauseAllowanceMs === null ? null : a.dailyPauseAllowanceMs - a.pauseMs),
    }),
    workAllowanceMs: t.float({
      nullable: true,
      description: 'Configured daily work time (Sinch `dailyWorkDuration`); null when Sinch does not send it.',
      resolve: (a) => a.dailyWorkAllowanceMs,
    }),
  }),
});

interface ChannelCapacityShape {
  channel: string;
  capacity: number;
  active: number;
  activeInbound: number;
  activeOutbound: number;
}

const ChannelCapacityRef = builder.objectRef<ChannelCapacityShape>('ChannelCapacity').implement({
  description: 'How many contacts of one medium an agent may hold at once, and holds now (Sinch `/userStatuses`).',
  fields: (t) => ({
    channel: t.exposeString('channel', { description: '`PHONE`, `TEXT_CHAT`, `VIDEO_CHAT` or `TASK` (emails and other tasks).' }),
    capacity: t.exposeInt('capacity', { description: 'Simultaneous contacts allowed.' }),
    active: t.exposeInt('active', { description: 'Contacts held now (inbound + outbound).' }),
    activeInbound: t.exposeInt('activeInbound', { description: 'Inbound contacts held now.' }),
    activeOutbound: t.exposeInt('activeOutbound', { description: 'Outbound contacts held now.' }),
    free: t.int({ description: 'capacity − active, at least 0.', resolve: (c) => Math.max(0, c.capacity - c.active) }),
  }),
});

const cap = (channel: string, capacity: number, inbound: number, outbound: number): ChannelCapacityShape => ({
  channel,
  capacity,
  active: inbound + outbound,
  activeInbound: inbound,
  activeOutbound: outbound,
});

/** userStatuses counters by medium. Phone: inbound + operator-direct; outbound: plain, campaign and callback calls. */
function capacities(u: SinchUserStatus): ChannelCapacityShape[] {
  return [
    cap('PHONE', u.phoneCapacity, u.activeInboundCalls + u.activeInboundOperatorDirectCalls, u.activeOutboundCalls + u.activeOutboundCampaignCalls + u.activeOutboundCallbackCalls),
    cap('TEXT_CHAT', u.textChatCapacity, u.activeInboundChats, 0),
    cap('VIDEO_CHAT', u.videoChatCapacity, u.activeInboundVideoChats, 0),
    cap('TASK', u.taskCapacity, u.activeInboundEmails, u.activeOutboundEmails),
  ];
}

const ActiveContactCountsRawRef = builder.objectRef<SinchUserStatus>('UserStatusCounters').implement({
  description: "Sinch `/userStatuses` counters of an agent as sent (the vendor's own breakdown).",
  fields: (t) => ({
    status: t.exposeString('status', { description: "Sinch's status word." }),
    activeInboundCalls: t.exposeInt('activeInboundCalls', { description: '`activeIbCallCnt`.' }),
    activeInboundOperatorDirectCalls: t.exposeInt('activeInboundOperatorDirectCalls', { description: '`activeIbOperDirCallCnt`.' }),
    activeInboundChats: t.exposeInt('activeInboundChats', { description: '`activeIbChatCnt`.' }),
    activeInboundVideoChats: t.exposeInt('activeInboundVideoChats', { description: '`activeIbVideoChatCnt`.' }),
    activeInboundEmails: t.exposeInt('activeInboundEmails', { description: '`activeIbEmailCnt`.' }),
    activeOutboundCalls: t.exposeInt('activeOutboundCalls', { description: '`activeObCallCnt`.' }),
    activeOutboundCampaignCalls: t.exposeInt('activeOutboundCampaignCalls', { description: '`activeObCampaignCallCnt`.' }),
    activeOutboundCallbackCalls: t.exposeInt('activeOutboundCallbackCalls', { description: '`activeObCbrCallCnt`.' }),
    activeOutboundEmails: t.exposeInt('activeOutboundEmails', { description: '`activeObEmailCnt`.' }),
  }),
});

const AgentSteeringRef = builder.objectRef<SinchAgent>('AgentSteering').implement({
  description: "What the API user may change for this agent in Sinch (the agent's `manageable` rights).",
  fields: (t) => ({
    readyState: t.exposeBoolean('manageable', { description: 'Ready state and queue logins (Sinch `manageable`).' }),
    presence: t.exposeBoolean('manageablePresence', { description: 'Presence profile (Sinch `manageablePresence`).' }),
  }),
});

async function userStatusOf(p: Person, ctx: GraphQLContext): Promise<SinchUserStatus | null> {
  const id = p.accounts.sinch;
  if (!id || !ctx.services.connectors.sinch) return null;
  return (await ctx.loaders.userStatuses()).get(id) ?? null;
}

builder.objectFields(AgentRef, (t) => ({
  today: t.field({
    type: AgentDayRef,
    nullable: true,
    description: 'Times and ratios of the day so far (Sinch); null without a Sinch account.',
    resolve: (p, _a, ctx) => agentRow(p, ctx),
  }),
  canSteer: t.field({
    type: AgentSteeringRef,
    nullable: true,
    description: 'Whether the gateway may change this agent at Sinch (ready state, presence); null without a Sinch account.',
    resolve: (p, _a, ctx) => agentRow(p, ctx),
  }),
  contactHandlingStatusDurationMs: t.float({
    nullable: true,
    description: 'How long in the current contact handling status (ms; Sinch `contactHandlingStatusDuration`).',
    resolve: async (p, _a, ctx) => (await agentRow(p, ctx))?.contactHandlingStatusMs ?? null,
  }),
  oldestActiveContactMs: t.float({
    nullable: true,
    description: 'Age of the oldest contact in hand (ms; Sinch `activeContactDuration`).',
    resolve: async (p, _a, ctx) => (await agentRow(p, ctx))?.oldestActiveContactMs ?? null,
  }),
  capacity: t.field({
    type: [ChannelCapacityRef],
    nullable: true,
    description: 'Capacity per medium with contacts in hand now (Sinch `/userStatuses`, one call per request).',
    complexity: listOf(4),
    resolve: async (p, _a, ctx) => {
      const u = await userStatusOf(p, ctx);
      return u ? capacities(u) : null;
    },
  }),
  userStatusCounters: t.field({
    type: ActiveContactCountsRawRef,
    nullable: true,
    description: 'Every Sinch `/userStatuses` active counter as sent; null without a Sinch account.',
    resolve: (p, _a, ctx) => userStatusOf(p, ctx),
  }),
}));
