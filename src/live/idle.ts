/**
 * The hub of a graph without live updates (tests of the read graph, tools): nothing to poll, writes have nothing to
 * refresh, and a subscription fails as it did before the hub was a required service.
 */
import type { LiveHub, LiveHubStats } from './hub.js';
import { LIVE_RESOURCES, type LiveResource } from './types.js';
import type { ChannelStats } from './channel.js';

const notEnabled = (): never => {
  throw new Error('Live updates are not enabled on this gateway.');
};

export function createIdleHub(): LiveHub {
  const idle: ChannelStats = { demand: 0, holding: false, local: false, ready: false, polls: 0, failures: 0, seq: 0, lastPollAt: null };
  return {
    distributed: false,
    start: async () => undefined,
    stop: async () => undefined,
    refreshNow: async () => undefined,
    subscribeAgents: notEnabled,
    subscribeQueues: notEnabled,
    subscribeAlerts: notEnabled,
    stats: (): LiveHubStats => ({
      distributed: false,
      degraded: false,
      resources: Object.fromEntries(LIVE_RESOURCES.map((r) => [r, { ...idle }])) as Record<LiveResource, ChannelStats>,
      subscribers: { agents: 0, queues: 0, alerts: 0 },
      feeds: { agents: 0, queues: 0 },
      coalesced: 0,
    }),
    dropped: () => [],
  };
}
