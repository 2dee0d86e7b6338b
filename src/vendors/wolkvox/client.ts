/**
 * wolkvox cobrowsing report connector. The vendor limits a query to 31 days and a token to 2 concurrent
 * requests: ranges are split into windows that run at most 2 at a time (the bulkhead is fixed at 2 whatever
 * is configured) and merged in time order.
 */
import type { CobrowsingSession, VendorHealth } from '../../domain/model.js';
import type { CallOptions, WolkvoxConnector } from '../types.js';
import { VendorHttp, tuning, type HttpTuning } from '../http/index.js';
import { parseSessions } from './mapping.js';

export interface WolkvoxClientOptions extends HttpTuning {
  baseUrl: string;
  token: string;
}

/** The vendor's hard limit per token. */
export const WOLKVOX_MAX_IN_FLIGHT = 2;
const DAY_MS = 86_400_000;
/** Longest window the vendor accepts. */
export const WOLKVOX_MAX_WINDOW_MS = 31 * DAY_MS;

/** `YYYYmmddHHiiss` in UTC. */
export function wolkvoxDate(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
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

  constructor(o: WolkvoxClientOptions) {
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
    const windows = splitWindows(q.from, q.to);
    // All windows are handed over at once; the bulkhead keeps at most 2 on the wire.
    const parts = await Promise.all(
      windows.map((w) =>
        this.http.get({
          endpoint: 'GET /api/v2/reports_manager.php cdr_10',
          path: '/api/v2/reports_manager.php',
          query: { api: 'cdr_10', date_ini: wolkvoxDate(w.from), date_end: wolkvoxDate(w.to) },
          parse: parseSessions,
          signal: o?.signal,
        }),
      ),
    );
    const all = parts.flat();
    const t = (s: CobrowsingSession) => s.startedAt?.getTime() ?? Number.POSITIVE_INFINITY;
    return all
      .map((s, i) => ({ s, i }))
      .sort((a, b) => t(a.s) - t(b.s) || a.i - b.i)
      .map(({ s }) => s);
  }
}
