/**
 * The one Pothos builder. Plugins do the solved parts: auth scopes, typed errors, batching, Relay, and the
 * Apollo Federation subgraph (entities, `_entities`, `_service`; see src/federation).
 */
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import DirectivesPlugin from '@pothos/plugin-directives';
import ErrorsPlugin from '@pothos/plugin-errors';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { createGraphQLError } from 'graphql-yoga';
import type { GraphQLContext } from './context.js';
import type { Role } from '../security/roles.js';
import { LIST_BOUNDS, listOf, nodeLookupCost } from './cost.js';
import { decodeGlobalID, encodeGlobalID } from './ids.js';

export interface SchemaTypes {
  Context: GraphQLContext;
  AuthScopes: {
    /** Read access (viewer, supervisor or admin; everyone when auth is off). */
    viewer: boolean;
    /** Steering agents (supervisor or admin; everyone when auth is off). */
    supervisor: boolean;
    admin: boolean;
  };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
  };
  DefaultFieldNullability: false;
}

const hasRole = (ctx: GraphQLContext, ...roles: Role[]) =>
  !ctx.auth.enabled || ctx.auth.roles.some((r) => roles.includes(r));

export const builder = new SchemaBuilder<SchemaTypes>({
  // Federation last: after the plugins that wrap resolvers (its README), with Directives before it.
  plugins: [ScopeAuthPlugin, ErrorsPlugin, DataloaderPlugin, RelayPlugin, ComplexityPlugin, DirectivesPlugin, FederationPlugin],
  defaultFieldNullability: false,
  // Cost declarations only (src/schema/cost.ts): src/security/cost.ts measures each operation with the request's
  // variables before execution, so the plugin's own per-resolver check stays off. A list without a declared
  // size counts as LIST_BOUNDS.agents items.
  complexity: { defaultComplexity: 1, defaultListMultiplier: LIST_BOUNDS.agents, disabled: true },
  scopeAuth: {
    // Subscription scopes are checked before `subscribe` runs, so a refused subscription never reaches the poller.
    authorizeOnSubscribe: true,
    // Authenticated but lacking the role: a field error with a stable code (docs/errors.md). yoga's factory
    // so the error is of the graphql copy yoga's masking recognises (see src/security/errors.ts).
    unauthorizedError: (_parent, _ctx, _info, result) =>
      createGraphQLError(result.message, { extensions: { code: 'FORBIDDEN' } }),
    authScopes: (ctx) => ({
      viewer: hasRole(ctx, 'viewer', 'supervisor', 'admin'),
      supervisor: hasRole(ctx, 'supervisor', 'admin'),
      admin: hasRole(ctx, 'admin'),
    }),
  },
  errors: {
    defaultTypes: [],
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Strict decoding: a malformed or foreign ID is a BAD_USER_INPUT error, not a crash.
    encodeGlobalID: (typename, id) => encodeGlobalID(typename, id),
    decodeGlobalID: (globalID) => decodeGlobalID(globalID),
    nodeTypeOptions: { description: 'An object with a global ID, refetchable with `node(id:)`.' },
    idFieldOptions: { description: 'Global ID (opaque; pass it back to `node`, `agent`, `queue`, `contact`).' },
    nodeQueryOptions: {
      description: 'Any object by global ID; null when not found. A malformed ID is BAD_USER_INPUT.',
      complexity: (args: { id?: unknown }) => nodeLookupCost([args.id]),
      args: { id: { description: 'A global ID.' } },
    },
    nodesQueryOptions: {
      description: 'Objects by global IDs, in order; null entries when not found.',
      complexity: (args: { ids?: readonly unknown[] }) => listOf(args.ids?.length ?? 0, nodeLookupCost(args.ids ?? [])),
      args: { ids: { description: 'Global IDs.' } },
    },
    // A page's items multiply its selection (see connectionCost); edges, nodes, pageInfo add nothing of their own.
    edgesFieldOptions: { description: 'The items of the page with their cursors.', complexity: { field: 0, multiplier: 1 } },
    nodesOnConnection: { description: 'The items of the page.', complexity: { field: 0, multiplier: 1 } },
    pageInfoFieldOptions: { description: 'Paging information.', complexity: { field: 0, multiplier: 0 } },
    pageInfoTypeOptions: { description: 'Where a connection page sits in the whole list.' },
    hasNextPageFieldOptions: { description: 'More items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'Items precede this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first item of the page.' },
    endCursorFieldOptions: { description: 'Cursor of the last item of the page (pass it as `after`).' },
    cursorFieldOptions: { description: 'Opaque position of this item (pass it as `after` or `before`).' },
    nodeFieldOptions: { description: 'The item.' },
    firstArgOptions: { description: 'Items after `after` (at most 100; default 20).' },
    afterArgOptions: { description: 'A cursor: start after this item.' },
    lastArgOptions: { description: 'Items before `before` (at most 100).' },
    beforeArgOptions: { description: 'A cursor: end before this item.' },
  },
});

builder.scalarType('DateTime', {
  description: 'An instant in time, as an ISO-8601 UTC string (e.g. `2026-11-23T09:30:00.000Z`).',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value as string).toISOString()),
  // A coded GraphQLError, not a TypeError: graphql-js wraps what parseValue throws, and yoga masks a wrapped
  // non-GraphQL error as INTERNAL_SERVER_ERROR, so a bad DateTime *variable* looked like a server bug.
  parseValue: (value) => {
    const invalid = (message: string) => createGraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
    if (typeof value !== 'string') throw invalid('DateTime must be an ISO-8601 string');
    const d = new Date(value);
    if (Number.isNaN(d.getTime())) throw invalid(`Invalid DateTime: ${value.slice(0, 40)}`);
    return d;
  },
});

builder.queryType({ description: 'The read graph over every configured contact-center vendor.' });
