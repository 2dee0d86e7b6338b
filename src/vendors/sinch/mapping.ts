/**
 * Sinch Contact Center RMI JSON → domain. Tolerant of the documented quirks: ints as strings (`number: 201`),
 * `queues.queue` nesting (or a bare array / single object), `reportingGroupid`/`reportingGroupId`/`reportingGroup`,
 * `agentid`/`agentId`, `handledContactseEmailIn`, enum values in any case, and fields a logged-out agent lacks.
 */
import { z } from 'zod';
import type {
  AgentState,
  Channel,
  Contact,
  ContactEvent,
  Presence,
  QueueGroup,
  QueueIntervalSummary,
  QueueMembership,
  QueueStatus,
  SinchAgent,
  SinchUserStatus,
} from '../../domain/model.js';
import { CONTACT_STATUSES, PRESENCE_TYPES } from '../../domain/model.js';
import {
  bool,
  mapRows,
  rowsOf,
  boolOrNull,
  enumOf,
  int,
  intOrNull,
  isoDate,
  isoDateOrNull,
  numOrNull,
  objectOf,
  oneOrMany,
  str,
  strOrNull,
  text,
} from '../parse.js';

// Enum words are read as text and mapped: a word the docs do not list becomes OTHER/Other and never fails a row.
const channelEnum = enumOf(['PHONE', 'CHAT', 'EMAIL'] as const, { voice: 'PHONE', call: 'PHONE', mail: 'EMAIL' });
const toChannel = channelEnum.orOther('OTHER' as const);
const userStatusEnum = enumOf(['Ready', 'NotReady', 'Pause', 'LoggedOut'] as const, { paused: 'Pause', loggedoff: 'LoggedOut' });
const availabilityEnum = enumOf(['LoggedOut', 'Away', 'Busy', 'Free'] as const);
const presenceTypeEnum = enumOf(PRESENCE_TYPES.filter((t) => t !== 'OTHER'));
const toPresenceType = presenceTypeEnum.orOther('OTHER' as const);
const contactStatusEnum = enumOf(CONTACT_STATUSES.filter((t) => t !== 'Other'));

/** Vendor queue `type` for a PUT (the RMI spells it Phone/Email/Chat); an undocumented type goes back as it came. */
export function vendorQueueType(c: Channel, raw?: string): string {
  if (c === 'OTHER') return raw ?? 'Phone';
  return c === 'PHONE' ? 'Phone' : c === 'EMAIL' ? 'Email' : 'Chat';
}

const GUID = /^[0-9A-F]{32}$/i;

// ---------------------------------------------------------------------------------------------------------
// Queues of an agent

const agentQueueSchema = objectOf(
  {
    id: str(),
    name: text(),
    type: text(),
    serving: boolOrNull(),
    externalServing: boolOrNull(),
    canChangeQueueLogin: boolOrNull(),
    handledContactsCallIn: int(),
    handledContactsCallOut: int(),
    handledContactsChatIn: int(),
    handledContactsEmailIn: int(),
    handlingDuration: int(),
    wrapUpDuration: int(),
  },
  (q): QueueMembership => ({
    queueId: q.id,
    queueName: q.name,
    channel: toChannel(q.type),
    rawType: q.type,
    serving: q.serving,
    externalServing: q.externalServing,
    canChangeQueueLogin: q.canChangeQueueLogin,
    handledCallsIn: q.handledContactsCallIn,
    handledCallsOut: q.handledContactsCallOut,
    handledChatsIn: q.handledContactsChatIn,
    handledEmailsIn: q.handledContactsEmailIn,
    handlingMs: q.handlingDuration,
    wrapUpMs: q.wrapUpDuration,
  }),
);

// ---------------------------------------------------------------------------------------------------------
// Agents

// Alternative spellings seen in RMI payloads are fields of their own, merged in `toAgent`: copying every row to
// rename them was a fifth of the cost of parsing an agent list.
const agentSchema = objectOf({
  id: str(),
  name: text(),
  reportingGroupId: strOrNull(),
  reportingGroupid: strOrNull(),
  reportingGroupID: strOrNull(),
  reportingGroupName: strOrNull(),
  reportingGroup: strOrNull(),
  number: strOrNull(),
  mobileNumber: strOrNull(),
  location: strOrNull(),
  email: strOrNull(),
  manageable: bool(false),
  manageablePresence: bool(false),
  userStatus: text(),
  userStatusDuration: int(),
  userReadyStatus: boolOrNull(),
  contactHandlingStatus: strOrNull(),
  profileId: strOrNull(),
  profile: strOrNull(),
  profileDuration: numOrNull(),
  profileType: strOrNull(),
  availability: strOrNull(),
  activePhoneContacts: int(),
  activeChatContacts: int(),
  activeEmailContacts: int(),
  chatCapacity: int(),
  handledContactsCallIn: int(),
  handledContactsChatIn: int(),
  handledContactsEmailIn: intOrNull(),
  handledContactseEmailIn: intOrNull(),
  handledContactsCbrIn: int(),
  handledContactsTotalIn: int(),
  handledContactsCallOut: int(),
  handledContactsChatOut: int(),
  handledContactsEmailOut: int(),
  handledContactsTotalOut: int(),
  handledContactsTotal: int(),
  totalHandlingDuration: int(),
  totalWrapupDuration: intOrNull(),
  totalWrapUpDuration: intOrNull(),
  readyTime: int(),
  notReadyTime: int(),
  pauseTime: int(),
  contactHandlingStatusDuration: intOrNull(),
  activeContactDuration: intOrNull(),
  dailyPauseDuration: intOrNull(),
  dailyWorkDuration: intOrNull(),
  queues: oneOrMany(agentQueueSchema, 'queue'),
});

type RawAgent = z.infer<typeof agentSchema>;

/** The documented contactHandlingStatus words that mean a contact is being handled (all but `Waiting`). */
const HANDLING = /^(talking|chatting|emailing|dialing)_/i;

/**
 * The normalized state, from the documented words only (never from translated text such as the profile name).
 * `userStatus` decides: LoggedOut, Pause and NotReady are taken as they are. A Ready agent handling a contact
 * (a Talking/Chatting/Emailing/Dialing `contactHandlingStatus`; active contacts when that word is absent) is BUSY;
 * otherwise the
 * `availability` says: Free ⇒ AVAILABLE, Away ⇒ NOT_READY (present in an absence profile, not offered contacts),
 * Busy while handling nothing (`Waiting`, no active contact) ⇒ WRAP_UP (after-contact work: the RMI has no wrap-up
 * word for agents; its queue statuses count such agents as `agentsWrapUp`). A userStatus the docs do not list
 * is read from `availability` alone (LoggedOut/Free/Busy/Away), else UNKNOWN.
 */
export function agentState(a: {
  userStatus: SinchAgent['userStatus'];
  availability: SinchAgent['availability'] | null;
  contactHandlingStatus: string | null;
  activeContacts: number;
}): AgentState {
  // contactHandlingStatus says what the agent does; a contact in wrap-up still counts as active, so the counts
  // decide only when the vendor left the word out.
  const handling = a.contactHandlingStatus !== null ? HANDLING.test(a.contactHandlingStatus) : a.activeContacts > 0;
  switch (a.userStatus) {
    case 'LoggedOut':
      return 'LOGGED_OUT';
    case 'Pause':
      return 'PAUSED';
    case 'NotReady':
      return 'NOT_READY';
    case 'Ready':
      if (handling) return 'BUSY';
      switch (a.availability) {
        case 'Away':
          return 'NOT_READY';
        case 'Busy':
          return 'WRAP_UP';
        case 'LoggedOut':
        case 'Other':
          return 'UNKNOWN';
        default:
          return 'AVAILABLE';
      }
    default:
      switch (a.availability) {
        case 'LoggedOut':
          return 'LOGGED_OUT';
        case 'Free':
          return 'AVAILABLE';
        case 'Busy':
          return handling ? 'BUSY' : 'UNKNOWN';
        case 'Away':
          return 'NOT_READY';
        default:
          return 'UNKNOWN';
      }
  }
}

function toAgent(raw: RawAgent): SinchAgent {
  const userStatus = userStatusEnum.orOther('Other' as const)(raw.userStatus);
  const vendorAvailability = raw.availability === null ? null : availabilityEnum.orOther('Other' as const)(raw.availability);
  const a = { ...raw, userStatus, availability: vendorAvailability };
  const activeContacts = a.activePhoneContacts + a.activeChatContacts + a.activeEmailContacts;
  // Older payloads put the group *name* in `reportingGroup`; a GUID there is an id.
  const rgIsId = a.reportingGroup !== null && GUID.test(a.reportingGroup);
  const reportingGroupId = a.reportingGroupId ?? a.reportingGroupid ?? a.reportingGroupID ?? (rgIsId ? a.reportingGroup : null);
  const reportingGroupName = a.reportingGroupName ?? (rgIsId ? null : a.reportingGroup);
  // `availability` is documented as required; when absent it is derived from what the agent is doing.
  const availability: SinchAgent['availability'] =
    a.availability ??
    (a.userStatus === 'LoggedOut'
      ? 'LoggedOut'
      : a.userStatus === 'Ready'
        ? activeContacts > 0 || (a.contactHandlingStatus !== null && HANDLING.test(a.contactHandlingStatus))
          ? 'Busy'
          : 'Free'
        : a.userStatus === 'Other'
          ? 'Other'
          : 'Away');
  const loggedIn = a.userStatus !== 'LoggedOut';
  const contactHandlingStatus = loggedIn ? a.contactHandlingStatus : null;
  return {
    vendor: 'sinch',
    id: a.id,
    name: a.name,
    email: a.email,
    number: a.number,
    mobileNumber: a.mobileNumber,
    location: a.location,
    reportingGroupId,
    reportingGroupName,
    state: agentState({ userStatus: a.userStatus, availability, contactHandlingStatus, activeContacts }),
    // The vendor's own words, as sent (an undocumented one included).
    rawStatus: [raw.userStatus, raw.availability ?? availability, contactHandlingStatus].filter((s): s is string => !!s).join('/'),
    stateDurationMs: a.userStatusDuration,
    userStatus: a.userStatus,
    ready: a.userReadyStatus ?? userStatus === 'Ready',
    availability,
    contactHandlingStatus,
    presenceProfileId: loggedIn ? a.profileId : null,
    presenceProfileName: loggedIn ? a.profile : null,
    presenceProfileType: loggedIn && a.profileType !== null ? toPresenceType(a.profileType) : null,
    presenceDurationMs: loggedIn && a.profileDuration !== null ? Math.round(a.profileDuration) : null,
    activePhoneContacts: a.activePhoneContacts,
    activeChatContacts: a.activeChatContacts,
    activeEmailContacts: a.activeEmailContacts,
    chatCapacity: a.chatCapacity,
    handled: {
      callsIn: a.handledContactsCallIn,
      chatsIn: a.handledContactsChatIn,
      emailsIn: a.handledContactsEmailIn ?? a.handledContactseEmailIn ?? 0,
      callbacksIn: a.handledContactsCbrIn,
      totalIn: a.handledContactsTotalIn,
      callsOut: a.handledContactsCallOut,
      chatsOut: a.handledContactsChatOut,
      emailsOut: a.handledContactsEmailOut,
      totalOut: a.handledContactsTotalOut,
      total: a.handledContactsTotal,
    },
    totalHandlingMs: a.totalHandlingDuration,
    totalWrapUpMs: a.totalWrapupDuration ?? a.totalWrapUpDuration ?? 0,
    readyMs: a.readyTime,
    notReadyMs: a.notReadyTime,
    pauseMs: a.pauseTime,
    manageable: a.manageable,
    manageablePresence: a.manageablePresence,
    contactHandlingStatusMs: loggedIn ? a.contactHandlingStatusDuration : null,
    oldestActiveContactMs: a.activeContactDuration,
    dailyPauseAllowanceMs: a.dailyPauseDuration,
    dailyWorkAllowanceMs: a.dailyWorkDuration,
    queues: a.queues as QueueMembership[],
  };
}

// List endpoints read row by row: an unreadable row is dropped alone (src/vendors/parse.ts `rowsOf`).
const readAgents = rowsOf('sinch', 'agents', agentSchema);

export function parseAgents(body: unknown): SinchAgent[] {
  return mapRows(readAgents(body), toAgent);
}

export const parseAgentQueues: (body: unknown) => QueueMembership[] = rowsOf('sinch', 'agentQueues', agentQueueSchema);

export function parseAgentQueue(body: unknown): QueueMembership {
  return agentQueueSchema.parse(body);
}

// ---------------------------------------------------------------------------------------------------------
// User statuses

const userStatusSchema = objectOf(
  {
    id: str(),
    name: text(),
    status: text(),
    phoneCapacity: int(),
    taskCapacity: int(),
    textChatCapacity: int(),
    videoChatCapacity: int(),
    activeIbCallCnt: int(),
    activeIbChatCnt: int(),
    activeIbEmailCnt: int(),
    activeObCallCnt: int(),
    activeIbOperDirCallCnt: int(),
    activeIbVideoChatCnt: int(),
    activeObCampaignCallCnt: int(),
    activeObCbrCallCnt: int(),
    activeObEmailCnt: int(),
  },
  (u): SinchUserStatus => ({
    id: u.id,
    name: u.name,
    status: u.status,
    phoneCapacity: u.phoneCapacity,
    taskCapacity: u.taskCapacity,
    textChatCapacity: u.textChatCapacity,
    videoChatCapacity: u.videoChatCapacity,
    activeInboundCalls: u.activeIbCallCnt,
    activeInboundChats: u.activeIbChatCnt,
    activeInboundEmails: u.activeIbEmailCnt,
    activeOutboundCalls: u.activeObCallCnt,
    activeInboundOperatorDirectCalls: u.activeIbOperDirCallCnt,
    activeInboundVideoChats: u.activeIbVideoChatCnt,
    activeOutboundCampaignCalls: u.activeObCampaignCallCnt,
    activeOutboundCallbackCalls: u.activeObCbrCallCnt,
    activeOutboundEmails: u.activeObEmailCnt,
  }),
);

export const parseUserStatuses: (body: unknown) => SinchUserStatus[] = rowsOf('sinch', 'userStatuses', userStatusSchema);

// ---------------------------------------------------------------------------------------------------------
// Queue statuses

const queueStatusSchema = objectOf(
  {
    id: str(),
    name: text(),
    type: text(),
    inQueue: int(),
    waitingDurationMax: int(),
    inQueueCurrent: numOrNull(),
    waitingDurationCurrentMax: numOrNull(),
    agentsServing: int(),
    agentsFree: int(),
    agentsBusy: int(),
    agentsWrapUp: int(),
    agentsNotReady: int(),
    agentsPause: int(),
  },
  (q): QueueStatus => ({
    queueId: q.id,
    name: q.name,
    channel: toChannel(q.type),
    rawType: q.type,
    waitingArrivedHere: q.inQueue,
    longestWaitArrivedHereMs: q.waitingDurationMax,
    // Some answers omit the "current" pair; the arrived-here figures are then the best the vendor told us.
    waitingNow: Math.round(q.inQueueCurrent ?? q.inQueue),
    longestWaitNowMs: Math.round(q.waitingDurationCurrentMax ?? q.waitingDurationMax),
    agentsServing: q.agentsServing,
    agentsFree: q.agentsFree,
    agentsBusy: q.agentsBusy,
    agentsWrapUp: q.agentsWrapUp,
    agentsNotReady: q.agentsNotReady,
    agentsPaused: q.agentsPause,
  }),
);

export const parseQueueStatuses: (body: unknown) => QueueStatus[] = rowsOf('sinch', 'queueStatuses', queueStatusSchema);

// ---------------------------------------------------------------------------------------------------------
// Queue groups (thresholds)

const groupQueueSchema = objectOf({
  id: str(),
  name: text(),
  type: text(),
  freeAgentCriticalLevel: numOrNull(),
  freeAgentWarningLevel: numOrNull(),
  interactionsCriticalLevel: numOrNull(),
  interactionsWarningLevel: numOrNull(),
  maxWaitTimeCriticalLevel: numOrNull(),
  maxWaitTimeWarningLevel: numOrNull(),
  servingAgentCriticalLevel: numOrNull(),
  servingAgentWarningLevel: numOrNull(),
  serviceLevelCriticalLevel: numOrNull(),
  serviceLevelWarningLevel: numOrNull(),
});

const queueGroupSchema = objectOf(
  { id: str(), name: text(), queues: oneOrMany(groupQueueSchema, 'queue') },
  (g): QueueGroup => ({
    id: g.id,
    name: g.name,
    queues: g.queues.map((q) => ({
      queueId: q.id,
      queueName: q.name,
      channel: toChannel(q.type),
      groupId: g.id,
      groupName: g.name,
      freeAgents: { warning: q.freeAgentWarningLevel, critical: q.freeAgentCriticalLevel },
      waitingContacts: { warning: q.interactionsWarningLevel, critical: q.interactionsCriticalLevel },
      maxWaitMs: { warning: q.maxWaitTimeWarningLevel, critical: q.maxWaitTimeCriticalLevel },
      servingAgents: { warning: q.servingAgentWarningLevel, critical: q.servingAgentCriticalLevel },
      serviceLevelPercent: { warning: q.serviceLevelWarningLevel, critical: q.serviceLevelCriticalLevel },
    })),
  }),
);

export const parseQueueGroups: (body: unknown) => QueueGroup[] = rowsOf('sinch', 'queueGroups', queueGroupSchema);

// ---------------------------------------------------------------------------------------------------------
// Contacts

// `agentid` / `agentID`: spellings seen in RMI payloads, read as fields of their own (see agents).
const contactSchema = objectOf(
  {
    id: str(),
    contactGroupId: str(),
    channel: text(),
    type: text(),
    subtype: strOrNull(),
    status: text(),
    source: text(),
    destination: text(),
    agentId: strOrNull(),
    agentid: strOrNull(),
    agentID: strOrNull(),
    agentName: strOrNull(),
    queueId: strOrNull(),
    queueName: strOrNull(),
    origQueueId: strOrNull(),
    origQueueName: strOrNull(),
    arrivalTime: isoDate(),
    arrivalQueueTime: isoDateOrNull(),
    connectTime: isoDateOrNull(),
    disconnectTime: isoDateOrNull(),
    wrapUpBeginTime: isoDateOrNull(),
    wrapUpEndTime: isoDateOrNull(),
    queuingDuration: int(),
    handlingDuration: int(),
    wrapUpTotalDuration: int(),
    totalDuration: int(),
    waitingDuration: int(),
    serviceClosed: bool(false),
    record: boolOrNull(),
    answeredOnTimeThreshold: int(),
    falseAttemptTimeThreshold: int(),
    subject: strOrNull(),
    applicationId: strOrNull(),
    applicationName: strOrNull(),
    reportingGroupId: strOrNull(),
    reportingGroupid: strOrNull(),
    reportingGroupName: strOrNull(),
    outboundCampaignId: strOrNull(),
    outboundCampaignName: strOrNull(),
  },
  (c): Contact => ({
    id: c.id,
    contactGroupId: c.contactGroupId,
    channel: toChannel(c.channel),
    type: c.type,
    subtype: c.subtype,
    status: contactStatusEnum.orOther('Other' as const)(c.status),
    rawStatus: c.status,
    source: c.source,
    destination: c.destination,
    agentId: c.agentId ?? c.agentid ?? c.agentID,
    agentName: c.agentName,
    queueId: c.queueId,
    queueName: c.queueName,
    originalQueueId: c.origQueueId,
    originalQueueName: c.origQueueName,
    arrivalTime: c.arrivalTime,
    arrivalQueueTime: c.arrivalQueueTime,
    connectTime: c.connectTime,
    disconnectTime: c.disconnectTime,
    wrapUpBeginTime: c.wrapUpBeginTime,
    wrapUpEndTime: c.wrapUpEndTime,
    queuingMs: c.queuingDuration,
    handlingMs: c.handlingDuration,
    wrapUpMs: c.wrapUpTotalDuration,
    totalMs: c.totalDuration,
    waitingMs: c.waitingDuration,
    serviceClosed: c.serviceClosed,
    recorded: c.record,
    answeredOnTimeThresholdSeconds: c.answeredOnTimeThreshold,
    falseAttemptThresholdSeconds: c.falseAttemptTimeThreshold,
    subject: c.subject,
    applicationId: c.applicationId,
    applicationName: c.applicationName,
    reportingGroupId: c.reportingGroupId ?? c.reportingGroupid,
    reportingGroupName: c.reportingGroupName,
    campaignId: c.outboundCampaignId,
    campaignName: c.outboundCampaignName,
  }),
);

export const parseContacts: (body: unknown) => Contact[] = rowsOf('sinch', 'contacts', contactSchema);

export function parseContact(body: unknown): Contact {
  return contactSchema.parse(body);
}

const contactEventSchema = objectOf(
  { id: str(), time: isoDate(), event: text(), value1: strOrNull(), value2: strOrNull() },
  (e): ContactEvent => e,
);

export const parseContactEvents: (body: unknown) => ContactEvent[] = rowsOf('sinch', 'contactEvents', contactEventSchema);

// ---------------------------------------------------------------------------------------------------------
// Contact summaries

const summarySchema = objectOf(
  {
    id: str(),
    queueId: str(),
    queueName: text(),
    type: text(),
    hourTime: isoDate(),
    changeTimeStamp: isoDateOrNull(),
    inArrivedHandled: int(),
    inArrivedActive: int(),
    inHandled: int(),
    inAnsweredOnTime: int(),
    inAbandoned: int(),
    inFalseAttempt: int(),
    inServiceClosed: int(),
    inHandleTimeTotal: int(),
    inHandleTimeMax: int(),
    inQueueTimeMax: int(),
    inAnsweredQueueTimeTotal: int(),
    inAbandonedQueueTimeTotal: int(),
    inFalseAttemptQueueTimeTotal: int(),
    outHandled: int(),
    outHandleTimeTotal: int(),
    outHandleTimeMax: int(),
  },
  (s): QueueIntervalSummary => ({
    id: s.id,
    queueId: s.queueId,
    queueName: s.queueName,
    channel: toChannel(s.type),
    intervalStart: s.hourTime,
    changedAt: s.changeTimeStamp,
    arrivedHandled: s.inArrivedHandled,
    arrivedActive: s.inArrivedActive,
    handled: s.inHandled,
    answeredOnTime: s.inAnsweredOnTime,
    abandoned: s.inAbandoned,
    falseAttempts: s.inFalseAttempt,
    serviceClosed: s.inServiceClosed,
    handleTimeTotalMs: s.inHandleTimeTotal,
    handleTimeMaxMs: s.inHandleTimeMax,
    queueTimeMaxMs: s.inQueueTimeMax,
    answeredQueueTimeTotalMs: s.inAnsweredQueueTimeTotal,
    abandonedQueueTimeTotalMs: s.inAbandonedQueueTimeTotal,
    falseAttemptQueueTimeTotalMs: s.inFalseAttemptQueueTimeTotal,
    outHandled: s.outHandled,
    outHandleTimeTotalMs: s.outHandleTimeTotal,
    outHandleTimeMaxMs: s.outHandleTimeMax,
  }),
);

export const parseContactSummaries: (body: unknown) => QueueIntervalSummary[] = rowsOf('sinch', 'contactSummaries', summarySchema);

// ---------------------------------------------------------------------------------------------------------
// Presences

const presenceSchema = objectOf(
  { id: str(), name: text(), reason: text(), type: text(), priority: int() },
  (p): Presence => ({ ...p, type: toPresenceType(p.type), rawType: p.type }),
);

export const parsePresences: (body: unknown) => Presence[] = rowsOf('sinch', 'presences', presenceSchema);

/** Channel filter values as `/contactSummaries?type=` expects them. */
export function summaryTypeParam(channels: readonly Channel[]): string {
  return channels.filter((c) => c !== 'OTHER').map((c) => vendorQueueType(c)).join(',');
}
