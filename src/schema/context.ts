/**
 * The GraphQL context. `services` live for the process; `loaders` are created anew for every request
 * (and every subscription event), so batching and caching never leak between users.
 */
import type { Connectors } from '../vendors/types.js';

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
  // Extended by the read graph (identity directory), the live path (hub) and mutations.
  [extension: string]: unknown;
}

export interface GraphQLContext {
  requestId: string;
  services: Services;
  auth: AuthInfo;
  /** Per-request DataLoaders; see loaders.ts. */
  loaders: unknown;
}
