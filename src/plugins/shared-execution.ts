/**
 * Identical queries in flight at the same moment share one execution: a wall of wallboards polling the same
 * dashboard costs one execution per wave instead of one per screen, the way identical websocket subscriptions
 * share one stream (src/ws/multicast.ts). Each request still gets its own answer object and its own hooks
 * (limits, metrics, logs); the JSON text is built once for all of them unless a hook changed the answer.
 *
 * When a request may join: a query (never a mutation or subscription) with the same document, operation name,
 * variables and caller roles (no field reads who the caller is, only whether their roles may see it), whose
 * execution started after the request's connection got its previous answer (`Loaders.sharedSince`, the rule that
 * shared vendor reads follow), and with no mutation started since. Requests without a connection floor (websocket
 * queries, in-process calls) never join.
 */
import { getOperationAST, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../schema/context.js';
import { deferredErrorsOf } from '../schema/errors.js';

interface ExecuteArgs {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  contextValue?: unknown;
  variableValues?: Record<string, unknown> | null;
}
type ExecuteFn = (args: ExecuteArgs) => unknown;

/** What the leader's execution produced, and the one JSON builder for every answer taken from it. */
interface Answer {
  result: unknown;
  /** Absent when the result cannot be shared as it is (a stream). */
  stringify?: Stringify;
}

interface Running {
  startedAt: number;
  generation: number;
  context: unknown;
  answer: Promise<Answer>;
}

type Stringify = (value: ExecutionResult) => string;

/** A single result object (not a stream): what can be shared and serialized once. */
const isSingleResult = (r: unknown): r is ExecutionResult =>
  !!r && typeof r === 'object' && !(Symbol.asyncIterator in r);

/**
 * JSON of `shared`, built on first use and reused for every answer that still holds the same data, errors and
 * extensions; anything else (a hook replaced or added a part) is serialized on its own.
 */
export function serializeOnce(shared: ExecutionResult): Stringify {
  // The parts as the execution returned them: a hook that later changes the answer in place makes it differ.
  const { data, errors, extensions } = shared;
  const keys = Object.keys(shared).length;
  let json: string | undefined;
  return (value) => {
    const same =
      value.data === data && value.errors === errors && value.extensions === extensions && Object.keys(value).length === keys;
    return same ? (json ??= JSON.stringify(value)) : JSON.stringify(value);
  };
}

/** yoga serializes a result with its own `stringify` when it has one; not enumerable, so copies drop it. */
function withStringify<T extends object>(result: T, stringify: Stringify): T {
  Object.defineProperty(result, 'stringify', { value: stringify, enumerable: false, configurable: true });
  return result;
}

/** Envelop/Yoga plugin. */
export function useSharedExecution(opts: { onShared?: () => void } = {}): Plugin<GraphQLContext> {
  const running = new WeakMap<DocumentNode, Map<string, Running>>();
  // Bumped when a mutation starts and ends: an execution older than a write is never joined.
  let generation = 0;

  return {
    onExecute({ args, executeFn, setExecuteFn }: { args: ExecuteArgs; executeFn: ExecuteFn; setExecuteFn: (fn: ExecuteFn) => void }) {
      const op = getOperationAST(args.document, args.operationName);
      const operation = op?.operation;
      if (operation === 'mutation') {
        generation++;
        return { onExecuteDone: () => void generation++ };
      }
      const ctx = args.contextValue as Partial<GraphQLContext> | undefined;
      const floor = ctx?.loaders?.sharedSince;
      if (operation !== 'query' || floor === undefined || !ctx?.auth) return;
      // Only the declared variables matter (graphql-js ignores the rest, which may be anything a client sent).
      const vars = args.variableValues ?? {};
      const declared = (op?.variableDefinitions ?? []).map((d) =>
        Object.hasOwn(vars, d.variable.name.value) ? [vars[d.variable.name.value]] : [],
      );
      let key: string;
      try {
        key = JSON.stringify([args.operationName ?? null, declared, ctx.auth.enabled, [...ctx.auth.roles].sort()]);
      } catch {
        return; // not serializable (too deep, cyclic): runs on its own, and coercion judges its variables
      }
      let byKey = running.get(args.document);
      const joinable = byKey?.get(key);
      if (joinable && joinable.generation === generation && joinable.startedAt > floor) {
        opts.onShared?.();
        setExecuteFn(async (a) => {
          const { result, stringify } = await joinable.answer;
          // A stream cannot be read twice (no query streams today; kept safe if @defer/@stream ever are).
          if (!stringify) return executeFn(a);
          // Errors reported beside the data (stale snapshots) belong to this request's answer too.
          const mine = deferredErrorsOf(ctx);
          for (const e of deferredErrorsOf(joinable.context)?.list() ?? []) mine?.add(e);
          return withStringify({ ...(result as ExecutionResult) }, stringify);
        });
        return;
      }
      setExecuteFn((a) => {
        const answer = Promise.resolve(executeFn(a)).then((result): Answer => {
          if (!isSingleResult(result)) return { result };
          const stringify = serializeOnce(result);
          return { result: withStringify(result, stringify), stringify };
        });
        const entry: Running = { startedAt: Date.now(), generation, context: a.contextValue, answer };
        if (!byKey) running.set(args.document, (byKey = new Map()));
        const map = byKey;
        map.set(key, entry);
        const done = () => {
          if (map.get(key) === entry) map.delete(key);
        };
        answer.then(done, done);
        return answer.then(({ result }) => result);
      });
    },
  };
}
