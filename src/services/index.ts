/** Services the GraphQL resolvers reach, one set per gateway. The composition root (server.ts) creates them once. */
import type { IdentityFileEntry } from '../domain/model.js';
import { createIdleHub } from '../live/idle.js';
import type { LiveHub } from '../live/hub.js';
import type { Connectors } from '../vendors/types.js';
import { IdentityService, loadIdentityFile } from './identity.js';
import { SnapshotCache } from './snapshots.js';

/** A gateway's dependencies as the resolvers see them (never HTTP directly: only through connectors). */
export interface Services {
  connectors: Connectors;
  /** Who is who: the identity file linked with the vendors' account lists (read graph). */
  identity: IdentityService;
  /** Last good live lists, served stale while a vendor is down. */
  snapshots: SnapshotCache;
  /** The live path (pollers, diffs, pub/sub) behind subscriptions; mutations ask it to refresh. Idle when off. */
  live: LiveHub;
}

export interface CreateServicesOptions {
  connectors: Connectors;
  /** The identity file: a path to read (CCGRAPH_IDENTITIES), already-parsed entries, or none. */
  identityFile?: string | IdentityFileEntry[];
  /** How long the linked people directory is reused (default 30 s). */
  identityTtlMs?: number;
  /** Oldest last-good snapshot served while a vendor is down; default 15 minutes. */
  staleMaxAgeMs?: number;
  /** Builds the gateway's live hub over these connectors and identities; default: an idle hub (no live updates). */
  live?: (deps: { connectors: Connectors; identity: IdentityService }) => LiveHub;
}

export function createServices(opts: CreateServicesOptions): Services {
  const file =
    opts.identityFile === undefined
      ? []
      : typeof opts.identityFile === 'string'
        ? loadIdentityFile(opts.identityFile)
        : opts.identityFile;
  const { connectors } = opts;
  const identity = new IdentityService(connectors, file, opts.identityTtlMs);
  return {
    connectors,
    identity,
    snapshots: new SnapshotCache(opts.staleMaxAgeMs !== undefined ? { maxAgeMs: opts.staleMaxAgeMs } : {}),
    live: opts.live ? opts.live({ connectors, identity }) : createIdleHub(),
  };
}
