/**
 * The Sinch RMI's list reads: agents, contacts and contact summaries, with their own filters and the "any fields"
 * filters, sort and paging. Without sort or field filters they page over the model first and serialize only the page.
 */
import { json, type SimRequest, type SimResponse } from './http.js';
import { intervalCounters } from './history.js';
import { INTERVAL_MS, isFinished, type SimAgent, type SimModel } from './model.js';
import { agentJson, availability, contactJson, summaryJson, type Json } from './sinch-json.js';
import { fail, guidList, intParam, listPage, matcher, notFound, timeParam } from './sinch-request.js';

const AGENT_FIELDS = [
  'id', 'name', 'reportingGroupid', 'reportingGroupName', 'number', 'mobileNumber', 'location', 'email', 'chatName',
  'userStatus', 'contactHandlingStatus', 'profile', 'profileType', 'availability',
];
const CONTACT_FIELDS = [
  'id', 'queueName', 'agentName', 'status', 'channel', 'type', 'subtype', 'source', 'destination', 'subject',
  'queueLoginType', 'arrivalTime', 'contactGroupId',
];
const SUMMARY_FIELDS = ['applicationName', 'queueName', 'type', 'hourTime', 'id'];

export function sinchLists(model: SimModel) {
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

  return { agentsList, contactsList, summariesList, summaryById };
}
