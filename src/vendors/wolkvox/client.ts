/**
 * wolkvox cobrowsing report connector, within the vendor's documented rules: at most 31 days and 60,000 records
 * per call (a window at the cap, or whose answer is too large to read, is split in halves and asked again), at
 * most 2 calls in flight per token — counting a call we abandoned until the vendor's 60 s for it are over — held in
 * a call gate (in Redis with REDIS_URL, so instances sharing the token share the limit), a pause after a failed
 * call, a daily token budget, and identical windows answered from one call within the 5-minute cadence.
 */
import type { CobrowsingSession, VendorHealth } from '../../domain/model.js';
import type { VendorError } from '../../domain/errors.js';
import type { CallOptions, WolkvoxConnector } from '../types.js';
import { LocalGate, RedisGate, VendorHttp, VendorReportedError, tuning, type CallGate, type GateRules, type HttpTuning } from '../http/index.js';
import { isEmptyWindowText, parseSessions } from './mapping.js';
import { receivedOf } from '../parse.js';
import { LocalWindowCache, RedisWindowCache, type WindowCache } from './cadence.js';
import { formatWallTime, inclusiveEnd, inRange, naiveToZone } from '../../domain/time.js';
import { keepDropped } from '../../domain/partial.js';
import { boxed, type DroppedRowsObserver } from '../rows.js';

export interface WolkvoxClientOptions extends HttpTuning {
  baseUrl: string;
  token: string;
  /** The server's zone (WOLKVOX_TIMEZONE) for its naive timestamps. Default UTC. */
  timeZone?: string;
  /** WOLKVOX_DAILY_TOKENS: calls a day (licenses × 1000); 0 or absent: not budgeted. */
  dailyTokens?: number;
  /** WOLKVOX_CALL_LIMIT_MS: how long the vendor works on a call at most (its docs: 60 s). */
  callLimitMs?: number;
  /** WOLKVOX_CADENCE_MS: identical windows within this long are answered from one call (its docs: 5 minutes). */
  cadenceMs?: number;
  /** Pause after a failed call before the next one on the token (integrations pause about 1.5 s). */
  failureGapMs?: number;
  /** REDIS_URL: hold the token's limits in Redis, shared with other instances. */
  redisUrl?: string;
  /** Redis key prefix (tests). */
  redisPrefix?: string;
  /** Told about rows dropped from an answer (metrics, log). */
  onDroppedRows?: DroppedRowsObserver;
}

/** The vendor's hard limit per token. */
export const WOLKVOX_MAX_IN_FLIGHT = 2;
/** Records one call returns at most. */
export const WOLKVOX_MAX_RECORDS = 60_000;
const DAY_MS = 86_400_000;
/** Longest window the vendor accepts. */
export const WOLKVOX_MAX_WINDOW_MS = 31 * DAY_MS;
const ENDPOINT = 'GET /api/v2/reports_manager.php cdr_10';

/** `YYYYmmddHHiiss` on the server's wall clock (default UTC). */
export function wolkvoxDate(d: Date, zone = 'UTC'): string {
  return formatWallTime(d, zone).replace(/[- :]/g, '');
}

interface Window {
  from: Date;
  to: Date;
}

/**
 * Splits [from, to] into consecutive windows of at most 31 days. The vendor works in whole seconds with
 * inclusive ends, so each window ends one second before the next begins (no session is counted twice).
 */
export function splitWindows(from: Date, to: Date, maxMs = WOLKVOX_MAX_WINDOW_MS): Window[] {
  const start = Math.floor(from.getTime() / 1000) * 1000;
  const end = Math.floor(to.getTime() / 1000) * 1000;
  if (end < start) return [];
  const out: Window[] = [];
  for (let s = start; s <= end; ) {
    const e = Math.min(s + maxMs - 1000, end);
    out.push({ from: new Date(s), to: new Date(e) });
    s = e + 1000;
  }
  return out;
}

/** Two halves of a window (whole seconds); null when it is one second and cannot be split. */
export function halve(w: Window): [Window, Window] | null {
  const a = w.from.getTime();
  const b = w.to.getTime();
  if (b - a < 1000) return null;
  const mid = Math.floor((a + (b - a) / 2) / 1000) * 1000;
  return [
    { from: w.from, to: new Date(mid) },
    { from: new Date(mid + 1000), to: w.to },
  ];
}

export class WolkvoxClient implements WolkvoxConnector {
  readonly vendor = 'wolkvox' as const;
  readonly http: VendorHttp;
  private readonly zone: string;
  private readonly gate: CallGate;
  private readonly cadence: WindowCache;
  private readonly parse: (body: unknown) => { rows: CobrowsingSession[] };

  constructor(o: WolkvoxClientOptions) {
    this.parse = boxed(parseSessions, o.onDroppedRows);
    this.zone = o.timeZone ?? 'UTC';
    const callLimitMs = o.callLimitMs ?? 60_000;
    const rules: GateRules = {
      maxInFlight: WOLKVOX_MAX_IN_FLIGHT,
      abandonedHoldMs: callLimitMs,
      failureGapMs: o.failureGapMs ?? 1_500,
      dailyCalls: o.dailyTokens ?? 0,
    };
    this.gate = o.redisUrl
      ? new RedisGate({
          ...rules,
          redisUrl: o.redisUrl,
          credential: o.token,
          ...(o.redisPrefix ? { prefix: o.redisPrefix } : {}),
          leaseSafetyMs: o.timeoutMs + callLimitMs,
        })
      : new LocalGate(rules);
    const cadenceMs = o.cadenceMs ?? 300_000;
    // With REDIS_URL the cadence is the token's, across instances (like its call gate).
    this.cadence = o.redisUrl
      ? new RedisWindowCache({ redisUrl: o.redisUrl, token: o.token, cadenceMs, askLimitMs: o.timeoutMs + callLimitMs, ...(o.redisPrefix ? { prefix: o.redisPrefix } : {}) })
      : new LocalWindowCache(cadenceMs);
    this.http = new VendorHttp({
      vendor: 'wolkvox',
      baseUrl: o.baseUrl,
      ...tuning(o),
      maxConcurrent: Math.min(WOLKVOX_MAX_IN_FLIGHT, o.maxConcurrent ?? WOLKVOX_MAX_IN_FLIGHT),
      gate: this.gate,
      gateWaitMs: rules.failureGapMs + 1_000,
      headers: { accept: 'application/json', 'wolkvox-token': o.token },
      secrets: [o.token, ...(o.secrets ?? [])],
    });
  }

  health(): VendorHealth {
    return this.http.health();
  }

  async close(): Promise<void> {
    await Promise.all([this.cadence.close(), this.http.close()]);
  }

  async listCobrowsingSessions(q: { from: Date; to: Date }, o?: CallOptions): Promise<CobrowsingSession[]> {
    if (Number.isNaN(q.from.getTime()) || Number.isNaN(q.to.getTime())) throw new TypeError('listCobrowsingSessions: from and to must be valid dates');
    if (q.to < q.from) throw new TypeError('listCobrowsingSessions: `to` must not be before `from`');
    // [from, to) → the vendor's inclusive whole seconds; all windows at once, the gate keeps at most 2 on the token.
    const parts = await Promise.all(splitWindows(q.from, inclusiveEnd(q.to)).map((w) => this.window(w, o?.signal)));
    // Naive local times → instants; sessions outside [from, to) never leave the connector. Rows a window dropped
    // as unreadable stay counted on the list (VENDOR_DATA_PARTIAL).
    const all = parts
      .flat()
      .map((s) => ({ ...s, startedAt: naiveToZone(s.startedAt, this.zone), endedAt: naiveToZone(s.endedAt, this.zone) }))
      .filter((s) => s.startedAt === null || inRange(s.startedAt, q));
    const t = (s: CobrowsingSession) => s.startedAt?.getTime() ?? Number.POSITIVE_INFINITY;
    const sorted = all
      .map((s, i) => ({ s, i }))
      .sort((a, b) => t(a.s) - t(b.s) || a.i - b.i)
      .map(({ s }) => s);
    return keepDropped(sorted, ...parts);
  }

  /** One window: from the cadence cache, or one call — split in halves when it hits the record cap or is too large. */
  private window(w: Window, signal: AbortSignal | undefined): Promise<CobrowsingSession[]> {
    return this.cadence.through(`${w.from.getTime()}-${w.to.getTime()}`, () => this.ask(w, signal));
  }

  /** One call for the window, split in halves when it hits the record cap or is too large. */
  private async ask(w: Window, signal: AbortSignal | undefined): Promise<CobrowsingSession[]> {
    let rows: CobrowsingSession[];
    try {
      ({ rows } = await this.http.get({
        endpoint: ENDPOINT,
        path: '/api/v2/reports_manager.php',
        query: { api: 'cdr_10', date_ini: wolkvoxDate(w.from, this.zone), date_end: wolkvoxDate(w.to, this.zone) },
        parse: this.parse,
        // A window without records is a 404 asking to validate the dates; other 404s stay errors.
        notFound: (text) => {
          if (isEmptyWindowText(text)) return { rows: [] };
          throw new VendorReportedError('NOT_FOUND', text);
        },
        signal,
      }));
    } catch (e) {
      const halves = (e as VendorError).detail === 'BODY_TOO_LARGE' ? halve(w) : null;
      if (!halves) throw e;
      return this.both(halves, signal);
    }
    if (receivedOf(rows) >= WOLKVOX_MAX_RECORDS) {
      // At the cap the vendor dropped the rest: ask for each half.
      const halves = halve(w);
      if (halves) return this.both(halves, signal);
    }
    return rows;
  }

  private async both(halves: [Window, Window], signal: AbortSignal | undefined): Promise<CobrowsingSession[]> {
    const parts = await Promise.all(halves.map((h) => this.window(h, signal)));
    return keepDropped(parts.flat(), ...parts);
  }
}
