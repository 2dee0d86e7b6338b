/** Talking to the gateway from the page: GraphQL over HTTP, graphql-ws, and the credential kept per tab. */
import { createClient, type Client } from 'graphql-ws/client';

const CREDENTIAL_KEY = 'ccgraph.wallboard.credential';

/** The API key or JWT the user entered; sessionStorage, so it dies with the tab. */
export const credential = {
  get(): string | null {
    try {
      return sessionStorage.getItem(CREDENTIAL_KEY);
    } catch {
      return null;
    }
  },
  set(value: string | null): void {
    try {
      if (value) sessionStorage.setItem(CREDENTIAL_KEY, value);
      else sessionStorage.removeItem(CREDENTIAL_KEY);
    } catch {
      // Storage disabled: the credential lives only as long as this page.
    }
  },
};

function authHeaders(): Record<string, string> {
  const c = credential.get();
  return c ? { authorization: `Bearer ${c}` } : {};
}

/** The gateway's base path: the page is served at `<base>/wallboard/`. */
function basePath(): string {
  return location.pathname.replace(/\/wallboard(\/.*)?$/, '');
}

export const graphqlHttpUrl = () => `${location.origin}${basePath()}/graphql`;
export const graphqlWsUrl = () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${basePath()}/graphql`;

export interface GraphQLErrorLike {
  message: string;
  extensions?: { code?: string } & Record<string, unknown>;
}

export interface GraphQLResult<T> {
  data?: T | null;
  errors?: GraphQLErrorLike[];
}

/** Thrown when the gateway could not be reached or answered something that is not GraphQL. */
export class GatewayUnreachable extends Error {
  override readonly name = 'GatewayUnreachable';
}

export async function gql<T>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>> {
  let res: Response;
  try {
    res = await fetch(graphqlHttpUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...authHeaders() },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new GatewayUnreachable('The gateway cannot be reached.');
  }
  try {
    return (await res.json()) as GraphQLResult<T>;
  } catch {
    throw new GatewayUnreachable(`The gateway answered HTTP ${res.status} without a GraphQL body.`);
  }
}

export function errorCode(result: { errors?: GraphQLErrorLike[] | undefined }): string | undefined {
  return result.errors?.find((e) => e.extensions?.code)?.extensions?.code;
}

export type ConnectionEvent = 'connecting' | 'connected' | 'closed';

/**
 * A graphql-ws client that never gives up: after a server restart it reconnects (backoff capped at 5 s) and
 * re-sends every active subscription, whose first message is a fresh SNAPSHOT.
 */
export function createLiveClient(on: (event: ConnectionEvent, detail?: { code?: number; reason?: string }) => void): Client {
  return createClient({
    url: graphqlWsUrl(),
    // Read at every (re)connect, so a new credential is used without reloading.
    connectionParams: () => authHeaders(),
    lazy: true,
    keepAlive: 10_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: async (retries) => {
      const ms = Math.min(5000, 250 * 2 ** retries) * (0.75 + Math.random() * 0.5);
      await new Promise((r) => setTimeout(r, ms));
    },
    on: {
      connecting: () => on('connecting'),
      connected: () => on('connected'),
      closed: (e) => {
        const ev = e as { code?: number; reason?: string } | undefined;
        on('closed', { ...(ev?.code !== undefined ? { code: ev.code } : {}), ...(ev?.reason ? { reason: ev.reason } : {}) });
      },
    },
  });
}
