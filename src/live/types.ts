/**
 * Shapes of the live path. Everything a poller publishes is plain JSON (no Date, no class) because, with Redis,
 * it crosses process boundaries.
 */
import type { AgentState, Channel, PresenceType } from '../domain/model.js';
import type { DroppedRows } from '../domain/partial.js';

/** One polled vendor resource. Each has its own poller, interval and (with Redis) lease. */
export const LIVE_RESOURCES = [
  'sinch.agents',
  'sinch.userStatuses',
  'sinch.queueStatuses',
  'sinch.queueGroups',
  'sinch.contactsInProcess',
  'sinch.contactSummaries',
  'cobrowser.onlineAgents',
  'wolkvox.cobrowsing',
] as const;
export type LiveResource = (typeof LIVE_RESOURCES)[number];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };
export type ResourceRecord = Record<string, JsonValue>;

/** Rows of one vendor resource a poll dropped as unreadable (no reasons: those stay in the log). */
export type LiveDrop = Pick<DroppedRows, 'vendor' | 'resource' | 'count'>;

/** What a poller publishes: the records that changed since its previous publish, or the whole resource. */
export interface ResourceMessage {
  resource: LiveResource;
  /** Per resource, +1 per message (shared across instances with Redis). */
  seq: number;
  /** True: `upserts` is the whole resource and replaces what a replica holds. */
  full: boolean;
  upserts: Array<[string, ResourceRecord]>;
  removals: string[];
  /** Poll time (epoch ms). */
  at: number;
  /** Rows the vendor sent but that could not be read in this poll (absent: none). Not a diff: the current count. */
  dropped?: LiveDrop[];
}

/** A resource's whole state, as saved for replicas that join late (Redis only). */
export interface ResourceState {
  seq: number;
  records: Array<[string, ResourceRecord]>;
  at: number;
  dropped?: LiveDrop[];
}

// ---------------------------------------------------------------------------------------------------------
// Normalized live views

export interface LiveQueueMembership {
  /** Sinch queue id (the schema turns it into a Queue global ID). */
  queueId: string;
  queueName: string;
  channel: Channel;
  serving: boolean | null;
}

/** The live status of one person (keyed by person key). Null: the vendor account is absent or did not say. */
export interface AgentLiveView {
  name: string;
  state: AgentState | null;
  rawStatus: string | null;
  availability: string | null;
  presenceName: string | null;
  presenceType: PresenceType | null;
  activePhoneContacts: number | null;
  activeChatContacts: number | null;
  activeEmailContacts: number | null;
  /** Sinch contacts in process handled by this agent, sorted. */
  activeContactIds: string[];
  queues: LiveQueueMembership[];
  phoneCapacity: number | null;
  taskCapacity: number | null;
  textChatCapacity: number | null;
  chatOnline: boolean | null;
  chatSlots: number | null;
  chatFreeSlots: number | null;
  chatOpenChats: number | null;
  cobrowsingSessionsToday: number | null;
}

/** The live status of one Sinch queue (keyed by Sinch queue id). */
export interface QueueLiveView {
  name: string;
  channel: Channel;
  waiting: number;
  waitingArrivedHere: number;
  longestWaitMs: number;
  agentsServing: number;
  agentsFree: number;
  agentsBusy: number;
  agentsWrapUp: number;
  agentsNotReady: number;
  agentsPaused: number;
  /**
   * Today's service level, 0–1: answered on time / (handled + abandoned) (domain/kpi.ts), from Sinch contact
   * summaries since local midnight (CCGRAPH_TIMEZONE). Null when nothing was handled or abandoned yet.
   */
  serviceLevel: number | null;
  /** `serviceLevel` in percent (0–100, one decimal), kept for older clients. */
  serviceLevelPercent: number | null;
}

// ---------------------------------------------------------------------------------------------------------
// Updates sent to subscribers

export type UpdateKind = 'SNAPSHOT' | 'CHANGE';
export type ChangeKind = 'ADDED' | 'CHANGED' | 'REMOVED';

/**
 * One entity's change. ADDED carries every field (the entity is new to this subscriber); CHANGED carries only
 * `changedFields` (a field may change to null, hence the list); REMOVED carries none.
 */
export interface EntityChange<V> {
  kind: ChangeKind;
  /** Internal key: person key for agents, Sinch queue id for queues. */
  id: string;
  changedFields: Array<keyof V & string>;
  fields: Partial<V>;
}

export interface LiveUpdate<V> {
  /** Monotonically increasing per hub and view. */
  sequence: number;
  /** SNAPSHOT: the first message; `changes` holds every matching entity (all ADDED) and replaces client state. */
  kind: UpdateKind;
  changes: Array<EntityChange<V>>;
}

export type AlertLevel = 'OK' | 'WARNING' | 'CRITICAL';
export type AlertMetric = 'WAITING_CONTACTS' | 'LONGEST_WAIT' | 'FREE_AGENTS' | 'SERVING_AGENTS' | 'SERVICE_LEVEL';

export interface QueueAlert {
  queueId: string;
  queueName: string;
  metric: AlertMetric;
  level: AlertLevel;
  /** Null in a snapshot (the alert was already active when the subscription began). */
  previousLevel: AlertLevel | null;
  value: number;
  warningLevel: number | null;
  criticalLevel: number | null;
  /** Epoch ms of the poll that saw the crossing. */
  at: number;
}

export interface AlertUpdate {
  sequence: number;
  /** SNAPSHOT: active (non-OK) alerts at subscription time. CHANGE: crossings since the previous message. */
  kind: UpdateKind;
  alerts: QueueAlert[];
}

export interface AgentFilter {
  /** Person keys. */
  agentKeys?: string[] | null;
  /** Sinch queue ids: agents that are members of any. */
  queueIds?: string[] | null;
  states?: AgentState[] | null;
}

export interface QueueFilter {
  queueIds?: string[] | null;
}

export interface AlertFilter {
  queueIds?: string[] | null;
  /** Events whose new or previous level is one of these (so a subscriber to CRITICAL sees its recovery). */
  levels?: AlertLevel[] | null;
}
