/**
 * Guards for routes beside the GraphQL endpoint (GraphiQL, /metrics, any page a plugin serves). When client auth
 * is on, nothing is open by default:
 * - `client` routes (GraphiQL): any credential the GraphQL endpoint accepts (a known role);
 * - `metrics`: the `CCGRAPH_METRICS_TOKEN` bearer (for a Prometheus scraper) or an `admin` credential.
 * With auth off (demo mode) every route is open. `guardRoute` answers null (go on) or the refusal to send.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Authenticator } from './auth.js';
import type { AuthConfig } from './config.js';
import { forbidden, unauthenticated } from './errors.js';
import type { YogaPlugin } from './limits.js';

export type RouteAccess = 'client' | 'metrics';

export type RouteGuard = (request: Request, access: RouteAccess) => Promise<Response | null>;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function createRouteGuard(authenticator: Authenticator, auth: Pick<AuthConfig, 'metricsToken'>): RouteGuard {
  if (!authenticator.enabled) return async () => null;
  const metricsDigest = auth.metricsToken === undefined ? undefined : sha256(auth.metricsToken);
  return async (request, access) => {
    if (access === 'metrics' && metricsDigest) {
      const m = /^Bearer[ \t]+(\S{1,8192})[ \t]*$/i.exec(request.headers.get('authorization') ?? '');
      if (m?.[1] && timingSafeEqual(sha256(m[1]), metricsDigest)) return null;
    }
    try {
      const info = await authenticator.authenticate(request.headers);
      if (access === 'metrics' && !info.roles.includes('admin')) {
        return refusal(forbidden('Metrics need the metrics token or an admin credential.'));
      }
      return null;
    } catch (e) {
      if (e instanceof GraphQLError) return refusal(e);
      return refusal(unauthenticated('Invalid credentials.'));
    }
  };
}

/** The same JSON error body and status the GraphQL endpoint answers with. */
function refusal(e: GraphQLError): Response {
  const http = (e.extensions?.['http'] ?? {}) as { status?: number; headers?: Record<string, string> };
  const { http: _omit, ...extensions } = e.extensions ?? {};
  return new Response(JSON.stringify({ errors: [{ message: e.message, extensions }] }), {
    status: http.status ?? 401,
    headers: { 'content-type': 'application/json; charset=utf-8', ...http.headers },
  });
}

/** Which guarded route a request is for, if any. */
export type RouteMatcher = (request: Request, url: URL) => RouteAccess | undefined;

/** /metrics, and GraphiQL (an HTML GET of the GraphQL endpoint, as yoga decides to render it). */
export function defaultGuardedRoutes(graphqlEndpoint = '/graphql', metricsPath = '/metrics'): RouteMatcher {
  return (request, url) => {
    if (url.pathname === metricsPath) return 'metrics';
    const path = url.pathname.replace(/\/$/, '');
    if (path === graphqlEndpoint && request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html')) {
      return 'client';
    }
    return undefined;
  };
}

/**
 * Puts matching routes behind the guard (yoga onRequest; list it before the plugin that serves them). yoga's own
 * GraphiQL runs before any plugin, so it is guarded through `Security.graphiql`; a refused page request then
 * reaches this plugin and gets the 401/403 here.
 */
export function useGuardedRoutes(guard: RouteGuard, routeOf: RouteMatcher = defaultGuardedRoutes()): YogaPlugin {
  return {
    async onRequest({ request, url, endResponse }) {
      const access = routeOf(request, url);
      if (access === undefined) return;
      const refused = await guard(request, access);
      if (refused) endResponse(refused);
    },
  };
}
