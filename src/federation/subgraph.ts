/**
 * Apollo Federation v2 subgraph mode. The subgraph schema is the normal schema (same type objects, same
 * resolvers) plus what a router needs: `@key` on the entity types, `Query._entities(representations:)`,
 * `Query._service { sdl }`, the `_Any` scalar and the `_Entity` union.
 *
 * Why not `@pothos/plugin-federation`'s `builder.toSubGraphSchema`: that plugin imports
 * `@pothos/plugin-directives` at load time, which is not installed. This module builds the same shape from the
 * finished schema; see docs/operations.md for the switch-over once the package is available.
 */
import {
  GraphQLError,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  GraphQLUnionType,
  Kind,
  isObjectType,
  lexicographicSortSchema,
  parse,
  print,
  printSchema,
  valueFromASTUntyped,
  visit,
  type ConstDirectiveNode,
  type GraphQLFieldConfig,
  type GraphQLResolveInfo,
} from 'graphql';

export const FEDERATION_SPEC_URL = 'https://specs.apollo.dev/federation/v2.6';

/** An entity: a type other subgraphs may reference and extend by its key. */
export interface EntityDefinition<TContext = unknown> {
  typename: string;
  /** The `@key(fields:)` selection, e.g. `id`. */
  key: string;
  /**
   * Loads the object a router's representation (`{ __typename, ...key fields }`) names; null when unknown.
   * Throwing fails only this representation (an error at `_entities.<index>`).
   */
  resolveReference(representation: Record<string, unknown>, ctx: TContext, info: GraphQLResolveInfo): Promise<unknown> | unknown;
}

/** The federation `_Any` scalar: entity representations, passed through as JSON objects. */
const AnyScalar = new GraphQLScalarType({
  name: '_Any',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: (ast) => valueFromASTUntyped(ast),
});

const ServiceType = new GraphQLObjectType<{ sdl: string }>({
  name: '_Service',
  fields: { sdl: { type: GraphQLString, resolve: (s) => s.sdl } },
});

/** The subgraph SDL a router or composition tool reads: the normal schema with `@key` and the `@link` import. */
export function printSubgraphSDL(schema: GraphQLSchema, entities: readonly EntityDefinition<never>[]): string {
  const byName = new Map(entities.map((e) => [e.typename, e]));
  for (const e of entities) {
    if (!isObjectType(schema.getType(e.typename))) throw new Error(`federation: entity ${e.typename} is not an object type of the schema`);
  }
  const doc = visit(parse(printSchema(lexicographicSortSchema(schema))), {
    ObjectTypeDefinition(node) {
      const entity = byName.get(node.name.value);
      if (!entity) return undefined;
      const key: ConstDirectiveNode = {
        kind: Kind.DIRECTIVE,
        name: { kind: Kind.NAME, value: 'key' },
        arguments: [
          { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'fields' }, value: { kind: Kind.STRING, value: entity.key } },
        ],
      };
      return { ...node, directives: [...(node.directives ?? []), key] };
    },
  });
  return `extend schema @link(url: "${FEDERATION_SPEC_URL}", import: ["@key"])\n\n${print(doc)}\n`;
}

/** The normal schema served as a federation subgraph. Resolvers, auth and loaders are untouched. */
export function toSubgraphSchema<TContext>(schema: GraphQLSchema, entities: readonly EntityDefinition<TContext>[]): GraphQLSchema {
  const sdl = printSubgraphSDL(schema, entities as readonly EntityDefinition<never>[]);
  const query = schema.getQueryType();
  if (!query) throw new Error('federation: the schema has no Query type');
  const byName = new Map(entities.map((e) => [e.typename, e]));
  const entityTypes = entities.map((e) => schema.getType(e.typename) as GraphQLObjectType);
  const typenameOf = new WeakMap<object, string>();

  const EntityUnion = new GraphQLUnionType({
    name: '_Entity',
    types: entityTypes,
    resolveType: (value: object) => typenameOf.get(value),
  });

  const entitiesField: GraphQLFieldConfig<unknown, TContext, { representations: unknown[] }> = {
    type: new GraphQLNonNull(new GraphQLList(EntityUnion)),
    args: { representations: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(AnyScalar))) } },
    resolve: (_root, { representations }, ctx, info) =>
      representations.map(async (representation, index) => {
        const rep = representation as Record<string, unknown> | null;
        const typename = rep && typeof rep === 'object' ? rep.__typename : undefined;
        const entity = typeof typename === 'string' ? byName.get(typename) : undefined;
        if (!entity) {
          return new GraphQLError(`Representation ${index} does not name an entity type of this subgraph.`, {
            extensions: { code: 'BAD_USER_INPUT', argument: 'representations' },
          });
        }
        const found = await entity.resolveReference(rep as Record<string, unknown>, ctx, info);
        if (found === null || found === undefined) return null;
        if (typeof found === 'object') typenameOf.set(found, entity.typename);
        return found;
      }),
  };

  const queryConfig = query.toConfig();
  const subgraphQuery = new GraphQLObjectType({
    ...queryConfig,
    fields: () => ({
      _entities: entitiesField as GraphQLFieldConfig<unknown, unknown>,
      _service: { type: new GraphQLNonNull(ServiceType), resolve: () => ({ sdl }) },
      ...queryConfig.fields,
    }),
  });

  const config = schema.toConfig();
  return new GraphQLSchema({
    ...config,
    query: subgraphQuery,
    types: [...config.types.filter((t) => t !== query), subgraphQuery, EntityUnion, AnyScalar, ServiceType],
  });
}
