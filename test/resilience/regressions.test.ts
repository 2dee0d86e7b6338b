/**
 * Bugs the hostile corpus found, pinned as plain examples (each was an "Unexpected error." / HTTP 500 or an error
 * without `extensions.code` before its fix).
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startResilienceStack, type ResilienceStack } from './harness.js';

/** Sends one operation over graphql-ws and returns the server's answer to it (`next` payloads or `error`). */
async function overWs(url: string, payload: Record<string, unknown> | string): Promise<{ type: string; payload: any }[]> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const out: { type: string; payload: any }[] = [];
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
    ws.on('message', (d) => {
      const msg = JSON.parse(String(d));
      // A string is the payload's JSON text as it is (for payloads JSON.stringify cannot write).
      const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
      if (msg.type === 'connection_ack') ws.send(`{"id":"1","type":"subscribe","payload":${text}}`);
      else if (msg.id === '1') {
        out.push(msg);
        if (msg.type === 'complete' || msg.type === 'error') resolve();
      }
    });
    ws.once('close', (code) => reject(new Error(`closed ${code}`)));
    ws.once('error', reject);
  });
  ws.close();
  return out;
}

describe('hostile-input regressions', () => {
  let stack: ResilienceStack;
  beforeAll(async () => {
    stack = await startResilienceStack();
  });
  afterAll(async () => {
    const leaks = stack.leaks();
    await stack.close();
    expect(leaks).toEqual([]);
  });

  const codes = (body: { errors?: Array<{ extensions?: { code?: string } }> }) => (body.errors ?? []).map((e) => e.extensions?.code);

  it('an invalid DateTime variable is BAD_USER_INPUT, not an unexpected error', async () => {
    for (const bad of ['not a date', '2026-02-30T25:61:00Z', true, 5]) {
      const r = await stack.gql('query($f: DateTime!) { cobrowsingReport(from: $f, to: $f) { rowCount } }', { f: bad });
      expect(r.status).toBe(400);
      expect(codes(r.body)).toEqual(['BAD_USER_INPUT']);
      expect(r.body.errors![0]!.message).toMatch(/DateTime/);
    }
  });

  it('variables of the wrong type or missing carry BAD_USER_INPUT', async () => {
    const wrong = await stack.gql('query($n: Int!) { agents(first: $n) { totalCount } }', { n: 'x' });
    expect(wrong.status).toBe(400);
    expect(codes(wrong.body)).toEqual(['BAD_USER_INPUT']);
    const missing = await stack.gql('query($id: ID!) { agent(id: $id) { name } }', {});
    expect(codes(missing.body)).toEqual(['BAD_USER_INPUT']);
  });

  it('GET with `variables` that are not JSON is 400 BAD_REQUEST, not 500', async () => {
    const q = new URLSearchParams({ query: 'query($n: Int) { agents(first: $n) { totalCount } }', variables: '{not json' });
    const r = await stack.http({ method: 'GET', path: `/graphql?${q}`, headers: { 'x-graphql-csrf': '1' } });
    expect(r.status).toBe(400);
    expect(codes(JSON.parse(r.text))).toEqual(['BAD_REQUEST']);
  });

  it('a list literal nested too deep to parse is MAX_DEPTH_EXCEEDED, not a stack overflow (500)', async () => {
    for (const n of [2_500, 20_000]) {
      const r = await stack.gql(`{ nodes(ids: ${'['.repeat(n)}"x"${']'.repeat(n)}) { id } }`);
      expect(r.status).toBe(400);
      expect(codes(r.body)).toEqual(['MAX_DEPTH_EXCEEDED']);
    }
  });

  it('variables nested 20,000 deep are 400 BAD_USER_INPUT over HTTP and an error over graphql-ws, not 500 / close 4500', async () => {
    // JSON text built by hand: JSON.stringify itself cannot go that deep.
    let open = '';
    let close = '';
    for (let i = 0; i < 20_000; i++) {
      open += i % 2 ? '[' : '{"d":';
      close = (i % 2 ? ']' : '}') + close;
    }
    const deep = `${open}"x"${close}`;
    const query = JSON.stringify('query($n: Int) { agents(first: $n) { totalCount } }');
    for (const variables of [`{"n":1,"undeclared":${deep}}`, `{"n":${deep}}`]) {
      const payload = `{"query":${query},"variables":${variables}}`;
      const r = await stack.http({ headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' }, body: payload });
      expect(r.status).toBe(400);
      expect(codes(JSON.parse(r.text))).toEqual(['BAD_USER_INPUT']);
      // The socket stays open and answers with a coded error for that operation.
      const ws = await overWs(stack.url, payload);
      expect(ws).toMatchObject([{ type: 'error', payload: [{ extensions: { code: 'BAD_USER_INPUT' } }] }]);
    }
    // Ordinary nesting (a filter object with a list) is untouched.
    const ok = await stack.gql('query($f: AgentFilter) { agents(first: 1, filter: $f) { totalCount } }', { f: { states: ['AVAILABLE'] } });
    expect(ok.status).toBe(200);
  });

  it('over graphql-ws, syntax, validation and variable errors carry codes too', async () => {
    const syntax = await overWs(stack.url, { query: '{ vendors { ' });
    expect(syntax).toMatchObject([{ type: 'error', payload: [{ extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] }]);
    const invalid = await overWs(stack.url, { query: '{ nope }' });
    expect(invalid).toMatchObject([{ type: 'error', payload: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] }]);
    const variables = await overWs(stack.url, { query: 'query($n: Int!) { agents(first: $n) { totalCount } }', variables: { n: 'x' } });
    expect(variables[0]).toMatchObject({ type: 'next', payload: { errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] } });
    // A limit error keeps its own code.
    const deep = await overWs(stack.url, { query: `{ ${'agents { nodes { queues { queue { members { '.repeat(3)} name ${'} } } } } '.repeat(3)} }` });
    expect(JSON.stringify(deep)).toContain('MAX_DEPTH_EXCEEDED');
  });
});
