/**
 * SSE (and any other HTTP) subscription streams end when the caller's token expires, as graphql-ws sockets do:
 * the stream's last event is an error with code UNAUTHENTICATED, then it completes. The client reconnects with a
 * fresh token.
 */
import type { ExecutionResult } from 'graphql';
import { createGraphQLError, isAsyncIterable } from 'graphql-yoga';
import { SecurityErrorCode } from './errors.js';
import type { YogaPlugin } from './limits.js';

/** The longest setTimeout delay Node accepts. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function tokenExpired() {
  return createGraphQLError('Token expired: subscribe again with a fresh token.', {
    extensions: { code: SecurityErrorCode.UNAUTHENTICATED },
  });
}

/** `source` until `expiresAt` (epoch ms); then one error result, and the source is ended. */
export function untilExpiry(source: AsyncIterable<ExecutionResult>, expiresAt: number): AsyncIterableIterator<ExecutionResult> {
  const it = source[Symbol.asyncIterator]();
  let done = false;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(resolve, Math.min(MAX_TIMER_MS, Math.max(0, expiresAt - Date.now())), 'expired');
    timer.unref();
  });
  const finish = async () => {
    done = true;
    clearTimeout(timer);
    await it.return?.();
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (done) return { done: true, value: undefined };
      const r = await Promise.race([it.next(), expired]);
      if (r === 'expired') {
        void finish().catch(() => undefined);
        return { done: false, value: { errors: [tokenExpired()] } };
      }
      if (r.done) {
        done = true;
        clearTimeout(timer);
      }
      return r;
    },
    async return() {
      await finish();
      return { done: true, value: undefined };
    },
    async throw(e?: unknown) {
      await finish();
      throw e;
    },
  };
}

/** Wraps subscription results of requests whose credential expires (`expiresOf` reads what authentication saw). */
export function useTokenExpiry(expiresOf: (request: Request) => number | undefined): YogaPlugin {
  return {
    onSubscribe({ args }) {
      const request = (args.contextValue as { request?: Request } | undefined)?.request;
      const expiresAt = request ? expiresOf(request) : undefined;
      if (expiresAt === undefined) return undefined;
      return {
        onSubscribeResult({ result, setResult }) {
          if (isAsyncIterable(result)) setResult(untilExpiry(result, expiresAt));
        },
      };
    },
  };
}
