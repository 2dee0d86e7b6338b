/** The simulated contact center's data: agents, queues, contacts, interval counters, and pure helpers over them. */

export const STEP_MS = 1000;
export const DAY_MS = 86_400_000;
export const MIN = 60;

export type SimAgentState = 'LoggedOut' | 'Ready' | 'Busy' | 'WrapUp' | 'Pause' | 'NotReady';
export type SimChannel = 'PHONE' | 'CHAT' | 'EMAIL';
export type SimQueueType = 'Phone' | 'Chat' | 'Email';
export type SimContactStatus =
  | 'InQueue'
  | 'InProcess'
  | 'InProcess_WrapUp'
  | 'Handled'
  | 'Handled_AOT'
  | 'NotHandled_FA'
  | 'NotHandled_Ab';

export interface SimPresence {
  id: string;
  name: string;
  reason: string;
  type: 'PRESENCE' | 'ABSENCE' | 'CONFERENCE';
  priority: number;
}

/** Presence profiles, the first four exactly as the Sinch doc's example. */
export const PRESENCES: readonly SimPresence[] = [
  { id: '02770429F80BDF1191AD001CC4D98816', name: 'Available', reason: 'NONE', type: 'PRESENCE', priority: 100 },
  { id: '04770429F80BDF1191AD001CC4D98816', name: 'Lunch', reason: 'NONE', type: 'ABSENCE', priority: 100 },
  { id: '12684EA701114105A1D73F532AB80C28', name: 'Vacation', reason: 'VACATION', type: 'ABSENCE', priority: 100 },
  {
    id: '2EA19675EA7DDF11B644463500000031',
    name: 'Meeting / Deny calls (Def: 1 hour)',
    reason: 'MEETING',
    type: 'ABSENCE',
    priority: 100,
  },
  { id: '3B5E0F2A9C8D4E7F8A1B2C3D4E5F6A7B', name: 'Conference call', reason: 'NONE', type: 'CONFERENCE', priority: 50 },
];

export interface SimReportingGroup {
  id: string;
  name: string;
  /** Thulium agent group id. */
  thuliumGroupId: number;
}

export interface SimQueue {
  index: number;
  id: string;
  /** Numeric queue id used by cc_agent (and Thulium `queues_ids[]`). */
  ccId: number;
  name: string;
  channel: SimChannel;
  type: SimQueueType;
  /** Where contacts are addressed (phone number, chat address, email address). */
  address: string;
  aotSeconds: number;
  faSeconds: number;
  meanHandleSeconds: number;
  meanPatienceSeconds: number;
  /** Arrivals per simulated second. */
  arrivalRate: number;
  strategy: string;
  /** Waiting contacts, oldest first. */
  waiting: SimContact[];
}

export interface SimMembership {
  queue: SimQueue;
  serving: boolean;
  externalServing: boolean;
  canChangeQueueLogin: boolean;
  handledCallIn: number;
  handledCallOut: number;
  handledChatIn: number;
  handledEmailIn: number;
  handlingMs: number;
  wrapUpMs: number;
}

export type SlotState = 'closed' | 'new' | 'open' | 'burning' | 'sleeping';
export interface ChatSlot {
  state: SlotState;
  sinceMs: number;
  version: number;
}

export interface SimAgent {
  index: number;
  /** Identity key (CCGRAPH_IDENTITIES `key`). */
  key: string;
  firstName: string;
  lastName: string;
  /** Sinch id (32 upper-hex). */
  id: string;
  /** Sinch style `Last, First`. */
  name: string;
  email: string;
  number: number;
  mobileNumber: string;
  location: string;
  reportingGroup: SimReportingGroup;
  manageable: boolean;
  chatCapacity: number;
  wrapUpSeconds: number;
  // Accounts at the other vendors (null: no account).
  cobrowserId: string | null;
  cobrowserUsername: string | null;
  thuliumLogin: string | null;
  wolkvoxId: string | null;
  ccUserId: number | null;
  // Live state
  state: SimAgentState;
  stateSinceMs: number;
  /** Since the Sinch `userStatus` (Ready/NotReady/Pause/LoggedOut) last changed. */
  userStatusSinceMs: number;
  /** The state to enter after the current contact/wrap-up (set by writes during work). */
  afterWork: SimAgentState | null;
  pauseId: number;
  presence: SimPresence;
  presenceSinceMs: number;
  contact: SimContact | null;
  memberships: SimMembership[];
  deviceId: number | null;
  timerVersion: number;
  /** The break timer (runs across contacts: a free agent takes a break, a busy one after the contact). */
  breakVersion: number;
  breakPending: boolean;
  /** How long a state entered after work (afterWork) holds, seconds (writes hold; autonomous breaks do not). */
  afterWorkHoldSeconds: number;
  /** When the agent's pending timer fires (ms). */
  timerAtMs: number;
  /** cc_agent checkIn was called; the agent logs in when the simulated dial completes. */
  checkInPending: boolean;
  slots: ChatSlot[];
  lastActiveMs: number;
  stats: AgentStats;
}

export interface AgentStats {
  callIn: number;
  chatIn: number;
  emailIn: number;
  handlingMs: number;
  wrapUpMs: number;
  readyMs: number;
  notReadyMs: number;
  pauseMs: number;
}

export interface SimContact {
  seq: number;
  id: string;
  groupId: string;
  queue: SimQueue;
  channel: SimChannel;
  type: string;
  source: string;
  destination: string;
  subject: string | null;
  record: boolean | null;
  arrivalMs: number;
  arrivalQueueMs: number;
  connectMs: number | null;
  disconnectMs: number | null;
  wrapUpBeginMs: number | null;
  wrapUpEndMs: number | null;
  /** Set when the contact stopped waiting (answered or abandoned). */
  queueEndMs: number | null;
  /** The caller gives up at this time if still waiting. */
  patienceEndMs: number;
  agent: SimAgent | null;
  status: SimContactStatus;
  handleSeconds: number;
  /** Overrides the agent's wrap-up time (cc_agent `wrapup` during a contact). */
  wrapUpSecondsOverride: number | null;
}

/** 15-minute per-queue counters (Sinch `contactSummaries`). Times in ms. */
export interface IntervalCounters {
  changedMs: number;
  arrivedHandled: number;
  arrivedActive: number;
  handled: number;
  answeredOnTime: number;
  abandoned: number;
  falseAttempts: number;
  serviceClosed: number;
  handleTimeTotal: number;
  handleTimeMax: number;
  queueTimeMax: number;
  answeredQueueTimeTotal: number;
  abandonedQueueTimeTotal: number;
  falseAttemptQueueTimeTotal: number;
  outHandled: number;
  outHandleTimeTotal: number;
  outHandleTimeMax: number;
}

export const INTERVAL_MS = 15 * 60_000;

export function newMembership(queue: SimQueue, serving: boolean, canChange: boolean): SimMembership {
  return {
    queue,
    serving,
    externalServing: false,
    canChangeQueueLogin: canChange,
    handledCallIn: 0,
    handledCallOut: 0,
    handledChatIn: 0,
    handledEmailIn: 0,
    handlingMs: 0,
    wrapUpMs: 0,
  };
}

export function emptyStats(): AgentStats {
  return { callIn: 0, chatIn: 0, emailIn: 0, handlingMs: 0, wrapUpMs: 0, readyMs: 0, notReadyMs: 0, pauseMs: 0 };
}

export function emptyInterval(changedMs: number): IntervalCounters {
  return {
    changedMs,
    arrivedHandled: 0,
    arrivedActive: 0,
    handled: 0,
    answeredOnTime: 0,
    abandoned: 0,
    falseAttempts: 0,
    serviceClosed: 0,
    handleTimeTotal: 0,
    handleTimeMax: 0,
    queueTimeMax: 0,
    answeredQueueTimeTotal: 0,
    abandonedQueueTimeTotal: 0,
    falseAttemptQueueTimeTotal: 0,
    outHandled: 0,
    outHandleTimeTotal: 0,
    outHandleTimeMax: 0,
  };
}

/** Sinch `userStatus`: Busy and WrapUp are sub-states of Ready. */
export function userStatusOf(state: SimAgentState): 'Ready' | 'NotReady' | 'Pause' | 'LoggedOut' {
  return state === 'Busy' || state === 'WrapUp' ? 'Ready' : state;
}

/** CoBrowser `online`: signed in and taking work. */
export function isChatOnline(state: SimAgentState): boolean {
  return state === 'Ready' || state === 'Busy' || state === 'WrapUp';
}

export function isFinished(c: SimContact): boolean {
  return c.status !== 'InQueue' && c.status !== 'InProcess' && c.status !== 'InProcess_WrapUp';
}
