/**
 * Demand control as a yoga/envelop plugin: every operation is measured (cost.ts) after validation and before
 * execution, so a refused one makes no vendor call. Over CCGRAPH_MAX_COST: MAX_COST_EXCEEDED (400) with the cost,
 * the limit and the three most expensive paths. Then the client's per-minute budget (budget.ts) is charged; when it
 * is spent: RATE_LIMITED (429, `Retry-After`). Answered HTTP requests carry `x-ccgraph-cost`; a request whose
 * `extensions` has `"cost": true` also gets `extensions.cost` in its answer (docs/errors.md).
 */
import { getOperationAST, type DocumentNode, type ExecutionArgs, type GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import type { AuthInfo } from './roles.js';
import type { CostBudget } from './budget.js';
import { describePaths, measureCost, type CostMeasure } from './cost.js';
import { SecurityErrorCode } from './errors.js';
import type { YogaPlugin } from './limits.js';

export const COST_HEADER = 'x-ccgraph-cost';
export const BUDGET_REMAINING_HEADER = 'x-ccgraph-cost-budget-remaining';

export interface DemandOptions {
  maxCost: number;
  /** null: no per-client budget. */
  budget: CostBudget | null;
  /** Who pays for an operation, from its context (see createSecurity). */
  clientOf: (context: DemandContext) => string;
}

/** What the plugin reads from a context (HTTP: yoga's; graphql-ws: the server spreads its own in). */
export interface DemandContext {
  auth?: AuthInfo;
  request?: Request;
  params?: { extensions?: Record<string, unknown> | null };
  [key: string]: unknown;
}

interface Charged {
  cost: number;
  remaining?: number;
  resetMs?: number;
}

export function maxCostExceeded(measure: CostMeasure, maxCost: number): GraphQLError {
  const top = measure.paths.slice(0, 3);
  return createGraphQLError(
    `Query cost ${measure.cost} exceeds the maximum of ${maxCost}. Most expensive: ${describePaths(top)}.`,
    {
      extensions: {
        code: SecurityErrorCode.MAX_COST_EXCEEDED,
        cost: measure.cost,
        maxCost,
        paths: top,
        http: { status: 400 },
      },
    },
  );
}

export function rateLimited(cost: number, perMinute: number, retryAfterMs: number): GraphQLError {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return createGraphQLError(
    `Cost budget spent: this operation costs ${cost} and the budget is ${perMinute} per minute. Retry in ${retryAfterSeconds} s.`,
    {
      extensions: {
        code: SecurityErrorCode.RATE_LIMITED,
        cost,
        budgetPerMinute: perMinute,
        retryAfterSeconds,
        http: { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) } },
      },
    },
  );
}

/** How long a measure is reused for the same document, operation and variables (ranges ending "now" move). */
const MEASURE_TTL_MS = 10_000;
const MEASURES_PER_DOCUMENT = 64;

export function useDemandControl(opts: DemandOptions): YogaPlugin {
  const charged = new WeakMap<Request, Charged>();
  // A dashboard sends the same document again and again: measure it once per TTL (yoga's parse cache hands out the
  // same DocumentNode for the same text). Keyed by the declared variables only; unserializable ones are not cached.
  const measures = new WeakMap<DocumentNode, Map<string, { at: number; measure: CostMeasure | null }>>();
  const measureOf = (args: ExecutionArgs, context: DemandContext): CostMeasure | null => {
    const op = getOperationAST(args.document, args.operationName);
    let key: string | undefined;
    try {
      const vars = args.variableValues ?? {};
      const declared = (op?.variableDefinitions ?? []).map((d) => (Object.hasOwn(vars, d.variable.name.value) ? [vars[d.variable.name.value]] : []));
      key = JSON.stringify([args.operationName ?? null, declared]);
    } catch {
      key = undefined;
    }
    const now = Date.now();
    let byKey = measures.get(args.document);
    const hit = key === undefined ? undefined : byKey?.get(key);
    if (hit && now - hit.at < MEASURE_TTL_MS) return hit.measure;
    const measure = measureCost(args.schema, args.document, args.operationName, args.variableValues, context);
    if (key !== undefined) {
      if (!byKey) measures.set(args.document, (byKey = new Map()));
      if (byKey.size >= MEASURES_PER_DOCUMENT) byKey.clear();
      byKey.set(key, { at: now, measure });
    }
    return measure;
  };

  /** The refusal for this operation, or undefined after charging its cost. */
  const admit = (args: ExecutionArgs): GraphQLError | undefined | Promise<GraphQLError | undefined> => {
    const context = (args.contextValue ?? {}) as DemandContext;
    const measure = measureOf(args, context);
    // Unmeasurable: execution refuses it (unknown operation, bad variables) before any resolver runs.
    if (!measure) return undefined;
    if (measure.cost > opts.maxCost) return maxCostExceeded(measure, opts.maxCost);
    const record = (c: Charged) => {
      if (context.request) charged.set(context.request, c);
      if (context.params?.extensions?.['cost'] === true) (context as { costCharged?: Charged }).costCharged = c;
    };
    const budget = opts.budget;
    if (!budget) {
      record({ cost: measure.cost });
      return undefined;
    }
    return budget.charge(opts.clientOf(context), measure.cost).then((r) => {
      if (!r.ok) return rateLimited(measure.cost, budget.perMinute, r.retryAfterMs);
      record({ cost: measure.cost, remaining: r.remaining, resetMs: r.resetMs });
      return undefined;
    });
  };

  const costExtension = (c: Charged) => ({
    cost: c.cost,
    maxCost: opts.maxCost,
    ...(opts.budget
      ? { budget: { perMinute: opts.budget.perMinute, remaining: c.remaining, resetSeconds: Math.ceil((c.resetMs ?? 0) / 1000) } }
      : {}),
  });

  return {
    onExecute({ args, setResultAndStopExecution }) {
      const then = (refused: GraphQLError | undefined) => {
        if (refused) {
          setResultAndStopExecution({ errors: [refused] });
          return undefined;
        }
        const context = args.contextValue as { costCharged?: Charged };
        if (!context.costCharged) return undefined;
        return {
          onExecuteDone({ result, setResult }: { result: unknown; setResult: (r: never) => void }) {
            const c = context.costCharged;
            if (!c || !result || typeof result !== 'object' || Symbol.asyncIterator in result) return;
            const r = result as { extensions?: Record<string, unknown> };
            setResult({ ...r, extensions: { ...r.extensions, cost: costExtension(c) } } as never);
          },
        };
      };
      // Synchronous without a budget: no promise per request.
      const refused = admit(args);
      return refused instanceof Promise ? refused.then(then) : then(refused);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const then = (refused: GraphQLError | undefined) => {
        if (refused) setResultAndStopExecution({ errors: [refused] });
      };
      const refused = admit(args);
      return refused instanceof Promise ? refused.then(then) : then(refused);
    },
    onResponse({ request, response }) {
      const c = charged.get(request);
      if (!c) return;
      response.headers.set(COST_HEADER, String(c.cost));
      if (c.remaining !== undefined) response.headers.set(BUDGET_REMAINING_HEADER, String(c.remaining));
    },
  };
}
