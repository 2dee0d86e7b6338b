/**
 * A simulator that misbehaves on purpose (`SIM_VARIANTS=1`, or a vendor list such as `sinch,thulium`): answers are
 * rewritten, at random from a seeded stream, into shapes real deployments send beside the documented ones (field
 * notes): numbers and booleans as strings, decimal commas, empty or keyed wrappers, a lone object for a list, `null`
 * sections, undocumented enum words, other spellings, a Sinch server that caps `limit` at 100, and a wolkvox that
 * writes its `code`/`error` flags, times and empty windows in every way seen. Every variant keeps the row readable:
 * the gateway must serve every row the strict simulator serves.
 */
import type { VendorName } from '../domain/vendors.js';
import type { SimRequest, SimResponse, VendorApi } from './http.js';
import { mulberry32, type Rng } from './rng.js';

type Json = Record<string, unknown>;

/** Vendors the variants apply to: `true`/`'1'`/`'all'` for all, else a comma list; empty when off. */
export function parseVariantsSetting(v: string | boolean | readonly VendorName[] | undefined): Set<VendorName> {
  const all: VendorName[] = ['sinch', 'cobrowser', 'thulium', 'wolkvox', 'ccagent'];
  if (v === undefined || v === false || v === '' || v === '0' || v === 'false') return new Set();
  if (v === true || v === '1' || v === 'true' || v === 'all') return new Set(all);
  const list = typeof v === 'string' ? v.split(',').map((s) => s.trim().toLowerCase()) : [...v];
  return new Set(all.filter((n) => list.includes(n)));
}

/** The Sinch page cap a variant server applies, whatever `limit` asks. */
export const VARIANT_SINCH_MAX_LIMIT = 100;

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const chance = (rng: Rng, p: number) => rng() < p;

/** A number as a string now and then (decimal comma for fractions). */
function numbersAsStrings(rng: Rng, o: Json, p = 0.3): void {
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'number' && chance(rng, p)) o[k] = Number.isInteger(v) ? String(v) : String(v).replace('.', ',');
    else if (typeof v === 'boolean' && chance(rng, p)) o[k] = pick(rng, [v ? 'true' : 'false', v ? '1' : '0', v ? 1 : 0]);
  }
}

/** A list as the vendor might wrap it: bare, PHP-keyed by `key`, or (one item) the lone object. */
function listVariant(rng: Rng, items: Json[], key: string): unknown {
  if (items.length === 1 && chance(rng, 0.3)) return items[0];
  if (items.length > 0 && chance(rng, 0.2)) return Object.fromEntries(items.map((it, i) => [String(it[key] ?? i), it]));
  return items;
}

// ---------------------------------------------------------------------------------------------------------
// Per vendor (the request says which endpoint; only 200 JSON answers are rewritten)

function sinchAgent(rng: Rng, a: Json): void {
  numbersAsStrings(rng, a);
  const q = a.queues as { queue?: Json[] } | Json[] | undefined;
  const items = Array.isArray(q) ? q : q?.queue;
  if (items) {
    for (const m of items) {
      numbersAsStrings(rng, m);
      if (chance(rng, 0.1)) m.type = pick(rng, ['Callback', 'Video', 'SOCIAL']);
    }
    a.queues = items.length === 0 ? pick(rng, [{}, { queue: [] }, null, []]) : chance(rng, 0.3) ? items : { queue: items.length === 1 && chance(rng, 0.5) ? items[0] : items };
  }
  if (chance(rng, 0.1)) a.userStatus = pick(rng, ['AfterCallWork', 'Blocked', 'ready', 'LOGGEDOUT']);
  if (chance(rng, 0.05)) a.availability = pick(rng, ['Offline', 'free', 'BUSY']);
  if (chance(rng, 0.05) && a.profileType !== undefined) a.profileType = 'HOLIDAY';
  if (chance(rng, 0.2) && 'reportingGroupid' in a) {
    a.reportingGroupId = a.reportingGroupid;
    delete a.reportingGroupid;
  }
  if (chance(rng, 0.1)) a.location = '';
}

function sinchBody(rng: Rng, path: string, body: unknown): unknown {
  if (!Array.isArray(body)) return body;
  const rows = body as Json[];
  const route = path.replace(/^\/RI\/rmi/, '');
  if (route === '/agents') rows.forEach((a) => sinchAgent(rng, a));
  else if (route === '/queueStatuses') {
    for (const q of rows) {
      numbersAsStrings(rng, q);
      if (chance(rng, 0.15)) q.type = pick(rng, ['Callback', 'Video', 'SOCIAL']);
      if (chance(rng, 0.1)) delete q.inQueueCurrent;
    }
  } else if (route === '/contacts') {
    for (const c of rows) {
      numbersAsStrings(rng, c, 0.2);
      if (chance(rng, 0.1)) c.status = pick(rng, ['Transferred', 'InProcess_Parked']);
      if (chance(rng, 0.05)) c.channel = 'VIDEO';
      if (chance(rng, 0.1)) c.agentId = c.agentId ?? '';
    }
  } else if (route === '/contactSummaries' || route === '/userStatuses') {
    for (const r of rows) numbersAsStrings(rng, r, 0.2);
  } else if (route === '/queueGroups') {
    for (const g of rows) {
      const inner = (g.queues as { queue?: Json[] } | undefined)?.queue;
      if (inner) g.queues = listVariant(rng, inner, 'id');
    }
  }
  // A one-row page as the lone object now and then.
  return rows.length === 1 && chance(rng, 0.3) ? rows[0] : rows;
}

function thuliumBody(rng: Rng, body: unknown): unknown {
  if (!Array.isArray(body)) return body;
  for (const r of body as Json[]) {
    if (chance(rng, 0.2)) r.chat = null;
    if (chance(rng, 0.1)) r.ticket = [];
    if (chance(rng, 0.2) && Array.isArray(r.pauses)) {
      r.pauses = Object.fromEntries((r.pauses as Json[]).map((p) => [String(p.id), (({ id: _id, ...rest }) => rest)(p)]));
    }
    const inbound = r.inbound as Json | undefined;
    if (inbound) {
      numbersAsStrings(rng, inbound);
      if (chance(rng, 0.2) && typeof inbound.sum === 'string') inbound.sum = `${inbound.sum}.${Math.floor(rng() * 10)}`;
    }
    const agent = r.agent as Json | undefined;
    if (agent && chance(rng, 0.15)) {
      agent.agent_login = agent.login;
      delete agent.login;
    }
  }
  return chance(rng, 0.3) ? { [pick(rng, ['data', 'items', 'result'])]: body } : body;
}

function cobrowserBody(rng: Rng, body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const o = body as Json;
  for (const [k, v] of Object.entries(o)) {
    if (!Array.isArray(v)) continue;
    for (const a of v as Json[]) {
      numbersAsStrings(rng, a);
      if (chance(rng, 0.2) && typeof a.status === 'string') a.status = a.status.toUpperCase();
      if (chance(rng, 0.1) && typeof a.lastactive === 'number' && a.lastactive > 0) a.lastactive = a.lastactive * 1000;
    }
    o[k] = v.length === 0 ? pick(rng, [[], {}, null]) : listVariant(rng, v as Json[], 'id');
  }
  return o;
}

function ccagentBody(rng: Rng, body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const o = body as Json;
  if (o.success === false && typeof o.error === 'string' && chance(rng, 0.5)) return { errors: [o.error] };
  if (o.success === true && o.data !== undefined && typeof o.data === 'object' && o.data !== null && chance(rng, 0.3)) {
    return { success: true, data: [o.data] };
  }
  if (o.success === true && o.data === undefined && chance(rng, 0.3)) return {};
  return o;
}

/** A wolkvox `HH:MM:SS` written another way (same whole seconds). */
function wolkvoxTime(rng: Rng, t: string): string {
  const m = /^(\d+):(\d{2}):(\d{2})$/.exec(t);
  if (!m) return t;
  const secs = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  return pick(rng, [`${t},0`, `${t}.000`, String(secs), `0 ${t}`, `${Number(m[1])}:${m[2]}:${m[3]}`]);
}

function wolkvoxBody(rng: Rng, body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const o = body as Json;
  if (chance(rng, 0.5)) o.code = pick(rng, [200, '200', ' 200', '0', undefined]);
  if (chance(rng, 0.6)) o.error = pick(rng, ['', 'false', '0', false, 'null', undefined]);
  if (chance(rng, 0.2)) o.msg = pick(rng, [null, undefined, 1]);
  const rows = Array.isArray(o.data) ? (o.data as Json[]) : [];
  for (const r of rows) {
    if (chance(rng, 0.2) && /^\d+$/.test(String(r.agent_id))) r.agent_id = Number(r.agent_id);
    else if (chance(rng, 0.1)) r.agent_id = ` ${String(r.agent_id)} `;
    if (chance(rng, 0.3) && typeof r.time === 'string') r.time = wolkvoxTime(rng, r.time);
    for (const k of ['date_ini', 'date_end'] as const) {
      if (chance(rng, 0.15) && typeof r[k] === 'string') r[k] = pick(rng, [String(r[k]).replace(' ', 'T'), `${String(r[k])}.000`]);
    }
    if (chance(rng, 0.1) && typeof r.hung_up === 'string') r.hung_up = r.hung_up.toUpperCase();
    if (chance(rng, 0.1)) r.campaign_id = pick(rng, [null, '', '17']);
  }
  if (rows.length === 1 && chance(rng, 0.3)) o.data = rows[0];
  else if (rows.length > 0 && chance(rng, 0.2)) o.data = Object.fromEntries(rows.map((r, i) => [String(i), r]));
  return o;
}

/**
 * The empty window's 404 as servers word and shape it: the text in `error` or `msg`, Spanish, plain text, or an
 * HTTP 200 whose `code` says 404.
 */
function wolkvoxNotFound(rng: Rng, res: SimResponse): SimResponse {
  let body: Json;
  try {
    body = JSON.parse(res.body) as Json;
  } catch {
    return res;
  }
  const text = typeof body.error === 'string' ? body.error : '';
  if (!/dates/i.test(text)) return res;
  const how = pick(rng, ['msg', 'spanish', 'plain', 'numeric', 'ok200', 'same'] as const);
  if (how === 'ok200') return { ...res, status: 200, body: JSON.stringify({ ...body, code: '404', data: null }) };
  if (how === 'plain') return { ...res, headers: { ...res.headers, 'content-type': 'text/html; charset=UTF-8' }, body: 'Not Found. Please validate the dates.' };
  const next: Json =
    how === 'msg'
      ? { code: '404', error: 'true', msg: 'No records were found, validate the dates', data: null }
      : how === 'spanish'
        ? { code: '404', error: 'No se encontraron registros, por favor valide las fechas', msg: '', data: [] }
        : how === 'numeric'
          ? { ...body, code: 404, data: {} }
          : body;
  return { ...res, body: JSON.stringify(next) };
}

/**
 * Wraps a vendor API so its 200 JSON answers come back as variants (and a Sinch server caps `limit` at 100).
 * One seeded stream per vendor: the same seed and requests give the same variants.
 */
export function withVariants(api: VendorApi, seed: number): VendorApi {
  const rng = mulberry32((seed ^ 0x5eed) + api.vendor.length * 7919 + api.vendor.charCodeAt(0));
  const rewrite = (req: SimRequest, res: SimResponse): SimResponse => {
    if (api.vendor === 'wolkvox' && res.status === 404) return wolkvoxNotFound(rng, res);
    if (res.status !== 200 || !/json/.test(res.headers?.['content-type'] ?? '')) return res;
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      return res;
    }
    const next =
      api.vendor === 'sinch'
        ? sinchBody(rng, req.path, body)
        : api.vendor === 'thulium'
          ? thuliumBody(rng, body)
          : api.vendor === 'cobrowser'
            ? cobrowserBody(rng, body)
            : api.vendor === 'ccagent'
              ? ccagentBody(rng, body)
              : api.vendor === 'wolkvox'
                ? wolkvoxBody(rng, body)
                : body;
    return { ...res, body: JSON.stringify(next) };
  };
  return {
    ...api,
    match(req) {
      const m = api.match(req);
      return {
        key: m.key,
        handle: (rq) => {
          if (api.vendor === 'sinch') {
            const limit = Number(rq.query.get('limit') ?? 100);
            if (!(limit <= VARIANT_SINCH_MAX_LIMIT)) rq.query.set('limit', String(VARIANT_SINCH_MAX_LIMIT));
          }
          return rewrite(rq, m.handle(rq));
        },
      };
    },
  };
}
