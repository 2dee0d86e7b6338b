/**
 * ccgraph as an Apollo Federation v2 subgraph, built by `@pothos/plugin-federation` from the one builder: Agent
 * and Queue are entities keyed by their global `id` (declared with `builder.asEntity` in src/schema/agent.ts and
 * queue.ts), resolved through the request's loaders, so a router's batch of representations costs the same vendor
 * calls as one `agents` page. The normal schema (`schema`, schema.graphql) has no federation fields.
 */
import { printSubgraphSchema } from '@apollo/subgraph';
import { isUnionType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { builder } from '../schema/builder.js';
import { badUserInput } from '../schema/errors.js';
// Registers every type file on the builder (and builds the normal schema) before the subgraph is built.
import '../schema/index.js';

export const FEDERATION_SPEC_URL = 'https://specs.apollo.dev/federation/v2.6';

/** The entity types and their `@key(fields:)`, as declared in their type files (checked when the subgraph is built). */
export const ENTITIES: ReadonlyArray<{ typename: string; key: string }> = [
  { typename: 'Agent', key: 'id' },
  { typename: 'Queue', key: 'id' },
];

/**
 * @apollo/subgraph's `_entities` fails the whole list (non-null, so the whole response) with an uncoded error when
 * one representation names no type of the schema, and gives an uncoded error at its index when it names a type that
 * is no entity. Those are client errors: answer BAD_USER_INPUT at that representation's index only, and hand the
 * rest to the plugin's resolver unchanged.
 */
function checkRepresentations(subgraph: GraphQLSchema): void {
  const field = subgraph.getQueryType()?.getFields()._entities;
  const union = subgraph.getType('_Entity');
  if (!field?.resolve || !isUnionType(union)) throw new Error('federation: the subgraph has no _entities field');
  const entityTypes = new Set(union.getTypes().map((t) => t.name));
  const declared = ENTITIES.map((e) => e.typename);
  if (declared.length !== entityTypes.size || !declared.every((t) => entityTypes.has(t))) {
    throw new Error(`federation: entities are [${[...entityTypes].join(', ')}], ENTITIES says [${declared.join(', ')}]`);
  }
  const resolveEntities = field.resolve as GraphQLFieldResolver<unknown, unknown, { representations: unknown[] }>;
  field.resolve = (source, args: { representations: unknown[] }, ctx, info) => {
    const { representations } = args;
    const rejected = representations.map((rep, index) => {
      const typename = typeof rep === 'object' && rep !== null ? (rep as { __typename?: unknown }).__typename : undefined;
      return typeof typename === 'string' && entityTypes.has(typename)
        ? undefined
        : badUserInput(`Representation ${index} does not name an entity type of this subgraph.`, { argument: 'representations' });
    });
    const accepted = representations.filter((_, i) => !rejected[i]);
    const resolved = resolveEntities(source, { ...args, representations: accepted }, ctx, info) as unknown[];
    let next = 0;
    // An Error as a list item becomes a field error at that index (graphql-js completeValue).
    return representations.map((_, i) => rejected[i] ?? resolved[next++]);
  };
}

let cached: GraphQLSchema | undefined;

/** The subgraph schema (built once): the normal schema plus `@key`, `_entities`, `_service`, `_Any`, `_Entity`. */
export function subgraphSchema(): GraphQLSchema {
  if (!cached) {
    const subgraph = builder.toSubGraphSchema({ linkUrl: FEDERATION_SPEC_URL, federationDirectives: ['@key'] });
    checkRepresentations(subgraph);
    cached = subgraph;
  }
  return cached;
}

/** The SDL a router or composition tool reads, exactly as `_service { sdl }` serves it (@apollo/subgraph's printer). */
export function printSubgraphSDL(subgraph: GraphQLSchema = subgraphSchema()): string {
  return printSubgraphSchema(subgraph);
}

/** The subgraph SDL (`npm run subgraph:print`). */
export function subgraphSDL(): string {
  return printSubgraphSDL();
}
