/**
 * Compiled execution (graphql-jit) for queries and mutations: a document is compiled once per operation into plain
 * JavaScript, which runs a dashboard in about a third of graphql-js' CPU time. Whatever the compiler does not take
 * falls back to the normal executor, so answers and errors stay as graphql-js gives them:
 * - subscriptions (their streams stay on graphql-js' subscribe);
 * - documents the compiler refuses;
 * - operations whose variables do not coerce: graphql-js reports those as a request error with HTTP 400 and its own
 *   messages (the compiler would answer 200 and lose a custom scalar's reason).
 * Field errors are rebuilt as graphql-js errors with their source positions: yoga re-creates every error from
 * `source`/`positions` when it serializes, and the compiler's errors carry only `locations`, which were dropped.
 */
import type { Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../schema/context.js';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type Source,
} from 'graphql';

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

/** Envelop/Yoga plugin (structural types: no server dependency here). Put it first, so other plugins wrap it. */
export function useCompiledExecution(opts: { onCompileError?: (errors: ExecutionResult['errors']) => void } = {}): Plugin<GraphQLContext> {
  // Per document object (yoga's parse cache hands out the same one for the same text), per operation name.
  const cache = new WeakMap<DocumentNode, Map<string, Compiled>>();
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

  return {
    onExecute({ args, executeFn, setExecuteFn }: { args: ExecuteArgs; executeFn: ExecuteFn; setExecuteFn: (fn: ExecuteFn) => void }) {
      const op = getOperationAST(args.document, args.operationName);
      if (!op || op.operation === 'subscription') return;
      if (op.variableDefinitions?.length) {
        const coerced = getVariableValues(args.schema, op.variableDefinitions, args.variableValues ?? {});
        if (coerced.errors) return;
      }
      const compiled = compiledFor(args);
      if (!compiled) return;
      setExecuteFn((a) => {
        // A plugin that swapped the document after this hook gets the executor it would have had.
        if (a.document !== args.document || a.schema !== args.schema) return executeFn(a);
        return compiled.query(a.rootValue, a.contextValue, a.variableValues);
      });
      return {
        // Also for answers of a shared execution (shared-execution.ts); graphql-js' own errors pass unchanged.
        onExecuteDone({ result, setResult }: { result: unknown; setResult: (r: never) => void }) {
          const r = result as ExecutionResult | null;
          if (!r || typeof r !== 'object' || !r.errors?.length) return;
          const source = args.document.loc?.source;
          setResult({ ...r, errors: r.errors.map((e) => withPositions(e, source)) } as never);
        },
      };
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
