/**
 * docs/errors.md "HTTP status and the Accept header": what a client gets for errors raised before execution depends
 * on the response type it accepts (GraphQL over HTTP). Checked here as documented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';

const CASES = {
  GRAPHQL_PARSE_FAILED: { query: '{ queues { ' },
  GRAPHQL_VALIDATION_FAILED: { query: '{ noSuchField }' },
  MAX_DEPTH_EXCEEDED: { query: '{ agents { edges { node { queues { queue { name } } } } } }' },
  BAD_USER_INPUT: { query: 'query ($n: Int!) { agents(first: $n) { totalCount } }', variables: { n: 'ten' } },
} as const;

describe('HTTP status of errors before execution, per Accept header', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { CCGRAPH_MAX_DEPTH: '3' } });
  });
  afterAll(() => stack?.close());

  const post = async (body: object, accept?: string) => {
    const res = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> } };
  };

  it('answers 400 with Accept: application/graphql-response+json', async () => {
    for (const [code, body] of Object.entries(CASES)) {
      const r = await post(body, 'application/graphql-response+json');
      expect(r.status, code).toBe(400);
      expect(r.type).toMatch(/^application\/graphql-response\+json/);
      expect(r.body.errors?.[0]?.extensions?.code).toBe(code);
    }
  });

  it('answers 200 to clients that accept only application/json, or send no Accept (bad variables: 400 always)', async () => {
    for (const accept of ['application/json', undefined]) {
      for (const [code, body] of Object.entries(CASES)) {
        const r = await post(body, accept);
        expect(r.status, `${code} with Accept ${accept ?? '(none)'}`).toBe(code === 'BAD_USER_INPUT' ? 400 : 200);
        expect(r.body.errors?.[0]?.extensions?.code).toBe(code);
      }
    }
  });
});
