/**
 * Compiled execution (graphql-jit) for what runs often: a document compiled to plain JavaScript runs a big dashboard
 * in less CPU than graphql-js once V8 has made it hot, but each compiled document costs a compile, code memory and
 * V8's optimizing threads. Measured (bench/README.md, ninth pass): one hot dashboard ran 2–45 % cheaper compiled;
 * over 32 dashboards compiled side by side (S1b), graphql-js needed 0.51–0.93 of the compiled CPU in most rounds. So:
 * - a subscription is compiled at once: its document runs again for every event and every new subscriber's snapshot;
 * - a query is compiled once its document has made up `hotShare` of a window of `window` query executions (one
 *   dashboard polled by a wall of screens, S1, S9), while fewer than `maxHotQueries` query documents run compiled;
 *   queries spread over many documents (S1b, S8) stay on yoga's executor (`@graphql-tools/executor`, graphql-js's
 *   algorithm);
 * - a mutation is never compiled.
 * A subscription's source stream is opened the way graphql-js opens it. Whatever the compiler does not take falls
 * back to the normal executor, so answers and errors stay as graphql-js gives them:
 * - documents the compiler refuses;
 * - operations whose variables do not coerce: graphql-js reports those as a request error with HTTP 400 and its own
 *   messages (the compiler would answer 200 and lose a custom scalar's reason).
 * Field errors are rebuilt as graphql-js errors with their source positions: yoga re-creates every error from
 * `source`/`positions` when it serializes, and the compiler's errors carry only `locations`, which were dropped.
 */
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../schema/context.js';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import {
  createSourceEventStream,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type Source,
} from 'graphql';

/** Query executions per window, and the share of one window a query document must take to be compiled. */
export const HOT_WINDOW = 500;
export const HOT_SHARE = 1 / 8;
/** At most this many query documents run compiled at once. */
export const MAX_HOT_QUERIES = 8;

interface Compiled {
  schema: GraphQLSchema;
  /** null: the compiler refused it; use graphql-js. */
  query: CompiledQuery | null;
}

interface ExecuteArgs {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  rootValue?: unknown;
  contextValue?: unknown;
  variableValues?: Record<string, unknown> | null;
}

type ExecuteFn = (args: ExecuteArgs) => unknown;

type SetResult = (r: never) => void;

/** Envelop/Yoga plugin (structural types: no server dependency here). Put it first, so other plugins wrap it. */
export function useCompiledExecution(
  opts: {
    onCompileError?: (errors: ExecutionResult['errors']) => void;
    window?: number;
    hotShare?: number;
    maxHotQueries?: number;
  } = {},
): Plugin<GraphQLContext> {
  const windowSize = Math.max(1, opts.window ?? HOT_WINDOW);
  const hotRuns = Math.max(1, Math.ceil(windowSize * (opts.hotShare ?? HOT_SHARE)));
  const maxHot = opts.maxHotQueries ?? MAX_HOT_QUERIES;
  // Per document object (yoga's parse cache hands out the same one for the same text), per operation name.
  const cache = new WeakMap<DocumentNode, Map<string, Compiled>>();
  // Runs of each query document in the current window (cleared with it); compiled query documents still alive (the
  // parse cache drops old ones).
  let runs = new Map<DocumentNode, number>();
  let windowRuns = 0;
  let hotQueries = 0;
  const released = new FinalizationRegistry<null>(() => void hotQueries--);
  const compiledFor = (args: ExecuteArgs): CompiledQuery | null => {
    let byName = cache.get(args.document);
    if (!byName) cache.set(args.document, (byName = new Map()));
    const name = args.operationName ?? '';
    let entry = byName.get(name);
    if (!entry || entry.schema !== args.schema) {
      const result = compileQuery(args.schema, args.document, args.operationName ?? undefined);
      if (!isCompiledQuery(result)) opts.onCompileError?.(result.errors);
      entry = { schema: args.schema, query: isCompiledQuery(result) ? result : null };
      byName.set(name, entry);
    }
    return entry.query;
  };

  /** The compiled query for `args` when it is an operation of `kind` whose variables coerce; else null. */
  const usable = (args: ExecuteArgs, kind: 'subscription' | 'other'): CompiledQuery | null => {
    const op = getOperationAST(args.document, args.operationName);
    if (!op || (op.operation === 'subscription') !== (kind === 'subscription')) return null;
    if (op.operation === 'mutation') return null;
    // A query runs on yoga's executor until its document takes its share of a window, while few others run compiled.
    const cold = op.operation === 'query' && !cache.has(args.document);
    if (cold) {
      if (++windowRuns > windowSize) {
        windowRuns = 1;
        runs = new Map();
      }
      const n = (runs.get(args.document) ?? 0) + 1;
      runs.set(args.document, n);
      if (n < hotRuns || hotQueries >= maxHot) return null;
    }
    if (op.variableDefinitions?.length) {
      const coerced = getVariableValues(args.schema, op.variableDefinitions, args.variableValues ?? {});
      if (coerced.errors) return null;
    }
    const query = compiledFor(args);
    // A document the compiler refused runs on yoga's executor and leaves its slot to the next hot one.
    if (cold && query) {
      hotQueries++;
      released.register(args.document, null);
    }
    return query;
  };
  /** Field errors of one result rebuilt with positions (see `withPositions`); graphql-js' own errors pass unchanged. */
  const withSourcePositions = (args: ExecuteArgs, result: unknown, setResult: SetResult) => {
    const r = result as ExecutionResult | null;
    if (!r || typeof r !== 'object' || !r.errors?.length) return;
    const source = args.document.loc?.source;
    setResult({ ...r, errors: r.errors.map((e) => withPositions(e, source)) } as never);
  };

  return {
    onSubscribe({ args, subscribeFn, setSubscribeFn }: { args: ExecuteArgs; subscribeFn: ExecuteFn; setSubscribeFn: (fn: ExecuteFn) => void }) {
      const compiled = usable(args, 'subscription');
      if (!compiled) return;
      setSubscribeFn(async (a) => {
        if (a.document !== args.document || a.schema !== args.schema) return subscribeFn(a);
        // The stream is opened by graphql-js (graphql-jit's own subscribe passes the variables as the field's
        // arguments); each event then runs through the compiled query.
        const stream = await createSourceEventStream({ ...a, variableValues: a.variableValues ?? {} });
        if (!isAsyncIterable(stream)) return stream;
        return mapEvents(stream, (event) => compiled.query(event, a.contextValue, a.variableValues));
      });
      return {
        onSubscribeResult({ result, setResult }: { result: unknown; setResult: SetResult }) {
          // Not a stream: the subscription failed before its first event.
          if (!isAsyncIterable(result)) return withSourcePositions(args, result, setResult);
          return { onNext: ({ result, setResult }: { result: unknown; setResult: SetResult }) => withSourcePositions(args, result, setResult) };
        },
      };
    },
    onExecute({ args, executeFn, setExecuteFn }: { args: ExecuteArgs; executeFn: ExecuteFn; setExecuteFn: (fn: ExecuteFn) => void }) {
      const compiled = usable(args, 'other');
      if (!compiled) return;
      setExecuteFn((a) => {
        // A plugin that swapped the document after this hook gets the executor it would have had.
        if (a.document !== args.document || a.schema !== args.schema) return executeFn(a);
        return compiled.query(a.rootValue, a.contextValue, a.variableValues);
      });
      return {
        // Also for answers of a shared execution (shared-execution.ts); graphql-js' own errors pass unchanged.
        onExecuteDone({ result, setResult }: { result: unknown; setResult: SetResult }) {
          withSourcePositions(args, result, setResult);
        },
      };
    },
  };
}

/** `source` with each event mapped by `f` (graphql-js' own mapping of a subscription's events, which it does not export). */
function mapEvents<T>(source: AsyncIterable<unknown>, f: (event: unknown) => T | Promise<T>): AsyncIterableIterator<T> {
  const it = source[Symbol.asyncIterator]();
  const mapped = async (r: IteratorResult<unknown>): Promise<IteratorResult<T>> => {
    if (r.done) return r;
    try {
      return { value: await f(r.value), done: false };
    } catch (e) {
      await it.return?.();
      throw e;
    }
  };
  return {
    next: async () => mapped(await it.next()),
    return: async () => (it.return ? mapped(await it.return()) : { value: undefined, done: true }),
    throw: async (e: unknown) => {
      if (it.throw) return mapped(await it.throw(e));
      await it.return?.();
      throw e;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** A compiled-execution error as graphql-js would have built it: positions in the document, same path and cause. */
function withPositions(e: GraphQLError, source: Source | undefined): GraphQLError {
  if (!source || e.nodes || e.positions || !e.locations?.length) return e;
  const lineStarts = [0];
  for (let i = 0; i < source.body.length; i++) if (source.body.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const positions = e.locations.map((l) => (lineStarts[l.line - 1] ?? 0) + l.column - 1);
  return new GraphQLError(e.message, {
    source,
    positions,
    ...(e.path ? { path: e.path } : {}),
    ...(e.originalError ? { originalError: e.originalError } : {}),
    ...(e.extensions ? { extensions: e.extensions } : {}),
  });
}
