/**
 * Thulium `GET /api/agents_work_report`: Basic auth, `limit` ≤ 100 with `offset` paging, `agent_logins[]` or
 * `agent_group_ids[]` required, `date_from`/`date_to` required, `aggregate_by` (default month). Durations are
 * `HH:MM:SS` strings except `wait_sum` (seconds, an int); pause ids mix `all`, `free` and ints, and some pause
 * rows carry no `average` — as the doc's example.
 */
import { randomUUID } from 'node:crypto';
import { DAY_MS, workDay, type WorkDay } from './history.js';
import { json, type SimResponse, type VendorApi } from './http.js';
import type { SimAgent, SimModel } from './model.js';

const AGGREGATIONS = ['hour_of_day', 'minute', 'hour', 'day', 'week', 'month', 'year'] as const;
type Aggregation = (typeof AGGREGATIONS)[number];
const MAX_PERIODS = 100_000;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const hms = (seconds: number) => {
  const s = Math.round(seconds);
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
};
const stamp = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};

/** `YYYY-MM-DD` or `YYYY-MM-DD HH:MM[:SS]` (UTC). A date-only `to` means the end of that day. */
function parseDate(v: string | null, endOfDay: boolean): number | null {
  if (!v) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(v.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return m[4] === undefined && endOfDay ? ms + DAY_MS - 1000 : ms;
}

interface Period {
  label: string;
  startMs: number;
  endMs: number;
  hourOfDay?: number;
}

function isoWeek(ms: number): { year: number; week: number; mondayMs: number } {
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  const dow = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
  const monday = day - dow * DAY_MS;
  const thursday = new Date(monday + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return { year, week, mondayMs: monday };
}

function periods(agg: Aggregation, from: number, to: number): Period[] | null {
  const out: Period[] = [];
  const push = (p: Period) => (out.push(p), out.length <= MAX_PERIODS);
  if (agg === 'hour_of_day') {
    const hours = to - from >= DAY_MS ? 24 : 0;
    const set = new Set<number>();
    if (hours === 24) for (let h = 0; h < 24; h++) set.add(h);
    else for (let t = Math.floor(from / 3_600_000) * 3_600_000; t <= to; t += 3_600_000) set.add(new Date(t).getUTCHours());
    for (const h of [...set].sort((a, b) => a - b)) out.push({ label: pad(h), startMs: from, endMs: to + 1, hourOfDay: h });
    return out;
  }
  const d = new Date(from);
  let cursor: number;
  const next = (t: number): number => {
    const x = new Date(t);
    switch (agg) {
      case 'minute':
        return t + 60_000;
      case 'hour':
        return t + 3_600_000;
      case 'day':
        return t + DAY_MS;
      case 'week':
        return t + 7 * DAY_MS;
      case 'month':
        return Date.UTC(x.getUTCFullYear(), x.getUTCMonth() + 1, 1);
      default:
        return Date.UTC(x.getUTCFullYear() + 1, 0, 1);
    }
  };
  switch (agg) {
    case 'minute':
      cursor = Math.floor(from / 60_000) * 60_000;
      break;
    case 'hour':
      cursor = Math.floor(from / 3_600_000) * 3_600_000;
      break;
    case 'day':
      cursor = Math.floor(from / DAY_MS) * DAY_MS;
      break;
    case 'week':
      cursor = isoWeek(from).mondayMs;
      break;
    case 'month':
      cursor = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      break;
    default:
      cursor = Date.UTC(d.getUTCFullYear(), 0, 1);
  }
  for (; cursor <= to; cursor = next(cursor)) {
    const s = stamp(cursor);
    const label =
      agg === 'minute'
        ? s.slice(0, 16)
        : agg === 'hour'
          ? s.slice(0, 13)
          : agg === 'day'
            ? s.slice(0, 10)
            : agg === 'month'
              ? s.slice(0, 7)
              : agg === 'year'
                ? s.slice(0, 4)
                : (() => {
                    const w = isoWeek(cursor);
                    return `${w.year}-W${pad(w.week)}`;
                  })();
    if (!push({ label, startMs: cursor, endMs: next(cursor) })) return null;
  }
  return out;
}

/** Errors name the request in X-Request-Id, as Thulium does (field-notes.md). */
const error = (status: number, message: string): SimResponse =>
  json(status, { error: { code: status, message } }, { 'x-request-id': randomUUID() });

export function thuliumApi(model: SimModel, creds: { username: string; password: string }): VendorApi {
  const thuliumQueueIds = model.queues.map((q) => q.index + 1);
  const cache = new Map<string, WorkDay | null>();
  const day = (login: string, dayMs: number) => {
    const k = `${login}|${dayMs}`;
    let v = cache.get(k);
    if (v === undefined) {
      if (cache.size > 5000) cache.clear();
      v = workDay(model.seed, login, dayMs, thuliumQueueIds);
      cache.set(k, v);
    }
    return v;
  };

  const row = (
    a: SimAgent,
    p: Period,
    from: number,
    to: number,
    queues: Set<number> | null,
    threshold: number,
  ): Record<string, unknown> => {
    const now = model.nowMs();
    const winStart = Math.max(from, p.startMs);
    const winEnd = Math.min(to + 1, p.endMs, now);
    const inWin = (t: number) =>
      t >= winStart && t < winEnd && (p.hourOfDay === undefined || new Date(t).getUTCHours() === p.hourOfDay);
    const acc = {
      count: 0, answered: 0, notAnswered: 0, transferred: 0, sum: 0, waitSum: 0,
      chatClosed: 0, chatResponded: 0, ticketClosed: 0, ticketResponded: 0,
      above: { count: 0, sum: 0 }, below: { count: 0, sum: 0 },
      login: null as number | null, logout: null as number | null, loggedMs: 0,
      pauses: new Map<string, { count: number; sum: number }>(),
    };
    for (let d = Math.floor(winStart / DAY_MS) * DAY_MS; d < winEnd; d += DAY_MS) {
      const w = day(a.thuliumLogin!, d);
      if (!w) continue;
      for (const c of w.inbound) {
        if (!inWin(c.atMs) || (queues && !queues.has(c.queueId))) continue;
        acc.count++;
        if (c.answered) acc.answered++;
        else acc.notAnswered++;
        if (c.transferred) acc.transferred++;
        acc.sum += c.seconds;
        acc.waitSum += c.waitSeconds;
      }
      for (const o of w.outbound) {
        if (!inWin(o.atMs)) continue;
        const bucket = o.seconds >= threshold ? acc.above : acc.below;
        bucket.count++;
        bucket.sum += o.seconds;
      }
      for (const c of w.chats) {
        if (!inWin(c.atMs)) continue;
        acc.chatResponded++;
        if (c.closed) acc.chatClosed++;
      }
      for (const t of w.tickets) {
        if (!inWin(t.atMs)) continue;
        acc.ticketResponded++;
        if (t.closed) acc.ticketClosed++;
      }
      for (const ps of w.pauses) {
        if (!inWin(ps.atMs)) continue;
        for (const id of ['all', String(ps.id)]) {
          const e = acc.pauses.get(id) ?? { count: 0, sum: 0 };
          e.count++;
          e.sum += ps.seconds;
          acc.pauses.set(id, e);
        }
      }
      if (inWin(w.loginMs)) acc.login = acc.login === null ? w.loginMs : Math.min(acc.login, w.loginMs);
      if (inWin(w.logoutMs)) acc.logout = Math.max(acc.logout ?? 0, w.logoutMs);
      const s = Math.max(w.loginMs, winStart);
      const e = Math.min(w.logoutMs, winEnd);
      if (e > s) acc.loggedMs += e - s;
    }
    const avg = (sum: number, n: number) => hms(n ? sum / n : 0);
    const pause = (id: string | number, withAverage: boolean) => {
      const e = acc.pauses.get(String(id)) ?? { count: 0, sum: 0 };
      return { id, count: e.count, sum: hms(e.sum), ...(withAverage ? { average: avg(e.sum, e.count) } : {}) };
    };
    return {
      agent: { login: a.thuliumLogin, name: a.firstName, surname: a.lastName },
      period: p.label,
      inbound: {
        count: acc.count,
        answered_count: acc.answered,
        not_answered_count: acc.notAnswered,
        transferred_count: acc.transferred,
        sum: hms(acc.sum),
        average: avg(acc.sum, acc.answered),
        wait_sum: acc.waitSum,
        wait_average: avg(acc.waitSum, acc.count),
        calls_per_hour: acc.loggedMs ? Math.round((acc.answered / (acc.loggedMs / 3_600_000)) * 100) / 100 : 0,
      },
      chat: { closed: acc.chatClosed, responded: acc.chatResponded },
      ticket: { closed: acc.ticketClosed, responded: acc.ticketResponded, total_responded: acc.ticketResponded },
      outbound_above_threshold: { count: acc.above.count, sum: hms(acc.above.sum), average: avg(acc.above.sum, acc.above.count) },
      outbound_below_threshold: { count: acc.below.count, sum: hms(acc.below.sum), average: avg(acc.below.sum, acc.below.count) },
      login_date: acc.login === null ? null : stamp(acc.login),
      logout_date: acc.logout === null ? null : stamp(acc.logout),
      pauses: [
        pause('all', true),
        pause('free', true),
        pause(0, false),
        pause(1, true),
        pause(2, true),
        pause(3, false),
        pause(4, false),
      ],
    };
  };

  const list = (q: URLSearchParams, name: string) =>
    [...q.getAll(`${name}[]`), ...q.getAll(name).flatMap((v) => v.split(','))].map((s) => s.trim()).filter(Boolean);

  return {
    vendor: 'thulium',
    prefix: '/thulium',
    faultResponse: (status) => error(status, `Service error (HTTP ${status})`),
    match(req) {
      if (req.path !== '/api/agents_work_report') {
        return { key: `${req.method} (unmatched)`, handle: () => error(404, 'Not found') };
      }
      return {
        key: `${req.method} /agents_work_report`,
        handle: (r) => {
          const auth = r.headers.authorization ?? '';
          const ok =
            auth.startsWith('Basic ') &&
            Buffer.from(auth.slice(6), 'base64').toString('utf8') === `${creds.username}:${creds.password}`;
          if (!ok) return error(401, 'Unauthorized');
          if (r.method !== 'GET') return error(405, 'Method not allowed');
          const q = r.query;
          const limitRaw = q.get('limit');
          const offsetRaw = q.get('offset');
          if (limitRaw !== null && !/^\d+$/.test(limitRaw)) return error(400, 'limit must be an integer');
          if (offsetRaw !== null && !/^\d+$/.test(offsetRaw)) return error(400, 'offset must be an integer');
          const limit = limitRaw === null ? 100 : Number(limitRaw);
          const offset = offsetRaw === null ? 0 : Number(offsetRaw);
          if (limit < 1 || limit > 100) return error(400, 'limit must be between 1 and 100');
          const logins = list(q, 'agent_logins');
          const groups = list(q, 'agent_group_ids');
          if (!logins.length && !groups.length) return error(400, 'agent_logins or agent_group_ids is required');
          if (groups.some((g) => !/^\d+$/.test(g))) return error(400, 'agent_group_ids must be integers');
          if (!q.get('date_from')) return error(400, 'date_from is required');
          if (!q.get('date_to')) return error(400, 'date_to is required');
          const from = parseDate(q.get('date_from'), false);
          const to = parseDate(q.get('date_to'), true);
          if (from === null) return error(400, 'date_from must be a date (YYYY-MM-DD or YYYY-MM-DD HH:MM:SS)');
          if (to === null) return error(400, 'date_to must be a date (YYYY-MM-DD or YYYY-MM-DD HH:MM:SS)');
          if (to < from) return error(400, 'date_to must not be before date_from');
          const agg = (q.get('aggregate_by') ?? 'month') as Aggregation;
          if (!AGGREGATIONS.includes(agg)) return error(400, `aggregate_by must be one of ${AGGREGATIONS.join(', ')}`);
          const queueIds = list(q, 'queues_ids');
          if (queueIds.some((x) => !/^\d+$/.test(x))) return error(400, 'queues_ids must be integers');
          const thresholdRaw = q.get('outbound_threshold');
          if (thresholdRaw !== null && !/^\d+$/.test(thresholdRaw)) return error(400, 'outbound_threshold must be an integer');
          const threshold = thresholdRaw === null ? 0 : Number(thresholdRaw);

          const groupSet = new Set(groups.map(Number));
          const wanted = new Set(logins);
          const agents = model.agents
            .filter((a) => a.thuliumLogin && (wanted.has(a.thuliumLogin) || groupSet.has(a.reportingGroup.thuliumGroupId)))
            .sort((x, y) => (x.thuliumLogin! < y.thuliumLogin! ? -1 : 1));
          const ps = periods(agg, from, to);
          if (!ps) return error(400, `The range has more than ${MAX_PERIODS} periods for aggregate_by=${agg}`);
          const total = agents.length * ps.length;
          const qs = queueIds.length ? new Set(queueIds.map(Number)) : null;
          const out: Array<Record<string, unknown>> = [];
          for (let i = offset; i < Math.min(total, offset + limit); i++) {
            out.push(row(agents[Math.floor(i / ps.length)]!, ps[i % ps.length]!, from, to, qs, threshold));
          }
          return json(200, out);
        },
      };
    },
  };
}
