/**
 * The security layer in one object for the composition root: authentication (HTTP + graphql-ws), request
 * limits, error masking. See docs/errors.md for the codes and the wiring notes in createSecurity.
 */
import type { GraphQLError } from 'graphql';
import type { AuthInfo } from './roles.js';
import { createAuthenticator, DEMO_AUTH, type Authenticator, type AuthResult } from './auth.js';
import type { AuthConfig, LimitsConfig } from './config.js';
import { unauthenticated } from './errors.js';
import { createCostBudget, type CostBudget } from './budget.js';
import { useDemandControl, type DemandContext } from './demand.js';
import { useTokenExpiry } from './expiry.js';
import { createRouteGuard, useGuardedRoutes, type RouteGuard } from './routes.js';
import {
  limitPlugins,
  MAX_VARIABLES_DEPTH,
  nestedDeeperThan,
  securityYogaOptions,
  variablesTooDeep,
  type SecurityYogaOptions,
  type YogaPlugin,
} from './limits.js';
import { clientAddress, createWsGuard, type WsExtraLike, type WsGuard } from './ws.js';

export { createAuthenticator, DEMO_AUTH, type Authenticator, type AuthResult, type CredentialSource } from './auth.js';
export type { AuthConfig, LimitsConfig, ApiKeyEntry, JwtSettings } from './config.js';
export { ROLES, type AuthInfo, type Role } from './roles.js';
export { SecurityErrorCode, WsCloseCode } from './errors.js';
export { limitPlugins, securityYogaOptions, useNoIntrospection, type YogaPlugin } from './limits.js';
export { measureCost, type CostMeasure, type PathCost } from './cost.js';
export { COST_HEADER, BUDGET_REMAINING_HEADER } from './demand.js';
export { clientAddress, createWsGuard, type WsGuard, type WsContextLike } from './ws.js';
export { createRouteGuard, defaultGuardedRoutes, useGuardedRoutes, type RouteAccess, type RouteGuard, type RouteMatcher } from './routes.js';
export { untilExpiry, useTokenExpiry } from './expiry.js';

export interface SecurityConfig {
  auth: AuthConfig;
  limits: LimitsConfig;
  /** With REDIS_URL, per-client cost budgets are shared by every instance. */
  redisUrl?: string | undefined;
}

/** Who sent each HTTP request (and until when), recorded by useAuthentication before the body is parsed; one per gateway. */
export type HttpAuthTable = WeakMap<Request, AuthResult>;

/**
 * Authenticates every GraphQL-over-HTTP request (POST, GET and SSE) before its body is parsed: bad or missing
 * credentials end the request with 401 UNAUTHENTICATED, so anonymous callers cannot make us parse or validate.
 */
export function useAuthentication(authenticator: Authenticator, httpAuth: HttpAuthTable): YogaPlugin {
  if (!authenticator.enabled) return {};
  return {
    async onRequestParse({ request }) {
      httpAuth.set(request, await authenticator.verify(request.headers));
    },
  };
}

/**
 * The yoga plugins: operator routes guarded, authentication, SSE streams ending at token expiry, then the limits
 * (demand control after validation, see demand.ts). List them before the metrics plugin, whose /metrics handler must
 * run after the guard.
 */
export function securityPlugins(
  config: SecurityConfig,
  authenticator = createAuthenticator(config.auth),
  demand?: YogaPlugin,
  httpAuth: HttpAuthTable = new WeakMap(),
): YogaPlugin[] {
  return [
    ...(authenticator.enabled
      ? [
          useGuardedRoutes(createRouteGuard(authenticator, config.auth)),
          useAuthentication(authenticator, httpAuth),
          useTokenExpiry((request) => httpAuth.get(request)?.expiresAt),
        ]
      : []),
    ...limitPlugins(config.limits, demand),
  ];
}

export interface Security {
  authenticator: Authenticator;
  /** `createYoga({ plugins: [...security.plugins, …] })`. */
  plugins: YogaPlugin[];
  /** Spread into createYoga: maskedErrors, maxRequestBodySize. */
  yogaOptions: SecurityYogaOptions;
  /** CCGRAPH_GRAPHIQL: `graphiql: security.graphiqlEnabled && security.graphiql({ …options })`. */
  graphiqlEnabled: boolean;
  /**
   * yoga's `graphiql` option behind the route guard: with auth on, GraphiQL is rendered only for callers the
   * GraphQL endpoint accepts (others fall through to /graphql, which answers 401/403).
   */
  graphiql<O extends object>(options: O): O | ((request: Request) => Promise<O | false>);
  /** The guard for any other route (a plugin serving pages or assets): null to go on, else the response to send. */
  guardRoute: RouteGuard;
  /** graphql-ws hooks. */
  ws: WsGuard;
  /**
   * The caller's AuthInfo for the context factory, from the yoga initial context (HTTP: `request`;
   * graphql-ws: `extra`, present when the ws context is spread into getEnveloped). Throws UNAUTHENTICATED
   * when auth is on and the caller was never authenticated (fails closed if a path was not wired).
   */
  authOf(initialContext: { request?: Request; extra?: unknown }): AuthInfo;
  limits: LimitsConfig;
  /** graphql-ws `subscribe` params check (variables nested too deep): errors to send back, or undefined. */
  checkVariables(variables: unknown): readonly GraphQLError[] | undefined;
  /** Per-client cost budgets (null when CCGRAPH_COST_BUDGET_PER_MINUTE=0). */
  budget: CostBudget | null;
  /** Releases the budget's Redis connection. */
  close(): Promise<void>;
}

export function createSecurity(
  config: SecurityConfig,
  opts: {
    /** Sees the original of every masked error (for the server log). */
    onUnexpectedError?: (error: unknown) => void;
    onWsRefused?: (reason: 'unauthenticated' | 'too_many_connections' | 'token_expired', address: string) => void;
    /** Redis key prefix of the cost budgets (tests use a unique one). */
    budgetKeyPrefix?: string;
  } = {},
): Security {
  const authenticator = createAuthenticator(config.auth);
  const guardRoute = createRouteGuard(authenticator, config.auth);
  const httpAuth: HttpAuthTable = new WeakMap();
  const ws = createWsGuard({
    authenticator,
    auth: config.auth,
    limits: config.limits,
    ...(opts.onWsRefused ? { onRefused: opts.onWsRefused } : {}),
  });
  const budget =
    config.limits.costBudgetPerMinute > 0
      ? createCostBudget({
          perMinute: config.limits.costBudgetPerMinute,
          redisUrl: config.redisUrl,
          ...(opts.budgetKeyPrefix ? { keyPrefix: opts.budgetKeyPrefix } : {}),
        })
      : null;
  // Who pays: the authenticated subject (API key name, JWT `sub`), else the client address.
  const clientOf = (ctx: DemandContext): string => {
    if (ctx.auth?.enabled && ctx.auth.subject) return `subject:${ctx.auth.subject}`;
    const extra = ctx['extra'];
    const fromWs = extra !== null && typeof extra === 'object' ? ws.addressOf(extra as WsExtraLike) : undefined;
    // Node's request when served over HTTP; in-process calls (yoga.fetch) only have the fetch Request's headers.
    const req = (ctx['req'] as WsExtraLike['request']) ?? { headers: { 'x-forwarded-for': ctx.request?.headers.get('x-forwarded-for') ?? undefined } };
    return `address:${fromWs ?? clientAddress(req, config.auth.trustProxy)}`;
  };
  const demand = useDemandControl({ maxCost: config.limits.maxCost, budget, clientOf });
  return {
    authenticator,
    plugins: securityPlugins(config, authenticator, demand, httpAuth),
    yogaOptions: securityYogaOptions(opts.onUnexpectedError),
    ws,
    limits: config.limits,
    budget,
    checkVariables: (variables) => (nestedDeeperThan(variables, MAX_VARIABLES_DEPTH) ? [variablesTooDeep()] : undefined),
    close: async () => budget?.close(),
    graphiqlEnabled: config.limits.graphiql,
    graphiql(options) {
      if (!authenticator.enabled) return options;
      return async (request: Request) => ((await guardRoute(request, 'client')) === null ? options : false);
    },
    guardRoute,
    authOf(initial) {
      if (!authenticator.enabled) return DEMO_AUTH;
      const fromHttp = initial.request ? httpAuth.get(initial.request)?.info : undefined;
      if (fromHttp) return fromHttp;
      const extra = initial.extra;
      const fromWs = extra !== null && typeof extra === 'object' ? ws.authOf(extra as WsExtraLike) : undefined;
      if (fromWs) return fromWs;
      throw unauthenticated('Authentication required.');
    },
  };
}
