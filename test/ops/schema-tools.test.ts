// The schema tooling: breaking-change classification (graphql-inspector) and the subgraph SDL script.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { subgraphSDL } from '../../src/federation/index.js';
import { compareSchemas, formatComparison } from '../../scripts/lib/breaking.js';

const BASE = /* GraphQL */ `
  type Query { agent(id: ID!): Agent queues: [String!] }
  type Agent { id: ID! name: String! email: String }
  enum State { READY BUSY }
  type Extra { state: State }
`;

describe('schema:breaking', () => {
  it('flags removed fields and enum values as breaking, additions as safe', async () => {
    const next = buildSchema(/* GraphQL */ `
      type Query { agent(id: ID!): Agent queues: [String!] vendors: [String!] }
      type Agent { id: ID! name: String! }
      enum State { READY }
      type Extra { state: State }
    `);
    const c = await compareSchemas(BASE, next);
    expect(c.breaking.map((ch) => ch.path)).toEqual(expect.arrayContaining(['Agent.email', 'State.BUSY']));
    expect(c.safe.map((ch) => ch.path)).toContain('Query.vendors');
    expect(formatComparison(c, 'base')).toMatch(/^Schema changes against base:\nBREAKING \(2\):/);
  });

  it('passes an identical schema', async () => {
    const c = await compareSchemas(BASE, buildSchema(BASE));
    expect(c.breaking.length + c.dangerous.length + c.safe.length).toBe(0);
    expect(formatComparison(c, 'HEAD')).toBe('No schema changes against HEAD.\n');
  });
});

describe('subgraph:print', () => {
  it('prints the subgraph SDL', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/print-subgraph.ts'], {
      cwd: new URL('../..', import.meta.url).pathname,
      timeout: 25_000,
    });
    expect(stdout).toBe(subgraphSDL());
  });
});
