/**
 * Sinch Contact Center RMI (`/RI/rmi`) over the model, as the vendor doc shows it — including its quirks:
 * `queues: {queue: [...]}` nesting, `reportingGroupid`, `number` sometimes an int, logged-in-only fields omitted
 * for logged-out users, a queue status without `inQueueCurrent`, text/plain errors.
 */
import { guidOf } from './rng.js';
import { json, text, type RouteMatch, type SimRequest, type SimResponse, type VendorApi } from './http.js';
import {
  INTERVAL_MS,
  emptyInterval,
  PRESENCES,
  isFinished,
  userStatusOf,
  type IntervalCounters,
  type SimAgent,
  type SimContact,
  type SimMembership,
  type SimModel,
  type SimQueue,
} from './model.js';
import { pastInterval } from './history.js';

type Json = Record<string, unknown>;

const GUID = /^[0-9A-Fa-f]{32}$/;
const iso = (ms: number) => new Date(ms).toISOString();
const APPLICATION_ID = '8904FC834D01423291AEA278E226CE1B';

class HttpError extends Error {
  constructor(readonly response: SimResponse) {
    super(response.body);
  }
}
const fail = (status: number, body: string): never => {
  throw new HttpError(text(status, body));
};
const notFound = (): never => fail(404, 'HTTP 404 Not Found');
const checkGuid = (id: string) => {
  if (!GUID.test(id)) fail(400, `Invalid GUID: '${id}'`);
  return id.toUpperCase();
};
const guidList = (v: string | null): Set<string> | null => {
  if (v === null || v.trim() === '') return null;
  return new Set(v.split(',').map((s) => checkGuid(s.trim())));
};
const timeParam = (q: URLSearchParams, name: string): number | null => {
  const v = q.get(name);
  if (v === null || v === '') return null;
  const t = Date.parse(v);
  if (Number.isNaN(t)) fail(400, `Invalid ${name}: '${v}'`);
  return t;
};
const intParam = (q: URLSearchParams, name: string, def: number): number => {
  const v = q.get(name);
  if (v === null || v === '') return def;
  if (!/^\d+$/.test(v)) fail(400, `Invalid ${name}: '${v}'`);
  return Number(v);
};

/**
 * `*` and `?` patterns of the "any fields" filters. A comma not followed by a space separates alternatives
 * (`status=Handled,Handled_AOT`); `, ` stays literal, as in names like `Fox, John`.
 */
function matcher(pattern: string): (value: unknown) => boolean {
  const alternatives = pattern.split(/,(?! )/).map((p) => {
    const re = p.trim().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    return new RegExp(`^${re}$`, 'i');
  });
  return (value) => value !== undefined && value !== null && alternatives.some((re) => re.test(String(value)));
}

const PAGING = new Set(['offset', 'limit', 'sort', 'language']);

/** Any-field filters, sort, offset/limit (default 100, no maximum) over serialized items. */
function listPage(items: Json[], q: URLSearchParams, searchable: readonly string[], consumed: readonly string[]): Json[] {
  const offset = intParam(q, 'offset', 0);
  const limit = intParam(q, 'limit', 100);
  const filters: Array<[string, (v: unknown) => boolean]> = [];
  for (const [k, v] of q) {
    if (PAGING.has(k) || consumed.includes(k) || !searchable.includes(k)) continue;
    filters.push([k, matcher(v)]);
  }
  let out = filters.length ? items.filter((it) => filters.every(([k, f]) => f(it[k]))) : items;
  const sort = q.get('sort');
  if (sort) {
    const field = sort.split(',')[0]!.trim();
    const desc = field.startsWith('-');
    const key = desc ? field.slice(1) : field;
    out = [...out].sort((a, b) => {
      const x = a[key] as string | number | undefined;
      const y = b[key] as string | number | undefined;
      const c = x === y ? 0 : x === undefined ? 1 : y === undefined ? -1 : x < y ? -1 : 1;
      return desc ? -c : c;
    });
  }
  return out.slice(offset, offset + limit);
}

function basicAuthOk(header: string | undefined, user: string, pass: string): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  return decoded === `${user}:${pass}`;
}

// ---------------------------------------------------------------------------------------------------------
// Serializers

function readyFlag(a: SimAgent): boolean {
  const u = userStatusOf(a.state);
  return u === 'Ready' && a.afterWork !== 'NotReady' && a.afterWork !== 'Pause';
}

function availability(a: SimAgent): 'LoggedOut' | 'Away' | 'Busy' | 'Free' {
  switch (a.state) {
    case 'LoggedOut':
      return 'LoggedOut';
    case 'Ready':
      return 'Free';
    // Wrap-up: not free, handling nothing (`Waiting`, no active contact). The RMI has no wrap-up word for agents.
    case 'Busy':
    case 'WrapUp':
      return 'Busy';
    default:
      return 'Away';
  }
}

function handlingStatus(a: SimAgent): string {
  if (a.state !== 'Busy' || !a.contact) return 'Waiting';
  return a.contact.channel === 'PHONE'
    ? 'Talking_Inbound'
    : a.contact.channel === 'CHAT'
      ? 'Chatting_Inbound'
      : 'Emailing_Inbound';
}

function agentQueueJson(m: SimMembership): Json {
  return {
    id: m.queue.id,
    name: m.queue.name,
    type: m.queue.type,
    serving: m.serving,
    externalServing: m.externalServing,
    canChangeQueueLogin: m.canChangeQueueLogin,
  };
}

function agentQueuesJson(a: SimAgent, showQueueInfo: number): Json | undefined {
  const mode = showQueueInfo > 3 ? showQueueInfo - 3 : showQueueInfo;
  if (mode <= 0) return undefined;
  const queue = a.memberships.map((m): Json => {
    const q = m.queue;
    if (mode === 3) {
      return {
        id: q.id, name: q.name, type: q.type,
        serving: m.serving, externalServing: m.externalServing, canChangeQueueLogin: m.canChangeQueueLogin,
        handledContactsCallIn: m.handledCallIn, handledContactsCallOut: m.handledCallOut,
        handledContactsChatIn: m.handledChatIn, handledContactsEmailIn: m.handledEmailIn,
        handlingDuration: m.handlingMs, wrapUpDuration: m.wrapUpMs,
      };
    }
    if (mode === 2) {
      return {
        id: q.id, name: q.name, type: q.type,
        serving: m.serving, externalServing: m.externalServing, canChangeQueueLogin: m.canChangeQueueLogin,
      };
    }
    return {
      id: q.id, name: q.name, type: q.type,
      handledContactsCallIn: m.handledCallIn, handledContactsCallOut: m.handledCallOut,
      handledContactsChatIn: m.handledChatIn, handledContactsEmailIn: m.handledEmailIn,
      handlingDuration: m.handlingMs, wrapUpDuration: m.wrapUpMs,
    };
  });
  return { queue };
}

/** One object literal per shape (logged in / out) keeps serialization of 5,000 agents fast. */
function agentJson(model: SimModel, a: SimAgent, showQueueInfo: number): Json {
  const now = model.nowMs();
  const queues = agentQueuesJson(a, showQueueInfo);
  // The vendor sends the internal number as an int for some users.
  const number = a.index % 3 === 0 ? a.number : String(a.number);
  if (a.state === 'LoggedOut') {
    // As the doc's "Wolf, Jane": the logged-in-only fields are left out.
    const o: Json = {
      id: a.id,
      name: a.name,
      reportingGroupid: a.reportingGroup.id,
      reportingGroupName: a.reportingGroup.name,
      number,
      mobileNumber: a.mobileNumber,
      externalNumber: a.mobileNumber,
      location: a.location,
      manageable: a.manageable,
      manageablePresence: a.manageable,
      chatName: a.name,
      chat: a.email,
      email: a.email,
      userStatus: 'LoggedOut',
      userStatusDuration: now - a.userStatusSinceMs,
      userReadyStatus: false,
      availability: 'LoggedOut',
      dailyPauseDuration: 1_800_000,
      dailyWorkDuration: 30_600_000,
    };
    if (queues) o.queues = queues;
    return o;
  }
  const s = model.statsNow(a);
  const c = a.state === 'Busy' || a.state === 'WrapUp' ? a.contact : null;
  const totalIn = s.callIn + s.chatIn + s.emailIn;
  const o: Json = {
    id: a.id,
    name: a.name,
    reportingGroupid: a.reportingGroup.id,
    reportingGroupName: a.reportingGroup.name,
    number,
    mobileNumber: a.mobileNumber,
    externalNumber: a.mobileNumber,
    location: a.location,
    manageable: a.manageable,
    manageablePresence: a.manageable,
    chatName: a.name,
    chat: a.email,
    email: a.email,
    userStatus: userStatusOf(a.state),
    userStatusDuration: now - a.userStatusSinceMs,
    userReadyStatus: readyFlag(a),
    contactHandlingStatus: handlingStatus(a),
    contactHandlingStatusDuration: now - a.stateSinceMs,
    profileId: a.presence.id,
    profile: a.presence.name,
    profileDuration: now - a.presenceSinceMs,
    profileType: a.presence.type,
    availability: availability(a),
    dailyPauseDuration: 1_800_000,
    dailyWorkDuration: 30_600_000,
    activePhoneContacts: c?.channel === 'PHONE' ? 1 : 0,
    activeChatContacts: c?.channel === 'CHAT' ? 1 : 0,
    activeEmailContacts: c?.channel === 'EMAIL' ? 1 : 0,
    activeContactDuration: c?.connectMs ? now - c.connectMs : 0,
    chatCapacity: a.chatCapacity,
    handledContactsCallIn: s.callIn,
    handledContactsChatIn: s.chatIn,
    handledContactseEmailIn: s.emailIn,
    handledContactsCbrIn: 0,
    handledContactsTotalIn: totalIn,
    handledContactsCallOut: 0,
    handledContactsChatOut: 0,
    handledContactsEmailOut: 0,
    handledContactsTotalOut: 0,
    handledContactsTotal: totalIn,
    totalHandlingDuration: s.handlingMs,
    totalWrapupDuration: s.wrapUpMs,
    readyTime: s.readyMs,
    notReadyTime: s.notReadyMs,
    pauseTime: s.pauseMs,
  };
  if (queues) o.queues = queues;
  return o;
}

function userStatusJson(a: SimAgent): Json {
  const c = a.state === 'Busy' || a.state === 'WrapUp' ? a.contact : null;
  const status = a.state === 'Ready' ? 'Ready' : a.state;
  return {
    activeIbCallCnt: c?.channel === 'PHONE' ? 1 : 0,
    activeIbChatCnt: c?.channel === 'CHAT' ? 1 : 0,
    activeIbEmailCnt: c?.channel === 'EMAIL' ? 1 : 0,
    activeIbOperDirCallCnt: 0,
    activeIbVideoChatCnt: 0,
    activeObCallCnt: 0,
    activeObCampaignCallCnt: 0,
    activeObCbrCallCnt: 0,
    activeObEmailCnt: 0,
    id: a.id,
    name: a.name,
    phoneCapacity: a.state === 'LoggedOut' ? 0 : 1,
    status,
    taskCapacity: a.chatCapacity + 1,
    textChatCapacity: a.chatCapacity,
    videoChatCapacity: 0,
  };
}

function queueStatusJson(model: SimModel, q: SimQueue, counts: number[]): Json {
  const now = model.nowMs();
  const oldest = q.waiting[0];
  const o: Json = {
    id: q.id,
    name: q.name,
    type: q.type,
    inQueue: q.waiting.length,
    waitingDurationMax: oldest ? now - oldest.arrivalQueueMs : 0,
  };
  // The vendor leaves out the "current" pair for some queues (the doc's third example): email queues here.
  if (q.channel !== 'EMAIL') {
    o.inQueueCurrent = q.waiting.length;
    o.waitingDurationCurrentMax = oldest ? now - oldest.arrivalQueueMs : 0;
  }
  const [serving, free, busy, wrap, notReady, pause] = counts;
  Object.assign(o, {
    agentsServing: serving,
    agentsFree: free,
    agentsBusy: busy,
    agentsNotReady: notReady,
    agentsPause: pause,
    agentsWrapUp: wrap,
  });
  return o;
}

/** Per queue: [serving, free, busy, wrapUp, notReady, pause] among logged-in agents serving it. */
function queueCounts(model: SimModel): number[][] {
  const counts = model.queues.map(() => [0, 0, 0, 0, 0, 0]);
  for (const a of model.agents) {
    if (a.state === 'LoggedOut') continue;
    const slot =
      a.state === 'Ready' ? 1 : a.state === 'Busy' ? 2 : a.state === 'WrapUp' ? 3 : a.state === 'NotReady' ? 4 : 5;
    for (const m of a.memberships) {
      if (!m.serving) continue;
      const c = counts[m.queue.index]!;
      c[0]!++;
      c[slot]!++;
    }
  }
  return counts;
}

function contactJson(model: SimModel, c: SimContact): Json {
  const now = model.nowMs();
  const q = c.queue;
  const queueEnd = c.queueEndMs ?? now;
  const handling = c.connectMs === null ? 0 : (c.disconnectMs ?? now) - c.connectMs;
  const wrap = c.wrapUpBeginMs === null ? 0 : (c.wrapUpEndMs ?? now) - c.wrapUpBeginMs;
  const o: Json = {
    id: c.id,
    queueId: q.id,
    queueName: q.name,
    origQueueId: q.id,
    origQueueName: q.name,
    queueLoginType: 'AutoAllocation',
    applicationId: APPLICATION_ID,
    applicationName: 'ContactCenter',
  };
  if (c.agent) {
    o.agentId = c.agent.id;
    o.agentName = c.agent.name;
    // The doc's email example spells it `reportingGroupid`; the simulator does the same for email contacts.
    o[c.channel === 'EMAIL' ? 'reportingGroupid' : 'reportingGroupId'] = c.agent.reportingGroup.id;
    o.reportingGroupName = c.agent.reportingGroup.name;
  }
  Object.assign(o, {
    contactGroupId: c.groupId,
    source: c.source,
    destination: c.destination,
    arrivalTime: iso(c.arrivalMs),
    arrivalQueueTime: iso(c.arrivalQueueMs),
  });
  if (c.connectMs !== null) o.connectTime = iso(c.connectMs);
  if (c.disconnectMs !== null) o.disconnectTime = iso(c.disconnectMs);
  if (c.wrapUpBeginMs !== null) o.wrapUpBeginTime = iso(c.wrapUpBeginMs);
  if (c.wrapUpEndMs !== null) o.wrapUpEndTime = iso(c.wrapUpEndMs);
  o.queuingDuration = queueEnd - c.arrivalQueueMs;
  o.handlingDuration = handling;
  o.wrapUpTotalDuration = wrap;
  if (c.wrapUpEndMs !== null) {
    o.wrapUpScriptingDuration = Math.round(wrap * 0.7);
    o.wrapUpRestingDuration = wrap - Math.round(wrap * 0.7);
  }
  Object.assign(o, {
    totalDuration: (c.disconnectMs ?? now) - c.arrivalMs,
    serviceClosed: false,
    waitingDuration: queueEnd - c.arrivalQueueMs,
    status: c.status,
    channel: c.channel,
    type: c.type,
  });
  if (c.channel === 'CHAT') o.subtype = 'text';
  if (c.record !== null) o.record = c.record;
  o.answeredOnTimeThreshold = q.aotSeconds;
  o.falseAttemptTimeThreshold = q.faSeconds;
  if (c.subject !== null) o.subject = c.subject;
  return o;
}

function contactEvents(c: SimContact): Json[] {
  const q = c.queue.name;
  const agent = c.agent?.name ?? '';
  const ev: Array<[number, string, string, string]> = [[c.arrivalQueueMs, 'Queing', q, '']];
  if (c.connectMs !== null) {
    ev.push([c.connectMs, 'DestAllocated', agent, q]);
    ev.push([c.connectMs, 'ConnectedToOper', agent, q]);
    ev.push([c.connectMs, 'DestUnAllocated', q, 'Connected']);
  }
  if (c.disconnectMs !== null) ev.push([c.disconnectMs, 'Disconnected', c.connectMs === null ? ';1' : ';0', q]);
  return ev.map(([t, event, value1, value2], i) => ({
    id: guidOf(c.id, 'event', i),
    time: iso(t),
    event,
    value1,
    value2,
  }));
}

const summaryStamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

function summaryJson(q: SimQueue, startMs: number, c: IntervalCounters): Json {
  return {
    applicationId: APPLICATION_ID,
    applicationName: 'ContactCenter',
    changeTimeStamp: iso(c.changedMs),
    // The vendor's own format has two fraction digits here.
    hourTime: iso(startMs).replace(/\.\d{3}Z$/, '.00Z'),
    id: `${q.id}${summaryStamp(startMs)}`,
    inAbandoned: c.abandoned,
    inAnsweredOnTime: c.answeredOnTime,
    inArrivedHandled: c.arrivedHandled,
    inArrivedActive: c.arrivedActive,
    inFalseAttempt: c.falseAttempts,
    inHandleTimeMax: c.handleTimeMax,
    inHandleTimeTotal: c.handleTimeTotal,
    inHandled: c.handled,
    inQueueTimeMax: c.queueTimeMax,
    inAnsweredQueueTimeTotal: c.answeredQueueTimeTotal,
    inAbandonedQueueTimeTotal: c.abandonedQueueTimeTotal,
    inFalseAttemptQueueTimeTotal: c.falseAttemptQueueTimeTotal,
    inServiceClosed: c.serviceClosed,
    outHandleTimeMax: c.outHandleTimeMax,
    outHandleTimeTotal: c.outHandleTimeTotal,
    outHandled: c.outHandled,
    queueId: q.id,
    queueName: q.name,
    type: q.type,
  };
}

function intervalCounters(model: SimModel, q: SimQueue, startMs: number): IntervalCounters {
  const liveFrom = Math.floor(model.modelStartMs / INTERVAL_MS) * INTERVAL_MS;
  if (startMs < liveFrom) return pastInterval(model.seed, q, startMs);
  const live = model.intervals[q.index]!.get(startMs);
  return live ?? emptyInterval(startMs);
}


interface QueueGroupDef {
  id: string;
  name: string;
  queues: SimQueue[];
}

function queueGroups(model: SimModel): QueueGroupDef[] {
  const sales = model.queues.filter((q) => q.index % 2 === 1);
  const service = model.queues.filter((q) => q.index % 2 === 0);
  const groups: QueueGroupDef[] = [];
  if (sales.length) groups.push({ id: guidOf(model.seed, 'queue-group', 0), name: 'Sales queues', queues: sales });
  if (service.length) {
    groups.push({ id: guidOf(model.seed, 'queue-group', 1), name: 'Customer service queues', queues: service });
  }
  groups.push({ id: 'ALL_QUEUES', name: 'ALL_QUEUES', queues: model.queues });
  return groups;
}

function thresholdsJson(q: SimQueue): Json {
  // Email queues carry only service-level thresholds, like the doc's "B2C Service" queue.
  if (q.channel === 'EMAIL') return { serviceLevelCriticalLevel: 20, serviceLevelWarningLevel: 50 };
  const phone = q.channel === 'PHONE';
  return {
    freeAgentCriticalLevel: 0,
    freeAgentWarningLevel: 1,
    interactionsCriticalLevel: phone ? 5 : 8,
    interactionsWarningLevel: phone ? 3 : 5,
    maxWaitTimeCriticalLevel: phone ? 120_000 : 300_000,
    maxWaitTimeWarningLevel: phone ? 60_000 : 120_000,
    servingAgentCriticalLevel: 1,
    servingAgentWarningLevel: 2,
    serviceLevelCriticalLevel: 60,
    serviceLevelWarningLevel: 80,
  };
}

function queueGroupJson(g: QueueGroupDef, thresholds: boolean): Json {
  return {
    id: g.id,
    name: g.name,
    queues: {
      queue: g.queues.map((q) => ({ id: q.id, name: q.name, type: q.type, ...(thresholds ? thresholdsJson(q) : {}) })),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Writes

function parseBody(req: SimRequest): Json {
  const ct = String(req.headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(ct)) fail(415, 'HTTP 415 Unsupported Media Type');
  let v: unknown;
  try {
    v = JSON.parse(req.body);
  } catch {
    fail(400, 'Invalid JSON body');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(400, 'Body must be a JSON object');
  return v as Json;
}

function requireProps(body: Json, spec: Record<string, 'string' | 'boolean' | 'number'>): void {
  const missing = Object.keys(spec).filter((k) => body[k] === undefined || body[k] === null);
  if (missing.length) fail(400, `Missing properties: ${missing.join(', ')}`);
  for (const [k, t] of Object.entries(spec)) {
    if (typeof body[k] !== t) fail(400, `Property ${k} must be a ${t}`);
  }
}

const noContent = (): SimResponse => ({ status: 204, body: '' });

// ---------------------------------------------------------------------------------------------------------

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

  const agentsList = (req: SimRequest, q: URLSearchParams): SimResponse => {
    const start = q.get('startTime');
    if (start === null || start === '') fail(400, 'Query parameter startTime is required');
    timeParam(q, 'startTime');
    const ids = guidList(q.get('id'));
    const queueIds = guidList(q.get('queueId'));
    const avail = q.get('availability');
    const availSet = avail ? new Set(avail.split(',').map((s) => s.trim().toLowerCase())) : null;
    const sqi = intParam(q, 'showQueueInfo', 1);
    let agents: readonly SimAgent[] = model.agentsSortedByName();
    if (ids || queueIds || availSet) {
      agents = agents.filter(
        (a) =>
          (!ids || ids.has(a.id)) &&
          (!queueIds || a.memberships.some((m) => queueIds.has(m.queue.id))) &&
          (!availSet || availSet.has(availability(a).toLowerCase())),
      );
    }
    if (sqi >= 4) {
      agents = agents.filter((a) => {
        const s = a.stats;
        const hasStats = s.callIn + s.chatIn + s.emailIn > 0;
        const hasConfig = a.memberships.length > 0;
        return sqi === 4 ? hasStats : sqi === 5 ? hasConfig : hasStats && hasConfig;
      });
    }
    const consumed = ['startTime', 'id', 'queueId', 'availability', 'showQueueInfo'];
    const simple = !q.get('sort') && ![...q.keys()].some((k) => AGENT_FIELDS.includes(k) && !consumed.includes(k));
    if (simple) {
      // Fast path: page first, then serialize only the page.
      const offset = intParam(q, 'offset', 0);
      const limit = intParam(q, 'limit', 100);
      return json(200, agents.slice(offset, offset + limit).map((a) => agentJson(model, a, sqi)));
    }
    void req;
    return json(200, listPage(agents.map((a) => agentJson(model, a, sqi)), q, AGENT_FIELDS, consumed));
  };

  const contactsList = (q: URLSearchParams): SimResponse => {
    const from = timeParam(q, 'startTime');
    const to = timeParam(q, 'endTime');
    const all = q.get('showAllInProcess') === '1';
    const agentIds = guidList(q.get('agentId'));
    const queueIds = guidList(q.get('queueId'));
    const search = q.get('search');
    const searchMatch = search ? (/[*?]/.test(search) ? matcher(search) : null) : null;
    const needle = search && !searchMatch ? search.toLowerCase() : null;
    const consumed = ['startTime', 'endTime', 'showAllInProcess', 'agentId', 'queueId', 'search', 'pickable', 'activeQueue'];
    const simple = !q.get('sort') && ![...q.keys()].some((k) => CONTACT_FIELDS.includes(k) && !consumed.includes(k));
    const offset = intParam(q, 'offset', 0);
    const limit = intParam(q, 'limit', 100);
    let skipped = 0;
    const out: Json[] = [];
    for (const c of model.contacts.values()) {
      const inTime = (from === null || c.arrivalMs >= from) && (to === null || c.arrivalMs <= to);
      if (!inTime && !(all && !isFinished(c))) continue;
      if (agentIds && !(c.agent && agentIds.has(c.agent.id))) continue;
      if (queueIds && !queueIds.has(c.queue.id)) continue;
      if (searchMatch && !searchMatch(c.source) && !searchMatch(c.destination)) continue;
      if (needle && !c.source.toLowerCase().includes(needle) && !c.destination.toLowerCase().includes(needle)) continue;
      if (simple) {
        // Page over the model and serialize only the page.
        if (skipped < offset) {
          skipped++;
          continue;
        }
        if (out.length >= limit) break;
      }
      out.push(contactJson(model, c));
    }
    return json(200, simple ? out : listPage(out, q, CONTACT_FIELDS, consumed));
  };

  const summariesList = (q: URLSearchParams): SimResponse => {
    const now = model.nowMs();
    const from = timeParam(q, 'startTime') ?? model.startOfDayMs();
    if (from < now - 400 * 86_400_000) fail(400, 'startTime is too far in the past (at most 400 days)');
    const queueIds = guidList(q.get('queueId'));
    const types = q.get('type') ? new Set(q.get('type')!.split(',').map((s) => s.trim().toLowerCase())) : null;
    const queues = model.queues.filter(
      (x) => (!queueIds || queueIds.has(x.id)) && (!types || types.has(x.type.toLowerCase())),
    );
    const first = Math.floor(from / INTERVAL_MS) * INTERVAL_MS;
    const last = Math.floor(now / INTERVAL_MS) * INTERVAL_MS;
    const intervals = last >= first ? (last - first) / INTERVAL_MS + 1 : 0;
    const total = intervals * queues.length;
    const row = (i: number) => {
      const qq = queues[i % queues.length]!;
      const start = first + Math.floor(i / queues.length) * INTERVAL_MS;
      return summaryJson(qq, start, intervalCounters(model, qq, start));
    };
    const consumed = ['startTime', 'queueId', 'type'];
    const hasFilters = !!q.get('sort') || [...q.keys()].some((k) => SUMMARY_FIELDS.includes(k) && !consumed.includes(k));
    if (!hasFilters) {
      const offset = intParam(q, 'offset', 0);
      const limit = intParam(q, 'limit', 100);
      const out: Json[] = [];
      for (let i = offset; i < Math.min(total, offset + limit); i++) out.push(row(i));
      return json(200, out);
    }
    if (total > 200_000) fail(400, 'Too many rows to sort or filter; narrow startTime');
    const all: Json[] = [];
    for (let i = 0; i < total; i++) all.push(row(i));
    return json(200, listPage(all, q, SUMMARY_FIELDS, consumed));
  };

  const summaryById = (id: string): SimResponse => {
    const m = /^([0-9A-Fa-f]{32})(\d{8}T\d{6}Z)$/.exec(id);
    if (!m) return notFound();
    const q = model.queueById(m[1]!) ?? notFound();
    const s = m[2]!;
    const start = Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(9, 11), +s.slice(11, 13));
    if (start % INTERVAL_MS !== 0 || start > model.nowMs()) return notFound();
    return json(200, summaryJson(q, start, intervalCounters(model, q, start)));
  };

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

const AGENT_FIELDS = [
  'id', 'name', 'reportingGroupid', 'reportingGroupName', 'number', 'mobileNumber', 'location', 'email', 'chatName',
  'userStatus', 'contactHandlingStatus', 'profile', 'profileType', 'availability',
];
const CONTACT_FIELDS = [
  'id', 'queueName', 'agentName', 'status', 'channel', 'type', 'subtype', 'source', 'destination', 'subject',
  'queueLoginType', 'arrivalTime', 'contactGroupId',
];
const QUEUE_STATUS_FIELDS = ['name', 'type'];
const USER_STATUS_FIELDS = ['id', 'name', 'status'];
const SUMMARY_FIELDS = ['applicationName', 'queueName', 'type', 'hourTime', 'id'];
