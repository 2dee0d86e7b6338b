/**
 * The S1–S3 workload: a wallboard's dashboard (agents with queue memberships and presence, queues with live status
 * and today's KPIs), as one GraphQL query for ccgraph, and the same JSON assembled by hand from the same Sinch
 * resources for the REST-proxy baseline.
 *
 * The baseline is what a competent engineer would write without a gateway: three parallel GETs (agents of the page by
 * id, queue statuses, today's contact summaries), plain JSON.parse, a loop to sum KPIs. No schema, no validation
 * layer, no per-request loaders. Fields that depend on the request time (`stateSince`, `asOf`, `kpis.to`) are left out
 * of the query so both answers can be compared byte for byte.
 */

export const DASHBOARD_QUERY = `query Dashboard {
  agents(first: 50) {
    totalCount
    nodes {
      id
      name
      state
      rawStatus
      stateDurationMs
      presence { id name type }
      queues { queue { id name channel } serving handledCallsIn handledChatsIn handledEmailsIn handlingMs }
    }
  }
  queues {
    id
    name
    channel
    status { waitingNow longestWaitMs agents { serving available busy wrapUp notReady paused } }
    kpis { from offered handled abandoned serviceLevel averageSpeedOfAnswerMs averageHandleTimeMs }
  }
}`;

export const DASHBOARD_BODY = JSON.stringify({ query: DASHBOARD_QUERY, operationName: 'Dashboard' });

/** Page size of the dashboard's agent list. */
export const PAGE = 50;

export interface ProxyPerson {
  key: string;
  name: string;
  sinchId: string | undefined;
}

const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64');
export const utcMidnight = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

/** People as the gateway lists them: by name, then key. */
export function sortPeople(people: ProxyPerson[]): ProxyPerson[] {
  return [...people].sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
}

/** The vendor paths the proxy fetches for one dashboard (same resources and page size as the gateway). */
export function dashboardPaths(page: ProxyPerson[], now: Date): { agents: string; queueStatuses: string; summaries: string } {
  const since = encodeURIComponent(utcMidnight(now).toISOString());
  const ids = [...new Set(page.map((p) => p.sinchId).filter((id): id is string => !!id))].join(',');
  return {
    agents: `/agents?startTime=${since}&showQueueInfo=3&id=${encodeURIComponent(ids)}&offset=0&limit=1000`,
    queueStatuses: `/queueStatuses?offset=0&limit=1000`,
    summaries: `/contactSummaries?startTime=${since}&offset=0&limit=1000`,
  };
}

type Raw = Record<string, any>;

const CHANNEL: Record<string, string> = { phone: 'PHONE', voice: 'PHONE', call: 'PHONE', chat: 'CHAT', email: 'EMAIL', mail: 'EMAIL' };
const channelOf = (t: unknown) => CHANNEL[String(t).toLowerCase()] ?? null;
const listOf = (v: unknown, inner: string): Raw[] => {
  if (Array.isArray(v)) return v;
  if (v && typeof v === 'object') {
    const n = (v as Raw)[inner];
    return Array.isArray(n) ? n : n ? [n] : [];
  }
  return [];
};

/** The connector's rule (src/vendors/sinch/mapping.ts agentState), written again by hand as a proxy would. */
function agentState(a: Raw, availability: string, handling: string | null): string {
  const active = a.activePhoneContacts + a.activeChatContacts + a.activeEmailContacts;
  const busy = handling !== null ? /^(talking|chatting|emailing|dialing)_/i.test(handling) : active > 0;
  switch (a.userStatus) {
    case 'LoggedOut':
      return 'LOGGED_OUT';
    case 'Pause':
      return 'PAUSED';
    case 'NotReady':
      return 'NOT_READY';
    case 'Ready':
      if (busy) return 'BUSY';
      if (availability === 'Away') return 'NOT_READY';
      if (availability === 'Busy') return 'WRAP_UP';
      if (availability === 'LoggedOut' || availability === 'Other') return 'UNKNOWN';
      return 'AVAILABLE';
    default:
      if (availability === 'LoggedOut') return 'LOGGED_OUT';
      if (availability === 'Free') return 'AVAILABLE';
      if (availability === 'Busy') return busy ? 'BUSY' : 'UNKNOWN';
      if (availability === 'Away') return 'NOT_READY';
      return 'UNKNOWN';
  }
}

function agentNode(p: ProxyPerson, a: Raw | undefined) {
  if (!a) {
    return { id: globalId('Agent', p.key), name: p.name, state: null, rawStatus: null, stateDurationMs: null, presence: null, queues: null };
  }
  const loggedIn = a.userStatus !== 'LoggedOut';
  const handling: string | null = loggedIn ? (a.contactHandlingStatus ?? null) : null;
  const active = a.activePhoneContacts + a.activeChatContacts + a.activeEmailContacts;
  const availability: string =
    a.availability ??
    (a.userStatus === 'LoggedOut'
      ? 'LoggedOut'
      : a.userStatus === 'Ready'
        ? active > 0 || (handling !== null && handling.toLowerCase() !== 'waiting')
          ? 'Busy'
          : 'Free'
        : 'Away');
  return {
    id: globalId('Agent', p.key),
    name: p.name,
    state: agentState(a, availability, handling),
    rawStatus: [a.userStatus, availability, handling].filter((s) => !!s).join('/'),
    stateDurationMs: a.userStatusDuration,
    presence: loggedIn && a.profileId && a.profile ? { id: a.profileId, name: a.profile, type: a.profileType ?? null } : null,
    queues: listOf(a.queues, 'queue').map((q) => ({
      queue: { id: globalId('Queue', q.id), name: q.name, channel: channelOf(q.type) },
      serving: q.serving ?? null,
      handledCallsIn: q.handledContactsCallIn,
      handledChatsIn: q.handledContactsChatIn,
      handledEmailsIn: q.handledContactsEmailIn,
      handlingMs: q.handlingDuration,
    })),
  };
}

/** The dashboard's JSON (`{ data }`, the same shape and order as the GraphQL answer) from the raw vendor answers. */
export function assembleDashboard(people: ProxyPerson[], agents: Raw[], statuses: Raw[], summaries: Raw[], now: Date) {
  const page = people.slice(0, PAGE);
  const byId = new Map(agents.map((a) => [a.id as string, a]));
  const from = utcMidnight(now);
  const fromMs = from.getTime();
  const nowMs = now.getTime();
  const queues = [...statuses]
    .sort((a, b) => String(a.name).localeCompare(String(b.name)) || String(a.id).localeCompare(String(b.id)))
    .map((s) => {
      let handled = 0;
      let onTime = 0;
      let abandoned = 0;
      let handleTime = 0;
      let answeredQueueTime = 0;
      for (const r of summaries) {
        if (r.queueId !== s.id) continue;
        const t = Date.parse(r.hourTime);
        if (t < fromMs || t >= nowMs) continue;
        handled += r.inHandled;
        onTime += r.inAnsweredOnTime;
        abandoned += r.inAbandoned;
        handleTime += r.inHandleTimeTotal;
        answeredQueueTime += r.inAnsweredQueueTimeTotal;
      }
      const offered = handled + abandoned;
      return {
        id: globalId('Queue', s.id),
        name: s.name,
        channel: channelOf(s.type),
        status: {
          waitingNow: Math.round(s.inQueueCurrent ?? s.inQueue),
          longestWaitMs: Math.round(s.waitingDurationCurrentMax ?? s.waitingDurationMax),
          agents: {
            serving: s.agentsServing,
            available: s.agentsFree,
            busy: s.agentsBusy,
            wrapUp: s.agentsWrapUp,
            notReady: s.agentsNotReady,
            paused: s.agentsPause,
          },
        },
        kpis: {
          from: from.toISOString(),
          offered,
          handled,
          abandoned,
          serviceLevel: offered > 0 ? onTime / offered : null,
          averageSpeedOfAnswerMs: handled > 0 ? answeredQueueTime / handled : null,
          averageHandleTimeMs: handled > 0 ? handleTime / handled : null,
        },
      };
    });
  return {
    data: {
      agents: { totalCount: people.length, nodes: page.map((p) => agentNode(p, p.sinchId ? byId.get(p.sinchId) : undefined)) },
      queues,
    },
  };
}
