/**
 * Global IDs: base64 of `Typename:id` (the Relay plugin's format). Decoding is strict and every failure is a
 * BAD_USER_INPUT error, so a bad ID from a client never crashes a resolver.
 */
import { GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { badUserInput } from './errors.js';

/** The raw (vendor or person) id of each Node type's objects, by typename (see `nodeId`). */
const rawIdOf = new Map<string, (parent: never) => string>();

/**
 * A Node type's `id` option for `builder.node`. The Relay plugin resolves every `id` field through an async
 * function; a dashboard has hundreds of them and each promise costs allocations, so `withSyncNodeIds` swaps in a
 * synchronous resolver with the same result.
 */
export function nodeId<T>(typename: string, resolve: (parent: T) => string): { resolve: (parent: T) => string } {
  rawIdOf.set(typename, resolve as (parent: never) => string);
  return { resolve };
}

/** Synchronous `id` resolvers for the types registered with `nodeId` (same encoding as the Relay plugin's). */
export function withSyncNodeIds(schema: GraphQLSchema): GraphQLSchema {
  for (const [typename, raw] of rawIdOf) {
    const type = schema.getType(typename);
    if (!(type instanceof GraphQLObjectType)) continue;
    const field = type.getFields().id;
    if (!field) continue;
    field.resolve = (parent: unknown) => {
      const id = raw(parent as never);
      return id == null ? id : encodeGlobalID(typename, id);
    };
  }
  return schema;
}

/** Typenames that implement Node; type files register theirs so `node(id:)` rejects anything else cleanly. */
const nodeTypenames = new Map<string, (id: string) => boolean>();

/** `isValidId` rejects vendor ids of the wrong shape before any vendor is asked. */
export function registerNodeType(typename: string, isValidId: (id: string) => boolean = () => true): void {
  nodeTypenames.set(typename, isValidId);
}

/**
 * Encoded IDs by typename, then id: a dashboard encodes the same few hundred IDs on every request, and the Buffer
 * round trip was ~1.5 % of its CPU. Bounded: a typename's map is cleared when full (IDs are cheap to recompute).
 */
const encoded = new Map<string, Map<string, string>>();
const MAX_ENCODED = 20_000;

export function encodeGlobalID(typename: string, id: string | number | bigint): string {
  const key = String(id);
  let byId = encoded.get(typename);
  if (!byId) encoded.set(typename, (byId = new Map()));
  let globalID = byId.get(key);
  if (globalID === undefined) {
    globalID = Buffer.from(`${typename}:${key}`, 'utf8').toString('base64');
    if (byId.size >= MAX_ENCODED) byId.clear();
    byId.set(key, globalID);
  }
  return globalID;
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Decodes any Node ID (used by the Relay plugin for `node`/`nodes`). */
export function decodeGlobalID(globalID: string): { typename: string; id: string } {
  const shown = JSON.stringify(globalID.length > 60 ? `${globalID.slice(0, 60)}…` : globalID);
  const invalid = () => badUserInput(`Invalid ID ${shown}: not an ID issued by this API.`, { argument: 'id' });
  if (globalID.length === 0 || globalID.length > 1000 || !BASE64.test(globalID)) throw invalid();
  const text = Buffer.from(globalID, 'base64').toString('utf8');
  const sep = text.indexOf(':');
  if (sep <= 0 || sep === text.length - 1) throw invalid();
  const typename = text.slice(0, sep);
  const id = text.slice(sep + 1);
  const isValidId = nodeTypenames.get(typename);
  if (!isValidId || /[\u0000-\u001f]/.test(id) || !isValidId(id)) throw invalid();
  return { typename, id };
}

/** Decodes an ID that must be of one type, e.g. `agent(id:)` given a Queue ID is a client error. */
export function decodeIDFor(typename: string, globalID: string, argument = 'id'): string {
  const decoded = decodeGlobalID(globalID);
  if (decoded.typename !== typename) {
    throw badUserInput(`ID ${JSON.stringify(globalID)} is a ${decoded.typename} ID, expected a ${typename} ID.`, {
      argument,
    });
  }
  return decoded.id;
}

/** Sinch entity ids are 32 hexadecimal characters (the RMI documents minLength = maxLength = 32). */
export const isSinchId = (id: string): boolean => /^[0-9A-Fa-f]{32}$/.test(id);
