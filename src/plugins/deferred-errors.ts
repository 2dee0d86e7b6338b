/**
 * Appends a request's deferred errors (collected on its loaders, see schema/errors.ts `DeferredErrors`) to a single,
 * non-streamed result: errors that reach the client without nulling a field. A subscription event whose live data
 * lacks rows a vendor sent unreadable (`ctx.liveDropped`, set per message by schema/subscriptions.ts) carries one
 * VENDOR_DATA_PARTIAL error per vendor resource, on the snapshot and on every event while the drops persist.
 */
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../schema/context.js';
import { deferredErrorsOf, vendorDataPartial } from '../schema/errors.js';

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
    onSubscribe({ args }) {
      const ctx = args.contextValue as GraphQLContext;
      return {
        onSubscribeResult() {
          return {
            onNext({ result, setResult }) {
              const dropped = ctx.liveDropped ?? [];
              if (dropped.length === 0) return;
              setResult({ ...result, errors: [...(result.errors ?? []), ...dropped.map((d) => vendorDataPartial(d))] });
            },
          };
        },
      };
    },
  };
}
