/**
 * The README's GraphQL examples as a newcomer runs them (issue 17). Each README block is a file in docs/examples/
 * (checked equal here), and each file is run against the same simulator `npm start` embeds (seed, size and poll
 * interval as configured by default), asserting what the README says it does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPHIQL_DEFAULT_QUERY } from '../../src/plugins/useGraphiQL.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { subscribe, wsClient } from '../helpers/ws.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EXAMPLES = join(ROOT, 'docs', 'examples');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const example = (name: string) => readFileSync(join(EXAMPLES, name), 'utf8');

/** The README promises a change within this many seconds ("… within N seconds …" next to the subscription). */
function promisedSeconds(): number {
  const m = /first change arrives within (\d+) seconds/.exec(README);
  if (!m) throw new Error('README no longer states how soon the subscription shows a change');
  return Number(m[1]);
}

describe('README examples are the files in docs/examples', () => {
  it('every ```graphql block of the README is a docs/examples file, and every file is shown', () => {
    const blocks = [...README.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.graphql'));
    const contents = files.map((f) => example(f).trim());
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) expect(contents, `README block not in docs/examples:\n${b}`).toContain(b);
    for (const [i, c] of contents.entries()) expect(blocks, `docs/examples/${files[i]} is not shown in the README`).toContain(c);
  });
});

describe('README examples against the simulator npm start embeds', () => {
  let stack: Stack;
  let client: Client;
  beforeAll(async () => {
    // npm start's simulator: seed 42, 50 agents, 6 queues, real time; the gateway's default poll intervals.
    stack = await startStack({ sim: { seed: 42, agents: 50, queues: 6, autoTick: true, speed: 1 } });
    client = wsClient(stack.url);
  });
  afterAll(async () => {
    await client?.dispose();
    await stack?.close();
  });

  let steerable: Array<{ id: string; name: string; state: string }> = [];

  it('dashboard.graphql: queues, steerable agents (cc_agent account, not in a contact) and every vendor reachable', async () => {
    const { body } = await stack.run(example('dashboard.graphql'));
    expect(body.errors).toBeUndefined();
    const data = body.data as Record<string, any>;
    expect(data.queues).toHaveLength(6);
    for (const q of data.queues) expect(q.status.waitingNow).toEqual(expect.any(Number));
    const agents = data.agents.edges.map((e: { node: any }) => e.node);
    expect(agents.length).toBeGreaterThan(0);
    for (const a of agents) {
      expect(a.accounts.map((x: { vendor: string }) => x.vendor)).toContain('CCAGENT');
      expect(['NOT_READY', 'PAUSED', 'AVAILABLE']).toContain(a.state);
    }
    steerable = agents;
    expect(data.vendors).toHaveLength(5);
    for (const v of data.vendors) expect(v).toMatchObject({ configured: true, reachable: true, probe: { latencyMs: expect.any(Number) } });
  });

  it(`watch-agents.graphql: a snapshot, then a change within the time the README states`, async () => {
    const seconds = promisedSeconds();
    const sub = subscribe<{ agentStatusChanged: { kind: string; sequence: number; changes: Array<{ kind: string; agent: { state: string } | null }> } }>(
      client,
      example('watch-agents.graphql'),
    );
    try {
      const first = await sub.next(10_000);
      expect(first.agentStatusChanged.kind).toBe('SNAPSHOT');
      expect(first.agentStatusChanged.changes.length).toBe(50);
      const started = Date.now();
      const change = await sub.next(seconds * 1000);
      console.log(`first change after ${Date.now() - started} ms (README promises ${seconds} s)`);
      expect(change.agentStatusChanged.kind).toBe('CHANGE');
      expect(change.agentStatusChanged.changes.length).toBeGreaterThan(0);
    } finally {
      sub.dispose();
    }
  }, 60_000);

  it('set-pause.graphql: pauses a steerable agent (PAUSED at once, or pending until its contact ends)', async () => {
    expect(steerable.length).toBeGreaterThan(0);
    const agent = steerable.find((a) => a.state !== 'AVAILABLE') ?? steerable[0]!;
    const { body } = await stack.run(example('set-pause.graphql'), { agentId: agent.id });
    expect(body.errors).toBeUndefined();
    const p = body.data.setPause;
    expect(p.__typename).toBe('SetPausePayload');
    if (p.pending) {
      // An available agent may have taken a contact since the first query: the README explains this case.
      expect(['BUSY', 'WRAP_UP']).toContain(p.agent.state);
      expect(p.agent.pendingPause).toEqual({ pauseId: 1 });
    } else {
      expect(p).toMatchObject({ pending: false, agent: { name: agent.name, state: 'PAUSED', pendingPause: null } });
    }
    if (agent.state !== 'AVAILABLE') expect(p.pending).toBe(false);
  });

  it("GraphiQL's default query runs without errors", async () => {
    const { body } = await stack.run(GRAPHIQL_DEFAULT_QUERY);
    expect(body.errors).toBeUndefined();
    expect(body.data.vendors).toHaveLength(5);
  });
});
