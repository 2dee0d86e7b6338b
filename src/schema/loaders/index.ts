/**
 * Per-request batching and caching. Each vendor list is fetched at most once per request however many agents or
 * queues a query touches, so a dashboard costs a fixed number of vendor calls. Every vendor read goes through one
 * road (`read` in shared.ts), where its failure is converted (errors.ts), so resolvers only see coded GraphQL errors.
 *
 * Live lists (Sinch agents, queue statuses, CoBrowser agents) also feed the gateway's last-good snapshots
 * (services/snapshots.ts). The `live*` accessors fall back to them while the vendor is down (marked stale, one
 * deferred VENDOR_UNAVAILABLE error with `stale: true`); the plain accessors fail as before.
 *
 * Cheap to create: DataLoaders are built on first use (most requests touch one or two). Sinch list reads pass
 * `sharedSince` so bursts of identical requests can share one vendor answer (src/vendors/http.ts).
 * One file per vendor (sinch.ts, cobrowser.ts, thulium.ts, wolkvox.ts); this one puts them together.
 */
import type { Services } from '../../services/index.js';
import { vendorUnavailable } from '../errors.js';
import { cobrowserLoaders } from './cobrowser.js';
import { loaderBase, memo, type LoaderOptions } from './shared.js';
import { sinchLoaders } from './sinch.js';
import { thuliumLoaders } from './thulium.js';
import { wolkvoxLoaders } from './wolkvox.js';

export { MANY_AGENT_IDS } from './sinch.js';
export type { LoaderOptions, Served } from './shared.js';
export type { WorkKey, WorkReportQuery } from './thulium.js';

export function createLoaders(services: Services, now: Date = new Date(), opts: LoaderOptions = {}) {
  const base = loaderBase(services, now, opts);
  const sinch = sinchLoaders(base);
  const cobrowser = cobrowserLoaders(base);
  const thulium = thuliumLoaders(base);
  const wolkvox = wolkvoxLoaders(base);

  /** The linked people directory (gateway-wide cache; failures are reported as deferred errors). */
  const identity = memo(async () => {
    const snapshot = await services.identity.snapshot();
    for (const failure of snapshot.failures) base.deferred.add(vendorUnavailable(failure));
    return snapshot;
  });

  return {
    /** The moment this request started; "since" values are computed from it. */
    now,
    /** `LoaderOptions.sharedSince`: what this request may reuse (vendor reads, and executions in plugins/shared-execution.ts). */
    sharedSince: opts.sharedSince,
    /** Errors reported without nulling a field (see errors.ts `useDeferredErrors`). */
    deferred: base.deferred,
    identity,
    /** Sinch agents by Sinch id: one `listAgents({ids})` per batch, or the full list when many. */
    get sinchAgent() {
      return sinch.sinchAgent();
    },
    /** Every Sinch agent (one listing per request); primes `sinchAgent`. */
    allSinchAgents: sinch.allSinchAgents,
    /** Live queue statuses by queue id: one `listQueueStatuses` per request. */
    queueStatuses: sinch.queueStatuses,
    /** Alert thresholds by queue id: one `listQueueGroups` per request. */
    queueThresholds: sinch.queueThresholds,
    /** Sinch contacts by id (the RMI has no multi-id lookup: one call per distinct id, deduplicated). */
    get contact() {
      return sinch.contact();
    },
    get contactEvents() {
      return sinch.contactEvents();
    },
    /** Presence profiles an agent may choose (one call per agent: the RMI has no bulk endpoint). */
    get presences() {
      return sinch.presences();
    },
    /** Sinch contacts matching a search; primes `contact`. */
    contacts: sinch.contacts,
    /** `queueStatuses`, or the last good statuses (stale) while Sinch fails; throws when there are none. */
    liveQueueStatuses: sinch.liveQueueStatuses,
    /**
     * `sinchAgent.load(id)`, or the agent's last good row (stale) while Sinch fails; throws when there is none.
     * One promise per id per request (cleared with `sinchAgent.clear`).
     */
    liveSinchAgent: sinch.liveSinchAgent,
    /** The settled value of `liveSinchAgent(id)` when it already succeeded in this request (lets resolvers stay sync). */
    liveSinchAgentIfReady: sinch.liveSinchAgentIfReady,
    /** Sinch contact summaries since `from` (all queues), once per distinct `from` per request. */
    contactSummaries: sinch.contactSummaries,
    /** CoBrowser agents by CoBrowser id: one `getAllAgents` per request. */
    chatAgents: cobrowser.chatAgents,
    /** `chatAgents`, or the last good CoBrowser agents (stale) while CoBrowser fails; throws when there are none. */
    liveChatAgents: cobrowser.liveChatAgents,
    /** CoBrowser agents signed in now. */
    onlineChatAgents: cobrowser.onlineChatAgents,
    /** Thulium work rows by login: one report call per distinct range for all logins requested together. */
    get thuliumWork() {
      return thulium.thuliumWork();
    },
    /** The Thulium agents work report as asked for (logins and/or groups). */
    workReport: thulium.workReport,
    /** wolkvox cobrowsing sessions over a range. */
    cobrowsingSessions: wolkvox.cobrowsingSessions,
  };
}

/** Derived from the factory, so the type and what it builds cannot drift apart. */
export type Loaders = ReturnType<typeof createLoaders>;
