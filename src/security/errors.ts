/**
 * Errors the security layer produces. Every one is a GraphQLError with a stable `extensions.code`
 * (documented in docs/errors.md); `extensions.http` sets the HTTP status (yoga strips it from the body).
 */
import type { GraphQLError } from 'graphql';
// yoga's factory, not `new GraphQLError`: it builds errors from the graphql copy yoga checks with instanceof
// (under vitest, source files and node_modules can load different copies, and a foreign error gets masked).
import { createGraphQLError } from 'graphql-yoga';

export const SecurityErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  AUTH_UNAVAILABLE: 'AUTH_UNAVAILABLE',
  MAX_DEPTH_EXCEEDED: 'MAX_DEPTH_EXCEEDED',
  MAX_ALIASES_EXCEEDED: 'MAX_ALIASES_EXCEEDED',
  MAX_DIRECTIVES_EXCEEDED: 'MAX_DIRECTIVES_EXCEEDED',
  MAX_TOKENS_EXCEEDED: 'MAX_TOKENS_EXCEEDED',
  MAX_COST_EXCEEDED: 'MAX_COST_EXCEEDED',
  RATE_LIMITED: 'RATE_LIMITED',
  INTROSPECTION_DISABLED: 'INTROSPECTION_DISABLED',
  CSRF_PREVENTED: 'CSRF_PREVENTED',
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
} as const;
export type SecurityErrorCode = (typeof SecurityErrorCode)[keyof typeof SecurityErrorCode];

/** graphql-ws close codes used when refusing a connection. */
export const WsCloseCode = {
  /** Missing or bad credentials in connection_init (graphql-ws's own code for a refused onConnect). */
  Forbidden: 4403,
  /** Too many open connections from one client address. */
  TooManyConnections: 4429,
} as const;

export function unauthenticated(message: string): GraphQLError {
  return createGraphQLError(message, {
    extensions: {
      code: SecurityErrorCode.UNAUTHENTICATED,
      http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="ccgraph"' } },
    },
  });
}

/** Authenticated, but without any role this server knows (HTTP 403; graphql-ws refuses with 4403). */
export function forbidden(message: string): GraphQLError {
  return createGraphQLError(message, { extensions: { code: SecurityErrorCode.FORBIDDEN, http: { status: 403 } } });
}

export function authUnavailable(): GraphQLError {
  return createGraphQLError('Credentials cannot be checked right now; try again later.', {
    extensions: { code: SecurityErrorCode.AUTH_UNAVAILABLE, http: { status: 503 } },
  });
}

export function limitError(code: SecurityErrorCode, message: string, status = 400): GraphQLError {
  return createGraphQLError(message, { extensions: { code, http: { status } } });
}
