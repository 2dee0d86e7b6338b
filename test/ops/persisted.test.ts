// Persisted operations: a persisted-only gateway runs manifest operations (by hash, or by their exact text) and
// refuses everything else with a coded error, over HTTP and graphql-ws alike.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import {
  checkManifestAgainstSchema,
  loadManifest,
  ManifestError,
  parseManifest,
  PersistedErrorCode,
  sha256,
} from '../../src/persisted/index.js';
import { schema } from '../../src/schema/index.js';
import * as wallboardOperations from '../../src/wallboard/page/operations.js';
import { WALLBOARD_OPERATIONS } from '../../src/wallboard/page/operations.js';
import { startOpsStack, type OpsStack } from './harness.js';

const COUNT = 'query PersistedCount { agents(first: 1) { totalCount } }';
const VENDORS = 'query PersistedVendors { vendors { vendor configured } }';
const LIVE = 'subscription PersistedLive { agentStatusChanged { kind } }';
const byHash = (hash: string, variables?: Record<string, unknown>) => ({
  extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
  ...(variables ? { variables } : {}),
});

function firstMessage(client: Client, payload: { query: string; extensions?: Record<string, unknown> }): Promise<any> {
  return new Promise((resolve) => {
    const dispose = client.subscribe(payload, {
      next: (m) => {
        dispose();
        resolve({ next: m });
      },
      error: (e) => resolve({ error: e }),
      complete: () => undefined,
    });
  });
}

describe('persisted operations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccgraph-persisted-'));
  const manifestPath = join(dir, 'manifest.json');
  writeFileSync(manifestPath, JSON.stringify({ [sha256(COUNT)]: COUNT, [sha256(VENDORS)]: VENDORS, [sha256(LIVE)]: LIVE }));
  let only: OpsStack;
  let open: OpsStack;
  beforeAll(async () => {
    [only, open] = await Promise.all([
      startOpsStack({ env: { CCGRAPH_PERSISTED_OPERATIONS: manifestPath, CCGRAPH_PERSISTED_ONLY: '1' } }),
      startOpsStack({ env: { CCGRAPH_PERSISTED_OPERATIONS: manifestPath } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([only?.close(), open?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  describe('persisted-only', () => {
    it('runs a known operation by hash', async () => {
      const res = await only.post(byHash(sha256(COUNT)));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: { agents: { totalCount: 12 } } });
      const viaDocumentId = await only.post({ documentId: sha256(VENDORS) });
      expect(viaDocumentId.body.data.vendors).toHaveLength(5);
    });

    it('runs a known operation sent as its exact text', async () => {
      const res = await only.post({ query: COUNT });
      expect(res.body).toEqual({ data: { agents: { totalCount: 12 } } });
    });

    it('refuses an arbitrary document with PERSISTED_QUERY_ONLY before running it', async () => {
      only.sim.counters.reset();
      const res = await only.post({ query: '{ agents(first: 2) { nodes { name email } } }' });
      expect(res.status).toBe(400);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: PersistedErrorCode.ONLY }) })]);
      expect(only.sim.counters.total()).toBe(0);
    });

    it('refuses an unknown hash with PERSISTED_QUERY_NOT_FOUND and a request with neither with _ID_REQUIRED', async () => {
      const unknown = await only.post(byHash(sha256('query Nope { vendors { vendor } }')));
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors[0].extensions.code).toBe(PersistedErrorCode.NOT_FOUND);
      const neither = await only.post({ variables: {} });
      expect(neither.status).toBe(400);
      expect(neither.body.errors[0].extensions.code).toBe(PersistedErrorCode.ID_REQUIRED);
    });

    it('applies the same rules to graphql-ws subscriptions', async () => {
      const client = createClient({ url: `${only.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, lazy: true, retryAttempts: 0 });
      try {
        const arbitrary = await firstMessage(client, { query: 'subscription { agentStatusChanged { kind sequence } }' });
        expect(arbitrary.error?.[0]?.extensions?.code).toBe(PersistedErrorCode.ONLY);
        const unknown = await firstMessage(client, { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } });
        expect(unknown.error?.[0]?.extensions?.code).toBe(PersistedErrorCode.NOT_FOUND);
        const known = await firstMessage(client, { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: sha256(LIVE) } } });
        expect(known.next?.data?.agentStatusChanged?.kind).toBe('SNAPSHOT');
        const knownText = await firstMessage(client, { query: LIVE });
        expect(knownText.next?.data?.agentStatusChanged?.kind).toBe('SNAPSHOT');
      } finally {
        await client.dispose();
      }
    });
  });

  describe('manifest without persisted-only', () => {
    it('runs both arbitrary documents and hashes', async () => {
      expect((await open.post({ query: '{ agents(first: 1) { totalCount } }' })).body.data.agents.totalCount).toBe(12);
      expect((await open.post(byHash(sha256(COUNT)))).body.data.agents.totalCount).toBe(12);
      expect((await open.post(byHash('0'.repeat(64)))).body.errors[0].extensions.code).toBe(PersistedErrorCode.NOT_FOUND);
    });
  });

  describe('the manifest', () => {
    it('rejects entries whose hash does not match the document, and non-sha256 keys', () => {
      expect(() => parseManifest({ [sha256(COUNT)]: VENDORS })).toThrow(/does not match/);
      expect(() => parseManifest({ abc: COUNT })).toThrow(/sha256/);
      expect(() => parseManifest([COUNT])).toThrow(ManifestError);
      expect(() => loadManifest(join(dir, 'missing.json'))).toThrow(/cannot read/);
    });

    it('needs a manifest for persisted-only mode', () => {
      expect(() => loadConfig({ CCGRAPH_PERSISTED_ONLY: '1' })).toThrow(/CCGRAPH_PERSISTED_OPERATIONS/);
    });

    it('the committed manifest (npm run persisted:manifest) validates against the schema', () => {
      const committed = loadManifest(new URL('../../src/persisted/manifest.json', import.meta.url).pathname);
      expect(committed.size).toBeGreaterThan(0);
      expect(checkManifestAgainstSchema(committed, schema)).toEqual([]);
      expect(checkManifestAgainstSchema(new Map([['x', '{ nope }']]), schema)[0]).toMatch(/nope/);
    });
  });

  describe('the wallboard against the committed manifest, persisted-only', () => {
    const committedPath = new URL('../../src/persisted/manifest.json', import.meta.url).pathname;
    let wall: OpsStack;
    beforeAll(async () => {
      wall = await startOpsStack({ env: { CCGRAPH_PERSISTED_OPERATIONS: committedPath, CCGRAPH_PERSISTED_ONLY: '1' } });
    });
    afterAll(async () => {
      await wall?.close();
    });

    it('the page sends only texts listed in WALLBOARD_OPERATIONS, and the manifest has each of them', () => {
      // Every page module (one per panel), not only main.ts: any of them may send a document.
      const pageDir = new URL('../../src/wallboard/page/', import.meta.url);
      const modules = readdirSync(pageDir).filter((f) => f.endsWith('.ts') && f !== 'operations.ts');
      expect(modules).toContain('main.ts');
      const imported: string[] = [];
      for (const file of modules) {
        // Comments may name an operation (`vendors` query); only code counts.
        const source = readFileSync(new URL(file, pageDir), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
        const names = /import \{([^}]*)\} from '\.\/operations\.js'/.exec(source)?.[1]?.split(',').map((n) => n.trim()).filter(Boolean) ?? [];
        imported.push(...names);
        // No document written inline in the page (it would be missing from the manifest).
        expect(source, file).not.toMatch(/`\s*(?:query|mutation|subscription)\b/);
      }
      const texts = Object.values(WALLBOARD_OPERATIONS);
      expect(imported.length).toBeGreaterThan(0);
      for (const name of imported) expect(texts).toContain((wallboardOperations as Record<string, unknown>)[name]);
      // Every wallboard operation is sent by some panel.
      for (const text of texts) expect(imported.map((n) => (wallboardOperations as Record<string, unknown>)[n])).toContain(text);
      const committed = loadManifest(committedPath);
      for (const text of texts) expect(committed.get(sha256(text))).toBe(text);
    });

    it('runs every wallboard query and mutation sent as the page sends it (its exact text)', async () => {
      const list = await wall.post({ query: WALLBOARD_OPERATIONS.WallboardStateSince, variables: { after: null } });
      expect(list.body.errors).toBeUndefined();
      const agentId: string = list.body.data.agents.nodes[0].id;
      const variables: Record<string, Record<string, unknown>> = {
        WallboardStateSince: { after: null },
        WallboardPause: { agentId },
        WallboardReady: { agentId },
      };
      const texts = Object.entries(WALLBOARD_OPERATIONS).filter(([, text]) => !/^\s*subscription\b/.test(text));
      expect(texts.map(([name]) => name).sort()).toEqual(['WallboardPause', 'WallboardReady', 'WallboardStateSince', 'WallboardThresholds', 'WallboardVendors']);
      for (const [name, query] of texts) {
        const res = await wall.post({ query, variables: variables[name] ?? {} });
        expect({ name, status: res.status, codes: (res.body.errors ?? []).map((e: any) => e.extensions?.code) }).toEqual({ name, status: 200, codes: [] });
        const root = Object.values(res.body.data as Record<string, unknown>);
        expect(root.length).toBeGreaterThan(0);
        expect(root.every((v) => v !== null)).toBe(true);
      }
    });

    it('runs every wallboard subscription over graphql-ws (first message: a SNAPSHOT)', async () => {
      const client = createClient({ url: `${wall.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, lazy: true, retryAttempts: 0 });
      try {
        const subscriptions = Object.entries(WALLBOARD_OPERATIONS).filter(([, text]) => /^\s*subscription\b/.test(text));
        expect(subscriptions.map(([name]) => name).sort()).toEqual(['WallboardAgents', 'WallboardAlerts', 'WallboardQueues']);
        for (const [name, query] of subscriptions) {
          const first = await firstMessage(client, { query });
          expect({ name, error: first.error, errors: first.next?.errors }).toEqual({ name, error: undefined, errors: undefined });
          const payload = Object.values(first.next.data as Record<string, { kind: string }>)[0];
          expect(payload?.kind).toBe('SNAPSHOT');
        }
      } finally {
        await client.dispose();
      }
    });
  });
});
