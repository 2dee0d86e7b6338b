/**
 * Thulium agents work report connector. Basic auth; the vendor returns at most 100 rows per call, so offsets
 * are followed until a short page; login lists are chunked to keep URLs short.
 */
import type { AgentWorkRecord, VendorHealth } from '../../domain/model.js';
import type { CallOptions, ThuliumConnector } from '../types.js';
import { VendorHttp, basicAuth, chunkJoined, tuning, type HttpTuning, type Query } from '../http/index.js';
import { parseWorkReport } from './mapping.js';
import { formatWallTime, inclusiveEnd, naiveToZone, periodStartFromLabel } from '../../domain/time.js';
import { keepDropped } from '../../domain/partial.js';
import { receivedOf } from '../parse.js';
import { boxed, type DroppedRowsObserver } from '../rows.js';

export interface ThuliumClientOptions extends HttpTuning {
  baseUrl: string;
  username: string;
  password: string;
  /** The tenant's zone (THULIUM_TIMEZONE): Thulium reads and writes naive local timestamps. Default UTC. */
  timeZone?: string;
  /** Told about rows dropped from an answer (metrics, log). */
  onDroppedRows?: DroppedRowsObserver;
}

/** The vendor's maximum (and default) page size. */
export const THULIUM_PAGE_SIZE = 100;

/** `YYYY-MM-DD HH:MM:SS` on the tenant's wall clock (default UTC). */
export function thuliumDate(d: Date, zone = 'UTC'): string {
  return formatWallTime(d, zone);
}

export type WorkReportQuery = Parameters<ThuliumConnector['agentWorkReport']>[0];

export class ThuliumClient implements ThuliumConnector {
  readonly vendor = 'thulium' as const;
  readonly http: VendorHttp;
  readonly timeZone: string;
  private readonly onDropped: DroppedRowsObserver | undefined;

  constructor(o: ThuliumClientOptions) {
    this.timeZone = o.timeZone ?? 'UTC';
    this.onDropped = o.onDroppedRows;
    const auth = basicAuth(o.username, o.password);
    this.http = new VendorHttp({
      vendor: 'thulium',
      baseUrl: o.baseUrl,
      ...tuning(o),
      headers: { accept: 'application/json', authorization: auth },
      // Its failures name themselves in X-Request-Id (field-notes.md): logged and relayed for its support.
      requestIdHeader: 'x-request-id',
      secrets: [o.password, auth.slice('Basic '.length), ...(o.secrets ?? [])],
    });
  }

  health(): VendorHealth {
    return this.http.health();
  }

  close(): Promise<void> {
    return this.http.close();
  }

  async agentWorkReport(q: WorkReportQuery, o?: CallOptions): Promise<AgentWorkRecord[]> {
    const logins = [...new Set((q.logins ?? []).filter((l) => l.trim() !== ''))];
    const groupIds = [...new Set((q.groupIds ?? []).filter((g) => g.trim() !== ''))];
    // The vendor requires one of the two; say so before spending a call.
    if (logins.length === 0 && groupIds.length === 0) {
      throw new TypeError('agentWorkReport needs at least one agent login or agent group id');
    }
    if (Number.isNaN(q.from.getTime()) || Number.isNaN(q.to.getTime())) throw new TypeError('agentWorkReport: from and to must be valid dates');
    if (q.to < q.from) throw new TypeError('agentWorkReport: `to` must not be before `from`');
    // [from, to) is empty: nothing to ask (the vendor's date_to is inclusive).
    if (inclusiveEnd(q.to) < q.from) return [];
    if (q.outboundThresholdSeconds !== undefined && !(Number.isInteger(q.outboundThresholdSeconds) && q.outboundThresholdSeconds >= 0)) {
      throw new TypeError('agentWorkReport: outboundThresholdSeconds must be a non-negative integer');
    }
    const base: Query = {
      'agent_group_ids[]': groupIds.length ? groupIds : undefined,
      'queues_ids[]': q.queueIds?.length ? q.queueIds : undefined,
      date_from: thuliumDate(q.from, this.timeZone),
      date_to: thuliumDate(inclusiveEnd(q.to), this.timeZone),
      aggregate_by: q.aggregateBy,
      outbound_threshold: q.outboundThresholdSeconds,
    };
    const loginChunks = logins.length ? chunkJoined(logins, 4000) : [undefined];
    const parts = await Promise.all(
      loginChunks.map((chunk) => this.pages(chunk ? { 'agent_logins[]': chunk, ...base } : base, o)),
    );
    // With group ids in every chunk, a member may come back more than once.
    const seen = new Set<string>();
    return keepDropped(parts.flat().flatMap((r) => {
      const k = `${r.login}\u0000${r.period}`;
      if (seen.has(k)) return [];
      seen.add(k);
      // A period starting at or after `to` is outside the window whatever the vendor sent.
      const start = periodStartFromLabel(r.period, this.timeZone);
      if (start && start >= q.to) return [];
      return [{ ...r, firstLoginAt: naiveToZone(r.firstLoginAt, this.timeZone), lastLogoutAt: naiveToZone(r.lastLogoutAt, this.timeZone) }];
    }), ...parts);
  }

  /** Follows 100-row pages to the end; a page counts the rows the vendor sent, readable or not. */
  private async pages(query: Query, o?: CallOptions): Promise<AgentWorkRecord[]> {
    const out: AgentWorkRecord[] = [];
    const pages: AgentWorkRecord[][] = [];
    for (let offset = 0; ; offset += THULIUM_PAGE_SIZE) {
      const { rows } = await this.http.get({
        endpoint: 'GET /api/agents_work_report',
        path: '/api/agents_work_report',
        query: { ...query, limit: THULIUM_PAGE_SIZE, offset },
        parse: boxed(parseWorkReport, this.onDropped),
        signal: o?.signal,
      });
      pages.push(rows);
      out.push(...rows);
      if (receivedOf(rows) < THULIUM_PAGE_SIZE) return keepDropped(out, ...pages);
    }
  }
}
