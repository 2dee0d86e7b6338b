/**
 * What the rest of ccgraph may ask of a vendor. Each connector (src/vendors/<vendor>/) implements one of these
 * over undici, keeps the vendor's limits (paging, windows, concurrency), parses tolerantly into domain types and
 * throws only `VendorError`. Nothing outside src/vendors/ builds a vendor URL.
 */
import type {
  AgentWorkRecord,
  Channel,
  ChatAgent,
  CcQueueAssignment,
  CobrowsingSession,
  Contact,
  ContactEvent,
  ContactStatus,
  Presence,
  QueueGroup,
  QueueIntervalSummary,
  QueueMembership,
  QueueStatus,
  SinchAgent,
  SinchUserStatus,
  VendorHealth,
  WorkReportAggregation,
} from '../domain/model.js';
import type { VendorName } from '../domain/vendors.js';

/** Per-call options every connector method accepts. */
export interface CallOptions {
  signal?: AbortSignal;
  /**
   * Epoch ms: an identical read that the vendor answered at or after this moment, and at most a fraction of a second
   * ago (src/vendors/http.ts `resultShareMs`), may be reused instead of a new call. Absent: only reads in flight are
   * shared. Connectors that do not support it ignore it.
   */
  sharedSince?: number;
}

export interface Connector {
  readonly vendor: VendorName;
  health(): VendorHealth;
  close(): Promise<void>;
}

export interface ContactQuery {
  /** Contacts after this time (Sinch `startTime`). */
  from?: Date;
  /** Contacts before this time (Sinch `endTime`). */
  to?: Date;
  /** All active contacts regardless of time (Sinch `showAllInProcess=1`). */
  allInProcess?: boolean;
  agentIds?: string[];
  queueIds?: string[];
  /** Source OR destination (Sinch `search`). */
  search?: string;
  statuses?: ContactStatus[];
  channels?: Channel[];
}

export interface SinchConnector extends Connector {
  readonly vendor: 'sinch';
  /** All agents, or only `ids` (one comma-separated `id` filter per page). Statistics since `since` (default: UTC midnight). Follows offset/limit pages. */
  listAgents(q?: { ids?: string[]; queueIds?: string[]; since?: Date }, o?: CallOptions): Promise<SinchAgent[]>;
  listUserStatuses(o?: CallOptions): Promise<SinchUserStatus[]>;
  /** All queue statuses, or only `ids`. */
  listQueueStatuses(q?: { ids?: string[] }, o?: CallOptions): Promise<QueueStatus[]>;
  /** Queue groups with thresholds (`showThresholds=1`); the `ALL_QUEUES` group included as the vendor sends it. */
  listQueueGroups(o?: CallOptions): Promise<QueueGroup[]>;
  listContacts(q: ContactQuery, o?: CallOptions): Promise<Contact[]>;
  /** Null when the vendor answers 404. */
  getContact(id: string, o?: CallOptions): Promise<Contact | null>;
  listContactEvents(contactId: string, o?: CallOptions): Promise<ContactEvent[]>;
  listContactSummaries(
    q: { from: Date; queueIds?: string[]; channels?: Channel[] },
    o?: CallOptions,
  ): Promise<QueueIntervalSummary[]>;
  listAgentPresences(agentId: string, o?: CallOptions): Promise<Presence[]>;
  listAgentQueues(agentId: string, o?: CallOptions): Promise<QueueMembership[]>;
  // Writes: never retried.
  setReadyState(agentId: string, ready: boolean, o?: CallOptions): Promise<void>;
  /** PUT of the agent's queue with all properties (the doc requires the full object). */
  setQueueServing(agentId: string, queue: QueueMembership, serving: boolean, o?: CallOptions): Promise<void>;
  /** PUT of the chosen presence profile with all its properties. */
  setPresence(agentId: string, presence: Presence, o?: CallOptions): Promise<void>;
}

export interface CoBrowserConnector extends Connector {
  readonly vendor: 'cobrowser';
  getAllAgents(o?: CallOptions): Promise<ChatAgent[]>;
  getOnlineAgents(o?: CallOptions): Promise<ChatAgent[]>;
}

export interface ThuliumConnector extends Connector {
  readonly vendor: 'thulium';
  /** The tenant's zone: its day/week/month buckets and naive timestamps follow it (default UTC). */
  readonly timeZone?: string;
  /** Follows 100-row pages and merges them. Needs `logins` or `groupIds` (vendor rule); throws BAD_REQUEST-free typed input errors otherwise. */
  agentWorkReport(
    q: {
      logins?: string[];
      groupIds?: string[];
      queueIds?: string[];
      from: Date;
      to: Date;
      aggregateBy?: WorkReportAggregation;
      outboundThresholdSeconds?: number;
    },
    o?: CallOptions,
  ): Promise<AgentWorkRecord[]>;
}

export interface WolkvoxConnector extends Connector {
  readonly vendor: 'wolkvox';
  /** Splits the range into ≤31-day windows, at most 2 requests in flight per token, merges the sessions. */
  listCobrowsingSessions(q: { from: Date; to: Date }, o?: CallOptions): Promise<CobrowsingSession[]>;
}

export interface CcAgentConnector extends Connector {
  readonly vendor: 'ccagent';
  /** Returns the code the agent must dial to finish the check-in. */
  checkIn(userId: string, q?: { forceCheckOut?: boolean }, o?: CallOptions): Promise<{ dialCode: string | null }>;
  checkInDevice(userId: string, deviceId: string, q?: { forceCheckOut?: boolean }, o?: CallOptions): Promise<void>;
  checkOut(userId: string, o?: CallOptions): Promise<void>;
  /** pauseId 0 means available. */
  setPause(userId: string, pauseId: number, o?: CallOptions): Promise<void>;
  setQueues(userId: string, queueIds: string[], o?: CallOptions): Promise<CcQueueAssignment | null>;
  /** Without seconds, the user's default wrap-up time is added. */
  wrapUp(userId: string, seconds?: number, o?: CallOptions): Promise<void>;
}

/** The configured connectors; a vendor without a base URL is absent. */
export interface Connectors {
  sinch?: SinchConnector;
  cobrowser?: CoBrowserConnector;
  thulium?: ThuliumConnector;
  wolkvox?: WolkvoxConnector;
  ccagent?: CcAgentConnector;
}
