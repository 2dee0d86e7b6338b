/**
 * wolkvox cobrowsing report connector. The vendor limits a query to 31 days and a token to 2 concurrent
 * requests: ranges are split into windows that run at most 2 at a time (the bulkhead is fixed at 2 whatever
 * is configured) and merged in time order.
 */
import type { CobrowsingSession, VendorHealth } from '../../domain/model.js';
import type { CallOptions, WolkvoxConnector } from '../types.js';
import { VendorHttp, tuning, type HttpTuning } from '../http.js';
import { parseSessions } from './mapping.js';
import { formatWallTime, inclusiveEnd, inRange, naiveToZone } from '../../domain/time.js';

export interface WolkvoxClientOptions extends HttpTuning {
  baseUrl: string;
  token: string;
  /** The server's zone (WOLKVOX_TIMEZONE) for its naive timestamps. Default UTC. */
  timeZone?: string;
}

/** The vendor's hard limit per token. */
export const WOLKVOX_MAX_IN_FLIGHT = 2;
const DAY_MS = 86_400_000;
/** Longest window the vendor accepts. */
export const WOLKVOX_MAX_WINDOW_MS = 31 * DAY_MS;

/** `YYYYmmddHHiiss` on the server's wall clock (default UTC). */
export function wolkvoxDate(d: Date, zone = 'UTC'): string {
  return formatWallTime(d, zone).replace(/[- :]/g, '');
}

/**
 * Splits [from, to] into consecutive windows of at most 31 days. The vendor works in whole seconds with
 * inclusive ends, so each window ends one second before the next begins (no session is counted twice).
 */
export function splitWindows(from: Date, to: Date, maxMs = WOLKVOX_MAX_WINDOW_MS): Array<{ from: Date; to: Date }> {
  const start = Math.floor(from.getTime() / 1000) * 1000;
  const end = Math.floor(to.getTime() / 1000) * 1000;
  if (end < start) return [];
  const out: Array<{ from: Date; to: Date }> = [];
  for (let s = start; s <= end; ) {
    const e = Math.min(s + maxMs - 1000, end);
    out.push({ from: new Date(s), to: new Date(e) });
    s = e + 1000;
  }
  return out;
}

export class WolkvoxClient implements WolkvoxConnector {
  readonly vendor = 'wolkvox' as const;
  readonly http: VendorHttp;
  private readonly zone: string;

  constructor(o: WolkvoxClientOptions) {
    this.zone = o.timeZone ?? 'UTC';
    this.http = new VendorHttp({
      vendor: 'wolkvox',
      baseUrl: o.baseUrl,
      ...tuning(o),
      maxConcurrent: Math.min(WOLKVOX_MAX_IN_FLIGHT, o.maxConcurrent ?? WOLKVOX_MAX_IN_FLIGHT),
      headers: { accept: 'application/json', 'wolkvox-token': o.token },
      secrets: [o.token, ...(o.secrets ?? [])],
    });
  }

  health(): VendorHealth {
    return this.http.health();
  }

  close(): Promise<void> {
    return this.http.close();
  }

  async listCobrowsingSessions(q: { from: Date; to: Date }, o?: CallOptions): Promise<CobrowsingSession[]> {
    if (Number.isNaN(q.from.getTime()) || Number.isNaN(q.to.getTime())) throw new TypeError('listCobrowsingSessions: from and to must be valid dates');
    if (q.to < q.from) throw new TypeError('listCobrowsingSessions: `to` must not be before `from`');
    // [from, to) → the vendor's inclusive whole seconds.
    const windows = splitWindows(q.from, inclusiveEnd(q.to));
    // All windows are handed over at once; the bulkhead keeps at most 2 on the wire.
    const parts = await Promise.all(
      windows.map((w) =>
        this.http.get({
          endpoint: 'GET /api/v2/reports_manager.php cdr_10',
          path: '/api/v2/reports_manager.php',
          query: { api: 'cdr_10', date_ini: wolkvoxDate(w.from, this.zone), date_end: wolkvoxDate(w.to, this.zone) },
          parse: parseSessions,
          signal: o?.signal,
        }),
      ),
    );
    // Naive local times → instants; sessions outside [from, to) never leave the connector.
    const all = parts
      .flat()
      .map((s) => ({ ...s, startedAt: naiveToZone(s.startedAt, this.zone), endedAt: naiveToZone(s.endedAt, this.zone) }))
      .filter((s) => s.startedAt === null || inRange(s.startedAt, q));
    const t = (s: CobrowsingSession) => s.startedAt?.getTime() ?? Number.POSITIVE_INFINITY;
    return all
      .map((s, i) => ({ s, i }))
      .sort((a, b) => t(a.s) - t(b.s) || a.i - b.i)
      .map(({ s }) => s);
  }
}
