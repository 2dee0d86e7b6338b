/**
 * Request ids and per-request logs. Every GraphQL request gets an id: the caller's `x-request-id` when it looks
 * like an id (so a trace can cross a proxy), else a fresh UUID. It is echoed in the response header, put in the
 * context (`ctx.requestId`, `ctx.log`), and kept in AsyncLocalStorage so vendor-call logs can name it too.
 *
 * The AsyncLocalStorage scope is entered only while debug logging is on: its only reader is the debug-level vendor
 * call log, and entering it switches on async hooks for every promise (about 5 % of a busy gateway's CPU).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Printable, header- and log-safe, short: anything else is replaced rather than trusted. */
const SANE_ID = /^[A-Za-z0-9][A-Za-z0-9._:\-]{0,127}$/;

export function isSaneRequestId(value: string | null | undefined): value is string {
  return typeof value === 'string' && SANE_ID.test(value);
}

/** One gateway's request ids: its table of ids by request (nothing process-wide). */
export class RequestIds {
  private readonly byRequest = new WeakMap<Request, string>();
  /** The scope useRequestLogging enters around execution (debug logging only). */
  readonly scope = new AsyncLocalStorage<{ requestId: string }>();

  /** The id of the GraphQL request whose execution is running now (undefined outside one, e.g. pollers). */
  current(): string | undefined {
    return this.scope.getStore()?.requestId;
  }

  /**
   * The request id of an HTTP request (assigned on first use, so the context factory and the plugin agree).
   * graphql-ws operations have no fetch Request: they get a fresh id.
   */
  of(request: Request | undefined): string {
    if (!request) return randomUUID();
    let id = this.byRequest.get(request);
    if (!id) {
      const incoming = request.headers.get(REQUEST_ID_HEADER);
      id = isSaneRequestId(incoming) ? incoming : randomUUID();
      this.byRequest.set(request, id);
    }
    return id;
  }
}


/** `ctx.log`: a child logger carrying the request id (added to the context by useRequestLogging). */
export function contextLogger(ctx: unknown, fallback: Logger): Logger {
  const log = (ctx as { log?: Logger } | null)?.log;
  return log ?? fallback;
}

interface RequestContext {
  requestId?: string;
  request?: Request;
  log?: Logger;
}

/**
 * Echoes the request id, adds `log` (a child logger) to the context, runs execution inside the id's async
 * scope and writes one log line per operation (name, type, duration, error codes; never variables).
 */
export function useRequestLogging(logger: Logger, ids: RequestIds): Plugin<RequestContext> {
  return {
    onRequest({ request }) {
      ids.of(request);
    },
    onResponse({ request, response }) {
      response.headers.set(REQUEST_ID_HEADER, ids.of(request));
    },
    onContextBuilding({ context, extendContext }) {
      const requestId = context.requestId ?? ids.of(context.request);
      extendContext({ requestId, log: logger.child({ requestId }) });
    },
    onExecute({ args, executeFn, setExecuteFn }) {
      const ctx = args.contextValue as RequestContext;
      if (logger.isLevelEnabled('debug')) {
        const requestId = ctx.requestId ?? randomUUID();
        setExecuteFn((a) => ids.scope.run({ requestId }, () => executeFn(a)));
      }
      const started = performance.now();
      const operation = args.operationName ?? operationNameOf(args.document) ?? 'anonymous';
      const type = operationTypeOf(args.document, args.operationName);
      return {
        onExecuteDone({ result }) {
          if (type === 'subscription' || !('errors' in result || 'data' in result)) return;
          const errors = (result as { errors?: ReadonlyArray<{ extensions?: { code?: unknown } }> }).errors ?? [];
          const codes = [...new Set(errors.map((e) => String(e.extensions?.code ?? 'UNKNOWN')))];
          (ctx.log ?? logger).info(
            { operation, type, ms: Math.round(performance.now() - started), ...(codes.length ? { errors: codes } : {}) },
            'graphql operation',
          );
        },
      };
    },
    onSubscribe({ args, subscribeFn, setSubscribeFn }) {
      const ctx = args.contextValue as RequestContext;
      if (logger.isLevelEnabled('debug')) {
        const requestId = ctx.requestId ?? randomUUID();
        setSubscribeFn((a) => ids.scope.run({ requestId }, () => subscribeFn(a)));
      }
      (ctx.log ?? logger).info(
        { operation: args.operationName ?? operationNameOf(args.document) ?? 'anonymous', type: 'subscription' },
        'graphql subscription started',
      );
    },
  };
}

type Doc = { definitions: ReadonlyArray<{ kind: string; operation?: string; name?: { value: string } }> };

function operationNameOf(document: unknown): string | undefined {
  const ops = (document as Doc).definitions.filter((d) => d.kind === 'OperationDefinition');
  return ops.length === 1 ? ops[0]?.name?.value : undefined;
}

function operationTypeOf(document: unknown, name: string | null | undefined): string {
  const ops = (document as Doc).definitions.filter((d) => d.kind === 'OperationDefinition');
  const op = name ? ops.find((d) => d.name?.value === name) : ops[0];
  return op?.operation ?? 'query';
}
