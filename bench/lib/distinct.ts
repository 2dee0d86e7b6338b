/**
 * S1b's workload: distinct wallboard dashboards. Each request picks a field set (which of five optional groups the
 * document selects: 32 documents), a page (`first`, `after`) and a name filter (`filter.text`), so no two requests in
 * the list are identical and no answer can come from another query's execution. The proxy answers the same request
 * as `GET /dashboard?fields=…&first=…&offset=…&text=…` with the same JSON, fetching only the Sinch resources the
 * field set needs, as ccgraph does.
 */
import { mulberry32 } from '../../src/simulator/rng.js';
import { assembleDashboard, dashboardPaths, sortPeople, type ProxyPerson } from './dashboard.js';

/** Optional field groups, one bit each. Always selected: totalCount, agents' id/name/state, queues' id/name/channel. */
export const FIELD_GROUPS = ['presence', 'memberships', 'rawStatus', 'status', 'kpis'] as const;
const bit = (g: (typeof FIELD_GROUPS)[number]) => 1 << FIELD_GROUPS.indexOf(g);

export interface DistinctRequest {
  fields: number;
  first: number;
  offset: number;
  text: string;
}

export interface DistinctPerson extends ProxyPerson {
  email: string;
}

/** The GraphQL document of one field set (one per set, so 32 documents; variables carry the page and filter). */
export function documentOf(fields: number): string {
  const has = (g: (typeof FIELD_GROUPS)[number]) => (fields & bit(g)) !== 0;
  return `query Dashboard${fields}($first: Int, $after: String, $text: String) {
  agents(first: $first, after: $after, filter: { text: $text }) {
    totalCount
    nodes {
      id
      name
      state${has('rawStatus') ? '\n      rawStatus\n      stateDurationMs' : ''}${has('presence') ? '\n      presence { id name type }' : ''}${
        has('memberships')
          ? '\n      queues { queue { id name channel } serving handledCallsIn handledChatsIn handledEmailsIn handlingMs }'
          : ''
      }
    }
  }
  queues {
    id
    name
    channel${has('status') ? '\n    status { waitingNow longestWaitMs agents { serving available busy wrapUp notReady paused } }' : ''}${
      has('kpis') ? '\n    kpis { from offered handled abandoned serviceLevel averageSpeedOfAnswerMs averageHandleTimeMs }' : ''
    }
  }
}`;
}

const cursor = (offset: number) => Buffer.from(`offset:${offset}`, 'utf8').toString('base64');

export function graphqlBody(r: DistinctRequest): string {
  const variables = { first: r.first, after: r.offset > 0 ? cursor(r.offset - 1) : null, text: r.text || null };
  return JSON.stringify({ query: documentOf(r.fields), operationName: `Dashboard${r.fields}`, variables });
}

export function proxyPath(r: DistinctRequest): string {
  return `/dashboard?fields=${r.fields}&first=${r.first}&offset=${r.offset}&text=${encodeURIComponent(r.text)}`;
}

export function parseProxyPath(url: string): DistinctRequest | null {
  const q = new URLSearchParams(url.slice(url.indexOf('?') + 1));
  const n = (k: string) => Number(q.get(k));
  const r = { fields: n('fields'), first: n('first'), offset: n('offset'), text: q.get('text') ?? '' };
  const ok = [r.fields, r.first, r.offset].every((v) => Number.isInteger(v) && v >= 0) && r.fields < 1 << FIELD_GROUPS.length && r.first <= 100;
  return ok ? r : null;
}

/** The people the request's filter keeps, in the gateway's list order (name, then key). */
export function filterPeople(sorted: DistinctPerson[], text: string): DistinctPerson[] {
  if (!text) return sorted;
  const needle = text.toLowerCase();
  return sorted.filter((p) => [p.name, p.email, p.key].some((s) => s.toLowerCase().includes(needle)));
}

export function peopleOf(identities: Array<{ key: string; name: string; email?: string; accounts: { sinch?: string } }>): DistinctPerson[] {
  return sortPeople(identities.map((i) => ({ key: i.key, name: i.name, email: i.email ?? '', sinchId: i.accounts.sinch }))) as DistinctPerson[];
}

const TEXTS = ['', '', '', 'a', 'e', 'i', 'o', 'n', 'r', 'l', 's', 'an', 'ar', 'er', 'el', 'in', 'on', 'ma', 'ri'];
const FIRSTS = [5, 8, 10, 12, 15, 20, 25, 30, 40, 50];

/**
 * `n` distinct requests, deterministic. Every request's page holds at least one agent, so each one reads the Sinch
 * agents of its page (an id-filtered list of its own).
 */
export function distinctRequests(people: DistinctPerson[], n: number, seed = 19): DistinctRequest[] {
  const next = mulberry32(seed); // the list must be the same in every process and every run
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const seen = new Set<string>();
  const out: DistinctRequest[] = [];
  const counts = new Map(TEXTS.map((t) => [t, filterPeople(people, t).length]));
  for (let tries = 0; out.length < n && tries < n * 50; tries++) {
    const text = pick(TEXTS);
    const total = counts.get(text)!;
    if (total === 0) continue;
    const r: DistinctRequest = { fields: Math.floor(next() * (1 << FIELD_GROUPS.length)), first: pick(FIRSTS), offset: Math.floor(next() * Math.min(total, 30)), text };
    const key = proxyPath(r);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  if (out.length < n) throw new Error(`only ${out.length} distinct dashboards for ${people.length} people`);
  return out;
}

/** Which Sinch resources the request needs (agents of a non-empty page, statuses always, summaries for KPIs). */
export function pathsFor(r: DistinctRequest, page: DistinctPerson[], now: Date): { agents?: string; queueStatuses: string; summaries?: string } {
  const all = dashboardPaths(page, now);
  return {
    ...(page.some((p) => p.sinchId) ? { agents: all.agents } : {}),
    queueStatuses: all.queueStatuses,
    ...((r.fields & bit('kpis')) !== 0 ? { summaries: all.summaries } : {}),
  };
}

type Raw = Record<string, any>;

/** The proxy's answer: the S1 assembly over the request's page, minus the groups the request did not ask for. */
export function assembleDistinct(r: DistinctRequest, matching: DistinctPerson[], agents: Raw[], statuses: Raw[], summaries: Raw[], now: Date) {
  const page = matching.slice(r.offset, r.offset + r.first);
  const out = assembleDashboard(page, agents, statuses, summaries, now);
  out.data.agents.totalCount = matching.length;
  const has = (g: (typeof FIELD_GROUPS)[number]) => (r.fields & bit(g)) !== 0;
  for (const a of out.data.agents.nodes as Raw[]) {
    if (!has('presence')) delete a.presence;
    if (!has('memberships')) delete a.queues;
    if (!has('rawStatus')) {
      delete a.rawStatus;
      delete a.stateDurationMs;
    }
  }
  for (const q of out.data.queues as Raw[]) {
    if (!has('status')) delete q.status;
    if (!has('kpis')) delete q.kpis;
  }
  return out;
}
