/** The SDK's own MCP client against a running gateway, and a call helper that returns the text answer. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export async function mcpClient(baseUrl: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'ccgraph-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), { requestInit: { headers } }));
  return client;
}

export interface ToolAnswer {
  isError: boolean;
  text: string;
}

export async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolAnswer> {
  const r = await client.callTool({ name, arguments: args });
  const content = r.content as Array<{ type: string; text?: string }>;
  return { isError: r.isError === true, text: content.map((c) => c.text ?? '').join('\n') };
}

/** The confirmation token a preview handed out. */
export function tokenOf(answer: ToolAnswer): string {
  const m = /confirmationToken "([^"]+)"/.exec(answer.text);
  if (!m?.[1]) throw new Error(`no confirmation token in: ${answer.text}`);
  return m[1];
}
