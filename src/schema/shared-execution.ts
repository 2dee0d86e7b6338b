/**
 * Identical queries in flight at the same moment share one execution: a wall of wallboards polling the same
 * dashboard costs one execution per wave instead of one per screen, the way identical websocket subscriptions
 * share one stream (src/live/multicast.ts). Each request still gets its own answer object, its own hooks (limits,
 * metrics, logs) and its own serialization.
 *
 * When a request may join: a query (never a mutation or subscription) with the same document, operation name,
 * variables and caller roles (no field reads who the caller is, only whether their roles may see it), whose
 * execution started after the request's connection got its previous answer (`Loaders.sharedSince`, the rule that
 * shared vendor reads follow), and with no mutation started since. Requests without a connection floor (websocket
 * queries, in-process calls) never join.
 */
import { getOperationAST, type DocumentNode, type ExecutionResult } from 'graphql';
import type { GraphQLContext } from './context.js';
import { deferredErrorsOf } from './errors.js';

interface ExecuteArgs {
  document: DocumentNode;
  operationName?: string | null;
  contextValue?: unknown;
  variableValues?: Record<string, unknown> | null;
}
type ExecuteFn = (args: ExecuteArgs) => unknown;

interface Running {
  startedAt: number;
  generation: number;
  context: unknown;
  result: Promise<unknown>;
}

/** Envelop/Yoga plugin. Put it after `useCompiledExecution`, so the execution it shares is the compiled one. */
export function useSharedExecution(opts: { now?: () => number; onShared?: () => void } = {}) {
  const now = opts.now ?? Date.now;
  const running = new WeakMap<DocumentNode, Map<string, Running>>();
  // Bumped when a mutation starts and ends: an execution older than a write is never joined.
  let generation = 0;

  return {
    onExecute({ args, executeFn, setExecuteFn }: { args: ExecuteArgs; executeFn: ExecuteFn; setExecuteFn: (fn: ExecuteFn) => void }) {
      const operation = getOperationAST(args.document, args.operationName)?.operation;
      if (operation === 'mutation') {
        generation++;
        return { onExecuteDone: () => void generation++ };
      }
      const ctx = args.contextValue as Partial<GraphQLContext> | undefined;
      const floor = ctx?.loaders?.sharedSince;
      if (operation !== 'query' || floor === undefined || !ctx?.auth) return;
      const key = JSON.stringify([args.operationName ?? null, args.variableValues ?? null, ctx.auth.enabled, [...ctx.auth.roles].sort()]);
      let byKey = running.get(args.document);
      const joinable = byKey?.get(key);
      if (joinable && joinable.generation === generation && joinable.startedAt > floor) {
        opts.onShared?.();
        setExecuteFn(async (a) => {
          const result = (await joinable.result) as ExecutionResult;
          // A stream cannot be read twice (no query streams today; kept safe if @defer/@stream ever are).
          if (!result || typeof result !== 'object' || Symbol.asyncIterator in result) return executeFn(a);
          // Errors reported beside the data (stale snapshots) belong to this request's answer too.
          const mine = deferredErrorsOf(ctx);
          for (const e of deferredErrorsOf(joinable.context)?.list() ?? []) mine?.add(e);
          return { ...result };
        });
        return;
      }
      setExecuteFn((a) => {
        const result = Promise.resolve(executeFn(a));
        const entry: Running = { startedAt: now(), generation, context: a.contextValue, result };
        if (!byKey) running.set(args.document, (byKey = new Map()));
        const map = byKey;
        map.set(key, entry);
        const done = () => {
          if (map.get(key) === entry) map.delete(key);
        };
        result.then(done, done);
        return result;
      });
    },
  };
}
