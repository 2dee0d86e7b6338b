/**
 * The security layer in one object for the composition root: authentication (HTTP + graphql-ws), request
 * limits, error masking. See docs/errors.md for the codes and the wiring notes in createSecurity.
 */
import type { AuthInfo } from './roles.js';
import { createAuthenticator, DEMO_AUTH, type Authenticator } from './auth.js';
import type { AuthConfig, LimitsConfig } from './config.js';
import { unauthenticated } from './errors.js';
import { limitPlugins, securityYogaOptions, type SecurityYogaOptions, type YogaPlugin } from './limits.js';
import { createWsGuard, type WsExtraLike, type WsGuard } from './ws.js';

export { createAuthenticator, DEMO_AUTH, type Authenticator, type AuthResult, type CredentialSource } from './auth.js';
export type { AuthConfig, LimitsConfig, ApiKeyEntry, JwtSettings } from './config.js';
export { ROLES, type AuthInfo, type Role } from './roles.js';
export { SecurityErrorCode, WsCloseCode } from './errors.js';
export { limitPlugins, securityYogaOptions, useNoIntrospection, type YogaPlugin } from './limits.js';
export { clientAddress, createWsGuard, type WsGuard, type WsContextLike } from './ws.js';

export interface SecurityConfig {
  auth: AuthConfig;
  limits: LimitsConfig;
}

/**
 * Authenticates every GraphQL-over-HTTP request (POST, GET and SSE) before its body is parsed: bad or missing
 * credentials end the request with 401 UNAUTHENTICATED, so anonymous callers cannot make us parse or validate.
 */
export function useAuthentication(authenticator: Authenticator, httpAuth: WeakMap<Request, AuthInfo>): YogaPlugin {
  if (!authenticator.enabled) return {};
  return {
    async onRequestParse({ request }) {
      httpAuth.set(request, await authenticator.authenticate(request.headers));
    },
  };
}

/** The yoga plugins: authentication first (recording into `httpAuth`), then the limits. */
export function securityPlugins(config: SecurityConfig, authenticator: Authenticator, httpAuth: WeakMap<Request, AuthInfo>): YogaPlugin[] {
  return [useAuthentication(authenticator, httpAuth), ...limitPlugins(config.limits)];
}

export interface Security {
  authenticator: Authenticator;
  /** `createYoga({ plugins: [...security.plugins, …] })`. */
  plugins: YogaPlugin[];
  /** Spread into createYoga: maskedErrors, maxRequestBodySize. */
  yogaOptions: SecurityYogaOptions;
  /** CCGRAPH_GRAPHIQL: `graphiql: security.graphiqlEnabled && { …options }`. */
  graphiqlEnabled: boolean;
  /** graphql-ws hooks. */
  ws: WsGuard;
  /**
   * The caller's AuthInfo for the context factory, from the yoga initial context (HTTP: `request`;
   * graphql-ws: `extra`, present when the ws context is spread into getEnveloped). Throws UNAUTHENTICATED
   * when auth is on and the caller was never authenticated (fails closed if a path was not wired).
   */
  authOf(initialContext: { request?: Request; extra?: unknown }): AuthInfo;
  limits: LimitsConfig;
}

export function createSecurity(
  config: SecurityConfig,
  opts: {
    /** Sees the original of every masked error (for the server log). */
    onUnexpectedError?: (error: unknown) => void;
    onWsRefused?: (reason: 'unauthenticated' | 'too_many_connections' | 'token_expired', address: string) => void;
  } = {},
): Security {
  const authenticator = createAuthenticator(config.auth);
  /** Who sent each HTTP request (this instance's), recorded by useAuthentication before the body is parsed. */
  const httpAuth = new WeakMap<Request, AuthInfo>();
  const ws = createWsGuard({
    authenticator,
    auth: config.auth,
    limits: config.limits,
    ...(opts.onWsRefused ? { onRefused: opts.onWsRefused } : {}),
  });
  return {
    authenticator,
    plugins: securityPlugins(config, authenticator, httpAuth),
    yogaOptions: securityYogaOptions(config.limits, opts.onUnexpectedError),
    ws,
    limits: config.limits,
    graphiqlEnabled: config.limits.graphiql,
    authOf(initial) {
      if (!authenticator.enabled) return DEMO_AUTH;
      const fromHttp = initial.request ? httpAuth.get(initial.request) : undefined;
      if (fromHttp) return fromHttp;
      const extra = initial.extra;
      const fromWs = extra !== null && typeof extra === 'object' ? ws.authOf(extra as WsExtraLike) : undefined;
      if (fromWs) return fromWs;
      throw unauthenticated('Authentication required.');
    },
  };
}
