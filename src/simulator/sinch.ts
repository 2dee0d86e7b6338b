/**
 * Sinch Contact Center RMI (`/RI/rmi`) over the model, as the vendor doc shows it — including its quirks:
 * `queues: {queue: [...]}` nesting, `reportingGroupid`, `number` sometimes an int, logged-in-only fields omitted
 * for logged-out users, a queue status without `inQueueCurrent`, text/plain errors.
 *
 * The route table and sessions live here; the list reads in `sinch-lists.ts`, the JSON shapes in `sinch-json.ts`,
 * request parsing and errors in `sinch-request.ts`.
 */
import { json, text, type RouteMatch, type SimRequest, type SimResponse, type VendorApi } from './http.js';
import { sinchLists } from './sinch-lists.js';
import { PRESENCES, type SimModel } from './model.js';
import {
  agentJson,
  agentQueueJson,
  contactEvents,
  contactJson,
  queueCounts,
  queueGroupJson,
  queueGroups,
  queueStatusJson,
  readyFlag,
  userStatusJson,
  type Json,
} from './sinch-json.js';
import {
  HttpError,
  basicAuthOk,
  checkGuid,
  fail,
  guidList,
  intParam,
  listPage,
  noContent,
  notFound,
  parseBody,
  requireProps,
  timeParam,
} from './sinch-request.js';

/** Session lifetime of the simulated ECF login (field notes: sessions expire and must be renewed). */
export const SIM_SESSION_TTL_MS = 30 * 60_000;

export function sinchApi(
  model: SimModel,
  creds: { username: string; password: string },
  opts: { sessionTtlMs?: number } = {},
): VendorApi {
  // JSESSIONID → expiry (real ms). Either Basic on every call or a session cookie is accepted.
  const sessions = new Map<string, number>();
  let sessionSeq = 0;
  const sessionTtl = opts.sessionTtlMs ?? SIM_SESSION_TTL_MS;
  const sessionOk = (cookie: string | undefined): boolean => {
    const id = /(?:^|;\s*)JSESSIONID=([^;]+)/i.exec(cookie ?? '')?.[1];
    const until = id ? sessions.get(id) : undefined;
    if (until === undefined) return false;
    if (Date.now() > until) {
      sessions.delete(id!);
      return false;
    }
    return true;
  };
  const login = (rq: SimRequest): SimResponse => {
    if (rq.method !== 'POST') return text(405, 'HTTP 405 Method Not Allowed', { allow: 'POST' });
    const form = new URLSearchParams(rq.body);
    if (!/^ECFAUTH$/i.test(String(rq.headers.authorization ?? '')) || !basicAuthOk(form.get('Authorization') ?? undefined, creds.username, creds.password)) {
      return text(401, 'HTTP 401 Unauthorized');
    }
    const id = `SIM${(++sessionSeq).toString(16).padStart(8, '0')}${Math.floor(Math.random() * 1e9).toString(16)}`;
    for (const [k, until] of sessions) if (Date.now() > until) sessions.delete(k);
    sessions.set(id, Date.now() + sessionTtl);
    return text(200, 'OK', { 'set-cookie': `JSESSIONID=${id}; Path=/; HttpOnly` });
  };
  const settings = new Map<string, Json>([['MON365_SETTINGS', { id: 'MON365_SETTINGS', uiLanguage: 'EN', value: '' }]]);

  const agentOr404 = (id: string) => model.agentById(checkGuid(id)) ?? notFound();

  const { agentsList, contactsList, summariesList, summaryById } = sinchLists(model);

  const routes: Array<{ pattern: string[]; methods: Record<string, (p: string[], req: SimRequest) => SimResponse> }> = [
    { pattern: ['agents'], methods: { GET: (_p, r) => agentsList(r, r.query) } },
    {
      pattern: ['agents', '{agentId}'],
      methods: {
        GET: ([id], r) => {
          const q = r.query;
          if (!q.get('startTime')) fail(400, 'Query parameter startTime is required');
          timeParam(q, 'startTime');
          return json(200, agentJson(model, agentOr404(id!), intParam(q, 'showQueueInfo', 1)));
        },
      },
    },
    {
      pattern: ['agents', '{agentId}', 'queues'],
      methods: {
        GET: ([id], r) =>
          json(200, listPage(agentOr404(id!).memberships.map(agentQueueJson), r.query, ['id', 'name', 'type', 'serving'], [])),
      },
    },
    {
      pattern: ['agents', '{agentId}', 'queues', '{queueId}'],
      methods: {
        GET: ([id, qid]) => {
          const a = agentOr404(id!);
          const m = a.memberships.find((x) => x.queue.id === checkGuid(qid!)) ?? notFound();
          return json(200, agentQueueJson(m));
        },
        PUT: ([id, qid], r) => {
          const a = agentOr404(id!);
          const queueId = checkGuid(qid!);
          const m = a.memberships.find((x) => x.queue.id === queueId) ?? notFound();
          const body = parseBody(r);
          requireProps(body, {
            id: 'string',
            name: 'string',
            type: 'string',
            serving: 'boolean',
            externalServing: 'boolean',
            canChangeQueueLogin: 'boolean',
          });
          if (String(body.id).toUpperCase() !== queueId) fail(400, `Body id '${String(body.id)}' does not match the URI`);
          model.setServing(a, m.queue, body.serving as boolean, body.externalServing as boolean);
          return noContent();
        },
      },
    },
    {
      pattern: ['agents', '{agentId}', 'presences'],
      methods: {
        GET: ([id], r) => {
          agentOr404(id!);
          return json(200, listPage(PRESENCES.map((p) => ({ ...p })), r.query, ['id', 'name', 'reason', 'type'], []));
        },
      },
    },
    {
      pattern: ['agents', '{agentId}', 'presences', '{presenceId}'],
      methods: {
        GET: ([id, pid]) => {
          agentOr404(id!);
          const pId = checkGuid(pid!);
          return json(200, { ...(PRESENCES.find((p) => p.id === pId) ?? notFound()) });
        },
        PUT: ([id, pid], r) => {
          const a = agentOr404(id!);
          const pId = checkGuid(pid!);
          const p = PRESENCES.find((x) => x.id === pId) ?? notFound();
          const body = parseBody(r);
          requireProps(body, { id: 'string', name: 'string', reason: 'string', type: 'string', priority: 'number' });
          if (String(body.id).toUpperCase() !== pId) fail(400, `Body id '${String(body.id)}' does not match the URI`);
          model.setPresence(a, p);
          return noContent();
        },
      },
    },
    {
      pattern: ['agents', '{agentId}', 'readyState'],
      methods: {
        GET: ([id]) => json(200, { readyState: readyFlag(agentOr404(id!)) ? 'Ready' : 'NotReady' }),
        PUT: ([id], r) => {
          const a = agentOr404(id!);
          const body = parseBody(r);
          requireProps(body, { readyState: 'string' });
          if (body.readyState !== 'Ready' && body.readyState !== 'NotReady') {
            fail(400, `Invalid readyState: '${String(body.readyState)}'`);
          }
          model.setReady(a, body.readyState === 'Ready');
          return noContent();
        },
      },
    },
    {
      pattern: ['queueStatuses'],
      methods: {
        GET: (_p, r) => {
          const ids = guidList(r.query.get('id'));
          const counts = queueCounts(model);
          const items = model.queues
            .filter((q) => !ids || ids.has(q.id))
            .map((q) => queueStatusJson(model, q, counts[q.index]!))
            .sort((a, b) => String(a.name).localeCompare(String(b.name)));
          return json(200, listPage(items, r.query, QUEUE_STATUS_FIELDS, ['id']));
        },
      },
    },
    {
      pattern: ['queueStatuses', '{queueId}'],
      methods: {
        GET: ([id]) => {
          const q = model.queueById(checkGuid(id!)) ?? notFound();
          return json(200, queueStatusJson(model, q, queueCounts(model)[q.index]!));
        },
      },
    },
    {
      pattern: ['userStatuses'],
      methods: {
        GET: (_p, r) => {
          const q = r.query;
          const hasFilter = !!q.get('sort') || [...q.keys()].some((k) => USER_STATUS_FIELDS.includes(k));
          const agents = model.agentsSortedByName();
          if (!hasFilter) {
            const offset = intParam(q, 'offset', 0);
            const limit = intParam(q, 'limit', 100);
            return json(200, agents.slice(offset, offset + limit).map(userStatusJson));
          }
          return json(200, listPage(agents.map(userStatusJson), q, USER_STATUS_FIELDS, []));
        },
      },
    },
    {
      pattern: ['userStatuses', '{userId}'],
      methods: { GET: ([id]) => json(200, userStatusJson(agentOr404(id!))) },
    },
    { pattern: ['contacts'], methods: { GET: (_p, r) => contactsList(r.query) } },
    {
      pattern: ['contacts', '{contactId}'],
      methods: { GET: ([id]) => json(200, contactJson(model, model.contacts.get(checkGuid(id!)) ?? notFound())) },
    },
    {
      pattern: ['contacts', '{contactId}', 'details'],
      methods: { GET: ([id]) => json(200, contactEvents(model.contacts.get(checkGuid(id!)) ?? notFound())) },
    },
    { pattern: ['contactSummaries'], methods: { GET: (_p, r) => summariesList(r.query) } },
    { pattern: ['contactSummaries', '{id}'], methods: { GET: ([id]) => summaryById(id!) } },
    {
      pattern: ['queueGroups'],
      methods: {
        GET: (_p, r) => {
          const ids = r.query.get('id') ? new Set(r.query.get('id')!.split(',').map((s) => s.trim().toUpperCase())) : null;
          for (const id of ids ?? []) if (id !== 'ALL_QUEUES') checkGuid(id);
          const thresholds = r.query.get('showThresholds') === '1' || r.query.get('showThresholds') === 'true';
          const items = queueGroups(model)
            .filter((g) => !ids || ids.has(g.id))
            .map((g) => queueGroupJson(g, thresholds));
          return json(200, listPage(items, r.query, ['id', 'name'], ['id', 'showThresholds']));
        },
      },
    },
    {
      pattern: ['queueGroups', '{queueGroupId}'],
      methods: {
        GET: ([id], r) => {
          const gid = id === 'ALL_QUEUES' ? id : checkGuid(id!);
          const g = queueGroups(model).find((x) => x.id === gid) ?? notFound();
          const t = r.query.get('showThresholds');
          return json(200, queueGroupJson(g, t === '1' || t === 'true'));
        },
      },
    },
    {
      pattern: ['settings'],
      methods: {
        GET: () => json(200, [...settings.values()]),
        POST: (_p, r) => {
          const body = parseBody(r);
          requireProps(body, { id: 'string', uiLanguage: 'string', value: 'string' });
          settings.set(String(body.id), { id: body.id, uiLanguage: body.uiLanguage, value: body.value });
          return { status: 201, headers: { 'content-type': 'text/html', location: String(body.id) }, body: String(body.id) };
        },
      },
    },
    {
      pattern: ['settings', '{id}'],
      methods: {
        GET: ([id]) => json(200, settings.get(id!) ?? notFound()),
        PUT: ([id], r) => {
          if (!settings.has(id!)) notFound();
          const body = parseBody(r);
          requireProps(body, { id: 'string', uiLanguage: 'string', value: 'string' });
          settings.set(id!, { id: id!, uiLanguage: body.uiLanguage, value: body.value });
          return noContent();
        },
      },
    },
  ];

  const acceptsJson = (accept: string | undefined) =>
    !accept || /application\/json|application\/\*|\*\/\*/i.test(accept);

  return {
    vendor: 'sinch',
    // The tenant base: `/sinch/ecfs/authentication` logs in, `/sinch/RI/rmi/...` is the RMI.
    prefix: '/sinch',
    faultResponse: (status) => text(status, `HTTP ${status} ${STATUS_TEXT[status] ?? 'Error'}`),
    match(req): RouteMatch {
      if (req.path === '/ecfs/authentication') return { key: 'POST /ecfs/authentication', handle: login };
      if (!/^\/RI\/rmi(\/|$)/.test(req.path)) return { key: `${req.method} (unmatched)`, handle: () => text(404, 'HTTP 404 Not Found') };
      const segs = req.path.slice('/RI/rmi'.length).split('/').filter(Boolean).map(decodeURIComponent);
      for (const r of routes) {
        if (r.pattern.length !== segs.length) continue;
        if (!r.pattern.every((p, i) => p.startsWith('{') || p === segs[i])) continue;
        const params = segs.filter((_, i) => r.pattern[i]!.startsWith('{'));
        const template = `/${r.pattern.join('/')}`;
        const method = req.method === 'HEAD' ? 'GET' : req.method;
        const fn = r.methods[method];
        return {
          key: `${req.method} ${template}`,
          handle: (rq) => {
            if (!basicAuthOk(rq.headers.authorization, creds.username, creds.password) && !sessionOk(rq.headers.cookie)) {
              return text(401, 'HTTP 401 Unauthorized', { 'www-authenticate': 'Basic realm="RMI"' });
            }
            if (!fn) return text(405, 'HTTP 405 Method Not Allowed', { allow: Object.keys(r.methods).join(', ') });
            if (method === 'GET' && !acceptsJson(rq.headers.accept)) return text(406, 'HTTP 406 Not Acceptable');
            try {
              return fn(params, rq);
            } catch (e) {
              if (e instanceof HttpError) return e.response;
              throw e;
            }
          },
        };
      }
      return { key: `${req.method} (unmatched)`, handle: () => text(404, 'HTTP 404 Not Found') };
    },
  };
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const QUEUE_STATUS_FIELDS = ['name', 'type'];
const USER_STATUS_FIELDS = ['id', 'name', 'status'];
