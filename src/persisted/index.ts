/**
 * Persisted operations (an allow-list for production). The manifest is a JSON object `{ "<sha256>": "<document>" }`
 * — what `npm run persisted:manifest` writes from the operations codegen extracts. Clients send the hash as
 * `extensions.persistedQuery.sha256Hash` (Apollo's format) or as `documentId`; a client that sends the full text
 * of a manifest document is accepted too (the wallboard does). With `only`, any other document is refused before
 * it is parsed; without it, arbitrary documents still run and hashes are a bandwidth saving.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { GraphQLError, parse, validate, type GraphQLSchema } from 'graphql';
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';

export const PersistedErrorCode = {
  /** The hash is not in the manifest. */
  NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  /** A document was sent while only persisted operations may run. */
  ONLY: 'PERSISTED_QUERY_ONLY',
  /** Neither a document nor a hash was sent. */
  ID_REQUIRED: 'PERSISTED_QUERY_ID_REQUIRED',
} as const;

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

const SHA256 = /^[0-9a-f]{64}$/;

export const sha256 = (document: string): string => createHash('sha256').update(document, 'utf8').digest('hex');

/** Checks a parsed manifest: an object of sha256 → document, every hash matching its document. */
export function parseManifest(json: unknown, source = 'manifest'): Map<string, string> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ManifestError(`${source}: expected a JSON object { "<sha256>": "<document>" }`);
  }
  const out = new Map<string, string>();
  for (const [hash, document] of Object.entries(json)) {
    if (!SHA256.test(hash)) throw new ManifestError(`${source}: key ${JSON.stringify(hash.slice(0, 80))} is not a lowercase sha256 hex digest`);
    if (typeof document !== 'string' || document.trim() === '') throw new ManifestError(`${source}: entry ${hash} is not a document string`);
    if (sha256(document) !== hash) throw new ManifestError(`${source}: entry ${hash} does not match the sha256 of its document`);
    out.set(hash, document);
  }
  return out;
}

export function loadManifest(path: string): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ManifestError(`cannot read the persisted operations manifest ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ManifestError(`${path}: not JSON (${(e as Error).message})`);
  }
  return parseManifest(json, path);
}

/** Problems of manifest documents against a schema (syntax or validation), one line each; empty when all run. */
export function checkManifestAgainstSchema(manifest: ReadonlyMap<string, string>, schema: GraphQLSchema): string[] {
  const problems: string[] = [];
  for (const [hash, document] of manifest) {
    const name = /\b(?:query|mutation|subscription)\s+(\w+)/.exec(document)?.[1] ?? 'anonymous';
    try {
      for (const e of validate(schema, parse(document))) problems.push(`${name} (${hash.slice(0, 12)}…): ${e.message}`);
    } catch (e) {
      problems.push(`${name} (${hash.slice(0, 12)}…): ${(e as Error).message}`);
    }
  }
  return problems;
}

/** `extensions.persistedQuery.sha256Hash` (version 1), else a top-level `documentId` (GraphQL-over-HTTP draft). */
export function persistedOperationId(params: GraphQLParams): string | null {
  const pq = (params.extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | undefined)?.persistedQuery;
  if (pq && pq.version === 1 && typeof pq.sha256Hash === 'string') return pq.sha256Hash;
  const documentId = (params as { documentId?: unknown }).documentId;
  return typeof documentId === 'string' ? documentId : null;
}

const refused = (code: string, message: string) => () =>
  createGraphQLError(message, { extensions: { code, http: { status: 400 } } });

export function usePersistedOperationsManifest(manifest: ReadonlyMap<string, string>, opts: { only: boolean }): Plugin {
  const persisted = usePersistedOperations({
    getPersistedOperation: (hash) => manifest.get(hash) ?? null,
    allowArbitraryOperations: !opts.only,
    extractPersistedOperationId: persistedOperationId,
    customErrors: {
      notFound: refused(PersistedErrorCode.NOT_FOUND, 'Unknown persisted operation: the hash is not in this server’s manifest.'),
      persistedQueryOnly: refused(PersistedErrorCode.ONLY, 'Only persisted operations are accepted: send the operation’s hash, not its document.'),
      keyNotFound: refused(PersistedErrorCode.ID_REQUIRED, 'Send a persisted operation hash (extensions.persistedQuery.sha256Hash or documentId).'),
    },
  }) as Plugin;
  return {
    onPluginInit({ addPlugin }) {
      // A known document sent as text is looked up by its hash, so it passes the allow-list like a hash would.
      addPlugin({
        onParams({ params, setParams }) {
          if (typeof params.query !== 'string' || persistedOperationId(params) !== null) return;
          const hash = sha256(params.query);
          if (!manifest.has(hash)) return;
          const { query: _query, ...rest } = params;
          setParams({ ...rest, extensions: { ...params.extensions, persistedQuery: { version: 1, sha256Hash: hash } } });
        },
      });
      addPlugin(persisted);
    },
  };
}

/**
 * The same rules for a graphql-ws `subscribe` payload (yoga's onParams does not run there): the document to run,
 * or the errors to send back for this operation.
 */
export function resolveWsOperation(
  manifest: ReadonlyMap<string, string>,
  opts: { only: boolean },
  params: { query?: string; extensions?: Record<string, unknown> | null },
): { query: string } | { errors: GraphQLError[] } {
  const id = persistedOperationId(params as GraphQLParams);
  const refuse = (code: string, message: string) => ({ errors: [new GraphQLError(message, { extensions: { code } })] });
  if (id !== null && !params.query) {
    const doc = manifest.get(id);
    return doc ? { query: doc } : refuse(PersistedErrorCode.NOT_FOUND, 'Unknown persisted operation: the hash is not in this server’s manifest.');
  }
  if (typeof params.query === 'string' && params.query !== '') {
    if (!opts.only || manifest.has(sha256(params.query))) return { query: params.query };
    return refuse(PersistedErrorCode.ONLY, 'Only persisted operations are accepted: send the operation’s hash, not its document.');
  }
  return refuse(PersistedErrorCode.ID_REQUIRED, 'Send a persisted operation hash (extensions.persistedQuery.sha256Hash or documentId).');
}
