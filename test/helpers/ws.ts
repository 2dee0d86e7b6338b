/** A graphql-ws subscription read one message at a time, for tests. */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** A graphql-ws client for a gateway at `url` (http://…): connects on first use, never retries. */
export const wsClient = (url: string): Client =>
  createClient({ url: `${url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, lazy: true, retryAttempts: 0 });

export interface Sub<T> {
  /** The next message, or a rejection after `ms`. */
  next(ms?: number): Promise<T>;
  dispose(): void;
}

export function subscribe<T>(client: Client, query: string, variables: Record<string, unknown> = {}): Sub<T> {
  type Item = { value: T } | { error: unknown };
  const queue: Item[] = [];
  const waiters: Array<(i: Item) => void> = [];
  const deliver = (i: Item) => {
    const w = waiters.shift();
    if (w) w(i);
    else queue.push(i);
  };
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (r) => deliver(r.errors ? { error: r.errors } : { value: r.data as T }),
      error: (e) => deliver({ error: e }),
      complete: () => {},
    },
  );
  const unwrap = (i: Item): T => {
    if ('error' in i) throw new Error(JSON.stringify(i.error));
    return i.value;
  };
  return {
    next(ms = 5000) {
      const i = queue.shift();
      if (i) return Promise.resolve().then(() => unwrap(i));
      return new Promise<T>((resolve, reject) => {
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`no message within ${ms} ms`));
        }, ms);
        const w = (x: Item) => {
          clearTimeout(t);
          try {
            resolve(unwrap(x));
          } catch (e) {
            reject(e);
          }
        };
        waiters.push(w);
      });
    },
    dispose,
  };
}
