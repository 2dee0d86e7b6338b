// Federation v2 subgraph mode: our SDL composes with a second subgraph extending Agent, and the served subgraph
// resolves entity references through the loaders. Without CCGRAPH_FEDERATION the schema is the plain one.
import { parse } from 'graphql';
import { composeServices, compositionHasErrors } from '@theguild/federation-composition';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITIES as ENTITY_TYPES, subgraphSDL } from '../../src/federation/index.js';
import { printSchemaSDL } from '../../src/schema/index.js';
import { startOpsStack, type OpsStack } from './harness.js';

const CRM = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  type Agent @key(fields: "id") {
    id: ID!
    crmNotes: [String!]!
  }

  type Query {
    crmNoteCount: Int!
  }
`;

const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      __typename
      ... on Agent { id name email }
      ... on Queue { id name channel }
    }
  }
`;

describe('federation subgraph', () => {
  it('composes with a crm subgraph that extends Agent', () => {
    const result = composeServices([
      { name: 'ccgraph', typeDefs: parse(subgraphSDL()) },
      { name: 'crm', typeDefs: parse(CRM) },
    ]);
    if (compositionHasErrors(result)) throw new Error(result.errors.map((e) => e.message).join('\n'));
    const agent = result.supergraphSdl.slice(result.supergraphSdl.indexOf('type Agent'));
    expect(agent).toMatch(/@join__type\(graph: CCGRAPH, key: "id"\)/);
    expect(agent).toMatch(/@join__type\(graph: CRM, key: "id"\)/);
    expect(result.publicSdl).toMatch(/crmNotes: \[String!\]!/);
    expect(result.publicSdl).toMatch(/crmNoteCount: Int!/);
    expect(result.publicSdl).toMatch(/agentWorkReport\(/);
  });

  it('marks Agent and Queue (and only them) as entities keyed by id', () => {
    // @apollo/subgraph's printer puts schema and type directives on their own lines.
    const sdl = subgraphSDL();
    expect(sdl).toMatch(/^extend schema\s+@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.6", import: \["@key"\]\)/);
    expect(sdl.match(/@key\(fields: "id"\)/g)).toHaveLength(2);
    expect(sdl).toMatch(/type Agent implements Node\s+@key\(fields: "id"\)\s*\{/);
    expect(sdl).toMatch(/type Queue implements Node\s+@key\(fields: "id"\)\s*\{/);
    expect(ENTITY_TYPES).toEqual([{ typename: 'Agent', key: 'id' }, { typename: 'Queue', key: 'id' }]);
  });

  it('leaves the normal schema untouched (schema:check compares it with schema.graphql)', () => {
    expect(printSchemaSDL()).not.toMatch(/_entities|_service|@key|_Any|_Entity/);
  });

  describe('served with CCGRAPH_FEDERATION=1', () => {
    let stack: OpsStack;
    let plain: OpsStack;
    beforeAll(async () => {
      [stack, plain] = await Promise.all([startOpsStack({ env: { CCGRAPH_FEDERATION: '1' } }), startOpsStack()]);
    });
    afterAll(async () => {
      await Promise.all([stack?.close(), plain?.close()]);
    });

    it('publishes its SDL through _service', async () => {
      const res = await stack.post({ query: '{ _service { sdl } }' });
      expect(res.body.data._service.sdl).toBe(subgraphSDL());
    });

    it('resolves Agent and Queue references through the loaders, in order, null for unknown ones', async () => {
      const listed = await stack.post({ query: '{ agents(first: 2) { nodes { id name email } } queues { id name channel } }' });
      const [a1, a2] = listed.body.data.agents.nodes;
      const q = listed.body.data.queues[0];
      const unknownAgent = Buffer.from('Agent:nobody-here').toString('base64');

      stack.sim.counters.reset();
      const res = await stack.post({
        query: ENTITIES,
        variables: {
          representations: [
            { __typename: 'Agent', id: a2.id },
            { __typename: 'Queue', id: q.id },
            { __typename: 'Agent', id: unknownAgent },
            { __typename: 'Agent', id: a1.id },
          ],
        },
      });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data._entities).toEqual([
        { __typename: 'Agent', ...a2 },
        { __typename: 'Queue', ...q },
        null,
        { __typename: 'Agent', ...a1 },
      ]);
      // The identity directory is cached; the queue came from one queueStatuses call however many were asked.
      expect(stack.sim.counters.get()['sinch GET /queueStatuses'] ?? 0).toBeLessThanOrEqual(1);
    });

    it('fails only the bad representation, with BAD_USER_INPUT', async () => {
      const listed = await stack.post({ query: '{ agents(first: 1) { nodes { id name } } }' });
      const a = listed.body.data.agents.nodes[0];
      const res = await stack.post({
        query: ENTITIES,
        variables: { representations: [{ __typename: 'Agent', id: 'garbage' }, { __typename: 'Contact', id: a.id }, { __typename: 'Agent', id: a.id }] },
      });
      expect(res.body.data._entities[0]).toBeNull();
      expect(res.body.data._entities[1]).toBeNull();
      expect(res.body.data._entities[2]).toMatchObject({ __typename: 'Agent', name: a.name });
      const codes = res.body.errors.map((e: any) => [e.path.join('.'), e.extensions.code]);
      expect(codes).toEqual(expect.arrayContaining([['_entities.0', 'BAD_USER_INPUT'], ['_entities.1', 'BAD_USER_INPUT']]));
    });

    it('answers a representation naming no type at all, or none, at its own index too', async () => {
      const listed = await stack.post({ query: '{ queues { id name } }' });
      const q = listed.body.data.queues[0];
      const res = await stack.post({
        query: ENTITIES,
        variables: { representations: [{ __typename: 'NoSuchType', id: q.id }, { id: q.id }, { __typename: 'Queue', id: q.id }, { __typename: 'Queue', id: 42 }] },
      });
      expect(res.body.data._entities.slice(0, 2)).toEqual([null, null]);
      expect(res.body.data._entities[2]).toMatchObject({ __typename: 'Queue', id: q.id, name: q.name });
      expect(res.body.data._entities[3]).toBeNull();
      const codes = res.body.errors.map((e: any) => [e.path.join('.'), e.extensions.code]).sort();
      expect(codes).toEqual([['_entities.0', 'BAD_USER_INPUT'], ['_entities.1', 'BAD_USER_INPUT'], ['_entities.3', 'BAD_USER_INPUT']]);
    });

    it('still serves the normal read graph', async () => {
      const res = await stack.post({ query: '{ agents(first: 1) { totalCount } }' });
      expect(res.body.data.agents.totalCount).toBe(12);
    });

    it('has no federation fields without the switch', async () => {
      const res = await plain.post({ query: '{ _service { sdl } }' });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });
});
