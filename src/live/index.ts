/**
 * The live path: pollers per vendor resource, field-level diffs, pub/sub fan-out (in memory or Redis with leases)
 * and the streams the GraphQL subscriptions read. Wiring (server.ts / services):
 *
 *   const live = createLiveHub({ connectors, identity: services.identity, logger, ...liveOptionsFromConfig(config) });
 *   await live.start();            // services.live = live; on shutdown: await live.stop()
 *   await live.refreshNow(AGENT_WRITE_RESOURCES);   // after a mutation, so subscribers see it within a second
 */
import type { Config } from '../config.js';
import { intervalsFromConfig, type LiveHubOptions } from './hub.js';

export {
  AGENT_WRITE_RESOURCES,
  DEFAULT_INTERVALS,
  WOLKVOX_MIN_INTERVAL_MS,
  createLiveHub,
  intervalsFromConfig,
  type LiveHub,
  type LiveHubOptions,
  type LiveHubStats,
} from './hub.js';
export type { LiveLogger } from './channel.js';
export { LIVE_RESOURCES } from './types.js';
export type {
  AgentFilter,
  AgentLiveView,
  AlertFilter,
  AlertUpdate,
  LiveResource,
  LiveUpdate,
  QueueAlert,
  QueueFilter,
  QueueLiveView,
} from './types.js';

/** Intervals from POLL_* and, with REDIS_URL, Redis coordination (pollers shared across gateway instances). */
export function liveOptionsFromConfig(config: Pick<Config, 'poll' | 'redisUrl'>): Pick<LiveHubOptions, 'intervals' | 'redis'> {
  return {
    intervals: intervalsFromConfig(config.poll),
    ...(config.redisUrl ? { redis: { url: config.redisUrl } } : {}),
  };
}
