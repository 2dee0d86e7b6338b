/**
 * Thulium agents work report connector. Basic auth; the vendor returns at most 100 rows per call, so offsets
 * are followed until a short page; login lists are chunked to keep URLs short.
 */
import type { AgentWorkRecord, VendorHealth, WorkReportAggregation } from '../../domain/model.js';
import type { CallOptions, ThuliumConnector } from '../types.js';
import { VendorHttp, basicAuth, chunkJoined, tuning, type HttpTuning, type Query } from '../http/index.js';
import { parseWorkReport } from './mapping.js';

export interface ThuliumClientOptions extends HttpTuning {
  baseUrl: string;
  username: string;
  password: string;
}

/** The vendor's maximum (and default) page size. */
export const THULIUM_PAGE_SIZE = 100;

/** `YYYY-MM-DD HH:MM:SS` in UTC. */
export function thuliumDate(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

export type WorkReportQuery = Parameters<ThuliumConnector['agentWorkReport']>[0];

export class ThuliumClient implements ThuliumConnector {
  readonly vendor = 'thulium' as const;
  readonly http: VendorHttp;

  constructor(o: ThuliumClientOptions) {
    const auth = basicAuth(o.username, o.password);
    this.http = new VendorHttp({
      vendor: 'thulium',
      baseUrl: o.baseUrl,
      ...tuning(o),
      headers: { accept: 'application/json', authorization: auth },
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
    if (q.outboundThresholdSeconds !== undefined && !(Number.isInteger(q.outboundThresholdSeconds) && q.outboundThresholdSeconds >= 0)) {
      throw new TypeError('agentWorkReport: outboundThresholdSeconds must be a non-negative integer');
    }
    const base: Query = {
      'agent_group_ids[]': groupIds.length ? groupIds : undefined,
      'queues_ids[]': q.queueIds?.length ? q.queueIds : undefined,
      date_from: thuliumDate(q.from),
      date_to: thuliumDate(q.to),
      aggregate_by: q.aggregateBy,
      outbound_threshold: q.outboundThresholdSeconds,
    };
    const loginChunks = logins.length ? chunkJoined(logins, 4000) : [undefined];
    const parts = await Promise.all(
      loginChunks.map((chunk) => this.pages(chunk ? { 'agent_logins[]': chunk, ...base } : base, o)),
    );
    // With group ids in every chunk, a member may come back more than once.
    const seen = new Set<string>();
    return parts.flat().filter((r) => {
      const k = `${r.login}\u0000${r.period}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }

  private async pages(query: Query, o?: CallOptions): Promise<AgentWorkRecord[]> {
    const out: AgentWorkRecord[] = [];
    for (let offset = 0; ; offset += THULIUM_PAGE_SIZE) {
      const page = await this.http.get({
        endpoint: 'GET /api/agents_work_report',
        path: '/api/agents_work_report',
        query: { ...query, limit: THULIUM_PAGE_SIZE, offset },
        parse: parseWorkReport,
        signal: o?.signal,
      });
      out.push(...page);
      if (page.length < THULIUM_PAGE_SIZE) return out;
    }
  }
}
