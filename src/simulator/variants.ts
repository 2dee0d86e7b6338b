/**
 * A simulator that misbehaves on purpose (`SIM_VARIANTS=1`, or a vendor list such as `sinch,thulium`): answers are
 * rewritten, at random from a seeded stream, into shapes real deployments send beside the documented ones (field
 * notes): numbers and booleans as strings, decimal commas, empty or keyed wrappers, a lone object for a list, `null`
 * sections, undocumented enum words, other spellings, and a Sinch server that caps `limit` at 100. Every variant
 * keeps the row readable: the gateway must serve every row the strict simulator serves.
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

/**
 * Wraps a vendor API so its 200 JSON answers come back as variants (and a Sinch server caps `limit` at 100).
 * One seeded stream per vendor: the same seed and requests give the same variants.
 */
export function withVariants(api: VendorApi, seed: number): VendorApi {
  const rng = mulberry32((seed ^ 0x5eed) + api.vendor.length * 7919 + api.vendor.charCodeAt(0));
  const rewrite = (req: SimRequest, res: SimResponse): SimResponse => {
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
