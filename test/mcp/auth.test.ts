/**
 * /mcp behind client authentication (API keys of three roles): no credential, no MCP; a viewer reads but cannot
 * steer; a supervisor steers after confirming; a token is bound to the caller who got it; CCGRAPH_MCP=off removes it.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../helpers/stack.js';
import { agentPicker, countOf, startMutationStack } from '../mutations/harness.js';
import { sha256Hex } from '../security/harness.js';
import { call, mcpClient, tokenOf } from './client.js';

const VIEWER = 'viewer-key-4f8a1c2e9b';
const SUPERVISOR = 'supervisor-key-7d3e5a1f0c';
const ADMIN = 'admin-key-2b6c8e0a4d';

let stack: Stack;
let pick: ReturnType<typeof agentPicker>;
const clients: Client[] = [];

beforeAll(async () => {
  stack = await startMutationStack({
    env: {
      CCGRAPH_API_KEYS: JSON.stringify([
        { name: 'wall', role: 'viewer', sha256: sha256Hex(VIEWER) },
        { name: 'lead', role: 'supervisor', sha256: sha256Hex(SUPERVISOR) },
        { name: 'ops', role: 'admin', sha256: sha256Hex(ADMIN) },
      ]),
    },
  });
  pick = agentPicker(stack);
});
afterAll(async () => {
  for (const c of clients) await c.close();
  await stack?.close();
});

async function as(key: string) {
  const c = await mcpClient(stack.url, { 'x-api-key': key });
  clients.push(c);
  return c;
}

describe('authentication', () => {
  it('refuses an MCP session without or with a wrong credential (401, the GraphQL path\'s message)', async () => {
    await expect(mcpClient(stack.url)).rejects.toThrow(/401|Authentication required/);
    await expect(mcpClient(stack.url, { 'x-api-key': 'wrong' })).rejects.toThrow(/401|Invalid credentials/);
    const raw = await fetch(`${stack.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(raw.status).toBe(401);
    expect(raw.headers.get('www-authenticate')).toBe('Bearer');
    expect(await raw.json()).toMatchObject({ jsonrpc: '2.0', error: { message: expect.stringContaining('Authentication required') } });
  });

  it('a viewer reads, but cannot steer: no preview, no token, no vendor write', async () => {
    const viewer = await as(VIEWER);
    expect((await call(viewer, 'agents_by_state', { states: ['BUSY'] })).isError).toBe(false);
    const person = pick.ready();
    stack.sim.counters.reset();
    for (const [tool, args] of [
      ['set_ready_state', { agent: person.key, state: 'NOT_READY' }],
      ['pause_agent', { agent: person.key, pauseId: 2 }],
      ['set_queue_serving', { agent: person.key, queue: person.memberships[0]!.queue.name, serving: false }],
    ] as const) {
      const r = await call(viewer, tool, args);
      expect(r).toEqual({ isError: true, text: `Only supervisors may use ${tool}; your role is viewer. Nothing was changed.` });
    }
    expect(person.state).toBe('Ready');
    expect(stack.sim.counters.total()).toBe(0);
  });

  it('a supervisor previews and confirms; the token is bound to that caller', async () => {
    const supervisor = await as(SUPERVISOR);
    const admin = await as(ADMIN);
    const person = pick.ready();
    const preview = await call(supervisor, 'set_ready_state', { agent: person.key, state: 'NOT_READY' });
    const token = tokenOf(preview);
    stack.sim.counters.reset();
    const stolen = await call(admin, 'set_ready_state', { agent: person.key, state: 'NOT_READY', confirmationToken: token });
    expect(stolen).toEqual({ isError: true, text: expect.stringContaining('another caller') });
    expect(countOf(stack, 'sinch PUT /agents/{agentId}/readyState')).toBe(0);
    const done = await call(supervisor, 'set_ready_state', { agent: person.key, state: 'NOT_READY', confirmationToken: token });
    expect(done.text).toMatch(/^Done\./);
    expect(person.state).toBe('NotReady');
  });
});

describe('CCGRAPH_MCP=off', () => {
  it('serves no /mcp (the path falls through to 404)', async () => {
    const off = await startMutationStack({ env: { CCGRAPH_MCP: 'off' } });
    try {
      const r = await fetch(`${off.url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(r.status).toBe(404);
    } finally {
      await off.close();
    }
  });
});

describe('the graph\'s limits', () => {
  it('apply to the documents a tool runs (a cost limit below the overview\'s cost refuses it, with its code)', async () => {
    const tight = await startMutationStack({ env: { CCGRAPH_MAX_COST: '20' } });
    const client = await mcpClient(tight.url);
    try {
      const r = await call(client, 'queue_overview');
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/^Could not read the queues\. \[MAX_COST_EXCEEDED\] /);
    } finally {
      await client.close();
      await tight.close();
    }
  });
});

describe('transport guards', () => {
  it('refuses GET (stateless: no server stream) and cross-origin browser requests', async () => {
    const get = await fetch(`${stack.url}/mcp`, { headers: { 'x-api-key': VIEWER, accept: 'text/event-stream' } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const cross = await fetch(`${stack.url}/mcp`, {
      method: 'POST',
      headers: { 'x-api-key': VIEWER, origin: 'https://evil.example', 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(cross.status).toBe(403);
  });
});
