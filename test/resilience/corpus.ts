/**
 * The hostile corpus: seeded generators (fast-check) of HTTP requests and graphql-ws message sequences aimed at
 * the real gateway. Valid operations are generated from the schema itself, then mutated, truncated, flooded and
 * wrapped in broken transports. `fc.sample(arb, { seed, numRuns })` makes a run reproducible from its seed; the
 * schema walk draws from a sub-seed so one case is one integer plus the family's own fast-check values.
 */
import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

// ---------------------------------------------------------------------------------------------------------
// A small PRNG for the schema walk (one fast-check integer seeds it)

export interface Rng {
  next(): number;
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
}

export function rngOf(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
    chance: (p) => next() < p,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Operations from the schema

/** Real IDs read from the running gateway, so generated operations reach resolvers and vendors too. */
export interface IdPool {
  agents: string[];
  queues: string[];
  contacts: string[];
}

export interface Operation {
  query: string;
  variables: Record<string, unknown>;
  root: 'query' | 'mutation' | 'subscription';
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** IDs that are not what they claim: wrong type, foreign typename, bad base64, control characters, huge. */
export function forgedIds(rng: Rng, pool: IdPool): string {
  const real = [...pool.agents, ...pool.queues, ...pool.contacts];
  const forms: Array<() => string> = [
    () => b64(`Agent:${'x'.repeat(rng.int(40))}`),
    () => b64(`Queue:${'0'.repeat(32)}`),
    () => b64(`Queue:${'G'.repeat(32)}`),
    () => b64(`Contact:../../etc/passwd`),
    () => b64(`User:${rng.int(1000)}`),
    () => b64(`__proto__:constructor`),
    () => b64(`Agent:\u0000admin`),
    () => b64(`Agent:`),
    () => b64(`:x`),
    () => b64('Agent:email:' + 'a'.repeat(rng.int(3000)) + '@x'),
    () => rng.pick(real) ?? 'QWdlbnQ6eA==',
    () => (rng.pick(real) ?? 'QWdlbnQ6eA==').slice(0, -2),
    () => `${rng.pick(real) ?? ''}=`,
    () => '!!!not-base64!!!',
    () => '',
    () => '\u0000',
    () => '𝔄𝔤𝔢𝔫𝔱',
    () => 'A'.repeat(1 + rng.int(5000)),
    () => String(rng.int(1e9)),
    () => b64(`Agent:${b64('Agent:x')}`),
  ];
  return rng.pick(forms)();
}

const DATES = [
  () => new Date(Date.now() - 86_400_000).toISOString(),
  () => new Date().toISOString(),
  () => '2020-01-01T00:00:00Z',
  () => '+275760-09-13T00:00:00.000Z',
  () => '-271821-04-20T00:00:00.000Z',
  () => '1970-01-01',
  () => 'not a date',
  () => '2026-02-30T25:61:00Z',
  () => '',
];

const STRINGS = [
  '',
  'Anna',
  'a%',
  '\u0000',
  '\u202e\u0000\ufeff',
  '𝕳𝖊𝖑𝖑𝖔',
  "' OR 1=1 --",
  '${jndi:ldap://x}',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '\\',
  '"',
];

export class OperationGenerator {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly pool: IdPool,
  ) {}

  roots(): Array<Operation['root']> {
    const out: Array<Operation['root']> = ['query'];
    if (this.schema.getMutationType()) out.push('mutation');
    if (this.schema.getSubscriptionType()) out.push('subscription');
    return out;
  }

  operation(rng: Rng, root: Operation['root'] = 'query', opts: { maxDepth?: number; asVariables?: number } = {}): Operation {
    const type =
      root === 'mutation' ? this.schema.getMutationType() : root === 'subscription' ? this.schema.getSubscriptionType() : this.schema.getQueryType();
    if (!type) return { root: 'query', query: '{ __typename }', variables: {} };
    const vars: Array<{ name: string; type: string; value: unknown }> = [];
    const ctx = { rng, vars, asVariables: opts.asVariables ?? 0.3, maxDepth: opts.maxDepth ?? 4 };
    // Subscriptions allow one root field; mutations run in order, keep them few.
    const count = root === 'query' ? 1 + rng.int(3) : 1;
    const fields = Object.values(type.getFields());
    const parts: string[] = [];
    for (let i = 0; i < count; i++) {
      const f = rng.pick(fields);
      const alias = count > 1 ? `f${i}: ` : '';
      parts.push(`${alias}${this.field(f.name, f.args, f.type, 1, ctx)}`);
    }
    const header = vars.length ? `(${vars.map((v) => `$${v.name}: ${v.type}`).join(', ')})` : '';
    const name = rng.chance(0.5) ? ` Op${rng.int(100)}` : header ? ' Op' : '';
    const query = `${root}${name}${header} { ${parts.join(' ')} }`;
    return { root, query, variables: Object.fromEntries(vars.map((v) => [v.name, v.value])) };
  }

  private field(
    name: string,
    args: readonly GraphQLArgument[],
    type: Parameters<typeof getNamedType>[0],
    depth: number,
    ctx: { rng: Rng; vars: Array<{ name: string; type: string; value: unknown }>; asVariables: number; maxDepth: number },
  ): string {
    const { rng } = ctx;
    const argText: string[] = [];
    for (const a of args) {
      if (!isNonNullType(a.type) && !rng.chance(0.35)) continue;
      const value = this.value(a.type, rng, 0);
      if (rng.chance(ctx.asVariables)) {
        const v = `v${ctx.vars.length}`;
        ctx.vars.push({ name: v, type: String(a.type), value });
        argText.push(`${a.name}: $${v}`);
      } else {
        argText.push(`${a.name}: ${literal(value, a.type)}`);
      }
    }
    const head = `${name}${argText.length ? `(${argText.join(', ')})` : ''}`;
    const named = getNamedType(type);
    if (!named || isLeafType(named)) return head;
    return `${head} { ${this.selection(named, depth + 1, ctx)} }`;
  }

  private selection(
    type: GraphQLNamedType,
    depth: number,
    ctx: { rng: Rng; vars: Array<{ name: string; type: string; value: unknown }>; asVariables: number; maxDepth: number },
  ): string {
    const { rng } = ctx;
    if (isUnionType(type) || isInterfaceType(type)) {
      const possible = this.schema.getPossibleTypes(type);
      const picks = possible.filter(() => rng.chance(0.5)).slice(0, 3);
      const inner = picks.map((t) => `... on ${t.name} { ${this.selection(t, depth, ctx)} }`);
      if (isInterfaceType(type)) inner.push(this.objectFields(type, depth, ctx));
      return `__typename ${inner.join(' ')}`;
    }
    if (isObjectType(type)) return this.objectFields(type, depth, ctx);
    return '__typename';
  }

  private objectFields(
    type: GraphQLObjectType | GraphQLInterfaceType,
    depth: number,
    ctx: { rng: Rng; vars: Array<{ name: string; type: string; value: unknown }>; asVariables: number; maxDepth: number },
  ): string {
    const { rng } = ctx;
    const fields = Object.values(type.getFields());
    const usable = depth >= ctx.maxDepth ? fields.filter((f) => isLeafType(getNamedType(f.type))) : fields;
    if (usable.length === 0) return '__typename';
    const n = 1 + rng.int(Math.min(4, usable.length));
    const chosen = new Set<string>();
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const f = rng.pick(usable);
      if (chosen.has(f.name)) continue;
      chosen.add(f.name);
      out.push(this.field(f.name, f.args, f.type, depth, ctx));
    }
    return out.join(' ');
  }

  /** A plausible (mostly valid) value for an input type, as a JS value. */
  value(type: GraphQLInputType, rng: Rng, depth: number): unknown {
    if (isNonNullType(type)) return this.value(type.ofType, rng, depth);
    if (depth > 3) return null;
    if (rng.chance(0.03)) return null;
    if (isListType(type)) {
      const n = rng.int(4);
      return Array.from({ length: n }, () => this.value(type.ofType, rng, depth + 1));
    }
    if (isEnumType(type)) return rng.pick(type.getValues()).name;
    if (isInputObjectType(type)) {
      const out: Record<string, unknown> = {};
      for (const f of Object.values(type.getFields())) {
        if (isNonNullType(f.type) || rng.chance(0.4)) out[f.name] = this.value(f.type, rng, depth + 1);
      }
      return out;
    }
    if (isScalarType(type)) {
      switch (type.name) {
        case 'ID': {
          const { agents, queues, contacts } = this.pool;
          const real = [...agents, ...queues, ...contacts];
          if (real.length && rng.chance(0.7)) return rng.pick(real);
          return rng.chance(0.5) ? forgedIds(rng, this.pool) : String(rng.int(10_000));
        }
        case 'DateTime':
          return rng.pick(DATES)();
        case 'Int':
          return rng.pick([0, 1, 5, 20, 100, 101, -1, 2_147_483_647, rng.int(200)]);
        case 'Float':
          return rng.pick([0, 1.5, -1, 1e308, rng.next()]);
        case 'Boolean':
          return rng.chance(0.5);
        default:
          return rng.pick(STRINGS);
      }
    }
    return null;
  }
}

/** A JS value printed as a GraphQL literal of `type` (enums bare, strings JSON-escaped). */
export function literal(value: unknown, type?: GraphQLInputType): string {
  const named = type ? getNamedType(type) : undefined;
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) {
    const inner = type && (isNonNullType(type) ? type.ofType : type);
    const item = inner && isListType(inner) ? inner.ofType : undefined;
    return `[${value.map((v) => literal(v, item)).join(', ')}]`;
  }
  if (typeof value === 'object') {
    const fields = named && isInputObjectType(named) ? named.getFields() : {};
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${literal(v, fields[k]?.type)}`)
      .join(', ')}}`;
  }
  if (typeof value === 'string') return named && isEnumType(named) ? value : JSON.stringify(value);
  return String(value);
}

// ---------------------------------------------------------------------------------------------------------
// Mutating documents

const TOKEN = /\.\.\.|"(?:[^"\\]|\\.)*"|[A-Za-z_]\w*|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\s+|[^\s\w]/g;

const JUNK = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ':',
  '!',
  '$',
  '@',
  '...',
  '=',
  '|',
  '&',
  '#',
  '"',
  '"""',
  '\\',
  '\u0000',
  '\ufeff',
  '\ud800',
  '\u202e',
  '🙂',
  'query',
  'mutation',
  'subscription',
  'fragment',
  'on',
  'null',
  'true',
  '__schema',
  '__type(name: "Query") { name }',
  '__typename',
  '1e309',
  '99999999999999999999999',
  '-0',
  '0x1F',
  '__proto__',
  'constructor',
  '@include(if: true)',
  '@skip(if: $nope)',
  '@deprecated',
  '$undefinedVar',
];

export function mutateDocument(doc: string, rng: Rng, junk: string): string {
  const tokens = doc.match(TOKEN) ?? [doc];
  const i = rng.int(tokens.length);
  switch (rng.int(9)) {
    case 0: // drop a token
      tokens.splice(i, 1);
      break;
    case 1: // duplicate a token
      tokens.splice(i, 0, ...Array.from({ length: 1 + rng.int(5) }, () => tokens[i]!));
      break;
    case 2: {
      // swap two tokens
      const j = rng.int(tokens.length);
      [tokens[i], tokens[j]] = [tokens[j]!, tokens[i]!];
      break;
    }
    case 3: // replace a token by junk
      tokens[i] = rng.pick(JUNK);
      break;
    case 4: // truncate anywhere
      return doc.slice(0, rng.int(doc.length));
    case 5: // insert the fast-check junk (unicode, NUL, long strings)
      tokens.splice(i, 0, junk);
      break;
    case 6: {
      // duplicate a span many times (duplicate fields, repeated selections)
      const j = Math.min(tokens.length, i + 1 + rng.int(8));
      const span = tokens.slice(i, j);
      tokens.splice(j, 0, ...Array.from({ length: 2 + rng.int(60) }, () => [' ', ...span]).flat());
      break;
    }
    case 7: // junk inside a string literal or as a name
      tokens[i] = rng.chance(0.5) ? JSON.stringify(junk) : `n${junk.replace(/\W/g, '_')}`;
      break;
    default: // upper-case a keyword or name
      tokens[i] = (tokens[i] ?? '').toUpperCase();
  }
  return tokens.join('');
}

// ---------------------------------------------------------------------------------------------------------
// HTTP cases

export interface HttpCase {
  family: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** At least one error must carry one of these codes (when the family makes the outcome certain). */
  expectCodes?: string[];
  /** The status must be this. */
  expectStatus?: number;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const ACCEPTS = ['application/json', 'application/graphql-response+json', '*/*', 'text/html', 'text/event-stream', 'application/xml', ''];

const post = (family: string, body: unknown, extra: Partial<HttpCase> = {}): HttpCase => ({
  family,
  method: 'POST',
  path: '/graphql',
  headers: { ...JSON_HEADERS },
  body: typeof body === 'string' ? body : JSON.stringify(body),
  ...extra,
});

/** Strings fast-check is good at: full unicode (lone surrogates included), control characters, long runs. */
export const junkArb = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom(...JUNK) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 8 }).map((s) => s.repeat(5_000)) },
);

const LIMITS = { aliases: 15, directives: 20, depth: 12 };

export function httpCaseArb(gen: OperationGenerator, opts: { maxBodyBytes: number }): fc.Arbitrary<HttpCase> {
  const roots = gen.roots().filter((r) => r !== 'query');
  const seed = fc.integer({ min: 0, max: 0x7fffffff });
  const op = seed.map((s) => {
    const rng = rngOf(s);
    return gen.operation(rng, rng.chance(0.85) || roots.length === 0 ? 'query' : rng.pick(roots));
  });
  // Without a JSON-only Accept, yoga answers a subscription over HTTP with an endless event stream; ask for JSON
  // (406) so such a case ends. Subscriptions proper are exercised over graphql-ws.
  const acceptFor = (o: { root: string }, accept?: string): Record<string, string> =>
    o.root === 'subscription' ? { accept: 'application/json' } : accept ? { accept } : {};

  const valid = fc.tuple(op, fc.constantFrom(...ACCEPTS)).map(([o, accept]) =>
    post('valid', { query: o.query, variables: o.variables }, { headers: { ...JSON_HEADERS, ...acceptFor(o, accept) } }),
  );

  const mutated = fc.tuple(op, seed, fc.array(junkArb, { minLength: 1, maxLength: 3 })).map(([o, s, junks]) => {
    const rng = rngOf(s);
    let doc = o.query;
    for (const j of junks) doc = mutateDocument(doc, rng, j);
    return post('mutated document', { query: doc, variables: o.variables }, { headers: { ...JSON_HEADERS, ...acceptFor(o) } });
  });

  const wrongVariables = fc
    .tuple(
      seed,
      fc.oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.constantFrom(null, '', 0, -1, 1e309, true, [], {}, 'x'.repeat(100_000), [[[[[]]]]], { __proto__: { polluted: 1 } }),
        junkArb,
      ),
      fc.boolean(),
    )
    .map(([s, bad, whole]) => {
      const rng = rngOf(s);
      const o = gen.operation(rng, 'query', { asVariables: 1 });
      const names = Object.keys(o.variables);
      let variables: unknown = o.variables;
      if (whole || names.length === 0) variables = rng.chance(0.5) ? bad : JSON.stringify(bad);
      else variables = { ...o.variables, [rng.pick(names)]: bad, ...(rng.chance(0.3) ? { extra: bad } : {}) };
      return post('wrong variables', { query: o.query, variables });
    });

  const ids = fc.tuple(seed, fc.constantFrom('node', 'agent', 'queue', 'contact', 'nodes'), fc.boolean()).map(([s, field, asVar]) => {
    const rng = rngOf(s);
    const pool = (gen as unknown as { pool: IdPool }).pool;
    if (field === 'nodes') {
      const list = Array.from({ length: rng.int(30) }, () => forgedIds(rng, pool));
      return post('forged ids', { query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }', variables: { ids: list } });
    }
    const id = forgedIds(rng, pool);
    const sel = field === 'node' ? '{ id __typename }' : field === 'contact' ? '{ id contactId }' : '{ id name }';
    return asVar
      ? post('forged ids', { query: `query($id: ID!) { ${field}(id: $id) ${sel} }`, variables: { id } })
      : post('forged ids', { query: `{ ${field}(id: ${JSON.stringify(id)}) ${sel} }` });
  });

  const huge = fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1_000, max: 200_000 })).map(([k, n]) => {
    switch (k) {
      case 0:
        return post('huge values', { query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids: Array.from({ length: Math.min(n, 20_000) }, (_, i) => b64(`Agent:${i}`)) } });
      case 1:
        return post('huge values', { query: 'query($t: String) { agents(filter: { text: $t }) { totalCount } }', variables: { t: 'é'.repeat(n) } });
      case 2:
        return post('huge values', { query: `{ agents(first: ${n * 1000}) { totalCount } }` });
      case 3:
        return post('huge values', { query: 'query($l: [String!]) { agentWorkReport(from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z", logins: $l) { rowCount } }', variables: { l: Array.from({ length: Math.min(n, 20_000) }, (_, i) => `login${i}`) } });
      case 4:
        return post('huge values', { query: `{ agents(filter: { text: ${JSON.stringify('\u0000'.repeat(Math.min(n, 50_000)))} }) { totalCount } }` });
      case 5:
        return post('huge values', { query: `{ contacts(first: -${n}) { totalCount } }` });
      case 6:
        return post('huge values', { query: `query { vendors { vendor } }`, variables: Object.fromEntries(Array.from({ length: Math.min(n, 10_000) }, (_, i) => [`v${i}`, i])) });
      default:
        return post('huge values', { query: `{ vendors { vendor } }`, operationName: 'x'.repeat(n) });
    }
  });

  const deep = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 13, max: 3_000 })).map(([k, n]) => {
    switch (k) {
      case 0: {
        // Through the real schema: agent -> queues -> queue -> members -> queues -> …
        let sel = 'name';
        for (let i = 0; i < Math.min(n, 200); i++) sel = i % 2 ? `members { ${sel} }` : `queues { queue { ${sel} } }`;
        return post('deep nesting', { query: `{ agents(first: 1) { nodes { ${sel} } } }` }, { expectCodes: ['MAX_DEPTH_EXCEEDED', 'MAX_TOKENS_EXCEEDED', 'MAX_COST_EXCEEDED'] });
      }
      case 1:
        return post('deep nesting', { query: `{ ${'a { '.repeat(n)}b${' }'.repeat(n)} }` }, { expectCodes: ['GRAPHQL_VALIDATION_FAILED', 'MAX_DEPTH_EXCEEDED', 'MAX_TOKENS_EXCEEDED'] });
      case 2:
        return post('deep nesting', { query: `{ nodes(ids: ${'['.repeat(n)}"x"${']'.repeat(n)}) { id } }` }, { expectCodes: ['GRAPHQL_VALIDATION_FAILED', 'MAX_DEPTH_EXCEEDED', 'MAX_TOKENS_EXCEEDED'] });
      default: {
        let v: unknown = 'x';
        for (let i = 0; i < n; i++) v = { f: v };
        return post('deep nesting', { query: 'query($f: AgentFilter) { agents(filter: $f) { totalCount } }', variables: { f: v } });
      }
    }
  });

  const aliases = fc.tuple(fc.integer({ min: LIMITS.aliases + 1, max: 5_000 }), fc.boolean()).map(([n, cheap]) => {
    const field = cheap ? '__typename' : 'vendors { vendor }';
    const q = `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
    // graphql-armor exempts aliases of `__typename` (they cost nothing); only the token limit bounds those.
    return post('alias flood', { query: q }, cheap ? {} : { expectCodes: ['MAX_ALIASES_EXCEEDED', 'MAX_TOKENS_EXCEEDED'] });
  });

  const directives = fc.tuple(fc.integer({ min: LIMITS.directives + 1, max: 5_000 }), fc.constantFrom('@include(if: true)', '@skip(if: false)', '@nope', '@deprecated')).map(([n, d]) =>
    post('directive flood', { query: `{ vendors ${Array.from({ length: n }, () => d).join(' ')} { vendor } }` }, { expectCodes: ['MAX_DIRECTIVES_EXCEEDED', 'MAX_TOKENS_EXCEEDED'] }),
  );

  const fragments = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 2, max: 40 })).map(([k, n]) => {
    switch (k) {
      case 0:
        return post('fragments', { query: 'query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }' }, { expectCodes: ['GRAPHQL_VALIDATION_FAILED'] });
      case 1:
        return post('fragments', { query: 'query { ...A } fragment A on Query { vendors { vendor } ...A }' }, { expectCodes: ['GRAPHQL_VALIDATION_FAILED'] });
      case 2: {
        const defs = Array.from({ length: n }, (_, i) => `fragment F${i} on Query { ...F${(i + 1) % n} vendors { vendor } }`).join(' ');
        return post('fragments', { query: `query { ...F0 } ${defs}` }, { expectCodes: ['GRAPHQL_VALIDATION_FAILED', 'MAX_TOKENS_EXCEEDED'] });
      }
      case 3: {
        // A "fragment bomb": each level spreads the next twice (2^n fields if expanded naively).
        const defs = Array.from({ length: n }, (_, i) => (i === n - 1 ? `fragment F${i} on Query { vendors { vendor } }` : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`)).join(' ');
        return post('fragments', { query: `query { ...F0 } ${defs}` });
      }
      default:
        return post('fragments', { query: 'query { ...Missing } fragment X on Nope { a }' }, { expectCodes: ['GRAPHQL_VALIDATION_FAILED'] });
    }
  });

  const contentTypes = fc
    .tuple(op, fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/graphql', 'application/json; charset=utf-7', 'application/json; charset=latin1', 'garbage', ''), fc.boolean())
    .map(([o, ct, csrf]) => {
      const headers: Record<string, string> = { ...acceptFor(o) };
      if (ct) headers['content-type'] = ct;
      if (csrf) headers['x-graphql-csrf'] = '1';
      const body = ct === 'application/graphql' ? o.query : JSON.stringify({ query: o.query });
      return { family: 'content types', method: 'POST', path: '/graphql', headers, body } satisfies HttpCase;
    });

  const methods = fc.tuple(op, fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'), fc.boolean(), fc.integer({ min: 0, max: 3 })).map(([o, method, csrf, k]) => {
    const headers: Record<string, string> = { ...(csrf ? { 'x-graphql-csrf': '1' } : {}), ...acceptFor(o) };
    const params = new URLSearchParams({ query: o.query });
    if (k === 1) params.set('variables', JSON.stringify(o.variables));
    if (k === 2) params.set('variables', '{not json');
    if (k === 3) params.set('query', `{ agents(filter: { text: "${'z'.repeat(20_000)}" }) { totalCount } }`); // over the header limit
    return { family: 'methods', method, path: `/graphql?${params}`, headers } satisfies HttpCase;
  });

  const malformedJson = fc.tuple(op, fc.integer({ min: 0, max: 11 }), fc.nat()).map(([o, k, n]) => {
    const good = JSON.stringify({ query: o.query, variables: o.variables });
    const bodies: Array<() => string | Buffer> = [
      () => good.slice(0, n % Math.max(1, good.length)),
      () => `${good}}}garbage`,
      () => `\ufeff${good}`,
      () => 'null',
      () => '"{ vendors { vendor } }"',
      () => '12345',
      () => `${'['.repeat(10_000 + (n % 50_000))}`,
      () => '{"query": null}',
      () => '{"query": {"kind": "Document"}}',
      () => '{"query": "{ vendors { vendor } }", "query": 1}',
      () => Buffer.concat([Buffer.from('{"query": "{ vendors { vendor } }"'), Buffer.from([0xff, 0xfe, 0x00, 0xc3]), Buffer.from('}')]),
      () => '{"__proto__": {"query": "{ vendors { vendor } }"}, "constructor": {"prototype": {"x": 1}}}',
    ];
    return { family: 'malformed JSON', method: 'POST', path: '/graphql', headers: { ...JSON_HEADERS, ...acceptFor(o) }, body: bodies[k]!() } satisfies HttpCase;
  });

  const oversized = fc.integer({ min: 1, max: 1_000_000 }).map((extra) => {
    const pad = 'x'.repeat(opts.maxBodyBytes + extra);
    return post('oversized body', `{"query": "{ vendors { vendor } }", "pad": "${pad}"}`, { expectStatus: 413, expectCodes: ['REQUEST_ENTITY_TOO_LARGE'] });
  });

  const batches = fc
    .tuple(op, fc.integer({ min: 0, max: 200 }))
    .map(([o, n]) => post('batching', Array.from({ length: n }, () => ({ query: o.query })), { headers: { ...JSON_HEADERS, ...acceptFor(o) } }));

  const paths = fc.constantFrom('/graphql/', '/graphql/../health', '/GRAPHQL', '/graphql%00', '/graphql?query=%ZZ', '/nope', '/_sim/faults', '/metrics', '//graphql').map(
    (path) => ({ family: 'paths', method: 'GET', path, headers: {} }) satisfies HttpCase,
  );

  return fc.oneof(
    { weight: 14, arbitrary: valid },
    { weight: 24, arbitrary: mutated },
    { weight: 12, arbitrary: wrongVariables },
    { weight: 10, arbitrary: ids },
    { weight: 4, arbitrary: huge },
    { weight: 4, arbitrary: deep },
    { weight: 4, arbitrary: aliases },
    { weight: 4, arbitrary: directives },
    { weight: 4, arbitrary: fragments },
    { weight: 6, arbitrary: contentTypes },
    { weight: 6, arbitrary: methods },
    { weight: 6, arbitrary: malformedJson },
    { weight: 1, arbitrary: oversized },
    { weight: 2, arbitrary: batches },
    { weight: 1, arbitrary: paths },
  );
}

// ---------------------------------------------------------------------------------------------------------
// graphql-ws cases

/** Wait for the server's `connection_ack` before sending the next frames (the protocol's rule for clients). */
export const AWAIT_ACK = { awaitAck: true } as const;

/** One websocket session: frames to send in order (after the socket opens). */
export interface WsCase {
  family: string;
  frames: Array<string | Buffer | typeof AWAIT_ACK>;
  /** Close codes the server may end the session with (undefined: it must stay open until we close it). */
  closeCodes?: number[];
  /** The session may also stay open (a race decides, e.g. a query finishing before its id is reused). */
  mayStayOpen?: boolean;
}

const init = JSON.stringify({ type: 'connection_init' });
const sub = (id: unknown, payload: unknown) => JSON.stringify({ id, type: 'subscribe', payload });

export function wsCaseArb(gen: OperationGenerator, opts: { maxBodyBytes: number }): fc.Arbitrary<WsCase> {
  const seed = fc.integer({ min: 0, max: 0x7fffffff });
  const roots = gen.roots();

  const operations = fc.tuple(seed, fc.array(junkArb, { maxLength: 2 })).map(([s, junks]) => {
    const rng = rngOf(s);
    const o = gen.operation(rng, rng.pick(roots));
    let query = o.query;
    for (const j of junks) query = mutateDocument(query, rng, j);
    return { family: 'operations', frames: [init, AWAIT_ACK, sub(`op${s}`, { query, variables: o.variables })] } satisfies WsCase;
  });

  const broken = fc.tuple(fc.integer({ min: 0, max: 13 }), junkArb).map(([k, junk]): WsCase => {
    switch (k) {
      case 0:
        return { family: 'invalid JSON', frames: [init, `{"type": "subscribe", ${junk}`], closeCodes: [4400] };
      case 1:
        return { family: 'invalid JSON', frames: [junk.length ? junk : '{'], closeCodes: [4400] };
      case 2:
        return { family: 'unknown type', frames: [init, JSON.stringify({ type: junk || 'nope', id: '1' })], closeCodes: [4400] };
      case 3:
        return { family: 'subscribe before connection_init', frames: [sub('1', { query: '{ vendors { vendor } }' })], closeCodes: [4401] };
      case 4:
        return { family: 'duplicate connection_init', frames: [init, init], closeCodes: [4429] };
      case 5:
        return {
          family: 'duplicate ids',
          // A subscription stays active, so a second subscribe with its id is a conflict; a query may finish first.
          frames: [init, AWAIT_ACK, sub('dup', { query: roots.includes('subscription') ? subscriptionDoc(gen) : '{ agents(first: 100) { nodes { name } } }' }), sub('dup', { query: '{ vendors { vendor } }' })],
          closeCodes: [4409],
          mayStayOpen: !roots.includes('subscription'),
        };
      case 6:
        return { family: 'huge payload', frames: [init, AWAIT_ACK, sub('big', { query: `{ vendors { vendor } } # ${'x'.repeat(opts.maxBodyBytes + 10)}` })], closeCodes: [1009] };
      case 7:
        return { family: 'binary frame', frames: [init, Buffer.from([0x00, 0xff, 0x7b, 0x22])], closeCodes: [4400, 1003] };
      case 8:
        return { family: 'bad subscribe payload', frames: [init, AWAIT_ACK, JSON.stringify({ type: 'subscribe', id: '1', payload: junk })], closeCodes: [4400] };
      case 9:
        return { family: 'bad subscribe payload', frames: [init, AWAIT_ACK, sub(12345, { query: '{ vendors { vendor } }' })], closeCodes: [4400] };
      case 10:
        return { family: 'ping/pong/complete noise', frames: [init, AWAIT_ACK, JSON.stringify({ type: 'ping', payload: { junk } }), JSON.stringify({ type: 'pong' }), JSON.stringify({ type: 'complete', id: 'never-started' })] };
      case 11:
        return { family: 'bad connection_init payload', frames: [JSON.stringify({ type: 'connection_init', payload: junk })], closeCodes: [4400] };
      case 12:
        return { family: 'bad subscribe payload', frames: [init, AWAIT_ACK, sub('v', { query: 'query($a: Int!) { agents(first: $a) { totalCount } }', variables: { a: junk } })] };
      default:
        // A server-only message type from a client is a protocol violation: 4400 (src/wsTransport.ts; graphql-ws alone says 4500).
        return { family: 'server-only message', frames: [init, AWAIT_ACK, JSON.stringify({ type: 'next', id: '1', payload: {} })], closeCodes: [4400] };
    }
  });

  return fc.oneof({ weight: 1, arbitrary: operations }, { weight: 1, arbitrary: broken });
}

function subscriptionDoc(gen: OperationGenerator): string {
  return gen.operation(rngOf(1), 'subscription', { asVariables: 0 }).query;
}
