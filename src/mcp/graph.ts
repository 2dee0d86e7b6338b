/**
 * How the MCP tools reach the graph: one GraphQL request per call, through the gateway's own yoga pipeline with the
 * caller's credentials, so authentication, limits, cost, masking and vendor sharing apply exactly as for /graphql.
 */
import type { AuthInfo } from '../security/roles.js';

export interface GraphError {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

export interface GraphResult<T = unknown> {
  data?: T | null;
  errors?: GraphError[];
}

export type GraphExecutor = <T = unknown>(query: string, variables?: Record<string, unknown>) => Promise<GraphResult<T>>;

/** Who is calling: what the tools check roles on and bind confirmation tokens to. */
export interface McpCaller {
  auth: AuthInfo;
  /** Stable per credential (never the credential itself). */
  id: string;
}

/** Anything with yoga's `fetch` (the gateway's instance). */
export interface FetchesGraphql {
  fetch(input: string, init?: RequestInit): Response | Promise<Response>;
}

/** The request headers that carry the caller's identity, passed on to /graphql unchanged. */
const FORWARDED = ['authorization', 'x-api-key', 'x-forwarded-for', 'x-request-id'];

export function forwardedHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FORWARDED) {
    const v = headers.get(name);
    if (v !== null) out[name] = v;
  }
  return out;
}

/** Runs documents through `yoga.fetch` on `/graphql`, as a client would over HTTP. */
export function yogaExecutor(yoga: FetchesGraphql, headers: Record<string, string>, endpoint = '/graphql'): GraphExecutor {
  return async (query, variables) => {
    const res = await yoga.fetch(`http://ccgraph.internal${endpoint}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    try {
      return JSON.parse(text) as GraphResult<never>;
    } catch {
      return { errors: [{ message: `The graph answered HTTP ${res.status} without a GraphQL body.`, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
    }
  };
}
