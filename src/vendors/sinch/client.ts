/**
 * Sinch Contact Center RMI connector. Basic auth, JSON only; lists are paged with offset/limit (we ask for
 * large pages and keep going while full pages come back); id filters are comma lists chunked to keep URLs short.
 */
import type { Channel, Contact, Presence, QueueMembership, VendorHealth } from '../../domain/model.js';
import type { CallOptions, ContactQuery, SinchConnector } from '../types.js';
import { VendorHttp, basicAuth, chunkJoined, tuning, type HttpTuning, type Query } from '../http/index.js';
import {
  parseAgentQueue,
  parseAgentQueues,
  parseAgents,
  parseContact,
  parseContactEvents,
  parseContacts,
  parseContactSummaries,
  parsePresences,
  parseQueueGroups,
  parseQueueStatuses,
  parseUserStatuses,
  summaryTypeParam,
  vendorQueueType,
} from './mapping.js';

export interface SinchClientOptions extends HttpTuning {
  baseUrl: string;
  username: string;
  password: string;
  /** Rows asked per page. */
  pageSize?: number;
  /** Clock for the default `startTime` (today 00:00 UTC). */
  now?: () => Date;
}

const seg = (s: string) => encodeURIComponent(s);

/** Midnight UTC of the given instant. */
export function utcMidnight(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export class SinchClient implements SinchConnector {
  readonly vendor = 'sinch' as const;
  readonly http: VendorHttp;
  private readonly pageSize: number;
  private readonly now: () => Date;

  constructor(o: SinchClientOptions) {
    const auth = basicAuth(o.username, o.password);
    this.http = new VendorHttp({
      vendor: 'sinch',
      baseUrl: o.baseUrl,
      ...tuning(o),
      headers: { accept: 'application/json', authorization: auth },
      secrets: [o.password, auth.slice('Basic '.length), ...(o.secrets ?? [])],
    });
    this.pageSize = o.pageSize ?? 1000;
    this.now = o.now ?? (() => new Date());
  }

  health(): VendorHealth {
    return this.http.health();
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** Requests pages until one comes back short. */
  private async paged<T>(endpoint: string, path: string, query: Query, parse: (b: unknown) => T[], o?: CallOptions): Promise<T[]> {
    const out: T[] = [];
    for (let offset = 0; ; offset += this.pageSize) {
      const page = await this.http.get({
        endpoint,
        path,
        query: { ...query, offset, limit: this.pageSize },
        parse,
        signal: o?.signal,
        sharedSince: o?.sharedSince,
      });
      out.push(...page);
      if (page.length < this.pageSize) return out;
    }
  }

  async listAgents(q: { ids?: string[]; queueIds?: string[]; since?: Date } = {}, o?: CallOptions) {
    const base: Query = {
      startTime: (q.since ?? utcMidnight(this.now())).toISOString(),
      showQueueInfo: 3,
      ...(q.queueIds?.length ? { queueId: q.queueIds.join(',') } : {}),
    };
    if (q.ids !== undefined && q.ids.length === 0) return [];
    const chunks = q.ids ? chunkJoined([...new Set(q.ids)]) : [undefined];
    const pages = await Promise.all(
      chunks.map((ids) => this.paged('GET /agents', '/agents', ids ? { ...base, id: ids.join(',') } : base, parseAgents, o)),
    );
    // Rows can shift between pages while agents change; keep each agent once.
    return dedupeBy(pages.flat(), (a) => a.id);
  }

  listUserStatuses(o?: CallOptions) {
    return this.paged('GET /userStatuses', '/userStatuses', {}, parseUserStatuses, o).then((r) => dedupeBy(r, (u) => u.id));
  }

  async listQueueStatuses(q: { ids?: string[] } = {}, o?: CallOptions) {
    if (q.ids !== undefined && q.ids.length === 0) return [];
    const chunks = q.ids ? chunkJoined([...new Set(q.ids)]) : [undefined];
    const pages = await Promise.all(
      chunks.map((ids) =>
        this.paged('GET /queueStatuses', '/queueStatuses', ids ? { id: ids.join(',') } : {}, parseQueueStatuses, o),
      ),
    );
    return dedupeBy(pages.flat(), (s) => s.queueId);
  }

  listQueueGroups(o?: CallOptions) {
    return this.paged('GET /queueGroups', '/queueGroups', { showThresholds: 1 }, parseQueueGroups, o);
  }

  async listContacts(q: ContactQuery, o?: CallOptions): Promise<Contact[]> {
    const query: Query = {
      startTime: q.from?.toISOString(),
      endTime: q.to?.toISOString(),
      showAllInProcess: q.allInProcess ? 1 : undefined,
      search: q.search || undefined,
    };
    // agentId/queueId are documented comma lists; large lists are chunked (each chunk is a disjoint filter).
    const agentChunks = q.agentIds?.length ? chunkJoined(q.agentIds, 2500) : [undefined];
    const queueChunks = q.queueIds?.length ? chunkJoined(q.queueIds, 2500) : [undefined];
    if (q.agentIds?.length === 0 && q.agentIds !== undefined) return [];
    if (q.queueIds?.length === 0 && q.queueIds !== undefined) return [];
    const calls: Array<Promise<Contact[]>> = [];
    for (const a of agentChunks) {
      for (const qu of queueChunks) {
        calls.push(
          this.paged(
            'GET /contacts',
            '/contacts',
            { ...query, ...(a ? { agentId: a.join(',') } : {}), ...(qu ? { queueId: qu.join(',') } : {}) },
            parseContacts,
            o,
          ),
        );
      }
    }
    const rows = dedupeBy((await Promise.all(calls)).flat(), (c) => c.id);
    // Status and channel are filtered here: the RMI documents comma lists only for agentId/queueId.
    const statuses = q.statuses?.length ? new Set(q.statuses) : null;
    const channels = q.channels?.length ? new Set(q.channels) : null;
    return rows.filter((c) => (!statuses || statuses.has(c.status)) && (!channels || channels.has(c.channel)));
  }

  getContact(id: string, o?: CallOptions): Promise<Contact | null> {
    return this.http.get<Contact | null>({
      endpoint: 'GET /contacts/{contactId}',
      path: `/contacts/${seg(id)}`,
      parse: parseContact,
      notFound: () => null,
      signal: o?.signal,
    });
  }

  listContactEvents(contactId: string, o?: CallOptions) {
    return this.http.get({
      endpoint: 'GET /contacts/{contactId}/details',
      path: `/contacts/${seg(contactId)}/details`,
      parse: parseContactEvents,
      signal: o?.signal,
    });
  }

  listContactSummaries(q: { from: Date; queueIds?: string[]; channels?: Channel[] }, o?: CallOptions) {
    if (q.queueIds !== undefined && q.queueIds.length === 0) return Promise.resolve([]);
    return this.paged(
      'GET /contactSummaries',
      '/contactSummaries',
      {
        startTime: q.from.toISOString(),
        queueId: q.queueIds?.length ? q.queueIds.join(',') : undefined,
        type: q.channels?.length ? summaryTypeParam(q.channels) : undefined,
      },
      parseContactSummaries,
      o,
    );
  }

  listAgentPresences(agentId: string, o?: CallOptions): Promise<Presence[]> {
    return this.paged('GET /agents/{agentId}/presences', `/agents/${seg(agentId)}/presences`, {}, parsePresences, o);
  }

  listAgentQueues(agentId: string, o?: CallOptions): Promise<QueueMembership[]> {
    return this.paged('GET /agents/{agentId}/queues', `/agents/${seg(agentId)}/queues`, {}, parseAgentQueues, o);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Writes (never retried)

  async setReadyState(agentId: string, ready: boolean, o?: CallOptions): Promise<void> {
    await this.http.write({
      endpoint: 'PUT /agents/{agentId}/readyState',
      method: 'PUT',
      path: `/agents/${seg(agentId)}/readyState`,
      body: { readyState: ready ? 'Ready' : 'NotReady' },
      signal: o?.signal,
    });
  }

  async setQueueServing(agentId: string, queue: QueueMembership, serving: boolean, o?: CallOptions): Promise<void> {
    let current = queue;
    // The PUT replaces every property; when we do not know the configuration, read it first rather than guess.
    if (queue.externalServing === null || queue.canChangeQueueLogin === null) {
      current = await this.http.get({
        endpoint: 'GET /agents/{agentId}/queues/{queueId}',
        path: `/agents/${seg(agentId)}/queues/${seg(queue.queueId)}`,
        parse: parseAgentQueue,
        signal: o?.signal,
      });
    }
    await this.http.write({
      endpoint: 'PUT /agents/{agentId}/queues/{queueId}',
      method: 'PUT',
      path: `/agents/${seg(agentId)}/queues/${seg(queue.queueId)}`,
      body: {
        id: queue.queueId,
        name: current.queueName || queue.queueName,
        type: vendorQueueType(current.channel),
        serving,
        externalServing: current.externalServing ?? false,
        canChangeQueueLogin: current.canChangeQueueLogin ?? true,
      },
      signal: o?.signal,
    });
  }

  async setPresence(agentId: string, presence: Presence, o?: CallOptions): Promise<void> {
    await this.http.write({
      endpoint: 'PUT /agents/{agentId}/presences/{presenceId}',
      method: 'PUT',
      path: `/agents/${seg(agentId)}/presences/${seg(presence.id)}`,
      body: {
        id: presence.id,
        name: presence.name,
        reason: presence.reason,
        type: presence.type,
        priority: presence.priority,
      },
      signal: o?.signal,
    });
  }
}

function dedupeBy<T>(rows: T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const r of rows) seen.set(key(r), r);
  return rows.length === seen.size ? rows : [...seen.values()];
}
