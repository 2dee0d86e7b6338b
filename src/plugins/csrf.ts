/**
 * CSRF prevention with @graphql-yoga/plugin-csrf-prevention: a request must be one a browser would preflight — a
 * non-simple Content-Type (e.g. application/json) or one of these headers. Authorization and x-api-key count: a
 * cross-site page cannot add them without a CORS preflight. The library's refusal gets our code and message
 * (CSRF_PREVENTED, 403; docs/errors.md).
 */
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../schema/context.js';
import { limitError, SecurityErrorCode } from '../security/errors.js';

export const CSRF_HEADERS = ['x-graphql-csrf', 'x-graphql-yoga-csrf', 'apollo-require-preflight', 'authorization', 'x-api-key'];

/** Generic in the context only so the security tests' small schema can use it too. */
export function useCsrfPrevention<C extends object = GraphQLContext>(headers: string[] = CSRF_HEADERS): Plugin<C> {
  const check = useCSRFPrevention({ requestHeaders: headers }).onRequestParse!;
  return {
    onRequestParse(payload) {
      try {
        return check(payload);
      } catch {
        throw limitError(
          SecurityErrorCode.CSRF_PREVENTED,
          `Request blocked by CSRF prevention: send Content-Type: application/json or an "${headers[0]}" header.`,
          403,
        );
      }
    },
  };
}
