/** The one Pothos builder. Plugins do the solved parts: auth scopes, typed errors, batching, Relay. */
import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { GraphQLContext } from './context.js';

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

const hasRole = (ctx: GraphQLContext, ...roles: string[]) =>
  !ctx.auth.enabled || ctx.auth.roles.some((r) => roles.includes(r));

export const builder = new SchemaBuilder<SchemaTypes>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, DataloaderPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
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
    nodesOnConnection: true,
  },
});

builder.scalarType('DateTime', {
  description: 'An instant in time, as an ISO-8601 UTC string (e.g. `2026-11-23T09:30:00.000Z`).',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value as string).toISOString()),
  parseValue: (value) => {
    if (typeof value !== 'string') throw new TypeError('DateTime must be an ISO-8601 string');
    const d = new Date(value);
    if (Number.isNaN(d.getTime())) throw new TypeError(`Invalid DateTime: ${value.slice(0, 40)}`);
    return d;
  },
});

builder.queryType({ description: 'The read graph over every configured contact-center vendor.' });
