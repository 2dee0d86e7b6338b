/**
 * Object refs shared by the type files, declared before they are implemented so types can reference each other
 * (Agent ↔ Queue ↔ Contact) without import cycles.
 */
import type { QueueCounters } from '../domain/kpi.js';
import type {
  AgentWorkRecord,
  Channel,
  ChatAgent,
  CobrowsingSession,
  Contact,
  Person,
  QueueIntervalSummary,
} from '../domain/model.js';
import type { VendorName } from '../domain/vendors.js';
import { builder } from './builder.js';
import type { GraphQLContext } from './context.js';

/** A queue as other objects point at it; live figures are loaded lazily by id. */
export interface QueueShape {
  id: string;
  name: string;
  channel: Channel;
}

export interface KpiShape {
  queueId: string | null;
  from: Date;
  to: Date;
  counters: QueueCounters;
}

export interface AccountShape {
  vendor: VendorName;
  id: string;
  person: Person;
}

interface ReportBase {
  title: string;
  /** IANA zone of the report's period labels (default CCGRAPH_TIMEZONE). */
  timeZone?: string;
  from: Date;
  to: Date;
  generatedAt: Date;
}
export type ReportShape =
  | (ReportBase & { kind: 'agentWork'; rows: AgentWorkRecord[] })
  | (ReportBase & { kind: 'cobrowsing'; rows: CobrowsingSession[] })
  | (ReportBase & { kind: 'queueInterval'; rows: QueueIntervalSummary[] })
  | (ReportBase & { kind: 'chatSlot'; rows: ChatAgent[] });

export const AgentRef = builder.objectRef<Person>('Agent');
export const QueueRef = builder.objectRef<QueueShape>('Queue');
export const ContactRef = builder.objectRef<Contact>('Contact');
export const QueueKpisRef = builder.objectRef<KpiShape>('QueueKpis');
export const ChatSlotsRef = builder.objectRef<ChatAgent>('ChatSlots');

/** The person holding a vendor account, from the request's identity directory. */
export async function personForAccount(
  ctx: GraphQLContext,
  vendor: VendorName,
  id: string | null | undefined,
): Promise<Person | null> {
  if (!id) return null;
  const { directory } = await ctx.loaders.identity();
  return directory.forAccount(vendor, id) ?? null;
}
