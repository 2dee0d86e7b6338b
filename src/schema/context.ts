/**
 * The GraphQL context. `services` live for the process; `loaders` are created anew for every request
 * (and every subscription event), so batching and caching never leak between users.
 */
import type { LiveHub } from '../live/hub.js';
import type { IdentityService } from '../services/identity.js';
import type { SnapshotCache } from '../services/snapshots.js';
import type { PendingPauses } from '../services/pendingPauses.js';
import type { VendorProbe } from '../services/vendorProbe.js';
import type { Connectors } from '../vendors/types.js';
import type { Loaders } from './loaders.js';

export type Role = 'viewer' | 'supervisor' | 'admin';

export interface AuthInfo {
  /** False in demo mode: every operation is allowed. */
  enabled: boolean;
  roles: Role[];
  subject: string | null;
}

/** Process-wide dependencies the resolvers reach (never HTTP directly: only through connectors). */
export interface Services {
  connectors: Connectors;
  /** Who is who: the identity file linked with the vendors' account lists (read graph). */
  identity: IdentityService;
  /** Last good live lists, served stale while a vendor is down (absent: no fallback). */
  snapshots?: SnapshotCache;
  /** Pauses cc_agent accepted but applies at the end of the agent's contact (`Agent.pendingPause`). */
  pendingPauses?: PendingPauses;
  /** Background vendor health probe (`vendors` answers from it). */
  probe?: VendorProbe;
  /** The live path (pollers, diffs, pub/sub) behind subscriptions; mutations ask it to refresh. */
  live?: LiveHub;
  /** Stops whatever the services started (pollers, hubs); called on shutdown. */
  close?: () => Promise<void>;
  // Extended by the read graph (identity directory), the live path (hub) and mutations.
  [extension: string]: unknown;
}

export interface GraphQLContext {
  requestId: string;
  services: Services;
  auth: AuthInfo;
  /** Per-request DataLoaders: `createLoaders(services)` from loaders.ts. */
  loaders: Loaders;
}
