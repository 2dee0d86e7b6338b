/**
 * The normalized contact-center model. Vendor connectors map into these types; the GraphQL schema reads
 * only these. No HTTP and no GraphQL here. Units are in the names: `…Ms` milliseconds, `…Seconds` seconds.
 */
import type { VendorName } from './vendors.js';

/** Normalized agent state, the same for every vendor. */
export const AGENT_STATES = ['LOGGED_OUT', 'AVAILABLE', 'BUSY', 'WRAP_UP', 'PAUSED', 'NOT_READY', 'UNKNOWN'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** `OTHER`: a queue or contact type the vendor's docs do not list (its own word stays in `rawType`). */
export const CHANNELS = ['PHONE', 'CHAT', 'EMAIL', 'OTHER'] as const;
export type Channel = (typeof CHANNELS)[number];

export const PRESENCE_TYPES = ['PRESENCE', 'ABSENCE', 'CONFERENCE', 'OTHER'] as const;
export type PresenceType = (typeof PRESENCE_TYPES)[number];

// ---------------------------------------------------------------------------------------------------------
// Sinch Contact Center (the system of record for agents, queues and contacts)

/** An agent's membership in one queue, from Sinch `/agents` `queues.queue[]` (showQueueInfo=3). */
export interface QueueMembership {
  queueId: string;
  queueName: string;
  channel: Channel;
  /** The vendor's own queue type word (`Phone`, …), kept when `channel` is OTHER. */
  rawType?: string;
  /** Logged in to (serving) the queue. Null when the vendor did not say. */
  serving: boolean | null;
  externalServing: boolean | null;
  canChangeQueueLogin: boolean | null;
  handledCallsIn: number;
  handledCallsOut: number;
  handledChatsIn: number;
  handledEmailsIn: number;
  handlingMs: number;
  wrapUpMs: number;
}

export interface HandledContactCounts {
  callsIn: number;
  chatsIn: number;
  emailsIn: number;
  callbacksIn: number;
  totalIn: number;
  callsOut: number;
  chatsOut: number;
  emailsOut: number;
  totalOut: number;
  total: number;
}

/** A Sinch user as the monitoring interface reports it. */
export interface SinchAgent {
  vendor: 'sinch';
  id: string;
  name: string;
  email: string | null;
  number: string | null;
  mobileNumber: string | null;
  location: string | null;
  reportingGroupId: string | null;
  reportingGroupName: string | null;
  state: AgentState;
  /** The vendor's own words, e.g. `Ready/Busy/Talking_Inbound`. */
  rawStatus: string;
  stateDurationMs: number;
  /** `Other`: a word the docs do not list (it stays readable in `rawStatus`). */
  userStatus: 'Ready' | 'NotReady' | 'Pause' | 'LoggedOut' | 'Other';
  ready: boolean;
  availability: 'LoggedOut' | 'Away' | 'Busy' | 'Free' | 'Other';
  contactHandlingStatus: string | null;
  presenceProfileId: string | null;
  presenceProfileName: string | null;
  presenceProfileType: PresenceType | null;
  presenceDurationMs: number | null;
  activePhoneContacts: number;
  activeChatContacts: number;
  activeEmailContacts: number;
  chatCapacity: number;
  handled: HandledContactCounts;
  totalHandlingMs: number;
  totalWrapUpMs: number;
  readyMs: number;
  notReadyMs: number;
  pauseMs: number;
  manageable: boolean;
  manageablePresence: boolean;
  /** How long in the current contact handling status (ms); null when logged out or not sent. */
  contactHandlingStatusMs: number | null;
  /** Age of the oldest active contact (ms). */
  oldestActiveContactMs: number | null;
  /** Configured daily pause allowance (ms). */
  dailyPauseAllowanceMs: number | null;
  /** Configured daily work time (ms). */
  dailyWorkAllowanceMs: number | null;
  queues: QueueMembership[];
}

/** Sinch `/userStatuses`: live capacity and active-contact counters of a user. */
export interface SinchUserStatus {
  id: string;
  name: string;
  status: string;
  phoneCapacity: number;
  taskCapacity: number;
  textChatCapacity: number;
  videoChatCapacity: number;
  activeInboundCalls: number;
  activeInboundChats: number;
  activeInboundEmails: number;
  activeOutboundCalls: number;
  activeInboundOperatorDirectCalls: number;
  activeInboundVideoChats: number;
  activeOutboundCampaignCalls: number;
  activeOutboundCallbackCalls: number;
  activeOutboundEmails: number;
}

/** Sinch `/queueStatuses`: the live state of a queue. */
export interface QueueStatus {
  queueId: string;
  name: string;
  channel: Channel;
  /** The vendor's own queue type word. */
  rawType?: string;
  /** Contacts waiting that arrived first into this queue (`inQueue`). */
  waitingArrivedHere: number;
  longestWaitArrivedHereMs: number;
  /** Contacts waiting in this queue now, including overflowed ones (`inQueueCurrent`). */
  waitingNow: number;
  longestWaitNowMs: number;
  agentsServing: number;
  agentsFree: number;
  agentsBusy: number;
  agentsWrapUp: number;
  agentsNotReady: number;
  agentsPaused: number;
}

export interface ThresholdPair {
  warning: number | null;
  critical: number | null;
}

/** Alerting thresholds of a queue, from Sinch `/queueGroups?showThresholds=1`. */
export interface QueueThresholds {
  queueId: string;
  queueName: string;
  channel: Channel;
  groupId: string;
  groupName: string;
  /** Alert when free agents fall to or below the level. */
  freeAgents: ThresholdPair;
  /** Alert when waiting contacts reach or exceed the level. */
  waitingContacts: ThresholdPair;
  /** Alert when the longest wait reaches or exceeds the level (milliseconds). */
  maxWaitMs: ThresholdPair;
  /** Alert when serving agents fall to or below the level. */
  servingAgents: ThresholdPair;
  /** Alert when the service level (percent) falls to or below the level. */
  serviceLevelPercent: ThresholdPair;
}

export interface QueueGroup {
  id: string;
  name: string;
  queues: QueueThresholds[];
}

export const CONTACT_STATUSES = [
  'ServiceClosed',
  'InProcess_WrapUp',
  'Handled_AOT',
  'Handled',
  'NotHandled_FA',
  'NotHandled_Ab',
  'InProcess_Preview',
  'InProcess_Pending',
  'InProcess',
  'InQueue',
  'Other',
] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/** A Sinch contact (call, chat or email). Durations are milliseconds; times are Date (UTC). */
export interface Contact {
  id: string;
  contactGroupId: string;
  channel: Channel;
  type: string;
  subtype: string | null;
  status: ContactStatus;
  /** The vendor's own status word (kept when `status` is Other). */
  rawStatus?: string;
  source: string;
  destination: string;
  agentId: string | null;
  agentName: string | null;
  queueId: string | null;
  queueName: string | null;
  originalQueueId: string | null;
  originalQueueName: string | null;
  arrivalTime: Date;
  arrivalQueueTime: Date | null;
  connectTime: Date | null;
  disconnectTime: Date | null;
  wrapUpBeginTime: Date | null;
  wrapUpEndTime: Date | null;
  queuingMs: number;
  handlingMs: number;
  wrapUpMs: number;
  totalMs: number;
  waitingMs: number;
  serviceClosed: boolean;
  recorded: boolean | null;
  answeredOnTimeThresholdSeconds: number;
  falseAttemptThresholdSeconds: number;
  subject: string | null;
  /** `ContactCenter` or the IVR that took the contact. */
  applicationId: string | null;
  applicationName: string | null;
  reportingGroupId: string | null;
  reportingGroupName: string | null;
  /** The outbound campaign the contact belongs to. */
  campaignId: string | null;
  campaignName: string | null;
}

/** One event of a contact's timeline (Sinch `/contacts/{id}/details`). */
export interface ContactEvent {
  id: string;
  time: Date;
  event: string;
  value1: string | null;
  value2: string | null;
}

/** A presence profile (Sinch `/agents/{id}/presences`). */
export interface Presence {
  id: string;
  name: string;
  reason: string;
  type: PresenceType;
  /** The vendor's own type word, sent back unchanged on a PUT. */
  rawType?: string;
  priority: number;
}

/** One queue's counters over one interval (Sinch `/contactSummaries`). Times in ms. */
export interface QueueIntervalSummary {
  id: string;
  queueId: string;
  queueName: string;
  channel: Channel;
  intervalStart: Date;
  changedAt: Date | null;
  arrivedHandled: number;
  arrivedActive: number;
  handled: number;
  answeredOnTime: number;
  abandoned: number;
  falseAttempts: number;
  serviceClosed: number;
  handleTimeTotalMs: number;
  handleTimeMaxMs: number;
  queueTimeMaxMs: number;
  answeredQueueTimeTotalMs: number;
  abandonedQueueTimeTotalMs: number;
  falseAttemptQueueTimeTotalMs: number;
  outHandled: number;
  outHandleTimeTotalMs: number;
  outHandleTimeMaxMs: number;
}

// ---------------------------------------------------------------------------------------------------------
// CoBrowser.net (chat slots)

export interface SlotDurations {
  open: number | null;
  closed: number | null;
  new: number | null;
  burning: number | null;
  sleeping: number | null;
}

/** A CoBrowser agent with its chat-slot figures. Slot durations are seconds as the vendor reports them. */
export interface ChatAgent {
  vendor: 'cobrowser';
  id: string;
  firstName: string;
  lastName: string;
  username: string;
  /** The vendor's status is `online` (chat presence per device: it flaps on reconnects). */
  online: boolean;
  /** The vendor's own status word. */
  rawStatus?: string;
  /**
   * Listed by `getOnlineAgents`, i.e. signed in, whatever the status (Offline included). Null when the list did not
   * say (`getAllAgents`).
   */
  signedIn?: boolean | null;
  lastActiveAt: Date | null;
  slots: number;
  hasFreeSlot: boolean;
  freeSlots: number;
  openChats: number;
  closedChats: number;
  avgSlotSeconds: SlotDurations;
  minSlotSeconds: SlotDurations;
  maxSlotSeconds: SlotDurations;
}

// ---------------------------------------------------------------------------------------------------------
// Thulium (agent work report)

export interface PauseFigure {
  /** `all`, `free` or a numeric pause id as a string. */
  pauseId: string;
  count: number;
  totalSeconds: number;
  averageSeconds: number | null;
}

export interface AgentWorkRecord {
  login: string;
  name: string;
  surname: string;
  period: string;
  inbound: {
    count: number;
    answered: number;
    notAnswered: number;
    transferred: number;
    totalSeconds: number;
    averageSeconds: number;
    waitTotalSeconds: number;
    waitAverageSeconds: number;
    callsPerHour: number;
  };
  chat: { closed: number; responded: number };
  ticket: { closed: number; responded: number; totalResponded: number };
  outboundAboveThreshold: { count: number; totalSeconds: number; averageSeconds: number };
  outboundBelowThreshold: { count: number; totalSeconds: number; averageSeconds: number };
  firstLoginAt: Date | null;
  lastLogoutAt: Date | null;
  pauses: PauseFigure[];
}

export const WORK_REPORT_AGGREGATIONS = ['hour_of_day', 'minute', 'hour', 'day', 'week', 'month', 'year'] as const;
export type WorkReportAggregation = (typeof WORK_REPORT_AGGREGATIONS)[number];

// ---------------------------------------------------------------------------------------------------------
// wolkvox (cobrowsing sessions)

export interface CobrowsingSession {
  agentId: string;
  agentName: string;
  startedAt: Date | null;
  endedAt: Date | null;
  durationSeconds: number;
  /** Who ended first, in the vendor's words (e.g. `agent`, `client`). */
  hungUpBy: string | null;
}

// ---------------------------------------------------------------------------------------------------------
// cc_agent (control only: no read API)

export interface CcQueueAssignment {
  queueId: string;
  name: string;
  strategy: string | null;
  /** Raw member rows as the vendor sends them ([userId, …, name, …]). */
  members: Array<{ userId: string; name: string | null }>;
}

// ---------------------------------------------------------------------------------------------------------
// Identity: people who hold accounts at several vendors

export type AccountIds = Partial<Record<VendorName, string>>;

/** One person, linked from vendor accounts (by identity file, then by email, else alone). */
export interface Person {
  /** Stable key: the identity file's key, else derived from the first account (`sinch:<id>`). */
  key: string;
  name: string;
  email: string | null;
  accounts: AccountIds;
  linkedBy: 'FILE' | 'EMAIL' | 'SINGLE';
}

export interface IdentityFileEntry {
  key: string;
  name: string;
  email?: string;
  accounts: AccountIds;
}

// ---------------------------------------------------------------------------------------------------------
// Vendor health

export type CircuitState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface VendorHealth {
  vendor: VendorName;
  configured: boolean;
  /** Null until a call has been made. */
  reachable: boolean | null;
  lastErrorCode: string | null;
  lastErrorAt: Date | null;
  lastSuccessAt: Date | null;
  circuit: CircuitState;
  /** Seconds left of a Retry-After the vendor sent (calls fail fast meanwhile); 0 or absent: none. */
  backoffSeconds?: number;
  /** Vendors with per-credential limits (wolkvox): calls holding a slot, calls made today and the daily budget (0: none). */
  inFlight?: number;
  callsToday?: number;
  dailyCallBudget?: number;
}
