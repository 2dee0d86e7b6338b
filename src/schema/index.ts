/**
 * The schema, built once. Every type file registers itself on the shared builder when imported, so each one must
 * be imported here before `toSchema()`.
 */
import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import { withSyncNodeIds } from './ids.js';
import './enums.js';
import './presence.js';
import './accounts.js';
import './agent.js';
import './queue.js';
import './contact.js';
import './reports.js';
import './vendors.js';
// Live subscriptions and mutations register here (owned by their engineers):
import './subscriptions.js';
import './mutations/index.js';

export const schema = withSyncNodeIds(builder.toSchema());

/** SDL sorted lexicographically, so `schema.graphql` diffs stay stable. */
export function printSchemaSDL(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

export { createLoaders, type Loaders } from './loaders/index.js';
