/**
 * Appends a request's deferred errors (collected on its loaders, see schema/errors.ts `DeferredErrors`) to a single,
 * non-streamed result: errors that reach the client without nulling a field.
 */
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../schema/context.js';
import { deferredErrorsOf } from '../schema/errors.js';

export function useDeferredErrors(): Plugin<GraphQLContext> {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          const deferred = deferredErrorsOf(args.contextValue)?.list() ?? [];
          if (deferred.length === 0 || !result || typeof result !== 'object' || Symbol.asyncIterator in result) return;
          const r = result as { errors?: readonly GraphQLError[] };
          setResult({ ...r, errors: [...(r.errors ?? []), ...deferred] } as never);
        },
      };
    },
  };
}
