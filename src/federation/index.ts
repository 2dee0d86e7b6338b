/**
 * ccgraph as a federation subgraph: Agent and Queue are entities keyed by their global `id`, resolved through the
 * request's loaders (so a router's batch of representations costs the same vendor calls as one `agents` page).
 */
import type { GraphQLSchema } from 'graphql';
import { schema } from '../schema/index.js';
import type { GraphQLContext } from '../schema/context.js';
import { badUserInput } from '../schema/errors.js';
import { decodeIDFor } from '../schema/ids.js';
import type { QueueShape } from '../schema/refs.js';
import { printSubgraphSDL, toSubgraphSchema, type EntityDefinition } from './subgraph.js';

export { FEDERATION_SPEC_URL, printSubgraphSDL, toSubgraphSchema, type EntityDefinition } from './subgraph.js';

const idOf = (rep: Record<string, unknown>): string => {
  if (typeof rep.id !== 'string') throw badUserInput('An entity representation needs a string `id`.', { argument: 'representations' });
  return rep.id;
};

export const ENTITIES: ReadonlyArray<EntityDefinition<GraphQLContext>> = [
  {
    typename: 'Agent',
    key: 'id',
    resolveReference: async (rep, ctx) => {
      const key = decodeIDFor('Agent', idOf(rep), 'representations');
      return (await ctx.loaders.identity()).directory.get(key) ?? null;
    },
  },
  {
    typename: 'Queue',
    key: 'id',
    resolveReference: async (rep, ctx): Promise<QueueShape | null> => {
      const id = decodeIDFor('Queue', idOf(rep), 'representations');
      const s = (await ctx.loaders.queueStatuses()).get(id);
      return s ? { id, name: s.name, channel: s.channel } : null;
    },
  },
];

let cached: GraphQLSchema | undefined;

/** The subgraph schema (built once). */
export function subgraphSchema(): GraphQLSchema {
  cached ??= toSubgraphSchema(schema, ENTITIES);
  return cached;
}

/** The subgraph SDL (`npm run subgraph:print`). */
export function subgraphSDL(): string {
  return printSubgraphSDL(schema, ENTITIES);
}
