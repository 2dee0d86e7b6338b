/**
 * Demand control: an operation's cost, measured from its shape and variables before anything executes, refused over
 * CCGRAPH_MAX_COST with the three most expensive paths. The weights are declared beside each field with
 * @pothos/plugin-complexity (`extensions.complexity`; the model is in src/schema/cost.ts) and read here with the
 * plugin's formula: a field costs its own weight plus its multiplier × its selection, lists without a declaration
 * count 10 items, `@skip`/`@include` are not evaluated. test/cost checks this walk against the plugin's own
 * `complexityFromQuery` on every calibration document; this walk also attributes the cost to paths and never throws
 * on an argument a resolver would refuse (that field then weighs 1, and its resolver reports the error).
 */
import { getMappedArgumentValues } from '@pothos/core';
import {
  getNamedType,
  getOperationAST,
  getVariableValues,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/** The plugin's defaults for fields without a declaration (its DEFAULT_COMPLEXITY, DEFAULT_LIST_MULTIPLIER). */
const DEFAULT_FIELD_COST = 1;
const DEFAULT_LIST_MULTIPLIER = 10;

type Declared = number | { field?: number; multiplier?: number } | ((args: object, ctx: object, field: GraphQLField<unknown, unknown>) => Declared);

export interface PathCost {
  /** Response path without list indices, e.g. `agents.edges.node.presenceProfiles` (aliases as written). */
  path: string;
  cost: number;
  /** Share of the whole operation, 0–100 (rounded). */
  percent: number;
}

export interface CostMeasure {
  cost: number;
  /** Every path with a cost of its own (a field's scalar children are counted on it), most expensive first. */
  paths: PathCost[];
}

const isList = (type: GraphQLOutputType): boolean => (isNonNullType(type) ? isList(type.ofType) : isListType(type));

/**
 * The cost of the operation `operationName` of `document` with `variables`, or null when it cannot be measured
 * because execution will refuse it anyway (unknown operation, variables that do not coerce).
 */
export function measureCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  context: object = {},
): CostMeasure | null {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const info = { schema, fragments, variableValues: coerced.coerced };
  const byPath = new Map<string, number>();
  const active = new Set<SelectionSetNode>();

  const walk = (set: SelectionSetNode, type: GraphQLNamedType, factor: number, path: string): void => {
    // Validation refuses fragment cycles; this keeps a walk of an unvalidated document finite all the same.
    if (active.has(set)) return;
    active.add(set);
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const name = sel.name.value;
        const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
        const value = field ? declared(field, sel, context, info) : DEFAULT_FIELD_COST;
        const own = typeof value === 'number' ? value : (value.field ?? DEFAULT_FIELD_COST);
        const multiplier =
          typeof value === 'object' && value.multiplier !== undefined
            ? value.multiplier
            : field && isList(field.type)
              ? DEFAULT_LIST_MULTIPLIER
              : 1;
        const key = path ? `${path}.${(sel.alias ?? sel.name).value}` : (sel.alias ?? sel.name).value;
        const nested = field && sel.selectionSet;
        // Scalars count on their parent's path: the developer cuts objects, not single values.
        const target = nested || !path ? key : path;
        byPath.set(target, (byPath.get(target) ?? 0) + own * factor);
        if (nested) walk(sel.selectionSet, getNamedType(field.type), factor * Math.max(multiplier, 0), key);
      } else {
        const fragment = sel.kind === Kind.FRAGMENT_SPREAD ? fragments[sel.name.value] : sel;
        if (!fragment) continue;
        const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : type;
        if (condition) walk(fragment.selectionSet, condition, factor, path);
      }
    }
    active.delete(set);
  };
  walk(operation.selectionSet, root, 1, '');

  let cost = 0;
  for (const c of byPath.values()) cost += c;
  const paths = [...byPath]
    .filter(([, c]) => c > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([path, c]) => ({ path, cost: c, percent: cost > 0 ? Math.round((c / cost) * 100) : 0 }));
  return { cost, paths };
}

/** A field's declaration for this selection; a declaration whose arguments cannot be read weighs the default. */
function declared(
  field: GraphQLField<unknown, unknown>,
  node: Parameters<typeof getMappedArgumentValues>[1],
  context: object,
  info: { schema: GraphQLSchema; fragments: Record<string, FragmentDefinitionNode>; variableValues: Record<string, unknown> },
): Exclude<Declared, (...a: never[]) => unknown> {
  let value = field.extensions?.['complexity'] as Declared | undefined;
  if (value === undefined) return isList(field.type) ? { field: DEFAULT_FIELD_COST, multiplier: DEFAULT_LIST_MULTIPLIER } : DEFAULT_FIELD_COST;
  if (typeof value === 'function') {
    try {
      const args = getMappedArgumentValues(field, node, context, info as never) as object;
      value = value(args, context, field);
    } catch {
      // e.g. a malformed global ID: the resolver refuses it before any vendor call
      return DEFAULT_FIELD_COST;
    }
  }
  return typeof value === 'function' ? DEFAULT_FIELD_COST : value;
}

/** `a.b.c: 61%, …` for messages. */
export const describePaths = (paths: readonly PathCost[]) => paths.map((p) => `${p.path}: ${p.percent}%`).join(', ');
