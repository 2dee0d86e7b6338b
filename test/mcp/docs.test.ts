/** The README's MCP client configuration, run as written: the stdio entry and the HTTP URL. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';
import { call } from './client.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const README = readFileSync(`${ROOT}/README.md`, 'utf8');
const section = README.slice(README.indexOf('### Assistants (MCP)'));
const config = JSON.parse(/```json\n([\s\S]+?)\n```/.exec(section)![1]!) as {
  mcpServers: {
    ccgraph: { command: string; args: string[]; env: Record<string, string> };
    'ccgraph-http': { url: string; headers: Record<string, string> };
  };
};

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('README MCP configuration', () => {
  it('starts the stdio server as configured and answers a tool call', async () => {
    const entry = config.mcpServers.ccgraph;
    const client = new Client({ name: 'desktop', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: entry.command === 'node' ? process.execPath : entry.command,
        args: entry.args.map((a) => a.replace('/path/to/ccgraph', ROOT)),
        env: { PATH: process.env.PATH ?? '', ...entry.env },
        stderr: 'pipe',
      }),
    );
    try {
      const r = await call(client, 'service_level_breaches');
      expect(r.isError).toBe(false);
      expect(r.text).toMatch(/breach/);
    } finally {
      await client.close();
    }
  }, 90_000);

  it('reaches /mcp over HTTP with the configured URL and headers', async () => {
    const entry = config.mcpServers['ccgraph-http'];
    expect(entry.url).toBe('http://localhost:4000/mcp');
    const client = new Client({ name: 'desktop', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(entry.url.replace('http://localhost:4000', stack.url)), { requestInit: { headers: entry.headers } }));
    try {
      expect((await client.listTools()).tools.length).toBe(9);
      expect((await call(client, 'queue_overview')).text).toMatch(/^\d+ queue\(s\)/);
    } finally {
      await client.close();
    }
  });
});
