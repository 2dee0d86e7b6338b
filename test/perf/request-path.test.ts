// The per-request path after the second performance pass: the same answers as yoga's built-ins it replaced
// (body limit, deprecated-field counter) and caches that must not change what clients see (IDs, cursors).
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics, deprecatedUsesOf } from '../../src/observability/metrics.js';
import { pageOf } from '../../src/schema/args.js';
import { decodeGlobalID, encodeGlobalID, registerNodeType } from '../../src/schema/ids.js';
import { makeYoga, testConfig } from '../security/harness.js';

/** One raw HTTP/1.1 POST: `chunks` written one by one; without `contentLength` Node sends it chunked. */
function rawPost(url: string, chunks: string[], headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

const codesOf = (body: any): string[] => (body?.errors ?? []).map((e: any) => e.extensions?.code);

describe('request body limit (CCGRAPH_MAX_BODY_BYTES) over Node HTTP', () => {
  let server: Server;
  let url: string;
  const LIMIT = 2048;
  beforeAll(async () => {
    server = createServer(makeYoga(testConfig({ CCGRAPH_MAX_BODY_BYTES: String(LIMIT) })).yoga);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const body = (padding: number) => JSON.stringify({ query: '{ hello }', variables: { padding: 'x'.repeat(padding) } });

  it('answers a body within the limit, with or without Content-Length', async () => {
    const b = body(512);
    const sized = await rawPost(url, [b], { 'content-length': String(Buffer.byteLength(b)) });
    expect(sized.status).toBe(200);
    expect(sized.body.data).toEqual({ hello: 'world' });
    const chunked = await rawPost(url, [b.slice(0, 100), b.slice(100)]);
    expect(chunked.status).toBe(200);
    expect(chunked.body.data).toEqual({ hello: 'world' });
  });

  it('refuses a declared Content-Length over the limit with 413 before reading the body', async () => {
    const b = body(4096);
    const r = await rawPost(url, [b], { 'content-length': String(Buffer.byteLength(b)) });
    expect(r.status).toBe(413);
    expect(codesOf(r.body)).toEqual(['REQUEST_ENTITY_TOO_LARGE']);
  });

  it('counts a chunked body (no Content-Length) and refuses it with 413 once over the limit', async () => {
    const b = body(4096);
    const r = await rawPost(url, [b.slice(0, 1000), b.slice(1000, 3000), b.slice(3000)]);
    expect(r.status).toBe(413);
    expect(codesOf(r.body)).toEqual(['REQUEST_ENTITY_TOO_LARGE']);
  });
});

describe('request body limit without Node HTTP (yoga.fetch)', () => {
  const { yoga } = makeYoga(testConfig({ CCGRAPH_MAX_BODY_BYTES: '2048' }));
  const streamOf = (text: string) =>
    new ReadableStream<Uint8Array>({
      start(c) {
        const bytes = new TextEncoder().encode(text);
        for (let i = 0; i < bytes.length; i += 500) c.enqueue(bytes.slice(i, i + 500));
        c.close();
      },
    });
  const send = (text: string, headers: Record<string, string> = {}) =>
    yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: streamOf(text),
      duplex: 'half',
    } as RequestInit);

  it('still counts the bytes of a streamed body', async () => {
    const big = await send(JSON.stringify({ query: '{ hello }', variables: { padding: 'x'.repeat(4096) } }));
    expect(big.status).toBe(413);
    const small = await send(JSON.stringify({ query: '{ hello }' }));
    expect(small.status).toBe(200);
  });

  it('does not trust a Content-Length that did not come from the HTTP parser', async () => {
    const r = await send(JSON.stringify({ query: '{ hello }', variables: { padding: 'x'.repeat(4096) } }), { 'content-length': '20' });
    expect(r.status).toBe(413);
  });

  it('refuses a malformed Content-Length with 400 BAD_REQUEST', async () => {
    const r = await send(JSON.stringify({ query: '{ hello }' }), { 'content-length': '12, 12' });
    expect(r.status).toBe(400);
    expect(codesOf(await r.json())).toEqual(['BAD_REQUEST']);
  });
});

describe('graphql_envelop_deprecated_field', () => {
  const typeDefs = `
    type Query {
      current: Int
      old: Int @deprecated(reason: "use current")
      sized(limit: Int, max: Int @deprecated(reason: "use limit")): Int
    }
  `;
  const schema = buildSchema(typeDefs);

  it('finds deprecated fields and arguments of a document', async () => {
    const { parse } = await import('graphql');
    expect(deprecatedUsesOf(schema, parse('{ current old sized(max: 3) }'))).toEqual([
      { fieldName: 'old', typeName: 'Query' },
      { fieldName: 'max', typeName: 'sized' },
    ]);
    expect(deprecatedUsesOf(schema, parse('{ current sized(limit: 1) }'))).toEqual([]);
  });

  it('counts every request, though the document is walked once', async () => {
    const metrics = createMetrics();
    const yoga = createYoga({
      schema: createSchema({ typeDefs, resolvers: { Query: { current: () => 1, old: () => 2, sized: () => 3 } } }),
      plugins: [metrics.plugin],
      logging: false,
    });
    const ask = (query: string, operationName?: string) =>
      yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, operationName }),
      });
    for (let i = 0; i < 3; i++) expect(await (await ask('query Q { current old }', 'Q')).json()).toEqual({ data: { current: 1, old: 2 } });
    expect((await ask('{ current }')).status).toBe(200);
    const text = await metrics.registry.metrics();
    expect(text).toContain('graphql_envelop_deprecated_field{operationName="Q",operationType="query",fieldName="old",typeName="Query"} 3');
    expect(text.match(/^graphql_envelop_deprecated_field\{/gm)).toHaveLength(1);
    // The operation series stay.
    expect(text).toMatch(/graphql_envelop_request_duration_count\{operationName="Q",operationType="query"\} 3/);
    expect(text).toMatch(/graphql_envelop_phase_execute_count\{operationName="Anonymous",operationType="query"\} 1/);
    expect(text).toMatch(/graphql_envelop_request_time_summary_count\{operationName="Q",operationType="query"\} 3/);
  });
});

describe('cached IDs and cursors', () => {
  registerNodeType('PerfThing');

  it('encodes an ID the same way every time, and it decodes back', () => {
    const a = encodeGlobalID('PerfThing', 'abc');
    expect(a).toBe(Buffer.from('PerfThing:abc').toString('base64'));
    expect(encodeGlobalID('PerfThing', 'abc')).toBe(a);
    expect(encodeGlobalID('PerfThing', 7)).toBe(Buffer.from('PerfThing:7').toString('base64'));
    expect(decodeGlobalID(a)).toEqual({ typename: 'PerfThing', id: 'abc' });
  });

  it('pages with cursors that round-trip, cached or not', () => {
    const items = Array.from({ length: 10_050 }, (_, i) => i);
    const first = pageOf(items, { first: 3 });
    expect(first.edges.map((e) => e.cursor)).toEqual([0, 1, 2].map((i) => Buffer.from(`offset:${i}`).toString('base64')));
    expect(pageOf(items, { first: 2, after: first.pageInfo.endCursor }).edges.map((e) => e.node)).toEqual([3, 4]);
    // Past the cached offsets.
    const far = pageOf(items, { first: 2, after: Buffer.from('offset:10020').toString('base64') });
    expect(far.edges.map((e) => e.node)).toEqual([10_021, 10_022]);
    expect(pageOf(items, { first: 1, after: far.pageInfo.endCursor }).edges[0]?.node).toBe(10_023);
  });
});
