/** createMcpServer alone (in-memory transport): an unexpected failure reaches the log, never the model. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { describe, expect, it } from 'vitest';
import { ConfirmationTokens } from '../../src/mcp/index.js';
import { createMcpServer } from '../../src/mcp/tools.js';
import { call } from './client.js';

describe('createMcpServer', () => {
  it('answers an unexpected failure with a generic tool error and hands the original to onError', async () => {
    const seen: unknown[] = [];
    const server = createMcpServer({
      graph: async () => {
        throw new Error('connect ECONNREFUSED 10.0.0.7:6379 password=hunter2');
      },
      caller: { auth: { enabled: false, roles: [], subject: null }, id: 'anonymous' },
      tokens: new ConfirmationTokens(),
      schemaSDL: () => 'type Query { x: Int }',
      onError: (e) => seen.push(e),
    });
    const [a, b] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 't', version: '1' });
    await Promise.all([server.connect(a), client.connect(b)]);
    const r = await call(client, 'queue_overview');
    expect(r).toEqual({ isError: true, text: 'The tool failed unexpectedly. Read the state again before repeating a change, or ask an operator.' });
    expect(r.text).not.toMatch(/hunter2|10\.0\.0\.7/);
    expect(seen).toHaveLength(1);
    expect((seen[0] as Error).message).toContain('ECONNREFUSED');
    await client.close();
  });
});
