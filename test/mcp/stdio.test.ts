/**
 * The stdio entry (`ccgraph-mcp`, bin/ccgraph-mcp.mjs) through the SDK's StdioClientTransport, as a desktop
 * assistant starts it: pointed at the test's simulator by environment, a confirmed steering call changes it; with
 * client auth on, the role of CCGRAPH_MCP_API_KEY decides.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { sha256Hex } from '../security/harness.js';
import { SIM } from '../mutations/harness.js';
import { call, tokenOf } from './client.js';

const BIN = fileURLToPath(new URL('../../bin/ccgraph-mcp.mjs', import.meta.url));
const VIEWER = 'stdio-viewer-key-91ab';
const SUPERVISOR = 'stdio-supervisor-key-37cd';

let sim: Simulator;
let env: Record<string, string>;

beforeAll(async () => {
  sim = await startSimulator({ ...SIM, autoTick: false });
  const dir = mkdtempSync(join(tmpdir(), 'ccgraph-mcp-'));
  const identities = join(dir, 'identities.json');
  writeFileSync(identities, JSON.stringify(sim.identities()));
  env = { PATH: process.env.PATH ?? '', ...sim.env(), CCGRAPH_IDENTITIES: identities, LOG_LEVEL: 'silent' };
});
afterAll(async () => {
  await sim?.close();
});

async function stdioClient(extra: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'desktop-assistant', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN], env: { ...env, ...extra }, stderr: 'pipe' }));
  return client;
}

describe('ccgraph-mcp over stdio', () => {
  it('lists the tools, reads the simulator and steers it after confirmation', async () => {
    const client = await stdioClient();
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('set_ready_state');
      const overview = await call(client, 'queue_overview');
      expect(overview.text).toMatch(new RegExp(`^${sim.model.queues.length} queue\\(s\\)`));
      const person = sim.model.agents.find((a) => a.state === 'Ready' && !a.contact)!;
      const preview = await call(client, 'set_ready_state', { agent: person.key, state: 'NOT_READY' });
      expect(person.state).toBe('Ready');
      const done = await call(client, 'set_ready_state', { agent: person.key, state: 'NOT_READY', confirmationToken: tokenOf(preview) });
      expect(done.text).toMatch(/^Done\./);
      expect(person.state).toBe('NotReady');
    } finally {
      await client.close();
    }
  }, 90_000);

  it('with client auth on, presents CCGRAPH_MCP_API_KEY: a viewer key reads but cannot steer', async () => {
    const keys = JSON.stringify([
      { name: 'desk', role: 'viewer', sha256: sha256Hex(VIEWER) },
      { name: 'lead', role: 'supervisor', sha256: sha256Hex(SUPERVISOR) },
    ]);
    const client = await stdioClient({ CCGRAPH_API_KEYS: keys, CCGRAPH_MCP_API_KEY: VIEWER });
    try {
      expect((await call(client, 'agents_by_state', { states: ['BUSY'] })).isError).toBe(false);
      const person = sim.model.agents.find((a) => a.state === 'Ready' && !a.contact)!;
      const r = await call(client, 'set_ready_state', { agent: person.key, state: 'NOT_READY' });
      expect(r).toEqual({ isError: true, text: 'Only supervisors may use set_ready_state; your role is viewer. Nothing was changed.' });
      expect(person.state).toBe('Ready');
    } finally {
      await client.close();
    }
  }, 90_000);
});
