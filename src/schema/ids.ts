/**
 * Global IDs: base64 of `Typename:id` (the Relay plugin's format). Decoding is strict and every failure is a
 * BAD_USER_INPUT error, so a bad ID from a client never crashes a resolver.
 */
import { badUserInput } from './errors.js';

/** Typenames that implement Node; type files register theirs so `node(id:)` rejects anything else cleanly. */
const nodeTypenames = new Map<string, (id: string) => boolean>();

/** `isValidId` rejects vendor ids of the wrong shape before any vendor is asked. */
export function registerNodeType(typename: string, isValidId: (id: string) => boolean = () => true): void {
  nodeTypenames.set(typename, isValidId);
}

/**
 * Encoded IDs by `Typename:id`: a dashboard encodes the same few hundred IDs on every request, and the Buffer round
 * trip was ~1.5 % of its CPU. Bounded: cleared when full (IDs are cheap to recompute).
 */
const encoded = new Map<string, string>();
const MAX_ENCODED = 20_000;

export function encodeGlobalID(typename: string, id: string | number | bigint): string {
  const text = `${typename}:${String(id)}`;
  let globalID = encoded.get(text);
  if (globalID === undefined) {
    globalID = Buffer.from(text, 'utf8').toString('base64');
    if (encoded.size >= MAX_ENCODED) encoded.clear();
    encoded.set(text, globalID);
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
