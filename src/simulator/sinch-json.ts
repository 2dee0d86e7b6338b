/**
 * Sinch RMI JSON as the vendor doc shows it, from the model: agents (with `queues: {queue: [...]}` nesting and
 * `reportingGroupid`), user statuses, queue statuses, contacts and their events, contact summaries, queue groups.
 * Pure functions of the model; the routes in `sinch.ts` choose, filter and page.
 */
import { guidOf } from './rng.js';
import {
  userStatusOf,
  type IntervalCounters,
  type SimAgent,
  type SimContact,
  type SimMembership,
  type SimModel,
  type SimQueue,
} from './model.js';

export type Json = Record<string, unknown>;

const iso = (ms: number) => new Date(ms).toISOString();
const APPLICATION_ID = '8904FC834D01423291AEA278E226CE1B';

export function readyFlag(a: SimAgent): boolean {
  const u = userStatusOf(a.state);
  return u === 'Ready' && a.afterWork !== 'NotReady' && a.afterWork !== 'Pause';
}

export function availability(a: SimAgent): 'LoggedOut' | 'Away' | 'Busy' | 'Free' {
  switch (a.state) {
    case 'LoggedOut':
      return 'LoggedOut';
    case 'Ready':
      return 'Free';
    // Wrap-up: not free, handling nothing (`Waiting`, no active contact). The RMI has no wrap-up word for agents.
    case 'Busy':
    case 'WrapUp':
      return 'Busy';
    default:
      return 'Away';
  }
}

function handlingStatus(a: SimAgent): string {
  if (a.state !== 'Busy' || !a.contact) return 'Waiting';
  return a.contact.channel === 'PHONE'
    ? 'Talking_Inbound'
    : a.contact.channel === 'CHAT'
      ? 'Chatting_Inbound'
      : 'Emailing_Inbound';
}

export function agentQueueJson(m: SimMembership): Json {
  return {
    id: m.queue.id,
    name: m.queue.name,
    type: m.queue.type,
    serving: m.serving,
    externalServing: m.externalServing,
    canChangeQueueLogin: m.canChangeQueueLogin,
  };
}

function agentQueuesJson(a: SimAgent, showQueueInfo: number): Json | undefined {
  const mode = showQueueInfo > 3 ? showQueueInfo - 3 : showQueueInfo;
  if (mode <= 0) return undefined;
  const queue = a.memberships.map((m): Json => {
    const q = m.queue;
    if (mode === 3) {
      return {
        id: q.id, name: q.name, type: q.type,
        serving: m.serving, externalServing: m.externalServing, canChangeQueueLogin: m.canChangeQueueLogin,
        handledContactsCallIn: m.handledCallIn, handledContactsCallOut: m.handledCallOut,
        handledContactsChatIn: m.handledChatIn, handledContactsEmailIn: m.handledEmailIn,
        handlingDuration: m.handlingMs, wrapUpDuration: m.wrapUpMs,
      };
    }
    if (mode === 2) {
      return {
        id: q.id, name: q.name, type: q.type,
        serving: m.serving, externalServing: m.externalServing, canChangeQueueLogin: m.canChangeQueueLogin,
      };
    }
    return {
      id: q.id, name: q.name, type: q.type,
      handledContactsCallIn: m.handledCallIn, handledContactsCallOut: m.handledCallOut,
      handledContactsChatIn: m.handledChatIn, handledContactsEmailIn: m.handledEmailIn,
      handlingDuration: m.handlingMs, wrapUpDuration: m.wrapUpMs,
    };
  });
  return { queue };
}

/** One object literal per shape (logged in / out) keeps serialization of 5,000 agents fast. */
export function agentJson(model: SimModel, a: SimAgent, showQueueInfo: number): Json {
  const now = model.nowMs();
  const queues = agentQueuesJson(a, showQueueInfo);
  // The vendor sends the internal number as an int for some users.
  const number = a.index % 3 === 0 ? a.number : String(a.number);
  if (a.state === 'LoggedOut') {
    // As the doc's "Wolf, Jane": the logged-in-only fields are left out. The shared fields are written out in both
    // literals: spreading a common object made the 5,000-agent list several times slower to build.
    const o: Json = {
      id: a.id,
      name: a.name,
      reportingGroupid: a.reportingGroup.id,
      reportingGroupName: a.reportingGroup.name,
      number,
      mobileNumber: a.mobileNumber,
      externalNumber: a.mobileNumber,
      location: a.location,
      manageable: a.manageable,
      manageablePresence: a.manageable,
      chatName: a.name,
      chat: a.email,
      email: a.email,
      userStatus: 'LoggedOut',
      userStatusDuration: now - a.userStatusSinceMs,
      userReadyStatus: false,
      availability: 'LoggedOut',
      dailyPauseDuration: 1_800_000,
      dailyWorkDuration: 30_600_000,
    };
    if (queues) o.queues = queues;
    return o;
  }
  const s = model.statsNow(a);
  const c = a.state === 'Busy' || a.state === 'WrapUp' ? a.contact : null;
  const totalIn = s.callIn + s.chatIn + s.emailIn;
  const o: Json = {
    id: a.id,
    name: a.name,
    reportingGroupid: a.reportingGroup.id,
    reportingGroupName: a.reportingGroup.name,
    number,
    mobileNumber: a.mobileNumber,
    externalNumber: a.mobileNumber,
    location: a.location,
    manageable: a.manageable,
    manageablePresence: a.manageable,
    chatName: a.name,
    chat: a.email,
    email: a.email,
    userStatus: userStatusOf(a.state),
    userStatusDuration: now - a.userStatusSinceMs,
    userReadyStatus: readyFlag(a),
    contactHandlingStatus: handlingStatus(a),
    contactHandlingStatusDuration: now - a.stateSinceMs,
    profileId: a.presence.id,
    profile: a.presence.name,
    profileDuration: now - a.presenceSinceMs,
    profileType: a.presence.type,
    availability: availability(a),
    dailyPauseDuration: 1_800_000,
    dailyWorkDuration: 30_600_000,
    activePhoneContacts: c?.channel === 'PHONE' ? 1 : 0,
    activeChatContacts: c?.channel === 'CHAT' ? 1 : 0,
    activeEmailContacts: c?.channel === 'EMAIL' ? 1 : 0,
    activeContactDuration: c?.connectMs ? now - c.connectMs : 0,
    chatCapacity: a.chatCapacity,
    handledContactsCallIn: s.callIn,
    handledContactsChatIn: s.chatIn,
    handledContactseEmailIn: s.emailIn,
    handledContactsCbrIn: 0,
    handledContactsTotalIn: totalIn,
    handledContactsCallOut: 0,
    handledContactsChatOut: 0,
    handledContactsEmailOut: 0,
    handledContactsTotalOut: 0,
    handledContactsTotal: totalIn,
    totalHandlingDuration: s.handlingMs,
    totalWrapupDuration: s.wrapUpMs,
    readyTime: s.readyMs,
    notReadyTime: s.notReadyMs,
    pauseTime: s.pauseMs,
  };
  if (queues) o.queues = queues;
  return o;
}

export function userStatusJson(a: SimAgent): Json {
  const c = a.state === 'Busy' || a.state === 'WrapUp' ? a.contact : null;
  const status = a.state === 'Ready' ? 'Ready' : a.state;
  return {
    activeIbCallCnt: c?.channel === 'PHONE' ? 1 : 0,
    activeIbChatCnt: c?.channel === 'CHAT' ? 1 : 0,
    activeIbEmailCnt: c?.channel === 'EMAIL' ? 1 : 0,
    activeIbOperDirCallCnt: 0,
    activeIbVideoChatCnt: 0,
    activeObCallCnt: 0,
    activeObCampaignCallCnt: 0,
    activeObCbrCallCnt: 0,
    activeObEmailCnt: 0,
    id: a.id,
    name: a.name,
    phoneCapacity: a.state === 'LoggedOut' ? 0 : 1,
    status,
    taskCapacity: a.chatCapacity + 1,
    textChatCapacity: a.chatCapacity,
    videoChatCapacity: 0,
  };
}

export function queueStatusJson(model: SimModel, q: SimQueue, counts: number[]): Json {
  const now = model.nowMs();
  const oldest = q.waiting[0];
  const o: Json = {
    id: q.id,
    name: q.name,
    type: q.type,
    inQueue: q.waiting.length,
    waitingDurationMax: oldest ? now - oldest.arrivalQueueMs : 0,
  };
  // The vendor leaves out the "current" pair for some queues (the doc's third example): email queues here.
  if (q.channel !== 'EMAIL') {
    o.inQueueCurrent = q.waiting.length;
    o.waitingDurationCurrentMax = oldest ? now - oldest.arrivalQueueMs : 0;
  }
  const [serving, free, busy, wrap, notReady, pause] = counts;
  Object.assign(o, {
    agentsServing: serving,
    agentsFree: free,
    agentsBusy: busy,
    agentsNotReady: notReady,
    agentsPause: pause,
    agentsWrapUp: wrap,
  });
  return o;
}

/** Per queue: [serving, free, busy, wrapUp, notReady, pause] among logged-in agents serving it. */
export function queueCounts(model: SimModel): number[][] {
  const counts = model.queues.map(() => [0, 0, 0, 0, 0, 0]);
  for (const a of model.agents) {
    if (a.state === 'LoggedOut') continue;
    const slot =
      a.state === 'Ready' ? 1 : a.state === 'Busy' ? 2 : a.state === 'WrapUp' ? 3 : a.state === 'NotReady' ? 4 : 5;
    for (const m of a.memberships) {
      if (!m.serving) continue;
      const c = counts[m.queue.index]!;
      c[0]!++;
      c[slot]!++;
    }
  }
  return counts;
}

export function contactJson(model: SimModel, c: SimContact): Json {
  const now = model.nowMs();
  const q = c.queue;
  const queueEnd = c.queueEndMs ?? now;
  const handling = c.connectMs === null ? 0 : (c.disconnectMs ?? now) - c.connectMs;
  const wrap = c.wrapUpBeginMs === null ? 0 : (c.wrapUpEndMs ?? now) - c.wrapUpBeginMs;
  const o: Json = {
    id: c.id,
    queueId: q.id,
    queueName: q.name,
    origQueueId: q.id,
    origQueueName: q.name,
    queueLoginType: 'AutoAllocation',
    applicationId: APPLICATION_ID,
    applicationName: 'ContactCenter',
  };
  if (c.agent) {
    o.agentId = c.agent.id;
    o.agentName = c.agent.name;
    // The doc's email example spells it `reportingGroupid`; the simulator does the same for email contacts.
    o[c.channel === 'EMAIL' ? 'reportingGroupid' : 'reportingGroupId'] = c.agent.reportingGroup.id;
    o.reportingGroupName = c.agent.reportingGroup.name;
  }
  Object.assign(o, {
    contactGroupId: c.groupId,
    source: c.source,
    destination: c.destination,
    arrivalTime: iso(c.arrivalMs),
    arrivalQueueTime: iso(c.arrivalQueueMs),
  });
  if (c.connectMs !== null) o.connectTime = iso(c.connectMs);
  if (c.disconnectMs !== null) o.disconnectTime = iso(c.disconnectMs);
  if (c.wrapUpBeginMs !== null) o.wrapUpBeginTime = iso(c.wrapUpBeginMs);
  if (c.wrapUpEndMs !== null) o.wrapUpEndTime = iso(c.wrapUpEndMs);
  o.queuingDuration = queueEnd - c.arrivalQueueMs;
  o.handlingDuration = handling;
  o.wrapUpTotalDuration = wrap;
  if (c.wrapUpEndMs !== null) {
    o.wrapUpScriptingDuration = Math.round(wrap * 0.7);
    o.wrapUpRestingDuration = wrap - Math.round(wrap * 0.7);
  }
  Object.assign(o, {
    totalDuration: (c.disconnectMs ?? now) - c.arrivalMs,
    serviceClosed: false,
    waitingDuration: queueEnd - c.arrivalQueueMs,
    status: c.status,
    channel: c.channel,
    type: c.type,
  });
  if (c.channel === 'CHAT') o.subtype = 'text';
  if (c.record !== null) o.record = c.record;
  o.answeredOnTimeThreshold = q.aotSeconds;
  o.falseAttemptTimeThreshold = q.faSeconds;
  if (c.subject !== null) o.subject = c.subject;
  return o;
}

export function contactEvents(c: SimContact): Json[] {
  const q = c.queue.name;
  const agent = c.agent?.name ?? '';
  const ev: Array<[number, string, string, string]> = [[c.arrivalQueueMs, 'Queing', q, '']];
  if (c.connectMs !== null) {
    ev.push([c.connectMs, 'DestAllocated', agent, q]);
    ev.push([c.connectMs, 'ConnectedToOper', agent, q]);
    ev.push([c.connectMs, 'DestUnAllocated', q, 'Connected']);
  }
  if (c.disconnectMs !== null) ev.push([c.disconnectMs, 'Disconnected', c.connectMs === null ? ';1' : ';0', q]);
  return ev.map(([t, event, value1, value2], i) => ({
    id: guidOf(c.id, 'event', i),
    time: iso(t),
    event,
    value1,
    value2,
  }));
}

const summaryStamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export function summaryJson(q: SimQueue, startMs: number, c: IntervalCounters): Json {
  return {
    applicationId: APPLICATION_ID,
    applicationName: 'ContactCenter',
    changeTimeStamp: iso(c.changedMs),
    // The vendor's own format has two fraction digits here.
    hourTime: iso(startMs).replace(/\.\d{3}Z$/, '.00Z'),
    id: `${q.id}${summaryStamp(startMs)}`,
    inAbandoned: c.abandoned,
    inAnsweredOnTime: c.answeredOnTime,
    inArrivedHandled: c.arrivedHandled,
    inArrivedActive: c.arrivedActive,
    inFalseAttempt: c.falseAttempts,
    inHandleTimeMax: c.handleTimeMax,
    inHandleTimeTotal: c.handleTimeTotal,
    inHandled: c.handled,
    inQueueTimeMax: c.queueTimeMax,
    inAnsweredQueueTimeTotal: c.answeredQueueTimeTotal,
    inAbandonedQueueTimeTotal: c.abandonedQueueTimeTotal,
    inFalseAttemptQueueTimeTotal: c.falseAttemptQueueTimeTotal,
    inServiceClosed: c.serviceClosed,
    outHandleTimeMax: c.outHandleTimeMax,
    outHandleTimeTotal: c.outHandleTimeTotal,
    outHandled: c.outHandled,
    queueId: q.id,
    queueName: q.name,
    type: q.type,
  };
}

interface QueueGroupDef {
  id: string;
  name: string;
  queues: SimQueue[];
}

export function queueGroups(model: SimModel): QueueGroupDef[] {
  const sales = model.queues.filter((q) => q.index % 2 === 1);
  const service = model.queues.filter((q) => q.index % 2 === 0);
  const groups: QueueGroupDef[] = [];
  if (sales.length) groups.push({ id: guidOf(model.seed, 'queue-group', 0), name: 'Sales queues', queues: sales });
  if (service.length) {
    groups.push({ id: guidOf(model.seed, 'queue-group', 1), name: 'Customer service queues', queues: service });
  }
  groups.push({ id: 'ALL_QUEUES', name: 'ALL_QUEUES', queues: model.queues });
  return groups;
}

function thresholdsJson(q: SimQueue): Json {
  // Email queues carry only service-level thresholds, like the doc's "B2C Service" queue.
  if (q.channel === 'EMAIL') return { serviceLevelCriticalLevel: 20, serviceLevelWarningLevel: 50 };
  const phone = q.channel === 'PHONE';
  return {
    freeAgentCriticalLevel: 0,
    freeAgentWarningLevel: 1,
    interactionsCriticalLevel: phone ? 5 : 8,
    interactionsWarningLevel: phone ? 3 : 5,
    maxWaitTimeCriticalLevel: phone ? 120_000 : 300_000,
    maxWaitTimeWarningLevel: phone ? 60_000 : 120_000,
    servingAgentCriticalLevel: 1,
    servingAgentWarningLevel: 2,
    serviceLevelCriticalLevel: 60,
    serviceLevelWarningLevel: 80,
  };
}

export function queueGroupJson(g: QueueGroupDef, thresholds: boolean): Json {
  return {
    id: g.id,
    name: g.name,
    queues: {
      queue: g.queues.map((q) => ({ id: q.id, name: q.name, type: q.type, ...(thresholds ? thresholdsJson(q) : {}) })),
    },
  };
}
