/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An instant in time, as an ISO-8601 UTC string (e.g. `2026-11-23T09:30:00.000Z`). */
  DateTime: { input: string; output: string; }
};

/** Contacts an agent is handling right now, from Sinch. */
export type ActiveContactCounts = {
  __typename?: 'ActiveContactCounts';
  /** Active chat contacts. */
  chat: Scalars['Int']['output'];
  /** Inbound text chats the agent may hold at once. */
  chatCapacity: Scalars['Int']['output'];
  /** Active email contacts. */
  email: Scalars['Int']['output'];
  /** Active phone contacts. */
  phone: Scalars['Int']['output'];
};

/** A person working in the contact center, linked across vendors (identity file, then shared email). Fields backed by a vendor are null when the person has no account there or the vendor is unavailable. */
export type Agent = Node & {
  __typename?: 'Agent';
  /** Accounts at each vendor, with vendor-native ids (vendor precedence order). */
  accounts: Array<VendorAccount>;
  /** Contacts in hand right now (Sinch). */
  activeContacts?: Maybe<ActiveContactCounts>;
  /** Whether the gateway may change this agent at Sinch (ready state, presence); null without a Sinch account. */
  canSteer?: Maybe<AgentSteering>;
  /** Capacity per medium with contacts in hand now (Sinch `/userStatuses`, one call per request). */
  capacity?: Maybe<Array<ChannelCapacity>>;
  /** Chat slot figures (CoBrowser). Null without a CoBrowser account; while CoBrowser is unavailable, its last good figures (see `stale`), else null. */
  chatSlots?: Maybe<ChatSlots>;
  /** How long in the current contact handling status (ms; Sinch `contactHandlingStatusDuration`). */
  contactHandlingStatusDurationMs?: Maybe<Scalars['Float']['output']>;
  /** Email address, when any source knows one. */
  email?: Maybe<Scalars['String']['output']>;
  /** Contacts handled today (Sinch). */
  handledContacts?: Maybe<HandledContactCounts>;
  /** Global ID (opaque; pass it back to `node`, `agent`, `queue`, `contact`). */
  id: Scalars['ID']['output'];
  /** Stable person key: the identity file key, else `email:<address>` or `<vendor>:<account id>`. */
  key: Scalars['String']['output'];
  /** How this person's accounts were linked. */
  linkedBy: LinkedBy;
  /** When the live fields (state, presence, queues, contacts from Sinch; chat slots from CoBrowser) were read: the request time, or the oldest last good read when `stale`. Null when no live source has the agent. */
  liveAsOf?: Maybe<Scalars['DateTime']['output']>;
  /** Display name (identity file, else the first vendor reporting it). */
  name: Scalars['String']['output'];
  /** Age of the oldest contact in hand (ms; Sinch `activeContactDuration`). */
  oldestActiveContactMs?: Maybe<Scalars['Float']['output']>;
  /** A pause set with `setPause` while the agent was in a contact: accepted, but it starts only when the contact (and its wrap-up) ends. Null when none is waiting (it disappears once the agent leaves BUSY/WRAP_UP). */
  pendingPause?: Maybe<PendingPause>;
  /** The current presence profile (Sinch); null when logged out or unknown. */
  presence?: Maybe<Presence>;
  /** How long the current presence profile has been on (ms). */
  presenceDurationMs?: Maybe<Scalars['Float']['output']>;
  /** Presence profiles the agent may choose (one Sinch call per agent: select it for few agents). */
  presenceProfiles?: Maybe<Array<Presence>>;
  /** The agent's Sinch queue memberships with serving flag and today's handled counts. */
  queues?: Maybe<Array<QueueMembership>>;
  /** The vendor's own status words, e.g. `Ready/Busy/Talking_Inbound` (Sinch). */
  rawStatus?: Maybe<Scalars['String']['output']>;
  /** Sinch's ready flag (true = Ready). */
  ready?: Maybe<Scalars['Boolean']['output']>;
  /** True when a vendor behind the live fields is unavailable and they show its last good data (see `liveAsOf`; a VENDOR_UNAVAILABLE error with `stale: true` accompanies it). False when every live field was read now. */
  stale: Scalars['Boolean']['output'];
  /** Normalized state (Sinch). Null without a Sinch account, or when Sinch is unavailable and no last good snapshot is young enough (see `stale`). */
  state?: Maybe<AgentState>;
  /** How long the agent had been in the current state (ms) at `liveAsOf` (this request, unless stale). */
  stateDurationMs?: Maybe<Scalars['Float']['output']>;
  /** When the current state began: `liveAsOf` minus `stateDurationMs`. */
  stateSince?: Maybe<Scalars['DateTime']['output']>;
  /** Times and ratios of the day so far (Sinch); null without a Sinch account. */
  today?: Maybe<AgentDay>;
  /** Every Sinch `/userStatuses` active counter as sent; null without a Sinch account. */
  userStatusCounters?: Maybe<UserStatusCounters>;
  /** The person's Thulium work rows over [from, to) (Thulium login from the identity file). All agents in one query share one Thulium call. At most 366 days. */
  work?: Maybe<Array<AgentWorkRow>>;
};


/** A person working in the contact center, linked across vendors (identity file, then shared email). Fields backed by a vendor are null when the person has no account there or the vendor is unavailable. */
export type AgentWorkArgs = {
  aggregateBy?: InputMaybe<WorkReportAggregation>;
  from: Scalars['DateTime']['input'];
  timeZone?: InputMaybe<Scalars['String']['input']>;
  to: Scalars['DateTime']['input'];
};

/** A page of agents. */
export type AgentConnection = {
  __typename?: 'AgentConnection';
  /** The items of the page with their cursors. */
  edges: Array<AgentEdge>;
  /** The items of the page. */
  nodes: Array<Agent>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** Agents matching the filter, across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** An agent's day so far, from Sinch statistics since local midnight (CCGRAPH_TIMEZONE). Times in ms, ratios 0–1. */
export type AgentDay = {
  __typename?: 'AgentDay';
  /** Time handling contacts (Sinch `totalHandlingDuration`). */
  handlingMs: Scalars['Float']['output'];
  /** readyMs + notReadyMs + pauseMs. */
  loggedInMs: Scalars['Float']['output'];
  /** Time in Not Ready status (Sinch `notReadyTime`). */
  notReadyMs: Scalars['Float']['output'];
  /** (handlingMs + wrapUpMs) / readyMs: share of ready time spent on contacts. Null when readyMs = 0; can exceed 1 when contacts were handled outside Ready. */
  occupancy?: Maybe<Scalars['Float']['output']>;
  /** pauseAllowanceMs − pauseMs (negative when over); null without an allowance. */
  pauseAllowanceLeftMs?: Maybe<Scalars['Float']['output']>;
  /** Configured daily pause time (Sinch `dailyPauseDuration`); null when Sinch does not send it. */
  pauseAllowanceMs?: Maybe<Scalars['Float']['output']>;
  /** Time in Pause status (Sinch `pauseTime`). */
  pauseMs: Scalars['Float']['output'];
  /** Time in Ready status (Sinch `readyTime`). */
  readyMs: Scalars['Float']['output'];
  /** (handlingMs + wrapUpMs) / loggedInMs: share of logged-in time spent on contacts. Null when loggedInMs = 0. */
  utilization?: Maybe<Scalars['Float']['output']>;
  /** Configured daily work time (Sinch `dailyWorkDuration`); null when Sinch does not send it. */
  workAllowanceMs?: Maybe<Scalars['Float']['output']>;
  /** Time in wrap-up (Sinch `totalWrapupDuration`). */
  wrapUpMs: Scalars['Float']['output'];
};

/** An agent and its cursor. */
export type AgentEdge = {
  __typename?: 'AgentEdge';
  /** Opaque position of this item (pass it as `after` or `before`). */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Agent;
};

/** Narrows the agent list. Criteria combine with AND; list criteria match any of their values. */
export type AgentFilter = {
  /** Members of this queue (a Queue ID; needs Sinch). */
  queueId?: InputMaybe<Scalars['ID']['input']>;
  /** Agents in any of these states (needs Sinch). */
  states?: InputMaybe<Array<AgentState>>;
  /** Case-insensitive substring of the name, email or key. */
  text?: InputMaybe<Scalars['String']['input']>;
  /** Agents with an account at any of these vendors. */
  vendors?: InputMaybe<Array<Vendor>>;
};

/** The agent has no account at the vendor that performs this change. No vendor was called. */
export type AgentHasNoAccountError = MutationError & {
  __typename?: 'AgentHasNoAccountError';
  /** What went wrong, for people (branch on `__typename`). */
  message: Scalars['String']['output'];
  /** The vendor the agent would need an account at. */
  vendor: Vendor;
};

/** An agent's live status. In a CHANGED entry only the fields in `changedFields` are set; the others are null and mean "unchanged". */
export type AgentLiveStatus = {
  __typename?: 'AgentLiveStatus';
  /** Active chat contacts (Sinch). */
  activeChatContacts?: Maybe<Scalars['Int']['output']>;
  /** Contact IDs of the Sinch contacts in process this agent handles. */
  activeContactIds?: Maybe<Array<Scalars['ID']['output']>>;
  /** Active email contacts (Sinch). */
  activeEmailContacts?: Maybe<Scalars['Int']['output']>;
  /** Active phone contacts (Sinch). */
  activePhoneContacts?: Maybe<Scalars['Int']['output']>;
  /** Sinch availability: LoggedOut, Away, Busy or Free. */
  availability?: Maybe<Scalars['String']['output']>;
  /** Free CoBrowser chat slots. */
  chatFreeSlots?: Maybe<Scalars['Int']['output']>;
  /** Online in CoBrowser. */
  chatOnline?: Maybe<Scalars['Boolean']['output']>;
  /** Open CoBrowser chats. */
  chatOpenChats?: Maybe<Scalars['Int']['output']>;
  /** CoBrowser chat slots. */
  chatSlots?: Maybe<Scalars['Int']['output']>;
  /** wolkvox cobrowsing sessions since local midnight (CCGRAPH_TIMEZONE) (refreshed at most every 5 minutes). */
  cobrowsingSessionsToday?: Maybe<Scalars['Int']['output']>;
  /** Display name. */
  name?: Maybe<Scalars['String']['output']>;
  /** Phone capacity (Sinch user status). */
  phoneCapacity?: Maybe<Scalars['Int']['output']>;
  /** Current presence profile name. */
  presenceName?: Maybe<Scalars['String']['output']>;
  /** Current presence profile type. */
  presenceType?: Maybe<PresenceType>;
  /** Queue memberships and whether the agent serves each. */
  queues?: Maybe<Array<LiveQueueMembership>>;
  /** Sinch's own status words, e.g. `Ready/Busy/Talking_Inbound`. */
  rawStatus?: Maybe<Scalars['String']['output']>;
  /** Normalized state (Sinch). */
  state?: Maybe<AgentState>;
  /** Task capacity (Sinch user status). */
  taskCapacity?: Maybe<Scalars['Int']['output']>;
  /** Simultaneous text chats allowed (Sinch user status). */
  textChatCapacity?: Maybe<Scalars['Int']['output']>;
};

/** The Agent ID is well formed but names nobody this gateway knows. No vendor was changed. */
export type AgentNotFoundError = MutationError & {
  __typename?: 'AgentNotFoundError';
  /** The Agent ID that was given. */
  agentId: Scalars['ID']['output'];
  /** What went wrong, for people (branch on `__typename`). */
  message: Scalars['String']['output'];
};

/** An agent's state, normalized across vendors. */
export type AgentState =
  /** Logged in, ready and free for a new contact. */
  | 'AVAILABLE'
  /** Handling a contact (talking, chatting, emailing or dialing). */
  | 'BUSY'
  /** Not logged in. */
  | 'LOGGED_OUT'
  /** Logged in but not ready. */
  | 'NOT_READY'
  /** On a pause. */
  | 'PAUSED'
  /** The vendor sent a status word its docs do not list (see `rawStatus` for the vendor's own words). */
  | 'UNKNOWN'
  /** Finishing after-contact work. */
  | 'WRAP_UP';

/** One agent's change within an update. */
export type AgentStatusChange = {
  __typename?: 'AgentStatusChange';
  /** The set fields; null for REMOVED. */
  agent?: Maybe<AgentLiveStatus>;
  /** The Agent ID. */
  agentId: Scalars['ID']['output'];
  /** Names of the `agent` fields this entry sets. */
  changedFields: Array<Scalars['String']['output']>;
  /** ADDED, CHANGED or REMOVED. */
  kind: LiveChangeKind;
};

/** Which agents to follow. Lists are ANDed together; an omitted or empty list does not restrict. */
export type AgentStatusFilter = {
  /** Only these agents. */
  agentIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Only members of any of these queues. */
  queueIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Only agents in one of these states (an agent leaving them is REMOVED). */
  states?: InputMaybe<Array<AgentState>>;
};

/** A message of `agentStatusChanged`: the first is a SNAPSHOT, the rest carry only changes. */
export type AgentStatusUpdate = {
  __typename?: 'AgentStatusUpdate';
  /** Agents added, changed or removed. */
  changes: Array<AgentStatusChange>;
  /** SNAPSHOT or CHANGE. */
  kind: LiveUpdateKind;
  /** Increases with every message of this gateway instance. */
  sequence: Scalars['Int']['output'];
};

/** What the API user may change for this agent in Sinch (the agent's `manageable` rights). */
export type AgentSteering = {
  __typename?: 'AgentSteering';
  /** Presence profile (Sinch `manageablePresence`). */
  presence: Scalars['Boolean']['output'];
  /** Ready state and queue logins (Sinch `manageable`). */
  readyState: Scalars['Boolean']['output'];
};

/** Agent work per period (Thulium agents work report). */
export type AgentWorkReport = Report & {
  __typename?: 'AgentWorkReport';
  /** Start of the range (inclusive). */
  from: Scalars['DateTime']['output'];
  /** When the vendor was asked. */
  generatedAt: Scalars['DateTime']['output'];
  /** The length (ms) that splits outbound calls into `outboundAboveThreshold` and `outboundBelowThreshold`. */
  outboundThresholdMs: Scalars['Float']['output'];
  /** Number of rows. */
  rowCount: Scalars['Int']['output'];
  /** One row per agent and period. */
  rows: Array<AgentWorkRow>;
  /** IANA zone the report reads local time in: its period labels and day/week/month buckets (the `timeZone` argument, else CCGRAPH_TIMEZONE). */
  timeZone: Scalars['String']['output'];
  /** Human-readable title. */
  title: Scalars['String']['output'];
  /** End of the range (exclusive). */
  to: Scalars['DateTime']['output'];
};

/** One agent's work in one period (Thulium agents work report). Durations are ms. */
export type AgentWorkRow = {
  __typename?: 'AgentWorkRow';
  /** The person holding this Thulium login (identity file). */
  agent?: Maybe<Agent>;
  /** Inbound calls per hour. */
  callsPerHour: Scalars['Float']['output'];
  /** Chats closed. */
  chatsClosed: Scalars['Int']['output'];
  /** Chats responded to. */
  chatsResponded: Scalars['Int']['output'];
  /** First login. */
  firstLoginAt?: Maybe<Scalars['DateTime']['output']>;
  /** Inbound calls answered. */
  inboundAnswered: Scalars['Int']['output'];
  /** Inbound talk time per answered call (ms). */
  inboundAverageTalkMs: Scalars['Float']['output'];
  /** Inbound wait time per offered call (ms). */
  inboundAverageWaitMs: Scalars['Float']['output'];
  /** Inbound calls offered. */
  inboundCalls: Scalars['Int']['output'];
  /** Inbound calls not answered. */
  inboundNotAnswered: Scalars['Int']['output'];
  /** Inbound talk time (ms). */
  inboundTalkMs: Scalars['Float']['output'];
  /**
   * Inbound talk time (s).
   * @deprecated use inboundTalkMs
   */
  inboundTalkSeconds: Scalars['Float']['output'];
  /** Inbound calls transferred. */
  inboundTransferred: Scalars['Int']['output'];
  /** Inbound wait time (ms). */
  inboundWaitMs: Scalars['Float']['output'];
  /**
   * Inbound wait time (s).
   * @deprecated use inboundWaitMs
   */
  inboundWaitSeconds: Scalars['Float']['output'];
  /** Last logout. */
  lastLogoutAt?: Maybe<Scalars['DateTime']['output']>;
  /** The Thulium login. */
  login: Scalars['String']['output'];
  /** Name as Thulium has it. */
  name: Scalars['String']['output'];
  /** Outbound calls longer than the report's outbound threshold (`outboundThresholdMs`). */
  outboundAboveThreshold: OutboundCallFigures;
  /** Outbound calls up to the report's outbound threshold (short or unanswered attempts). */
  outboundBelowThreshold: OutboundCallFigures;
  /** Outbound calls (above and below the outbound threshold). */
  outboundCalls: Scalars['Int']['output'];
  /** Outbound talk time, both sides of the threshold (ms). */
  outboundMs: Scalars['Float']['output'];
  /**
   * Outbound talk time (s).
   * @deprecated use outboundMs
   */
  outboundSeconds: Scalars['Float']['output'];
  /** All pauses and pauses without a reason (aggregates; not to be added to `pausesByReason`). */
  pauseTotals: PauseTotals;
  /**
   * Pauses by kind, aggregates (`all`, `free`) and reasons mixed.
   * @deprecated use pauseTotals and pausesByReason
   */
  pauses: Array<PauseFigure>;
  /** One row per Thulium pause reason id (their sum plus `free` is `all`). */
  pausesByReason: Array<PauseFigure>;
  /** The period label on the report's local clock (`timeZone`), per the aggregation: `2025-03`, `2025-W13`, `2025-03-30`, `2025-03-30 14`; hour-of-day rows are `00`–`23`. */
  period: Scalars['String']['output'];
  /** The instant the period starts (local midnight for days); null for hour-of-day rows. */
  periodStart?: Maybe<Scalars['DateTime']['output']>;
  /** Tickets closed. */
  ticketsClosed: Scalars['Int']['output'];
  /** Tickets responded to. */
  ticketsResponded: Scalars['Int']['output'];
  /** Ticket responses in total (Thulium `total_responded`). */
  ticketsTotalResponded: Scalars['Int']['output'];
};

/** A cc_agent user (control only: the vendor has no read API). */
export type CcAgentAccount = VendorAccount & {
  __typename?: 'CcAgentAccount';
  /** The vendor's own id of the account (use it in vendor tools). */
  accountId: Scalars['String']['output'];
  /** The vendor holding the account. */
  vendor: Vendor;
};

/** The queue data cc_agent sends back after a queue change (its first queue, with every member). */
export type CcQueueAssignment = {
  __typename?: 'CcQueueAssignment';
  /** Members of the queue. */
  members: Array<CcQueueMember>;
  /** The queue name at cc_agent. */
  name: Scalars['String']['output'];
  /** The cc_agent numeric queue id. */
  queueId: Scalars['ID']['output'];
  /** How cc_agent picks an agent, e.g. `longest-idle-agent`; null when not said. */
  strategy?: Maybe<Scalars['String']['output']>;
};

/** A member of a cc_agent queue, as the cc_agent control API lists it. */
export type CcQueueMember = {
  __typename?: 'CcQueueMember';
  /** The person holding this cc_agent account, when the identity file links it. */
  agent?: Maybe<Agent>;
  /** The name cc_agent has for the user. */
  name?: Maybe<Scalars['String']['output']>;
  /** The cc_agent numeric user id. */
  userId: Scalars['ID']['output'];
};

/** The medium of a contact or queue. */
export type Channel =
  /** Text chats. */
  | 'CHAT'
  /** Emails. */
  | 'EMAIL'
  /** A type the vendor's docs do not list (its own word is in `rawType`). */
  | 'OTHER'
  /** Voice calls. */
  | 'PHONE';

/** How many contacts of one medium an agent may hold at once, and holds now (Sinch `/userStatuses`). */
export type ChannelCapacity = {
  __typename?: 'ChannelCapacity';
  /** Contacts held now (inbound + outbound). */
  active: Scalars['Int']['output'];
  /** Inbound contacts held now. */
  activeInbound: Scalars['Int']['output'];
  /** Outbound contacts held now. */
  activeOutbound: Scalars['Int']['output'];
  /** Simultaneous contacts allowed. */
  capacity: Scalars['Int']['output'];
  /** `PHONE`, `TEXT_CHAT`, `VIDEO_CHAT` or `TASK` (emails and other tasks). */
  channel: Scalars['String']['output'];
  /** capacity − active, at least 0. */
  free: Scalars['Int']['output'];
};

/** Chat slot usage per CoBrowser agent, right now (a snapshot: from = to = generatedAt). */
export type ChatSlotReport = Report & {
  __typename?: 'ChatSlotReport';
  /** Free slots over all rows. */
  freeSlots: Scalars['Int']['output'];
  /** Start of the range (inclusive). */
  from: Scalars['DateTime']['output'];
  /** When the vendor was asked. */
  generatedAt: Scalars['DateTime']['output'];
  /** Number of rows. */
  rowCount: Scalars['Int']['output'];
  /** One row per CoBrowser agent. */
  rows: Array<ChatSlots>;
  /** IANA zone the report reads local time in: its period labels and day/week/month buckets (the `timeZone` argument, else CCGRAPH_TIMEZONE). */
  timeZone: Scalars['String']['output'];
  /** Human-readable title. */
  title: Scalars['String']['output'];
  /** End of the range (exclusive). */
  to: Scalars['DateTime']['output'];
  /** Slots over all rows. */
  totalSlots: Scalars['Int']['output'];
};

/** A CoBrowser agent's chat slots: capacity, usage and slot durations. */
export type ChatSlots = {
  __typename?: 'ChatSlots';
  /** The person holding this CoBrowser account. */
  agent?: Maybe<Agent>;
  /** Average slot durations (seconds). */
  averageSlotDurations: SlotDurations;
  /** The CoBrowser agent id. */
  chatAgentId: Scalars['String']['output'];
  /** Chats closed or offline. */
  closedChats: Scalars['Int']['output'];
  /** First and last name as CoBrowser has them (else the username). */
  displayName: Scalars['String']['output'];
  /** Slots free now. */
  freeSlots: Scalars['Int']['output'];
  /** At least one slot is free. */
  hasFreeSlot: Scalars['Boolean']['output'];
  /** Last activity at CoBrowser. */
  lastActiveAt?: Maybe<Scalars['DateTime']['output']>;
  /** Maximal slot durations (seconds). */
  maximumSlotDurations: SlotDurations;
  /** Minimal slot durations (seconds). */
  minimumSlotDurations: SlotDurations;
  /** CoBrowser status is `online` (chat presence, per device: it flaps on reconnects). Not the same as signed in: a signed-in agent may have the status Offline. */
  online: Scalars['Boolean']['output'];
  /** Chats open now. */
  openChats: Scalars['Int']['output'];
  /** CoBrowser's own status word. */
  rawStatus: Scalars['String']['output'];
  /** Signed in to CoBrowser (listed by its signed-in agents list, whatever the status, Offline included). Null when the row comes from the full agent list, which does not say. */
  signedIn?: Maybe<Scalars['Boolean']['output']>;
  /** Conversations the agent may hold at once. */
  slots: Scalars['Int']['output'];
  /** The CoBrowser username (without account postfix). */
  username: Scalars['String']['output'];
};

/** A cc_agent check-in that the vendor accepted. */
export type CheckInPayload = {
  __typename?: 'CheckInPayload';
  /** The agent, read again after the change (state fields show what the vendor reports now). */
  agent: Agent;
  /** The cc_agent device checked in to; null without one. */
  deviceId?: Maybe<Scalars['ID']['output']>;
  /** The number the agent must dial to finish the check-in (e.g. `**9477`); until then the agent stays logged out. Null for a device check-in, which needs no action from the agent. */
  dialCode?: Maybe<Scalars['String']['output']>;
};

/** The result of checkIn: the payload, or why it was not done. */
export type CheckInResult = AgentHasNoAccountError | AgentNotFoundError | CheckInPayload | InvalidInputError | OutcomeUnknownError | VendorRejectedError | VendorUnavailableError;

/** A cc_agent check-out that the vendor accepted. */
export type CheckOutPayload = {
  __typename?: 'CheckOutPayload';
  /** The agent, read again after the change (state fields show what the vendor reports now). */
  agent: Agent;
};

/** The result of checkOut: the payload, or why it was not done. */
export type CheckOutResult = AgentHasNoAccountError | AgentNotFoundError | CheckOutPayload | InvalidInputError | OutcomeUnknownError | VendorRejectedError | VendorUnavailableError;

/** The state of a vendor's circuit breaker. */
export type CircuitState =
  /** Calls flow normally. */
  | 'CLOSED'
  /** A trial call decides whether to close again. */
  | 'HALF_OPEN'
  /** Calls are refused for a while after repeated failures. */
  | 'OPEN';

/** A CoBrowser.net chat agent. */
export type CoBrowserAccount = VendorAccount & {
  __typename?: 'CoBrowserAccount';
  /** The vendor's own id of the account (use it in vendor tools). */
  accountId: Scalars['String']['output'];
  /** The CoBrowser username (without account postfix); null when CoBrowser is unavailable. */
  username?: Maybe<Scalars['String']['output']>;
  /** The vendor holding the account. */
  vendor: Vendor;
};

/** Cobrowsing assistance sessions (wolkvox report cdr_10). */
export type CobrowsingReport = Report & {
  __typename?: 'CobrowsingReport';
  /** Start of the range (inclusive). */
  from: Scalars['DateTime']['output'];
  /** When the vendor was asked. */
  generatedAt: Scalars['DateTime']['output'];
  /** Number of rows. */
  rowCount: Scalars['Int']['output'];
  /** Sessions, oldest first. */
  rows: Array<CobrowsingSession>;
  /** IANA zone the report reads local time in: its period labels and day/week/month buckets (the `timeZone` argument, else CCGRAPH_TIMEZONE). */
  timeZone: Scalars['String']['output'];
  /** Human-readable title. */
  title: Scalars['String']['output'];
  /** End of the range (exclusive). */
  to: Scalars['DateTime']['output'];
  /** Sum of session lengths (ms). */
  totalDurationMs: Scalars['Float']['output'];
  /**
   * Sum of session lengths (s).
   * @deprecated use totalDurationMs
   */
  totalDurationSeconds: Scalars['Float']['output'];
};

/** One cobrowsing assistance session (wolkvox). */
export type CobrowsingSession = {
  __typename?: 'CobrowsingSession';
  /** The person holding this wolkvox account (identity file). */
  agent?: Maybe<Agent>;
  /** The wolkvox agent id or extension. */
  agentId: Scalars['String']['output'];
  /** The agent name as wolkvox has it. */
  agentName: Scalars['String']['output'];
  /** Session length (ms). */
  durationMs: Scalars['Float']['output'];
  /**
   * Session length (s).
   * @deprecated use durationMs
   */
  durationSeconds: Scalars['Float']['output'];
  /** Session end. */
  endedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Who ended first, in wolkvox's words. */
  hungUpBy?: Maybe<Scalars['String']['output']>;
  /** Session start. */
  startedAt?: Maybe<Scalars['DateTime']['output']>;
};

/** A Sinch contact: one call, chat or email. Durations are milliseconds. */
export type Contact = Node & {
  __typename?: 'Contact';
  /** The agent handling or who handled it. */
  agent?: Maybe<Agent>;
  /** The agent name as Sinch recorded it. */
  agentName?: Maybe<Scalars['String']['output']>;
  /** The answered-on-time limit that applied (s). */
  answeredOnTimeThresholdSeconds: Scalars['Int']['output'];
  /** Sinch application id: the contact center or an IVR. */
  applicationId?: Maybe<Scalars['String']['output']>;
  /** `ContactCenter` or the IVR name. */
  applicationName?: Maybe<Scalars['String']['output']>;
  /** When it entered the queue. */
  arrivalQueueTime?: Maybe<Scalars['DateTime']['output']>;
  /** When it arrived. */
  arrivalTime: Scalars['DateTime']['output'];
  /** Outbound campaign id (Sinch `outboundCampaignId`). */
  campaignId?: Maybe<Scalars['String']['output']>;
  /** Outbound campaign name. */
  campaignName?: Maybe<Scalars['String']['output']>;
  /** The medium. */
  channel: Channel;
  /** When an agent connected. */
  connectTime?: Maybe<Scalars['DateTime']['output']>;
  /** Stays the same when the contact is transferred (and gets a new id). */
  contactGroupId: Scalars['String']['output'];
  /** The Sinch contact id (32 hex characters). */
  contactId: Scalars['String']['output'];
  /** Phone number or email address dialled/written to. */
  destination: Scalars['String']['output'];
  /** When it ended; null while active. */
  disconnectTime?: Maybe<Scalars['DateTime']['output']>;
  /** The timeline, oldest first (one Sinch call per contact). */
  events?: Maybe<Array<ContactEvent>>;
  /** The false-attempt limit that applied (s). */
  falseAttemptThresholdSeconds: Scalars['Int']['output'];
  /** Time handled, to now if still active (ms). */
  handlingMs: Scalars['Float']['output'];
  /** Global ID (opaque; pass it back to `node`, `agent`, `queue`, `contact`). */
  id: Scalars['ID']['output'];
  /** The queue it was created in (differs from `queue` after a transfer). */
  originalQueue?: Maybe<Queue>;
  /** The current or last queue. */
  queue?: Maybe<Queue>;
  /** Time in queue (ms). */
  queuingMs: Scalars['Float']['output'];
  /** Sinch's own status word (e.g. `InQueue`); readable when `status` is OTHER. */
  rawStatus: Scalars['String']['output'];
  /** A phone call with a recording. */
  recorded?: Maybe<Scalars['Boolean']['output']>;
  /** Sinch reporting group id. */
  reportingGroupId?: Maybe<Scalars['String']['output']>;
  /** Reporting group name, e.g. `Sales`. */
  reportingGroupName?: Maybe<Scalars['String']['output']>;
  /** Arrived while the service was closed. */
  serviceClosed: Scalars['Boolean']['output'];
  /** Phone number or email address of the origin. */
  source: Scalars['String']['output'];
  /** Where the contact is. */
  status: ContactStatus;
  /** Email subject. */
  subject?: Maybe<Scalars['String']['output']>;
  /** Chat subtype (text, video, sms, …). */
  subtype?: Maybe<Scalars['String']['output']>;
  /** From arrival to disconnect, or to now (ms). */
  totalMs: Scalars['Float']['output'];
  /** Sinch contact type, e.g. `CallIn`, `ChatIn`, `EMAILOUT`. */
  type: Scalars['String']['output'];
  /** Waiting time as Sinch counts it (ms). */
  waitingMs: Scalars['Float']['output'];
  /** When wrap-up began. */
  wrapUpBeginTime?: Maybe<Scalars['DateTime']['output']>;
  /** When wrap-up ended. */
  wrapUpEndTime?: Maybe<Scalars['DateTime']['output']>;
  /** Wrap-up time (ms). */
  wrapUpMs: Scalars['Float']['output'];
};

/** A page of contacts. */
export type ContactConnection = {
  __typename?: 'ContactConnection';
  /** The items of the page with their cursors. */
  edges: Array<ContactEdge>;
  /** The items of the page. */
  nodes: Array<Contact>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** Contacts matching the filter, across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** A contact and its cursor. */
export type ContactEdge = {
  __typename?: 'ContactEdge';
  /** Opaque position of this item (pass it as `after` or `before`). */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Contact;
};

/** One step of a contact's timeline (Sinch contact details), in the vendor's words. */
export type ContactEvent = {
  __typename?: 'ContactEvent';
  /** What happened, e.g. `Queing`, `ConnectedToOper`, `Disconnected`. */
  event: Scalars['String']['output'];
  /** The Sinch event id. */
  eventId: Scalars['String']['output'];
  /** When it happened. */
  time: Scalars['DateTime']['output'];
  /** First detail (e.g. queue or agent name). */
  value1?: Maybe<Scalars['String']['output']>;
  /** Second detail. */
  value2?: Maybe<Scalars['String']['output']>;
};

/** Which contacts to list. Without `inProcess`, contacts that arrived in [from, to) (default: the last 24 hours; at most 31 days). */
export type ContactFilter = {
  /** Handled by this agent (an Agent ID). */
  agentId?: InputMaybe<Scalars['ID']['input']>;
  /** Taken by any of these applications (contact center or IVR; Sinch ids). */
  applicationIds?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Of any of these outbound campaigns (Sinch ids). */
  campaignIds?: InputMaybe<Array<Scalars['String']['input']>>;
  /** In any of these channels. */
  channels?: InputMaybe<Array<Channel>>;
  /** Contacts after this time. */
  from?: InputMaybe<Scalars['DateTime']['input']>;
  /** Every active contact, whatever its time (from/to ignored). */
  inProcess?: InputMaybe<Scalars['Boolean']['input']>;
  /** In this queue (a Queue ID). */
  queueId?: InputMaybe<Scalars['ID']['input']>;
  /** Of any of these reporting groups (Sinch ids). */
  reportingGroupIds?: InputMaybe<Array<Scalars['String']['input']>>;
  /** In any of these statuses. */
  statuses?: InputMaybe<Array<ContactStatus>>;
  /** Source or destination contains this text (Sinch `search`; `*` and `?` are wildcards). */
  text?: InputMaybe<Scalars['String']['input']>;
  /** Contacts before this time (default now). */
  to?: InputMaybe<Scalars['DateTime']['input']>;
};

/** Where a contact is in its life. */
export type ContactStatus =
  /** Handled, answered after the answered-on-time limit. */
  | 'HANDLED'
  /** Handled, answered within the answered-on-time limit. */
  | 'HANDLED_ON_TIME'
  /** Being handled by an agent. */
  | 'IN_PROCESS'
  /** Set pending (emails). */
  | 'IN_PROCESS_PENDING'
  /** An outbound campaign contact in preview. */
  | 'IN_PROCESS_PREVIEW'
  /** Handled; the agent is in wrap-up. */
  | 'IN_PROCESS_WRAP_UP'
  /** Waiting in a queue. */
  | 'IN_QUEUE'
  /** Not answered; the customer left after the false-attempt limit (abandoned). */
  | 'NOT_HANDLED_ABANDONED'
  /** Not answered; the customer left before the false-attempt limit (not counted as abandoned). */
  | 'NOT_HANDLED_FALSE_ATTEMPT'
  /** A status word the vendor's docs do not list (its own word is in `rawStatus`). */
  | 'OTHER'
  /** Arrived while the service was closed. */
  | 'SERVICE_CLOSED';

/** Contacts an agent handled today (since local midnight, CCGRAPH_TIMEZONE), from Sinch. */
export type HandledContactCounts = {
  __typename?: 'HandledContactCounts';
  /** Inbound callback requests handled. */
  callbacksIn: Scalars['Int']['output'];
  /** Inbound calls handled. */
  callsIn: Scalars['Int']['output'];
  /** Outbound calls handled. */
  callsOut: Scalars['Int']['output'];
  /** Inbound chats handled. */
  chatsIn: Scalars['Int']['output'];
  /** Outbound chats handled. */
  chatsOut: Scalars['Int']['output'];
  /** Inbound emails handled. */
  emailsIn: Scalars['Int']['output'];
  /** Outbound emails handled. */
  emailsOut: Scalars['Int']['output'];
  /** All contacts handled. */
  total: Scalars['Int']['output'];
  /** All inbound contacts handled. */
  totalIn: Scalars['Int']['output'];
  /** All outbound contacts handled. */
  totalOut: Scalars['Int']['output'];
};

/** An argument is malformed or impossible (e.g. an ID of the wrong type). No vendor was called. */
export type InvalidInputError = MutationError & {
  __typename?: 'InvalidInputError';
  /** The argument at fault, e.g. `agentId`. */
  field: Scalars['String']['output'];
  /** What went wrong, for people (branch on `__typename`). */
  message: Scalars['String']['output'];
};

/** How a person's vendor accounts were linked together. */
export type LinkedBy =
  /** Accounts at several vendors share an email address (case-insensitive). */
  | 'EMAIL'
  /** Listed in the identity file. */
  | 'FILE'
  /** One account, linked to nothing else. */
  | 'SINGLE';

/** How one entity changed. */
export type LiveChangeKind =
  /** New to this subscription: every field is set. */
  | 'ADDED'
  /** Only the fields listed in `changedFields` are set (they may be set to null). */
  | 'CHANGED'
  /** Gone, or no longer matching the filter: drop it. */
  | 'REMOVED';

/** An agent's membership in a queue, as the live path sees it. */
export type LiveQueueMembership = {
  __typename?: 'LiveQueueMembership';
  /** Queue channel. */
  channel: Channel;
  /** The Queue ID. */
  queueId: Scalars['ID']['output'];
  /** Queue name. */
  queueName: Scalars['String']['output'];
  /** Logged in to (serving) the queue; null when unknown. */
  serving?: Maybe<Scalars['Boolean']['output']>;
};

/** What a live update message is. */
export type LiveUpdateKind =
  /** Only what changed since the previous message. */
  | 'CHANGE'
  /** Every matching entity; replaces what the client holds. Always the first message; sent again mid-stream when a slow connection skipped updates (resynchronisation). */
  | 'SNAPSHOT';

/** Steering agents (supervisor scope). Every mutation makes at most one vendor write, never retried; expected failures are typed members of its result union, each implementing `MutationError`. */
export type Mutation = {
  __typename?: 'Mutation';
  /** Checks the agent in to cc_agent calls. Without `deviceId` the agent must dial the returned `dialCode` to finish; with `deviceId` the agent is checked in to that device at once. `force` checks out whoever holds it. */
  checkIn: CheckInResult;
  /** Checks the agent out of cc_agent calls (unassigns the device). */
  checkOut: CheckOutResult;
  /** Sets the agent's cc_agent queues to exactly these (cc_agent `setQueues`, documented as "add/remove agent to queues" with one list): the agent is added to every listed queue and removed from every queue not listed. Takes cc_agent numeric queue ids (not Queue IDs of this graph, which are Sinch queues). Returns the queue data cc_agent sends back (the first queue when it sends a list). */
  setAgentQueues: SetAgentQueuesResult;
  /** Sets (or ends) a cc_agent pause. The agent must be checked in. For an agent in a contact the vendor starts the pause when the contact ends: the payload says `pending: true` and the agent shows `pendingPause`. */
  setPause: SetPauseResult;
  /** Switches the agent's Sinch presence profile. The agent's profiles are read first and the chosen one is written back whole (Sinch replaces every property). */
  setPresence: SetPresenceResult;
  /** Logs the agent in to (serving) or out of one of their Sinch queues. The membership is read first and written back whole with only `serving` changed (Sinch replaces every property). */
  setQueueServing: SetQueueServingResult;
  /** Sets the agent's Sinch ready flag (an agent handling a contact switches once it is done). */
  setReadyState: SetReadyStateResult;
  /** Sets the agent's cc_agent wrap-up timer to `seconds` from now; without `seconds`, adds the agent's default wrap-up time. The agent must be checked in. */
  wrapUp: WrapUpResult;
};


/** Steering agents (supervisor scope). Every mutation makes at most one vendor write, never retried; expected failures are typed members of its result union, each implementing `MutationError`. */
export type MutationCheckInArgs = {
  agentId: Scalars['ID']['input'];
  deviceId?: InputMaybe<Scalars['ID']['input']>;
  force?: InputMaybe<Scalars['Boolean']['input']>;
};


/** Steering agents (supervisor scope). Every mutation makes at most one vendor write, never retried; expected failures are typed members of its result union, each implementing `MutationError`. */
export type MutationCheckOutArgs = {
  agentId: Scalars['ID']['input'];
};


/** Steering agents (supervisor scope). Every mutation makes at most one vendor write, never retried; expected failures are typed members of its result union, each implementing `MutationError`. */
export type MutationSetAgentQueuesArgs = {
  agentId: Scalars['ID']['input'];
  queueIds: Array<Scalars['ID']['input']>;
};


/** Steering agents (supervisor scope). Every mutation makes at most one vendor write, never retried; expected failures are typed members of its result union, each implementing `MutationError`. */
export type MutationSetPauseArgs = {
  agentId: Scalars['ID']['input'];
  pauseId: Scalars['Int']['input'];
};


/** Steering agents (supervisor scope). Every mutation makes at most one vendor write, never retried; expected failures are typed members of its result union, each implementing `MutationError`. */
export type MutationSetPresenceArgs = {
  agentId: Scalars['ID']['input'];
  presenceId: Scalars['ID']['input'];
};


/** Steering agents (supervisor scope). Every mutation makes at most one vendor write, never retried; expected failures are typed members of its result union, each implementing `MutationError`. */
export type MutationSetQueueServingArgs = {
  agentId: Scalars['ID']['input'];
  queueId: Scalars['ID']['input'];
  serving: Scalars['Boolean']['input'];
};


/** Steering agents (supervisor scope). Every mutation makes at most one vendor write, never retried; expected failures are typed members of its result union, each implementing `MutationError`. */
export type MutationSetReadyStateArgs = {
  agentId: Scalars['ID']['input'];
  state: ReadyState;
};


/** Steering agents (supervisor scope). Every mutation makes at most one vendor write, never retried; expected failures are typed members of its result union, each implementing `MutationError`. */
export type MutationWrapUpArgs = {
  agentId: Scalars['ID']['input'];
  seconds?: InputMaybe<Scalars['Int']['input']>;
};

/** Something a mutation could not do. Every mutation result union has members implementing this. */
export type MutationError = {
  /** What went wrong, for people (branch on `__typename`). */
  message: Scalars['String']['output'];
};

/** An object with a global ID, refetchable with `node(id:)`. */
export type Node = {
  /** Global ID (opaque; pass it back to `node`, `agent`, `queue`, `contact`). */
  id: Scalars['ID']['output'];
};

/** Outbound calls on one side of the outbound threshold (Thulium). */
export type OutboundCallFigures = {
  __typename?: 'OutboundCallFigures';
  /** Their average talk time (ms). */
  averageMs: Scalars['Float']['output'];
  /** Calls. */
  count: Scalars['Int']['output'];
  /** Their total talk time (ms). */
  totalMs: Scalars['Float']['output'];
};

/** The write was sent but the vendor did not confirm it in time: it may or may not have been applied. The gateway never retries a write; read the agent again before deciding to repeat it. */
export type OutcomeUnknownError = MutationError & {
  __typename?: 'OutcomeUnknownError';
  /** What went wrong, for people (branch on `__typename`). */
  message: Scalars['String']['output'];
  /** The vendor that did not answer. */
  vendor: Vendor;
};

/** Where a connection page sits in the whole list. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the last item of the page (pass it as `after`). */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** More items follow this page. */
  hasNextPage: Scalars['Boolean']['output'];
  /** Items precede this page. */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** Cursor of the first item of the page. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** Pauses of one kind in a work report row (Thulium). */
export type PauseFigure = {
  __typename?: 'PauseFigure';
  /** Their average length (ms); null when Thulium sends none for this kind. */
  averageMs?: Maybe<Scalars['Float']['output']>;
  /**
   * Their average length (s).
   * @deprecated use averageMs
   */
  averageSeconds?: Maybe<Scalars['Float']['output']>;
  /** How many pauses. */
  count: Scalars['Int']['output'];
  /** `all`, `free` or a numeric Thulium pause id (reason). */
  pauseId: Scalars['String']['output'];
  /** Their total length (ms). */
  totalMs: Scalars['Float']['output'];
  /**
   * Their total length (s).
   * @deprecated use totalMs
   */
  totalSeconds: Scalars['Float']['output'];
};

/** Thulium's pause aggregates of a work row, kept apart from the per-reason rows they sum. */
export type PauseTotals = {
  __typename?: 'PauseTotals';
  /** Every pause, whatever its reason (Thulium `all`). */
  all?: Maybe<PauseFigure>;
  /** Pauses without a reason (Thulium `free`). */
  free?: Maybe<PauseFigure>;
};

/** A pause the vendor accepted but applies when the agent's current contact ends (cc_agent defers pauses of BUSY and WRAP_UP agents). Known to the gateway instance that took the mutation. */
export type PendingPause = {
  __typename?: 'PendingPause';
  /** When it takes effect, in words. */
  appliesWhen: Scalars['String']['output'];
  /** The cc_agent pause id that will start. */
  pauseId: Scalars['Int']['output'];
  /** When `setPause` was accepted. */
  requestedAt: Scalars['DateTime']['output'];
};

/** A presence profile (Sinch), e.g. "Available", "Lunch", "Meeting". */
export type Presence = {
  __typename?: 'Presence';
  /** True for the agent's current profile. */
  current: Scalars['Boolean']['output'];
  /** The Sinch presence profile id (also the input of presence mutations). */
  id: Scalars['String']['output'];
  /** The profile name, as configured at Sinch. */
  name: Scalars['String']['output'];
  /** The profile's priority; null when Sinch did not say (the current profile on an agent row). */
  priority?: Maybe<Scalars['Int']['output']>;
  /** Why the profile exists (e.g. `NONE`, `VACATION`, `MEETING`); null when Sinch did not say. */
  reason?: Maybe<Scalars['String']['output']>;
  /** Presence, absence or conference; null when Sinch did not say. */
  type?: Maybe<PresenceType>;
};

/** The kind of a presence profile. */
export type PresenceType =
  /** Away (lunch, vacation, …). */
  | 'ABSENCE'
  /** In a meeting or conference. */
  | 'CONFERENCE'
  /** A type the vendor's docs do not list. */
  | 'OTHER'
  /** Present and working. */
  | 'PRESENCE';

/** The read graph over every configured contact-center vendor. */
export type Query = {
  __typename?: 'Query';
  /** One person by Agent ID; null when unknown. */
  agent?: Maybe<Agent>;
  /** Thulium agents work report over [from, to), at most 366 days. Null when Thulium is unavailable. */
  agentWorkReport?: Maybe<AgentWorkReport>;
  /** Everyone in the contact center, sorted by name. At most 100 per page. If a vendor could not be asked for its accounts, the list is partial and a VENDOR_UNAVAILABLE error says which. */
  agents?: Maybe<AgentConnection>;
  /** CoBrowser chat slots per agent, now. Null when CoBrowser is unavailable. */
  chatSlotReport?: Maybe<ChatSlotReport>;
  /** wolkvox cobrowsing sessions over [from, to), at most 366 days. Null when wolkvox is unavailable. */
  cobrowsingReport?: Maybe<CobrowsingReport>;
  /** One contact by Contact ID; null when Sinch does not know it. */
  contact?: Maybe<Contact>;
  /** Sinch contacts, newest first. At most 100 per page. Null when Sinch is unavailable. */
  contacts?: Maybe<ContactConnection>;
  /** Any object by global ID; null when not found. A malformed ID is BAD_USER_INPUT. */
  node?: Maybe<Node>;
  /** Objects by global IDs, in order; null entries when not found. */
  nodes: Array<Maybe<Node>>;
  /** One queue by Queue ID; null when Sinch does not know it. */
  queue?: Maybe<Queue>;
  /** Sinch queue counters per interval over [from, to), at most 31 days. Null when Sinch is unavailable. */
  queueIntervalReport?: Maybe<QueueIntervalReport>;
  /** Every Sinch queue, sorted by name. While Sinch is unavailable: the queues last known (their `status` is marked stale), else null. */
  queues?: Maybe<Array<Queue>>;
  /** Every vendor this gateway knows, configured or not, in precedence order. */
  vendors: Array<VendorStatus>;
};


/** The read graph over every configured contact-center vendor. */
export type QueryAgentArgs = {
  id: Scalars['ID']['input'];
};


/** The read graph over every configured contact-center vendor. */
export type QueryAgentWorkReportArgs = {
  aggregateBy?: InputMaybe<WorkReportAggregation>;
  from: Scalars['DateTime']['input'];
  groupIds?: InputMaybe<Array<Scalars['String']['input']>>;
  logins?: InputMaybe<Array<Scalars['String']['input']>>;
  outboundThresholdMs?: InputMaybe<Scalars['Int']['input']>;
  outboundThresholdSeconds?: InputMaybe<Scalars['Int']['input']>;
  queueIds?: InputMaybe<Array<Scalars['String']['input']>>;
  timeZone?: InputMaybe<Scalars['String']['input']>;
  to: Scalars['DateTime']['input'];
};


/** The read graph over every configured contact-center vendor. */
export type QueryAgentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AgentFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** The read graph over every configured contact-center vendor. */
export type QueryChatSlotReportArgs = {
  onlineOnly?: InputMaybe<Scalars['Boolean']['input']>;
  signedInOnly?: InputMaybe<Scalars['Boolean']['input']>;
};


/** The read graph over every configured contact-center vendor. */
export type QueryCobrowsingReportArgs = {
  from: Scalars['DateTime']['input'];
  timeZone?: InputMaybe<Scalars['String']['input']>;
  to: Scalars['DateTime']['input'];
};


/** The read graph over every configured contact-center vendor. */
export type QueryContactArgs = {
  id: Scalars['ID']['input'];
};


/** The read graph over every configured contact-center vendor. */
export type QueryContactsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ContactFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** The read graph over every configured contact-center vendor. */
export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


/** The read graph over every configured contact-center vendor. */
export type QueryNodesArgs = {
  ids: Array<Scalars['ID']['input']>;
};


/** The read graph over every configured contact-center vendor. */
export type QueryQueueArgs = {
  id: Scalars['ID']['input'];
};


/** The read graph over every configured contact-center vendor. */
export type QueryQueueIntervalReportArgs = {
  channels?: InputMaybe<Array<Channel>>;
  from: Scalars['DateTime']['input'];
  queueIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  timeZone?: InputMaybe<Scalars['String']['input']>;
  to?: InputMaybe<Scalars['DateTime']['input']>;
};

/** A Sinch queue: where contacts wait for agents. */
export type Queue = Node & {
  __typename?: 'Queue';
  /** The queue medium. */
  channel: Channel;
  /** Global ID (opaque; pass it back to `node`, `agent`, `queue`, `contact`). */
  id: Scalars['ID']['output'];
  /** KPIs over [from, to). Defaults: from = today 00:00 in the contact center's zone (CCGRAPH_TIMEZONE, or `timeZone`), to = now. At most 31 days. */
  kpis?: Maybe<QueueKpis>;
  /** Agents who are members of the queue (serving or not). */
  members?: Maybe<Array<Agent>>;
  /** The queue name. */
  name: Scalars['String']['output'];
  /** The Sinch queue id (32 hex characters). */
  queueId: Scalars['String']['output'];
  /** Sinch's own queue type word (e.g. `Phone`); readable when `channel` is OTHER. Null when Sinch no longer reports the queue. */
  rawType?: Maybe<Scalars['String']['output']>;
  /** Live figures; null when Sinch no longer reports the queue. While Sinch is unavailable: its last good figures marked `stale` (up to CCGRAPH_STALE_MAX_AGE_MS old), else null. */
  status?: Maybe<QueueLiveStatus>;
  /** Alert thresholds; null when no queue group configures them or Sinch is unavailable. */
  thresholds?: Maybe<QueueThresholds>;
};


/** A Sinch queue: where contacts wait for agents. */
export type QueueKpisArgs = {
  from?: InputMaybe<Scalars['DateTime']['input']>;
  timeZone?: InputMaybe<Scalars['String']['input']>;
  to?: InputMaybe<Scalars['DateTime']['input']>;
};

/** A queue's serving agents by state, from Sinch queue status. */
export type QueueAgentCounts = {
  __typename?: 'QueueAgentCounts';
  /** Serving agents free for a contact. */
  available: Scalars['Int']['output'];
  /** Serving agents handling a contact. */
  busy: Scalars['Int']['output'];
  /** Serving agents not ready. */
  notReady: Scalars['Int']['output'];
  /** Serving agents on a pause. */
  paused: Scalars['Int']['output'];
  /** Agents serving (logged in to) the queue. */
  serving: Scalars['Int']['output'];
  /** Serving agents in wrap-up. */
  wrapUp: Scalars['Int']['output'];
};

/** A queue metric crossing a threshold of its queue group, or recovering. */
export type QueueAlert = {
  __typename?: 'QueueAlert';
  /** When the crossing was seen. */
  at: Scalars['DateTime']['output'];
  /** Configured critical level. */
  criticalLevel?: Maybe<Scalars['Float']['output']>;
  /** The level now (OK: recovered). */
  level: QueueAlertLevel;
  /** Which figure. */
  metric: QueueAlertMetric;
  /** The level before; null in a SNAPSHOT (already active when the subscription began). */
  previousLevel?: Maybe<QueueAlertLevel>;
  /** The Queue ID. */
  queueId: Scalars['ID']['output'];
  /** Queue name. */
  queueName: Scalars['String']['output'];
  /** The figure when the level changed. */
  value: Scalars['Float']['output'];
  /** Configured warning level. */
  warningLevel?: Maybe<Scalars['Float']['output']>;
};

/** Which alerts to receive; omitted or empty lists do not restrict. */
export type QueueAlertFilter = {
  /** Only crossings into or out of these levels (so a CRITICAL subscriber also sees the recovery). */
  levels?: InputMaybe<Array<QueueAlertLevel>>;
  /** Only these queues. */
  queueIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

/** Where a queue metric stands against its queue-group thresholds. */
export type QueueAlertLevel =
  /** At or past the critical level. */
  | 'CRITICAL'
  /** Within limits. */
  | 'OK'
  /** At or past the warning level. */
  | 'WARNING';

/** A queue figure with thresholds (Sinch queue groups). */
export type QueueAlertMetric =
  /** Free agents; alerts at or below the level. */
  | 'FREE_AGENTS'
  /** Longest current wait (ms); alerts at or above the level. */
  | 'LONGEST_WAIT'
  /** Today's service level, 0–1 (value and levels; Sinch's percent thresholds / 100); alerts at or below the level. */
  | 'SERVICE_LEVEL'
  /** Serving agents; alerts at or below the level. */
  | 'SERVING_AGENTS'
  /** Contacts waiting; alerts at or above the level. */
  | 'WAITING_CONTACTS';

/** A message of `queueAlert`: first a SNAPSHOT of active alerts, then crossings and recoveries. */
export type QueueAlertUpdate = {
  __typename?: 'QueueAlertUpdate';
  /** Alerts in this message. */
  alerts: Array<QueueAlert>;
  /** SNAPSHOT or CHANGE. */
  kind: LiveUpdateKind;
  /** Increases with every message of this gateway instance. */
  sequence: Scalars['Int']['output'];
};

/** One queue's inbound/outbound counters over one 15-minute interval (Sinch contact summaries). */
export type QueueInterval = {
  __typename?: 'QueueInterval';
  /** Abandoned after the false-attempt limit. */
  abandoned: Scalars['Int']['output'];
  /** Total queue time of abandoned contacts (ms). */
  abandonedQueueTimeTotalMs: Scalars['Float']['output'];
  /** Handled within the answered-on-time limit. */
  answeredOnTime: Scalars['Int']['output'];
  /** Total queue time of answered contacts (ms). */
  answeredQueueTimeTotalMs: Scalars['Float']['output'];
  /** Arrived and still active. */
  arrivedActive: Scalars['Int']['output'];
  /** Arrived in this interval and handled (Sinch `inArrivedHandled`). */
  arrivedHandled: Scalars['Int']['output'];
  /** The queue medium. */
  channel: Channel;
  /** Total queue time of false attempts (ms). */
  falseAttemptQueueTimeTotalMs: Scalars['Float']['output'];
  /** Left before the false-attempt limit. */
  falseAttempts: Scalars['Int']['output'];
  /** Longest inbound handle time (ms, Sinch `inHandleTimeMax`). */
  handleTimeMaxMs: Scalars['Float']['output'];
  /** Total handle time (ms). */
  handleTimeTotalMs: Scalars['Float']['output'];
  /** Inbound contacts handled. */
  handled: Scalars['Int']['output'];
  /** Interval start. */
  intervalStart: Scalars['DateTime']['output'];
  /** Longest outbound handle time (ms). */
  outHandleTimeMaxMs: Scalars['Float']['output'];
  /** Total outbound handle time (ms). */
  outHandleTimeTotalMs: Scalars['Float']['output'];
  /** Outbound contacts handled. */
  outHandled: Scalars['Int']['output'];
  /** The queue. */
  queue: Queue;
  /** Longest queue time (ms). */
  queueTimeMaxMs: Scalars['Float']['output'];
  /** Arrived while the service was closed. */
  serviceClosed: Scalars['Int']['output'];
};

/** Queue counters per 15-minute interval (Sinch contact summaries), with KPIs over all rows. */
export type QueueIntervalReport = Report & {
  __typename?: 'QueueIntervalReport';
  /** Start of the range (inclusive). */
  from: Scalars['DateTime']['output'];
  /** When the vendor was asked. */
  generatedAt: Scalars['DateTime']['output'];
  /** Number of rows. */
  rowCount: Scalars['Int']['output'];
  /** Rows by interval, then queue. */
  rows: Array<QueueInterval>;
  /** IANA zone the report reads local time in: its period labels and day/week/month buckets (the `timeZone` argument, else CCGRAPH_TIMEZONE). */
  timeZone: Scalars['String']['output'];
  /** Human-readable title. */
  title: Scalars['String']['output'];
  /** End of the range (exclusive). */
  to: Scalars['DateTime']['output'];
  /** KPIs over every row of the report. */
  totals: QueueKpis;
};

/** Inbound queue KPIs over a range, summed from Sinch contact summaries (15-minute rows whose start is in [from, to)). Ratios are null when their denominator is 0. False attempts are excluded from every denominator. */
export type QueueKpis = {
  __typename?: 'QueueKpis';
  /** abandoned / (handled + abandoned), 0–1; null when handled + abandoned = 0. */
  abandonRate?: Maybe<Scalars['Float']['output']>;
  /** Contacts the customer left after the false-attempt limit. */
  abandoned: Scalars['Int']['output'];
  /** Queue time of abandoned contacts, summed (ms; Sinch `inAbandonedQueueTimeTotal`). */
  abandonedQueueTimeTotalMs: Scalars['Float']['output'];
  /** Handled contacts answered within the answered-on-time limit. */
  answeredOnTime: Scalars['Int']['output'];
  /** abandonedQueueTimeTotal / abandoned: how long callers waited before hanging up (ms); null when abandoned = 0. */
  averageAbandonTimeMs?: Maybe<Scalars['Float']['output']>;
  /** handleTimeTotal / handled (ms); null when handled = 0. */
  averageHandleTimeMs?: Maybe<Scalars['Float']['output']>;
  /** outHandleTimeTotal / outHandled (ms); null when outHandled = 0. */
  averageOutboundHandleTimeMs?: Maybe<Scalars['Float']['output']>;
  /** answeredQueueTimeTotal / handled (ms); null when handled = 0. */
  averageSpeedOfAnswerMs?: Maybe<Scalars['Float']['output']>;
  /** Queue time of false attempts, summed (ms; Sinch `inFalseAttemptQueueTimeTotal`). */
  falseAttemptQueueTimeTotalMs: Scalars['Float']['output'];
  /** Contacts the customer left before the false-attempt limit (not counted anywhere else). */
  falseAttempts: Scalars['Int']['output'];
  /** Start of the range (inclusive). */
  from: Scalars['DateTime']['output'];
  /** Inbound contacts handled. */
  handled: Scalars['Int']['output'];
  /** Summary rows summed. */
  intervals: Scalars['Int']['output'];
  /** The longest inbound handle time of any summed row (ms; Sinch `inHandleTimeMax`). */
  longestHandleTimeMs: Scalars['Float']['output'];
  /** The longest outbound handle time of any summed row (ms; Sinch `outHandleTimeMax`). */
  longestOutboundHandleTimeMs: Scalars['Float']['output'];
  /** The longest queue time of any summed row (ms). */
  longestQueueTimeMs: Scalars['Float']['output'];
  /** handled + abandoned (false attempts excluded). */
  offered: Scalars['Int']['output'];
  /** Outbound contacts handled (Sinch `outHandled`). */
  outboundHandled: Scalars['Int']['output'];
  /** answeredOnTime / (handled + abandoned), 0–1; null when handled + abandoned = 0. */
  serviceLevel?: Maybe<Scalars['Float']['output']>;
  /** End of the range (exclusive). */
  to: Scalars['DateTime']['output'];
};

/** A queue's live figures. In a CHANGED entry only the fields in `changedFields` are set; the others are null and mean "unchanged". */
export type QueueLiveFields = {
  __typename?: 'QueueLiveFields';
  /** Serving agents busy. */
  agentsBusy?: Maybe<Scalars['Int']['output']>;
  /** Serving agents free. */
  agentsFree?: Maybe<Scalars['Int']['output']>;
  /** Serving agents not ready. */
  agentsNotReady?: Maybe<Scalars['Int']['output']>;
  /** Serving agents paused. */
  agentsPaused?: Maybe<Scalars['Int']['output']>;
  /** Agents serving the queue. */
  agentsServing?: Maybe<Scalars['Int']['output']>;
  /** Serving agents in wrap-up. */
  agentsWrapUp?: Maybe<Scalars['Int']['output']>;
  /** Queue channel. */
  channel?: Maybe<Channel>;
  /** Longest current wait (ms). */
  longestWaitMs?: Maybe<Scalars['Float']['output']>;
  /** Queue name. */
  name?: Maybe<Scalars['String']['output']>;
  /** Today's service level, 0–1: answered on time / (handled + abandoned), since local midnight (CCGRAPH_TIMEZONE). Null also when not measurable yet. */
  serviceLevel?: Maybe<Scalars['Float']['output']>;
  /**
   * Today's service level (%): answered on time / (handled + abandoned). Null also when not measurable yet.
   * @deprecated use serviceLevel (0–1)
   */
  serviceLevelPercent?: Maybe<Scalars['Float']['output']>;
  /** Contacts waiting now, overflowed ones included. */
  waiting?: Maybe<Scalars['Int']['output']>;
  /** Waiting contacts that arrived first into this queue. */
  waitingArrivedHere?: Maybe<Scalars['Int']['output']>;
};

/** What a queue looks like right now (Sinch `/queueStatuses`). While Sinch is unavailable, the last good figures (`stale: true`, read at `asOf`). */
export type QueueLiveStatus = {
  __typename?: 'QueueLiveStatus';
  /** Serving agents by state. */
  agents: QueueAgentCounts;
  /** When these figures were read from Sinch: the request time, or the last good read when `stale`. */
  asOf: Scalars['DateTime']['output'];
  /** Longest current wait among `waitingArrivedHere` contacts (ms). */
  longestWaitArrivedHereMs: Scalars['Float']['output'];
  /** Longest current wait among `waitingNow` contacts (ms). */
  longestWaitMs: Scalars['Float']['output'];
  /** True when Sinch is unavailable and these are its last good figures (see `asOf`); a VENDOR_UNAVAILABLE error with `stale: true` accompanies them. False when read in this request. */
  stale: Scalars['Boolean']['output'];
  /** Waiting contacts that arrived first into this queue. */
  waitingArrivedHere: Scalars['Int']['output'];
  /** Contacts waiting in the queue now, including ones overflowed from other queues. */
  waitingNow: Scalars['Int']['output'];
};

/** An agent's membership in a Sinch queue, with today's handled counts in that queue. */
export type QueueMembership = {
  __typename?: 'QueueMembership';
  /** Whether the agent may log in/out of this queue; null when Sinch did not say. */
  canChangeQueueLogin?: Maybe<Scalars['Boolean']['output']>;
  /** Serving as an external agent; null when Sinch did not say. */
  externalServing?: Maybe<Scalars['Boolean']['output']>;
  /** Inbound calls handled in this queue today. */
  handledCallsIn: Scalars['Int']['output'];
  /** Outbound calls handled in this queue today. */
  handledCallsOut: Scalars['Int']['output'];
  /** Inbound chats handled in this queue today. */
  handledChatsIn: Scalars['Int']['output'];
  /** Inbound emails handled in this queue today. */
  handledEmailsIn: Scalars['Int']['output'];
  /** Time spent handling contacts of this queue today (ms). */
  handlingMs: Scalars['Float']['output'];
  /** The queue. */
  queue: Queue;
  /** Logged in to (serving) the queue; null when Sinch did not say. */
  serving?: Maybe<Scalars['Boolean']['output']>;
  /** Time spent in wrap-up for this queue today (ms). */
  wrapUpMs: Scalars['Float']['output'];
};

/** One queue's change within an update. */
export type QueueStatusChange = {
  __typename?: 'QueueStatusChange';
  /** Names of the `queue` fields this entry sets. */
  changedFields: Array<Scalars['String']['output']>;
  /** ADDED, CHANGED or REMOVED. */
  kind: LiveChangeKind;
  /** The set fields; null for REMOVED. */
  queue?: Maybe<QueueLiveFields>;
  /** The Queue ID. */
  queueId: Scalars['ID']['output'];
};

/** Which queues to follow; omitted or empty: all. */
export type QueueStatusFilter = {
  /** Only these queues. */
  queueIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

/** A message of `queueStatusChanged`: the first is a SNAPSHOT, the rest carry only changes. */
export type QueueStatusUpdate = {
  __typename?: 'QueueStatusUpdate';
  /** Queues added, changed or removed. */
  changes: Array<QueueStatusChange>;
  /** SNAPSHOT or CHANGE. */
  kind: LiveUpdateKind;
  /** Increases with every message of this gateway instance. */
  sequence: Scalars['Int']['output'];
};

/** A queue's alert thresholds (Sinch queue groups): the queue's own group, else ALL_QUEUES. */
export type QueueThresholds = {
  __typename?: 'QueueThresholds';
  /** Alert when free agents fall to or below the level. */
  freeAgents: ThresholdLevels;
  /** The Sinch queue group the thresholds come from. */
  groupId: Scalars['String']['output'];
  /** The queue group name. */
  groupName: Scalars['String']['output'];
  /** Alert when the longest wait reaches or exceeds the level (ms). */
  maxWaitMs: ThresholdLevels;
  /** Alert when the service level (0–1) falls to or below the level (Sinch configures percent: / 100). */
  serviceLevel: ThresholdLevels;
  /**
   * Alert when the service level (percent, 0–100) falls to or below the level.
   * @deprecated use serviceLevel (0–1)
   */
  serviceLevelPercent: ThresholdLevels;
  /** Alert when serving agents fall to or below the level. */
  servingAgents: ThresholdLevels;
  /** Alert when waiting contacts reach or exceed the level. */
  waitingContacts: ThresholdLevels;
};

/** An agent's ready flag at Sinch. */
export type ReadyState =
  /** Logged in but not taking contacts. */
  | 'NOT_READY'
  /** Ready to take contacts. */
  | 'READY';

/** A report over a time range, generated on request from one vendor. */
export type Report = {
  /** Start of the range (inclusive). */
  from: Scalars['DateTime']['output'];
  /** When the vendor was asked. */
  generatedAt: Scalars['DateTime']['output'];
  /** Number of rows. */
  rowCount: Scalars['Int']['output'];
  /** IANA zone the report reads local time in: its period labels and day/week/month buckets (the `timeZone` argument, else CCGRAPH_TIMEZONE). */
  timeZone: Scalars['String']['output'];
  /** Human-readable title. */
  title: Scalars['String']['output'];
  /** End of the range (exclusive). */
  to: Scalars['DateTime']['output'];
};

/** A cc_agent queue assignment that the vendor accepted: the agent's queues are now exactly the ones given. */
export type SetAgentQueuesPayload = {
  __typename?: 'SetAgentQueuesPayload';
  /** The agent, read again after the change (state fields show what the vendor reports now). */
  agent: Agent;
  /** The queue data cc_agent sent back; null when it sent none. */
  queue?: Maybe<CcQueueAssignment>;
  /** The cc_agent numeric queue ids assigned, as sent. */
  queueIds: Array<Scalars['ID']['output']>;
};

/** The result of setAgentQueues: the payload, or why it was not done. */
export type SetAgentQueuesResult = AgentHasNoAccountError | AgentNotFoundError | InvalidInputError | OutcomeUnknownError | SetAgentQueuesPayload | VendorRejectedError | VendorUnavailableError;

/** A cc_agent pause change that the vendor accepted. */
export type SetPausePayload = {
  __typename?: 'SetPausePayload';
  /** The agent, read again after the change (state fields show what the vendor reports now). */
  agent: Agent;
  /** What the change does and when, in words. */
  effect: Scalars['String']['output'];
  /** The cc_agent pause id set; 0 means available. */
  pauseId: Scalars['Int']['output'];
  /** True when cc_agent accepted the pause but starts it only when the agent's current contact ends (the agent was BUSY or WRAP_UP; see `Agent.pendingPause`); false when it is in effect now; null when the state could not be read. */
  pending?: Maybe<Scalars['Boolean']['output']>;
};

/** The result of setPause: the payload, or why it was not done. */
export type SetPauseResult = AgentHasNoAccountError | AgentNotFoundError | InvalidInputError | OutcomeUnknownError | SetPausePayload | VendorRejectedError | VendorUnavailableError;

/** A Sinch presence profile change that the vendor accepted. */
export type SetPresencePayload = {
  __typename?: 'SetPresencePayload';
  /** The agent, read again after the change (state fields show what the vendor reports now). */
  agent: Agent;
  /** The presence profile now set. */
  presence: Presence;
};

/** The result of setPresence: the payload, or why it was not done. */
export type SetPresenceResult = AgentHasNoAccountError | AgentNotFoundError | InvalidInputError | OutcomeUnknownError | SetPresencePayload | VendorRejectedError | VendorUnavailableError;

/** A Sinch queue login/logout (serving) change that the vendor accepted. */
export type SetQueueServingPayload = {
  __typename?: 'SetQueueServingPayload';
  /** The agent, read again after the change (state fields show what the vendor reports now). */
  agent: Agent;
  /** The queue. */
  queue: Queue;
  /** Whether the agent now serves the queue. */
  serving: Scalars['Boolean']['output'];
};

/** The result of setQueueServing: the payload, or why it was not done. */
export type SetQueueServingResult = AgentHasNoAccountError | AgentNotFoundError | InvalidInputError | OutcomeUnknownError | SetQueueServingPayload | VendorRejectedError | VendorUnavailableError;

/** A Sinch ready-state change that the vendor accepted. */
export type SetReadyStatePayload = {
  __typename?: 'SetReadyStatePayload';
  /** The agent, read again after the change (state fields show what the vendor reports now). */
  agent: Agent;
  /** The ready state set. */
  readyState: ReadyState;
};

/** The result of setReadyState: the payload, or why it was not done. */
export type SetReadyStateResult = AgentHasNoAccountError | AgentNotFoundError | InvalidInputError | OutcomeUnknownError | SetReadyStatePayload | VendorRejectedError | VendorUnavailableError;

/** A Sinch Contact Center user (32-hex user id). */
export type SinchAccount = VendorAccount & {
  __typename?: 'SinchAccount';
  /** The vendor's own id of the account (use it in vendor tools). */
  accountId: Scalars['String']['output'];
  /** The user's internal phone number at Sinch. */
  extension?: Maybe<Scalars['String']['output']>;
  /** The user's Sinch reporting group; null when Sinch is unavailable or did not say. */
  reportingGroupName?: Maybe<Scalars['String']['output']>;
  /** The vendor holding the account. */
  vendor: Vendor;
};

/** Durations (ms) of an agent's current chat slots by slot state (CoBrowser sends seconds). */
export type SlotDurations = {
  __typename?: 'SlotDurations';
  /** Slots burning (waiting too long). */
  burningMs?: Maybe<Scalars['Float']['output']>;
  /**
   * Slots burning (s).
   * @deprecated use burningMs
   */
  burningSeconds?: Maybe<Scalars['Float']['output']>;
  /** Slots closed or offline. */
  closedMs?: Maybe<Scalars['Float']['output']>;
  /**
   * Slots closed or offline (s).
   * @deprecated use closedMs
   */
  closedSeconds?: Maybe<Scalars['Float']['output']>;
  /** Slots new. */
  newMs?: Maybe<Scalars['Float']['output']>;
  /**
   * Slots new (s).
   * @deprecated use newMs
   */
  newSeconds?: Maybe<Scalars['Float']['output']>;
  /** Slots open. */
  openMs?: Maybe<Scalars['Float']['output']>;
  /**
   * Slots open (s).
   * @deprecated use openMs
   */
  openSeconds?: Maybe<Scalars['Float']['output']>;
  /** Slots sleeping. */
  sleepingMs?: Maybe<Scalars['Float']['output']>;
  /**
   * Slots sleeping (s).
   * @deprecated use sleepingMs
   */
  sleepingSeconds?: Maybe<Scalars['Float']['output']>;
};

/** Live updates for wallboards: a snapshot first, then only what changed. */
export type Subscription = {
  __typename?: 'Subscription';
  /** Live agent status. First message: SNAPSHOT of every matching agent; then CHANGE messages with only changed fields. Apply ADDED (replace), CHANGED (set `changedFields`), REMOVED (drop) to stay equal to a fresh read. */
  agentStatusChanged: AgentStatusUpdate;
  /** Queue alerts: a message when waiting contacts, longest wait, free agents, serving agents or service level crosses its queue-group warning or critical threshold, and again when it recovers. First message: SNAPSHOT of active alerts. */
  queueAlert: QueueAlertUpdate;
  /** Live queue figures. First message: SNAPSHOT of every matching queue; then CHANGE messages with only changed fields. */
  queueStatusChanged: QueueStatusUpdate;
};


/** Live updates for wallboards: a snapshot first, then only what changed. */
export type SubscriptionAgentStatusChangedArgs = {
  filter?: InputMaybe<AgentStatusFilter>;
};


/** Live updates for wallboards: a snapshot first, then only what changed. */
export type SubscriptionQueueAlertArgs = {
  filter?: InputMaybe<QueueAlertFilter>;
};


/** Live updates for wallboards: a snapshot first, then only what changed. */
export type SubscriptionQueueStatusChangedArgs = {
  filter?: InputMaybe<QueueStatusFilter>;
};

/** Warning and critical levels of one alert; null when not configured. */
export type ThresholdLevels = {
  __typename?: 'ThresholdLevels';
  /** The critical level. */
  critical?: Maybe<Scalars['Float']['output']>;
  /** The warning level. */
  warning?: Maybe<Scalars['Float']['output']>;
};

/** A Thulium agent, identified by login. */
export type ThuliumAccount = VendorAccount & {
  __typename?: 'ThuliumAccount';
  /** The vendor's own id of the account (use it in vendor tools). */
  accountId: Scalars['String']['output'];
  /** The Thulium agent login. */
  login: Scalars['String']['output'];
  /** The vendor holding the account. */
  vendor: Vendor;
};

/** Sinch `/userStatuses` counters of an agent as sent (the vendor's own breakdown). */
export type UserStatusCounters = {
  __typename?: 'UserStatusCounters';
  /** `activeIbCallCnt`. */
  activeInboundCalls: Scalars['Int']['output'];
  /** `activeIbChatCnt`. */
  activeInboundChats: Scalars['Int']['output'];
  /** `activeIbEmailCnt`. */
  activeInboundEmails: Scalars['Int']['output'];
  /** `activeIbOperDirCallCnt`. */
  activeInboundOperatorDirectCalls: Scalars['Int']['output'];
  /** `activeIbVideoChatCnt`. */
  activeInboundVideoChats: Scalars['Int']['output'];
  /** `activeObCbrCallCnt`. */
  activeOutboundCallbackCalls: Scalars['Int']['output'];
  /** `activeObCallCnt`. */
  activeOutboundCalls: Scalars['Int']['output'];
  /** `activeObCampaignCallCnt`. */
  activeOutboundCampaignCalls: Scalars['Int']['output'];
  /** `activeObEmailCnt`. */
  activeOutboundEmails: Scalars['Int']['output'];
  /** Sinch's status word. */
  status: Scalars['String']['output'];
};

/** A contact-center vendor this gateway federates. */
export type Vendor =
  /** cc_agent control API */
  | 'CCAGENT'
  /** CoBrowser.net */
  | 'COBROWSER'
  /** Sinch Contact Center (RMI) */
  | 'SINCH'
  /** Thulium */
  | 'THULIUM'
  /** wolkvox */
  | 'WOLKVOX';

/** A person's account at one vendor. */
export type VendorAccount = {
  /** The vendor's own id of the account (use it in vendor tools). */
  accountId: Scalars['String']['output'];
  /** The vendor holding the account. */
  vendor: Vendor;
};

/** Why a vendor call failed (stable values). */
export type VendorErrorCode =
  /** The vendor rejected the parameters. */
  | 'BAD_REQUEST'
  /** Not attempted: the vendor failed repeatedly, calls are paused for a moment. */
  | 'CIRCUIT_OPEN'
  /** The answer did not have the documented shape. */
  | 'MALFORMED_RESPONSE'
  /** The vendor could not be reached (connection refused or reset). */
  | 'NETWORK'
  /** The vendor is not configured on this gateway. */
  | 'NOT_CONFIGURED'
  /** The vendor did not find the entity. */
  | 'NOT_FOUND'
  /** The vendor is rate limiting the gateway. */
  | 'RATE_LIMITED'
  /** The vendor answered with a documented failure. */
  | 'REJECTED'
  /** The vendor had an internal error (HTTP 5xx). */
  | 'SERVER_ERROR'
  /** No answer within the deadline. */
  | 'TIMEOUT'
  /** The vendor refused the gateway's credentials. */
  | 'UNAUTHORIZED';

/** The gateway's background health probe of a vendor: one cheap read when the gateway starts, then every `VENDOR_PROBE_MS` (default 30 s; wolkvox at most every `POLL_WOLKVOX_MS`; skipped while real calls reach the vendor). cc_agent (no read API) and wolkvox (every call spends a daily token) are probed by a TCP connection to the API host only: it proves the host accepts connections, not that the key works. */
export type VendorProbe = {
  __typename?: 'VendorProbe';
  /** When the last probe finished. */
  at: Scalars['DateTime']['output'];
  /** Why the last probe failed (a `vendorCode`), if it did. */
  errorCode?: Maybe<Scalars['String']['output']>;
  /** When a probe last failed. */
  lastFailureAt?: Maybe<Scalars['DateTime']['output']>;
  /** When a probe last succeeded. */
  lastSuccessAt?: Maybe<Scalars['DateTime']['output']>;
  /** How long the last probe took (ms). */
  latencyMs: Scalars['Int']['output'];
  /** What the probe does (e.g. `GET /userstatuses`, `TCP connect`). */
  method: Scalars['String']['output'];
  /** The last probe succeeded. */
  ok: Scalars['Boolean']['output'];
};

/** The vendor answered and refused the change (e.g. unknown user, device in use). Nothing was changed. */
export type VendorRejectedError = MutationError & {
  __typename?: 'VendorRejectedError';
  /** The HTTP status of the refusal (200 when the vendor reports failures in the body, as cc_agent does). */
  httpStatus?: Maybe<Scalars['Int']['output']>;
  /** What went wrong, for people (branch on `__typename`). */
  message: Scalars['String']['output'];
  /** The vendor that refused. */
  vendor: Vendor;
  /** The vendor's own reason, with credentials removed and cut to 200 characters; null when it gave none. */
  vendorMessage?: Maybe<Scalars['String']['output']>;
};

/** One vendor's health as this gateway sees it: its own calls and its background probe (no call is made to answer this). */
export type VendorStatus = {
  __typename?: 'VendorStatus';
  /** Circuit breaker state. */
  circuit: CircuitState;
  /** A base URL is configured for it. */
  configured: Scalars['Boolean']['output'];
  /** Human-readable vendor name. */
  label: Scalars['String']['output'];
  /** When a call or probe last failed. */
  lastErrorAt?: Maybe<Scalars['DateTime']['output']>;
  /** Code of the last failed call or probe (e.g. `TIMEOUT`, `SERVER_ERROR`), if any. */
  lastErrorCode?: Maybe<Scalars['String']['output']>;
  /** When a call or probe last succeeded. */
  lastSuccessAt?: Maybe<Scalars['DateTime']['output']>;
  /** The last background probe; null when the vendor is not configured. */
  probe?: Maybe<VendorProbe>;
  /** Whether the latest call or probe got an answer (an error answer counts; a timeout or refused connection does not). Null only for a vendor that is not configured, or before the first probe finished. */
  reachable?: Maybe<Scalars['Boolean']['output']>;
  /** The vendor. */
  vendor: Vendor;
};

/** The vendor could not be asked, or failed before changing anything. Safe to retry later. */
export type VendorUnavailableError = MutationError & {
  __typename?: 'VendorUnavailableError';
  /** Why it failed. */
  code: VendorErrorCode;
  /** What went wrong, for people (branch on `__typename`). */
  message: Scalars['String']['output'];
  /** The vendor that failed. */
  vendor: Vendor;
};

/** A wolkvox agent, identified by its agent id or extension. */
export type WolkvoxAccount = VendorAccount & {
  __typename?: 'WolkvoxAccount';
  /** The vendor's own id of the account (use it in vendor tools). */
  accountId: Scalars['String']['output'];
  /** The vendor holding the account. */
  vendor: Vendor;
};

/** How the agent work report groups its rows. */
export type WorkReportAggregation =
  /** Per day. */
  | 'DAY'
  /** Per hour. */
  | 'HOUR'
  /** Per hour of day. */
  | 'HOUR_OF_DAY'
  /** Per minute. */
  | 'MINUTE'
  /** Per month. */
  | 'MONTH'
  /** Per week. */
  | 'WEEK'
  /** Per year. */
  | 'YEAR';

/** A cc_agent wrap-up timer change that the vendor accepted. */
export type WrapUpPayload = {
  __typename?: 'WrapUpPayload';
  /** The agent, read again after the change (state fields show what the vendor reports now). */
  agent: Agent;
  /** The wrap-up timer set, in seconds from now; null when the agent's default wrap-up time was added. */
  seconds?: Maybe<Scalars['Int']['output']>;
};

/** The result of wrapUp: the payload, or why it was not done. */
export type WrapUpResult = AgentHasNoAccountError | AgentNotFoundError | InvalidInputError | OutcomeUnknownError | VendorRejectedError | VendorUnavailableError | WrapUpPayload;

export type DashboardQueryVariables = Exact<{
  first: Scalars['Int']['input'];
}>;


export type DashboardQuery = { __typename?: 'Query', queues?: Array<{ __typename?: 'Queue', id: string, name: string, status?: { __typename?: 'QueueLiveStatus', waitingNow: number, longestWaitMs: number, agents: { __typename?: 'QueueAgentCounts', available: number, busy: number, wrapUp: number, paused: number } } | null, thresholds?: { __typename?: 'QueueThresholds', waitingContacts: { __typename?: 'ThresholdLevels', warning?: number | null, critical?: number | null } } | null, kpis?: { __typename?: 'QueueKpis', serviceLevel?: number | null, abandonRate?: number | null, averageSpeedOfAnswerMs?: number | null, averageHandleTimeMs?: number | null } | null }> | null, agents?: { __typename?: 'AgentConnection', totalCount: number, edges: Array<{ __typename?: 'AgentEdge', node: { __typename?: 'Agent', id: string, name: string, state?: AgentState | null, accounts: Array<{ __typename?: 'CcAgentAccount', vendor: Vendor } | { __typename?: 'CoBrowserAccount', vendor: Vendor } | { __typename?: 'SinchAccount', vendor: Vendor } | { __typename?: 'ThuliumAccount', vendor: Vendor } | { __typename?: 'WolkvoxAccount', vendor: Vendor }>, presence?: { __typename?: 'Presence', name: string } | null, queues?: Array<{ __typename?: 'QueueMembership', serving?: boolean | null, queue: { __typename?: 'Queue', name: string } }> | null } }> } | null };

export type PauseAgentMutationVariables = Exact<{
  agentId: Scalars['ID']['input'];
}>;


export type PauseAgentMutation = { __typename?: 'Mutation', setPause: { __typename: 'AgentHasNoAccountError', message: string } | { __typename: 'AgentNotFoundError', message: string } | { __typename: 'InvalidInputError', message: string } | { __typename: 'OutcomeUnknownError', message: string } | { __typename: 'SetPausePayload', agent: { __typename?: 'Agent', id: string, state?: AgentState | null } } | { __typename: 'VendorRejectedError', message: string } | { __typename: 'VendorUnavailableError', message: string } };


export const DashboardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Dashboard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"queues"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"waitingNow"}},{"kind":"Field","name":{"kind":"Name","value":"longestWaitMs"}},{"kind":"Field","name":{"kind":"Name","value":"agents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"available"}},{"kind":"Field","name":{"kind":"Name","value":"busy"}},{"kind":"Field","name":{"kind":"Name","value":"wrapUp"}},{"kind":"Field","name":{"kind":"Name","value":"paused"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"thresholds"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"waitingContacts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"warning"}},{"kind":"Field","name":{"kind":"Name","value":"critical"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"kpis"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceLevel"}},{"kind":"Field","name":{"kind":"Name","value":"abandonRate"}},{"kind":"Field","name":{"kind":"Name","value":"averageSpeedOfAnswerMs"}},{"kind":"Field","name":{"kind":"Name","value":"averageHandleTimeMs"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"agents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"accounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"vendor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"presence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"queues"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"queue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"serving"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<DashboardQuery, DashboardQueryVariables>;
export const PauseAgentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PauseAgent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setPause"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}}},{"kind":"Argument","name":{"kind":"Name","value":"pauseId"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SetPausePayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<PauseAgentMutation, PauseAgentMutationVariables>;