/** Process-wide services the GraphQL resolvers reach. The composition root (server.ts) creates them once. */
import type { IdentityFileEntry } from '../domain/model.js';
import type { Services } from '../schema/context.js';
import type { Connectors } from '../vendors/types.js';
import { IdentityService, loadIdentityFile } from './identity.js';
import { PendingPauses } from './pendingPauses.js';
import { SnapshotCache } from './snapshots.js';

export interface CreateServicesOptions {
  connectors: Connectors;
  /** The identity file: a path to read (CCGRAPH_IDENTITIES), already-parsed entries, or none. */
  identityFile?: string | IdentityFileEntry[];
  /** How long the linked people directory is reused (default 30 s). */
  identityTtlMs?: number;
  /** Oldest last-good snapshot served while a vendor is down; default `config.staleMaxAgeMs`, else 15 minutes. */
  staleMaxAgeMs?: number;
  /** Accepted for the composition root; the read graph does not need them (yet). */
  config?: unknown;
  logger?: unknown;
}

export function createServices(opts: CreateServicesOptions): Services {
  const file =
    opts.identityFile === undefined
      ? []
      : typeof opts.identityFile === 'string'
        ? loadIdentityFile(opts.identityFile)
        : opts.identityFile;
  return {
    connectors: opts.connectors,
    identity: new IdentityService(opts.connectors, file, opts.identityTtlMs),
    snapshots: new SnapshotCache({ maxAgeMs: opts.staleMaxAgeMs ?? staleMaxAgeOf(opts.config) }),
    pendingPauses: new PendingPauses(),
  };
}

function staleMaxAgeOf(config: unknown): number | undefined {
  const v = (config as { staleMaxAgeMs?: unknown } | undefined)?.staleMaxAgeMs;
  return typeof v === 'number' ? v : undefined;
}
