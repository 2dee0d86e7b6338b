// Identical queries in flight together run once (src/plugins/shared-execution.ts): who may join, and what each
// request still gets of its own.
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useDeferredErrors } from '../../src/plugins/deferred-errors.js';
import { DeferredErrors } from '../../src/schema/errors.js';
import { serializeOnce, useSharedExecution } from '../../src/plugins/shared-execution.js';
import { GraphQLError } from 'graphql';

function setup() {
  let calls = 0;
  let shared = 0;
  let release!: () => void;
  let gate = new Promise<void>((r) => (release = r));
  const schema = createSchema<any>({
    typeDefs: 'type Query { slow(tag: String): Int } type Mutation { write: Int }',
    resolvers: {
      Query: {
        slow: async (_: unknown, args: { tag?: string }, ctx: { loaders: { deferred: DeferredErrors } }) => {
          const n = ++calls;
          if (args.tag === 'stale') {
            ctx.loaders.deferred.add(new GraphQLError('sinch is unavailable', { extensions: { code: 'VENDOR_UNAVAILABLE', vendor: 'sinch', stale: true } }));
          }
          await gate;
          return n;
        },
      },
      Mutation: { write: () => 1 },
    },
  });
  const yoga = createYoga({
    schema,
    plugins: [useSharedExecution({ onShared: () => shared++ }), useDeferredErrors()],
    // The floor and roles come from headers here; the gateway takes them from the connection and the credentials.
    context: ({ request }) => {
      const floor = request.headers.get('x-floor');
      return {
        auth: { enabled: true, roles: [request.headers.get('x-role') ?? 'viewer'], subject: null },
        loaders: { sharedSince: floor === null ? undefined : Number(floor), deferred: new DeferredErrors() },
      };
    },
  });
  const run = async (query: string, headers: Record<string, string> = { 'x-floor': '0' }, variables?: Record<string, unknown>): Promise<any> => {
    const res = await yoga.fetch('http://ccgraph/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return res.json();
  };
  return {
    run,
    calls: () => calls,
    shared: () => shared,
    /** Lets every execution waiting so far finish; later ones wait for the next release. */
    release: async () => {
      release();
      await new Promise((r) => setTimeout(r, 5));
      gate = new Promise<void>((r) => (release = r));
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('shared execution of identical queries in flight', () => {
  it('runs identical concurrent queries once and gives each request the same answer', async () => {
    const s = setup();
    const a = s.run('{ slow }');
    await tick();
    const b = s.run('{ slow }');
    await tick();
    await s.release();
    expect(await a).toEqual({ data: { slow: 1 } });
    expect(await b).toEqual({ data: { slow: 1 } });
    expect(s.calls()).toBe(1);
    expect(s.shared()).toBe(1);
    // Once answered, nothing is kept: the next query executes.
    const c = s.run('{ slow }');
    await tick();
    await s.release();
    expect(await c).toEqual({ data: { slow: 2 } });
  });

  it('never joins an execution that started before the request’s connection got its previous answer', async () => {
    const s = setup();
    const a = s.run('{ slow }');
    await tick();
    const b = s.run('{ slow }', { 'x-floor': String(Date.now()) });
    await tick();
    await s.release();
    expect((await a).data.slow).toBe(1);
    expect((await b).data.slow).toBe(2);
    expect(s.shared()).toBe(0);
  });

  it('keeps different variables, roles and floorless requests apart', async () => {
    const s = setup();
    const q = 'query($t: String) { slow(tag: $t) }';
    const all = [
      s.run(q, undefined, { t: 'x' }),
      s.run(q, undefined, { t: 'y' }),
      s.run(q, { 'x-floor': '0', 'x-role': 'supervisor' }, { t: 'x' }),
      s.run(q, {}, { t: 'x' }), // no floor (websocket, in-process): never shares
    ];
    await tick();
    await s.release();
    const values = (await Promise.all(all)).map((r) => r.data.slow);
    expect(new Set(values).size).toBe(4);
    expect(s.calls()).toBe(4);
    expect(s.shared()).toBe(0);
  });

  it('never joins an execution older than a mutation', async () => {
    const s = setup();
    const a = s.run('{ slow }');
    await tick();
    expect((await s.run('mutation { write }')).data.write).toBe(1);
    const b = s.run('{ slow }');
    await tick();
    await s.release();
    expect((await a).data.slow).toBe(1);
    expect((await b).data.slow).toBe(2);
  });

  it('gives a request that joined the errors reported beside the data (stale snapshots)', async () => {
    const s = setup();
    const q = 'query($t: String) { slow(tag: $t) }';
    const a = s.run(q, undefined, { t: 'stale' });
    await tick();
    const b = s.run(q, undefined, { t: 'stale' });
    await tick();
    await s.release();
    for (const r of [await a, await b]) {
      expect(r.data).toEqual({ slow: 1 });
      expect(r.errors.map((e: any) => e.extensions.code)).toEqual(['VENDOR_UNAVAILABLE']);
    }
    expect(s.shared()).toBe(1);
  });
});

describe('serializeOnce', () => {
  it('reuses the JSON for answers holding the same parts, and serializes anything changed on its own', () => {
    const data = { slow: 1 };
    const result = { data };
    const stringify = serializeOnce(result);
    const a = stringify({ ...result });
    const b = stringify({ ...result });
    expect(a).toBe('{"data":{"slow":1}}');
    expect(b).toBe(a);
    const withErrors = { ...result, errors: [new GraphQLError('stale')] };
    expect(JSON.parse(stringify(withErrors)).errors).toHaveLength(1);
    const mutated = result as { data: { slow: number }; extensions?: Record<string, unknown> };
    mutated.extensions = { note: 1 };
    expect(JSON.parse(stringify({ ...mutated }))).toEqual({ data: { slow: 1 }, extensions: { note: 1 } });
  });
});
