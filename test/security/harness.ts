/**
 * A tiny Pothos schema with the same ScopeAuth setup as src/schema/builder.ts, served by yoga wired exactly
 * the way the composition root should wire the security layer. Independent of the in-progress main schema.
 */
import { createHash } from 'node:crypto';
import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { createGraphQLError, createYoga } from 'graphql-yoga';
import { loadConfig, type Config } from '../../src/config.js';
import type { AuthInfo, Role } from '../../src/security/index.js';
import { useCsrfPrevention } from '../../src/plugins/csrf.js';
import { createSecurity } from '../../src/security/index.js';

export interface TestContext {
  auth: AuthInfo;
}

const hasRole = (ctx: TestContext, ...roles: Role[]) =>
  !ctx.auth.enabled || ctx.auth.roles.some((r) => roles.includes(r));

export const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

export function buildTestSchema() {
  const builder = new SchemaBuilder<{
    Context: TestContext;
    AuthScopes: { viewer: boolean; supervisor: boolean; admin: boolean };
    DefaultFieldNullability: false;
  }>({
    plugins: [ScopeAuthPlugin],
    defaultFieldNullability: false,
    scopeAuth: {
      unauthorizedError: (_p, _c, _i, result) => createGraphQLError(result.message, { extensions: { code: 'FORBIDDEN' } }),
      authScopes: (ctx) => ({
        viewer: hasRole(ctx, 'viewer', 'supervisor', 'admin'),
        supervisor: hasRole(ctx, 'supervisor', 'admin'),
        admin: hasRole(ctx, 'admin'),
      }),
    },
  });

  interface Tree {
    depth: number;
  }
  const TreeRef = builder.objectRef<Tree>('Tree');
  TreeRef.implement({
    fields: (t) => ({
      depth: t.exposeInt('depth'),
      child: t.field({ type: TreeRef, resolve: (p) => ({ depth: p.depth + 1 }) }),
    }),
  });

  builder.queryType({
    fields: (t) => ({
      hello: t.string({ authScopes: { viewer: true }, resolve: () => 'world' }),
      whoami: t.string({
        nullable: true,
        authScopes: { viewer: true },
        resolve: (_r, _a, ctx) => `${ctx.auth.subject ?? 'anonymous'}:${ctx.auth.roles.join('+')}`,
      }),
      tree: t.field({ type: TreeRef, authScopes: { viewer: true }, resolve: () => ({ depth: 1 }) }),
      boom: t.string({
        nullable: true,
        resolve: () => {
          throw new Error('db password=hunter2 at 10.0.0.5');
        },
      }),
      coded: t.string({
        nullable: true,
        resolve: () => {
          throw createGraphQLError('Sinch could not be reached (NETWORK).', { extensions: { code: 'VENDOR_UNAVAILABLE' } });
        },
      }),
    }),
  });

  builder.mutationType({
    fields: (t) => ({
      pauseAgent: t.boolean({
        authScopes: { supervisor: true },
        args: { agentId: t.arg.id({ required: true }) },
        resolve: () => true,
      }),
    }),
  });

  builder.subscriptionType({
    fields: (t) => ({
      ticks: t.int({
        authScopes: { viewer: true },
        subscribe: async function* () {
          let i = 0;
          // Emits until the client completes; the pause keeps the loop from spinning.
          for (;;) {
            yield i++;
            await new Promise((r) => setTimeout(r, 20));
          }
        },
        resolve: (v: number) => v,
      }),
    }),
  });

  return builder.toSchema();
}

export const schema = buildTestSchema();

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig(env);
}

/** The wiring the composition root uses (see the report / src/security/index.ts). */
export function makeYoga(config: Pick<Config, 'auth' | 'limits'>, onUnexpectedError?: (e: unknown) => void) {
  const security = createSecurity(config, onUnexpectedError ? { onUnexpectedError } : {});
  const yoga = createYoga<Record<string, unknown>, TestContext>({
    schema,
    ...security.yogaOptions,
    graphiql: security.graphiqlEnabled,
    landingPage: false,
    logging: false,
    plugins: [...security.plugins, ...(config.limits.csrfPrevention ? [useCsrfPrevention<TestContext>()] : [])],
    context: (initial) => ({ auth: security.authOf(initial) }),
  });
  return { yoga, security };
}

export interface GqlResponse {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; extensions?: Record<string, unknown>; [k: string]: unknown }>;
  };
  text: string;
}

export async function post(
  yoga: ReturnType<typeof makeYoga>['yoga'],
  query: string,
  headers: Record<string, string> = {},
  variables?: Record<string, unknown>,
): Promise<GqlResponse> {
  const res = await yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {}, text };
}

export const codes = (r: GqlResponse) => (r.body.errors ?? []).map((e) => e.extensions?.['code']);
