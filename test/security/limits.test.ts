import { getIntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import { codes, makeYoga, post, testConfig } from './harness.js';

const nested = (depth: number) => `{ tree { ${'child { '.repeat(depth - 1)}depth${' }'.repeat(depth - 1)} } }`;

describe('query limits (graphql-armor) with stable codes', () => {
  const { yoga } = makeYoga(
    testConfig({ CCGRAPH_MAX_DEPTH: '5', CCGRAPH_MAX_ALIASES: '3', CCGRAPH_MAX_TOKENS: '200', CCGRAPH_MAX_COST: '400', CCGRAPH_MAX_DIRECTIVES: '4' }),
  );

  it('accepts a query within every limit', async () => {
    const r = await post(yoga, nested(4));
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
  });

  it('depth', async () => {
    const r = await post(yoga, nested(7));
    expect(r.status).toBe(400);
    expect(codes(r)).toContain('MAX_DEPTH_EXCEEDED');
    expect(r.body.errors?.find((e) => e.extensions?.['code'] === 'MAX_DEPTH_EXCEEDED')?.message).toMatch(
      /^Query depth limit of 5 exceeded, found \d+\.$/,
    );
  });

  it('aliases', async () => {
    const r = await post(yoga, '{ a: hello b: hello c: hello d: hello }');
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['MAX_ALIASES_EXCEEDED']);
  });

  it('directives', async () => {
    const r = await post(yoga, '{ hello @skip(if: false) @skip(if: false) @skip(if: false) @skip(if: false) @skip(if: false) }');
    expect(r.status).toBe(400);
    expect(codes(r)).toContain('MAX_DIRECTIVES_EXCEEDED');
  });

  it('tokens (checked while parsing)', async () => {
    const r = await post(yoga, `{ ${'hello '.repeat(250)} }`);
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['MAX_TOKENS_EXCEEDED']);
  });

  it('cost', async () => {
    // Wide and nested but within depth/alias/token limits: only the cost gives. This harness schema declares no
    // costs, so every field weighs 1 (the plugin's default): 14 fields. (Under graphql-armor's depth-factor
    // formula the same query cost over 20; the real schema's weights are tested in test/cost.)
    const wide = `{ tree { child { child { child { depth d1: depth } depth } depth } depth } t2: tree { child { child { child { depth } } } } }`;
    expect((await post(makeYoga(testConfig({ CCGRAPH_MAX_COST: '14' })).yoga, wide)).status).toBe(200);
    const r = await post(makeYoga(testConfig({ CCGRAPH_MAX_COST: '13' })).yoga, wide);
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['MAX_COST_EXCEEDED']);
    expect(r.body.errors?.[0]?.extensions).toMatchObject({ cost: 14, maxCost: 13 });
  });

  it('GraphiQL’s introspection query passes the default limits', async () => {
    const r = await post(makeYoga(testConfig()).yoga, getIntrospectionQuery());
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data).toHaveProperty('__schema');
  });
});

describe('request body size', () => {
  it('rejects a body over CCGRAPH_MAX_BODY_BYTES with 413 REQUEST_ENTITY_TOO_LARGE', async () => {
    const { yoga } = makeYoga(testConfig({ CCGRAPH_MAX_BODY_BYTES: '2048' }));
    const r = await post(yoga, '{ hello }', {}, { padding: 'x'.repeat(4096) });
    expect(r.status).toBe(413);
    expect(codes(r)).toEqual(['REQUEST_ENTITY_TOO_LARGE']);
    const ok = await post(yoga, '{ hello }', {}, { padding: 'x'.repeat(512) });
    expect(ok.status).toBe(200);
  });
});

describe('CSRF prevention', () => {
  const { yoga } = makeYoga(testConfig());

  it('blocks simple (non-preflighted) requests', async () => {
    const get = await yoga.fetch('http://localhost/graphql?query=%7Bhello%7D', { headers: { accept: 'application/json' } });
    expect(get.status).toBe(403);
    expect(((await get.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe(
      'CSRF_PREVENTED',
    );
    const form = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'query=mutation%7BpauseAgent(agentId%3A%22a1%22)%7D',
    });
    expect(form.status).toBe(403);
  });

  it('lets JSON requests and requests with a preflight header through', async () => {
    expect((await post(yoga, '{ hello }')).status).toBe(200);
    const get = await yoga.fetch('http://localhost/graphql?query=%7Bhello%7D', {
      headers: { accept: 'application/json', 'x-graphql-csrf': '1' },
    });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: { hello: 'world' } });
  });

  it('can be switched off', async () => {
    const off = makeYoga(testConfig({ CCGRAPH_CSRF_PREVENTION: 'false' })).yoga;
    const get = await off.fetch('http://localhost/graphql?query=%7Bhello%7D', { headers: { accept: 'application/json' } });
    expect(get.status).toBe(200);
  });
});

describe('error masking', () => {
  it('hides an unexpected error’s message and stack, even with NODE_ENV=development, but logs the original', async () => {
    const seen: unknown[] = [];
    const previous = process.env['NODE_ENV'];
    process.env['NODE_ENV'] = 'development';
    try {
      const { yoga } = makeYoga(testConfig(), (e) => seen.push(e));
      const r = await post(yoga, '{ boom }');
      expect(r.body.data).toEqual({ boom: null });
      expect(r.body.errors).toEqual([
        { message: 'Unexpected error.', locations: [{ line: 1, column: 3 }], path: ['boom'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ]);
      expect(r.text).not.toMatch(/hunter2|10\.0\.0\.5|stack|at /);
      expect(String(seen[0])).toContain('hunter2');
    } finally {
      if (previous === undefined) delete process.env['NODE_ENV'];
      else process.env['NODE_ENV'] = previous;
    }
  });

  it('keeps errors that carry a code we set', async () => {
    const r = await post(makeYoga(testConfig()).yoga, '{ coded }');
    expect(r.body.errors?.[0]).toMatchObject({ message: 'Sinch could not be reached (NETWORK).', extensions: { code: 'VENDOR_UNAVAILABLE' } });
  });
});

describe('production switches', () => {
  it('introspection is refused, and field suggestions hidden, when CCGRAPH_INTROSPECTION=false', async () => {
    const { yoga } = makeYoga(testConfig({ CCGRAPH_INTROSPECTION: 'false' }));
    const r = await post(yoga, '{ __schema { types { name } } }');
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['INTROSPECTION_DISABLED']);
    const t = await post(yoga, '{ __type(name: "Query") { name } }');
    expect(codes(t)).toEqual(['INTROSPECTION_DISABLED']);
    expect((await post(yoga, '{ __typename hello }')).body.data).toEqual({ __typename: 'Query', hello: 'world' });
    const typo = await post(yoga, '{ helo }');
    expect(typo.text).not.toContain('Did you mean');
  });

  it('NODE_ENV=production turns introspection and GraphiQL off by default; env overrides', async () => {
    const prod = testConfig({ NODE_ENV: 'production' });
    expect(prod.limits).toMatchObject({ introspection: false, graphiql: false, blockFieldSuggestions: true });
    const { yoga } = makeYoga(prod);
    expect(codes(await post(yoga, '{ __schema { queryType { name } } }'))).toEqual(['INTROSPECTION_DISABLED']);
    const page = await yoga.fetch('http://localhost/graphql', { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/<html/i);

    const dev = makeYoga(testConfig()).yoga;
    expect((await post(dev, '{ helo }')).text).toContain('Did you mean');
    const devPage = await dev.fetch('http://localhost/graphql', { headers: { accept: 'text/html' } });
    expect(await devPage.text()).toMatch(/<html/i);

    const overridden = testConfig({ NODE_ENV: 'production', CCGRAPH_INTROSPECTION: 'true', CCGRAPH_GRAPHIQL: 'on' });
    expect(overridden.limits).toMatchObject({ introspection: true, graphiql: true, blockFieldSuggestions: false });
  });
});
