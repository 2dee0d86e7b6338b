/**
 * The GraphQL context, built in one place (`createContext`) for the server and the tests. `services` live as long as
 * the gateway; `loaders` are created anew for every request (and every subscription event), so batching and caching
 * never leak between users.
 */
import type { LiveDrop } from '../live/types.js';
import type { AuthInfo } from '../security/roles.js';
import type { Services } from '../services/index.js';
import { createLoaders, type LoaderOptions, type Loaders } from './loaders/index.js';

export interface GraphQLContext {
  requestId: string;
  services: Services;
  auth: AuthInfo;
  /** Per-request DataLoaders (loaders/index.ts). */
  loaders: Loaders;
  /**
   * The hub sequence of each live message handed to GraphQL, in order, once a shared websocket stream taps this
   * context (src/ws/multicast.ts); null otherwise (nothing recorded).
   */
  liveSequences: number[] | null;
  /**
   * Rows the live message being executed lacks because the vendor sent them unreadable (set per message by the
   * subscription resolvers; reported as VENDOR_DATA_PARTIAL on that event, plugins/deferred-errors.ts).
   */
  liveDropped?: readonly LiveDrop[];
}

export interface ContextOptions extends LoaderOptions {
  requestId: string;
  auth: AuthInfo;
  /** The moment the request started (default: now). */
  now?: Date;
}

export function createContext(services: Services, opts: ContextOptions): GraphQLContext {
  return {
    requestId: opts.requestId,
    services,
    auth: opts.auth,
    loaders: createLoaders(services, opts.now ?? new Date(), opts.sharedSince !== undefined ? { sharedSince: opts.sharedSince } : {}),
    liveSequences: null,
  };
}
