/**
 * wolkvox Reports Manager `cdr_10` (cobrowsing sessions): `wolkvox-token` header, YYYYmmddHHiiss query dates,
 * at most 31 days per query, at most 2 requests in flight per token, all-string fields; a window without records
 * is answered with HTTP 404 blaming the dates (field-notes.md).
 */
import { cobrowsingDay, DAY_MS, type CobrowsingSession } from './history.js';
import { json, type SimResponse, type VendorApi } from './http.js';
import type { SimAgent, SimModel } from './model.js';

const MAX_RECORDS = 60_000;
const MAX_CONCURRENT = 2;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dataDate = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};
const hms = (seconds: number) =>
  `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;

/** Parses `YYYYmmddHHiiss` (UTC); null when malformed or not a real date. */
export function parseWolkvoxDate(v: string | null): number | null {
  if (!v || !/^\d{14}$/.test(v)) return null;
  const [y, mo, d, h, mi, s] = [v.slice(0, 4), v.slice(4, 6), v.slice(6, 8), v.slice(8, 10), v.slice(10, 12), v.slice(12, 14)].map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return ms;
}

const error = (status: number, message: string): SimResponse =>
  json(status, { code: String(status), error: message, msg: null, data: [] });

export function wolkvoxApi(model: SimModel, creds: { token: string }): VendorApi {
  const inFlight = new Map<string, number>();
  const agents = () => model.agents.filter((a) => a.wolkvoxId !== null);
  return {
    vendor: 'wolkvox',
    prefix: '/wolkvox',
    faultResponse: (status) => error(status, `Service error (HTTP ${status})`),
    admit(req) {
      const token = String(req.headers['wolkvox-token'] ?? '');
      const n = inFlight.get(token) ?? 0;
      if (n >= MAX_CONCURRENT) {
        return error(429, 'Concurrent consumption limit of the token exceeded: 2 simultaneous requests');
      }
      inFlight.set(token, n + 1);
      return {
        release: () => {
          const left = (inFlight.get(token) ?? 1) - 1;
          if (left <= 0) inFlight.delete(token);
          else inFlight.set(token, left);
        },
      };
    },
    match(req) {
      if (req.path !== '/api/v2/reports_manager.php') {
        return { key: 'unmatched', handle: () => error(404, 'Not found') };
      }
      const api = req.query.get('api') ?? '';
      return {
        key: api === 'cdr_10' ? 'cdr_10' : 'unknown',
        handle: (r) => {
          if (r.method !== 'GET') return error(405, 'Only GET is supported');
          if (r.headers['wolkvox-token'] !== creds.token) return error(401, 'Invalid or missing wolkvox-token');
          if (api !== 'cdr_10') return error(400, `Unknown api '${api}'`);
          const ini = parseWolkvoxDate(r.query.get('date_ini'));
          const end = parseWolkvoxDate(r.query.get('date_end'));
          if (ini === null) return error(400, 'date_ini must be a date as YYYYmmddHHiiss');
          if (end === null) return error(400, 'date_end must be a date as YYYYmmddHHiiss');
          if (end < ini) return error(400, 'date_end must not be before date_ini');
          if (end - ini > 31 * DAY_MS) return error(400, 'The date range cannot exceed 31 days');
          const now = model.nowMs();
          // Day by day (sessions start and sort within their day), stopping at the record limit.
          const data: Array<Record<string, string>> = [];
          const list = agents();
          const last = Math.min(end, now);
          for (let day = Math.floor(ini / DAY_MS) * DAY_MS; day <= last && data.length < MAX_RECORDS; day += DAY_MS) {
            const dayRows: Array<{ s: CobrowsingSession; a: SimAgent }> = [];
            for (const a of list) {
              for (const s of cobrowsingDay(model.seed, a.wolkvoxId!, day)) {
                if (s.startMs >= ini && s.startMs <= end && s.endMs <= now) dayRows.push({ s, a });
              }
            }
            dayRows.sort((x, y) => x.s.startMs - y.s.startMs || x.a.index - y.a.index);
            for (const { s, a } of dayRows) {
              if (data.length >= MAX_RECORDS) break;
              data.push({
                agent_id: a.wolkvoxId!,
                agent_name: `${a.firstName} ${a.lastName}`,
                date_ini: dataDate(s.startMs),
                date_end: dataDate(s.endMs),
                time: hms(Math.round((s.endMs - s.startMs) / 1000)),
                hung_up: s.hungUp,
              });
            }
          }
          // As the real service does: a window without records is a 404 asking to validate the dates.
          if (data.length === 0) return error(404, 'No records were found, please validate the dates');
          return json(200, { code: '200', error: null, msg: `${data.length} records were found`, data });
        },
      };
    },
  };
}
