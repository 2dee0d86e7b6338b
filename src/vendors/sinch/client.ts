/**
 * Sinch Contact Center RMI connector. HTTP Basic or a session cookie (session.ts), JSON only, a fixed `language`
 * so translatable words do not follow the API user's settings. Lists are paged with offset/limit until the vendor
 * says the list is over, whatever cap the server puts on `limit` (see `paged`); id filters are comma lists chunked
 * to keep URLs short. Unreadable rows are dropped alone and counted (src/domain/partial.ts).
 */
import type { Channel, Contact, Presence, QueueMembership, VendorHealth } from '../../domain/model.js';
import type { CallOptions, ContactQuery, SinchConnector } from '../types.js';
import { isVendorError } from '../../domain/errors.js';
import { keepDropped } from '../../domain/partial.js';
import { VendorHttp, basicAuth, chunkJoined, tuning, type GetRequest, type HttpTuning, type Query } from '../http/index.js';
import { receivedOf } from '../parse.js';
import { boxed, type DroppedRowsObserver } from '../rows.js';
import { SinchSession } from './session.js';
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
  /** Rows asked per page (the server may return fewer per page: paging follows what it does). */
  pageSize?: number;
  /** `basic` (default): HTTP Basic on every call; `session`: log in once and send the JSESSIONID cookie. */
  auth?: 'basic' | 'session';
  /** ISO 639 code sent as `language` on every read (default `en`), so translatable words are stable. */
  language?: string;
  /** Session mode: renew a session older than this (default 20 minutes). */
  sessionMaxAgeMs?: number;
  /** Told about rows dropped from an answer (metrics, log). */
  onDroppedRows?: DroppedRowsObserver;
  /** Clock for the default `startTime` (today 00:00 UTC). */
  now?: () => Date;
}

const seg = (s: string) => encodeURIComponent(s);

/** Midnight UTC of the given instant. */
export function utcMidnight(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** The RMI's documented default `limit`: a page every server fills when the list is that long. */
export const SINCH_DOCUMENTED_LIMIT = 100;

export class SinchClient implements SinchConnector {
  readonly vendor = 'sinch' as const;
  readonly http: VendorHttp;
  private readonly pageSize: number;
  private readonly now: () => Date;
  private readonly language: string;
  private readonly onDropped: DroppedRowsObserver | undefined;
  /** Session mode only. */
  readonly session: SinchSession | null;
  /** Sent with every call; session mode sets its `cookie` (VendorHttp reads the headers at each attempt). */
  private readonly headers: Record<string, string>;
  /** Per endpoint template: the most rows one page has held, so a later shorter page is known to be the last. */
  private readonly pageMax = new Map<string, number>();
  /** Per endpoint template: the longest page shorter than asked that proved to be the last (the next one was empty). */
  private readonly lastShort = new Map<string, number>();

  constructor(o: SinchClientOptions) {
    const auth = basicAuth(o.username, o.password);
    const session = o.auth === 'session';
    this.headers = session ? { accept: 'application/json' } : { accept: 'application/json', authorization: auth };
    this.http = new VendorHttp({
      vendor: 'sinch',
      baseUrl: o.baseUrl,
      ...tuning(o),
      headers: this.headers,
      secrets: [o.password, auth.slice('Basic '.length), ...(o.secrets ?? [])],
    });
    this.session = session
      ? new SinchSession({
          baseUrl: o.baseUrl,
          username: o.username,
          password: o.password,
          timeoutMs: o.timeoutMs,
          ...(o.sessionMaxAgeMs !== undefined ? { maxAgeMs: o.sessionMaxAgeMs } : {}),
        })
      : null;
    this.pageSize = o.pageSize ?? 1000;
    this.now = o.now ?? (() => new Date());
    this.language = o.language ?? 'en';
    this.onDropped = o.onDroppedRows;
  }

  /** Runs a call with a session cookie (session mode), logging in again once on 401. */
  private async authed<T>(run: () => Promise<T>): Promise<T> {
    if (!this.session) return run();
    let cookie = await this.session.current();
    this.headers.cookie = cookie;
    try {
      return await run();
    } catch (e) {
      if (!isVendorError(e) || e.code !== 'UNAUTHORIZED') throw e;
      cookie = await this.session.renew(cookie);
      this.headers.cookie = cookie;
      return run();
    }
  }

  /** A read with the fixed `language`, authenticated. */
  private get<T>(req: GetRequest<T>): Promise<T> {
    return this.authed(() => this.http.get<T>({ ...req, query: { ...req.query, language: this.language } }));
  }

  health(): VendorHealth {
    return this.http.health();
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /**
   * Follows pages until the vendor says the list is over: an empty page, or a page with fewer rows than the
   * server itself has put in one page of this endpoint before — at least the documented default page (100 rows),
   * which every server serves. Servers may cap `limit` below what we ask, so a page shorter than asked but as
   * long as any page before proves nothing by itself (unless a page that long already proved to be the last); the
   * offset advances by the rows actually received.
   */
  private async paged<T>(endpoint: string, path: string, query: Query, parse: (b: unknown) => T[], o?: CallOptions): Promise<T[]> {
    const out: T[] = [];
    const pages: T[][] = [];
    let previous: T | undefined;
    let shortBefore = 0;
    for (let offset = 0; ; ) {
      const { rows } = await this.get({
        endpoint,
        path,
        query: { ...query, offset, limit: this.pageSize },
        parse: boxed(parse, this.onDropped),
        signal: o?.signal,
        sharedSince: o?.sharedSince,
      });
      const received = receivedOf(rows);
      // A server that ignores `offset` sends the same page again: that is the end, not more rows. (Compared only
      // when a second page came: most lists are one page, and a row's JSON costs as much as reading it.)
      const first = rows[0];
      if (offset > 0 && first !== undefined && previous !== undefined && JSON.stringify(first) === JSON.stringify(previous)) {
        return keepDropped(out, ...pages);
      }
      previous = first;
      if (received === 0 && shortBefore > 0) {
        // A capped server fills every page but the last: a short page followed by nothing proves the cap (if any)
        // is above it, so a list of that length or shorter is whole after one call next time.
        this.lastShort.set(endpoint, Math.max(this.lastShort.get(endpoint) ?? 0, shortBefore));
      }
      pages.push(rows);
      out.push(...rows);
      offset += received;
      const most = Math.max(this.pageMax.get(endpoint) ?? 0, SINCH_DOCUMENTED_LIMIT);
      if (received > (this.pageMax.get(endpoint) ?? 0)) this.pageMax.set(endpoint, received);
      if (received === 0 || (received < this.pageSize && (received < most || received <= (this.lastShort.get(endpoint) ?? 0)))) {
        return keepDropped(out, ...pages);
      }
      shortBefore = received < this.pageSize ? received : 0;
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
    return keepDropped(dedupeBy(pages.flat(), (a) => a.id), ...pages);
  }

  listUserStatuses(o?: CallOptions) {
    return this.paged('GET /userStatuses', '/userStatuses', {}, parseUserStatuses, o).then((r) => keepDropped(dedupeBy(r, (u) => u.id), r));
  }

  async listQueueStatuses(q: { ids?: string[] } = {}, o?: CallOptions) {
    if (q.ids !== undefined && q.ids.length === 0) return [];
    const chunks = q.ids ? chunkJoined([...new Set(q.ids)]) : [undefined];
    const pages = await Promise.all(
      chunks.map((ids) =>
        this.paged('GET /queueStatuses', '/queueStatuses', ids ? { id: ids.join(',') } : {}, parseQueueStatuses, o),
      ),
    );
    return keepDropped(dedupeBy(pages.flat(), (s) => s.queueId), ...pages);
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
    const pages = await Promise.all(calls);
    const rows = dedupeBy(pages.flat(), (c) => c.id);
    // Status and channel are filtered here: the RMI documents comma lists only for agentId/queueId.
    const statuses = q.statuses?.length ? new Set(q.statuses) : null;
    const channels = q.channels?.length ? new Set(q.channels) : null;
    return keepDropped(
      rows.filter((c) => (!statuses || statuses.has(c.status)) && (!channels || channels.has(c.channel))),
      ...pages,
    );
  }

  getContact(id: string, o?: CallOptions): Promise<Contact | null> {
    return this.get<Contact | null>({
      endpoint: 'GET /contacts/{contactId}',
      path: `/contacts/${seg(id)}`,
      parse: parseContact,
      notFound: () => null,
      signal: o?.signal,
    });
  }

  listContactEvents(contactId: string, o?: CallOptions) {
    return this.get({
      endpoint: 'GET /contacts/{contactId}/details',
      path: `/contacts/${seg(contactId)}/details`,
      parse: boxed(parseContactEvents, this.onDropped),
      signal: o?.signal,
    }).then((b) => keepDropped([...b.rows], b.rows));
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
    await this.authed(() =>
      this.http.write({
        endpoint: 'PUT /agents/{agentId}/readyState',
        method: 'PUT',
        path: `/agents/${seg(agentId)}/readyState`,
        body: { readyState: ready ? 'Ready' : 'NotReady' },
        signal: o?.signal,
      }),
    );
  }

  async setQueueServing(agentId: string, queue: QueueMembership, serving: boolean, o?: CallOptions): Promise<void> {
    let current = queue;
    // The PUT replaces every property; when we do not know the configuration, read it first rather than guess.
    if (queue.externalServing === null || queue.canChangeQueueLogin === null) {
      current = await this.get({
        endpoint: 'GET /agents/{agentId}/queues/{queueId}',
        path: `/agents/${seg(agentId)}/queues/${seg(queue.queueId)}`,
        parse: parseAgentQueue,
        signal: o?.signal,
      });
    }
    await this.authed(() =>
      this.http.write({
        endpoint: 'PUT /agents/{agentId}/queues/{queueId}',
        method: 'PUT',
        path: `/agents/${seg(agentId)}/queues/${seg(queue.queueId)}`,
        body: {
          id: queue.queueId,
          name: current.queueName || queue.queueName,
          type: vendorQueueType(current.channel, current.rawType ?? queue.rawType),
          serving,
          externalServing: current.externalServing ?? false,
          canChangeQueueLogin: current.canChangeQueueLogin ?? true,
        },
        signal: o?.signal,
      }),
    );
  }

  async setPresence(agentId: string, presence: Presence, o?: CallOptions): Promise<void> {
    await this.authed(() =>
      this.http.write({
        endpoint: 'PUT /agents/{agentId}/presences/{presenceId}',
        method: 'PUT',
        path: `/agents/${seg(agentId)}/presences/${seg(presence.id)}`,
        body: {
          id: presence.id,
          name: presence.name,
          reason: presence.reason,
          type: presence.rawType ?? presence.type,
          priority: presence.priority,
        },
        signal: o?.signal,
      }),
    );
  }
}

function dedupeBy<T>(rows: T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const r of rows) seen.set(key(r), r);
  return rows.length === seen.size ? rows : [...seen.values()];
}
