/**
 * S9's workload: the S1 dashboard for ccgraph and the same vendor data through Hive Gateway's Mesh source, as
 * distinct requests. Each variant is a page of the first `n` people (n = 20…50, the page sizes cycled in order), so
 * no two requests in flight are identical on either side unless 31 or more are in flight at once (S9 runs 16).
 * The Hive query asks the three Sinch lists with exactly the parameters ccgraph sends (bench/lib/dashboard.ts
 * dashboardPaths): the same vendor calls; KPIs and agent states are left to the client there (vendor-shaped types).
 */
import { DASHBOARD_QUERY, utcMidnight, type ProxyPerson } from './dashboard.js';

/** The S1 dashboard with the page size as a variable. */
export const CCGRAPH_PEER_QUERY = DASHBOARD_QUERY.replace('query Dashboard {', 'query Dashboard($first: Int!) {').replace(
  'agents(first: 50)',
  'agents(first: $first)',
);
if (!CCGRAPH_PEER_QUERY.includes('$first')) throw new Error('bench/lib/peer.ts: the dashboard query changed shape');

/** Every Sinch field the dashboard's JSON is built from (see assembleDashboard). */
export const HIVE_DASHBOARD_QUERY = `query Dashboard($startTime: String!, $ids: String!) {
  agents(startTime: $startTime, showQueueInfo: 3, id: $ids, offset: 0, limit: 1000) {
    id
    name
    userStatus
    userStatusDuration
    availability
    contactHandlingStatus
    profileId
    profile
    profileType
    activePhoneContacts
    activeChatContacts
    activeEmailContacts
    queues { queue { id name type serving handledContactsCallIn handledContactsChatIn handledContactsEmailIn handlingDuration } }
  }
  queueStatuses(offset: 0, limit: 1000) {
    id
    name
    type
    inQueue
    inQueueCurrent
    waitingDurationMax
    waitingDurationCurrentMax
    agentsServing
    agentsFree
    agentsBusy
    agentsWrapUp
    agentsNotReady
    agentsPause
  }
  contactSummaries(startTime: $startTime, offset: 0, limit: 1000) {
    queueId
    hourTime
    inHandled
    inAnsweredOnTime
    inAbandoned
    inHandleTimeTotal
    inAnsweredQueueTimeTotal
  }
}`;

/** Page sizes cycled through by S9's load. */
export const PEER_PAGE_SIZES = Array.from({ length: 31 }, (_, i) => 20 + i);

export const ccgraphPeerBody = (first: number) => JSON.stringify({ query: CCGRAPH_PEER_QUERY, operationName: 'Dashboard', variables: { first } });

/** The Hive request for the page of the first `n` people: the Sinch ids and the day's start ccgraph would send. */
export function hivePeerBody(people: ProxyPerson[], n: number, now: Date): string {
  const page = people.slice(0, n);
  const ids = [...new Set(page.map((p) => p.sinchId).filter((id): id is string => !!id))].join(',');
  return JSON.stringify({ query: HIVE_DASHBOARD_QUERY, operationName: 'Dashboard', variables: { startTime: utcMidnight(now).toISOString(), ids } });
}

/** One body per page size, for each side (people sorted as the gateway lists them). */
export function peerBodies(people: ProxyPerson[], now: Date): { ccgraph: string[]; hive: string[] } {
  return { ccgraph: PEER_PAGE_SIZES.map(ccgraphPeerBody), hive: PEER_PAGE_SIZES.map((n) => hivePeerBody(people, n, now)) };
}
