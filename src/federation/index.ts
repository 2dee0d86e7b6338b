/**
 * ccgraph as an Apollo Federation v2 subgraph, built by `@pothos/plugin-federation` from the one builder: Agent
 * and Queue are entities keyed by their global `id` (declared with `builder.asEntity` in src/schema/agent.ts and
 * queue.ts), resolved through the request's loaders, so a router's batch of representations costs the same vendor
 * calls as one `agents` page. The normal schema (`schema`, schema.graphql) has no federation fields.
 */
import { printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';
import { builder } from '../schema/builder.js';
// Registers every type file on the builder (and builds the normal schema) before the subgraph is built.
import '../schema/index.js';

export const FEDERATION_SPEC_URL = 'https://specs.apollo.dev/federation/v2.6';

/** The entity types and their `@key(fields:)` (declared in their type files). */
export const ENTITIES: ReadonlyArray<{ typename: string; key: string }> = [
  { typename: 'Agent', key: 'id' },
  { typename: 'Queue', key: 'id' },
];

let cached: GraphQLSchema | undefined;

/** The subgraph schema (built once): the normal schema plus `@key`, `_entities`, `_service`, `_Any`, `_Entity`. */
export function subgraphSchema(): GraphQLSchema {
  cached ??= builder.toSubGraphSchema({ linkUrl: FEDERATION_SPEC_URL, federationDirectives: ['@key'] });
  return cached;
}

/** The SDL a router or composition tool reads, as `_service { sdl }` serves it. */
export function printSubgraphSDL(subgraph: GraphQLSchema = subgraphSchema()): string {
  return printSubgraphSchema(subgraph);
}

/** The subgraph SDL (`npm run subgraph:print`). */
export function subgraphSDL(): string {
  return printSubgraphSDL();
}
