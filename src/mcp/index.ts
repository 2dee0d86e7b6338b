/**
 * The MCP server at `/mcp` (Streamable HTTP, stateless, JSON answers): a yoga plugin, so it shares the gateway's
 * port and instance. Every request is authenticated like /graphql; each tool call runs GraphQL documents through
 * the same yoga instance with the caller's credentials. Wiring (src/server.ts): `plugins: [..., useMcp(...)]`.
 */
import { GraphQLError, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { DEMO_AUTH, type Authenticator, type YogaPlugin } from '../security/index.js';
import { ConfirmationTokens } from './confirm.js';
import { forwardedHeaders, yogaExecutor, type FetchesGraphql, type McpCaller } from './graph.js';

export { ConfirmationTokens } from './confirm.js';
export { yogaExecutor, type FetchesGraphql, type GraphExecutor, type McpCaller } from './graph.js';

export interface McpOptions {
  /** CCGRAPH_MCP and CCGRAPH_MAX_BODY_BYTES. */
  config: { mcp: boolean; limits: { maxBodyBytes: number } };
  /** The security layer of the GraphQL path: MCP callers authenticate with the same credentials. */
  security: { authenticator: Authenticator };
  /** The gateway's yoga (its full fetch pipeline); a getter, since the plugin is built before yoga exists. */
  yoga: () => FetchesGraphql;
  /** Told about failures the client only sees as a generic error. */
  logger?: { error(obj: object, msg: string): void };
  path?: string;
}

// The MCP SDK and the tools (~7 MB of heap) load on the first MCP request, not with every gateway.
const loadMcp = async () => {
  const [tools, transport] = await Promise.all([import('./tools.js'), import('@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js')]);
  return { createMcpServer: tools.createMcpServer, Transport: transport.WebStandardStreamableHTTPServerTransport };
};

const jsonRpcError = (status: number, code: number, message: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

/** The caller of an MCP request, or the refusal to send back. */
export async function callerOf(authenticator: Authenticator, headers: Headers): Promise<McpCaller | Response> {
  if (!authenticator.enabled) return { auth: DEMO_AUTH, id: 'anonymous' };
  try {
    const auth = await authenticator.authenticate(headers);
    return { auth, id: auth.subject ?? `roles:${auth.roles.join('+')}` };
  } catch (e) {
    if (!(e instanceof GraphQLError)) throw e;
    const status = (e.extensions.http as { status?: number } | undefined)?.status ?? 401;
    return jsonRpcError(status, -32001, e.message, status === 401 ? { 'www-authenticate': 'Bearer' } : {});
  }
}

export const schemaText = (schema: GraphQLSchema) => `${printSchema(lexicographicSortSchema(schema))}\n`;

export function useMcp(opts: McpOptions): YogaPlugin {
  if (!opts.config.mcp) return {};
  const { authenticator } = opts.security;
  const path = opts.path ?? '/mcp';
  // Per gateway instance: a token issued by this gateway is redeemed on this gateway.
  const tokens = new ConfirmationTokens();
  let mcp: ReturnType<typeof loadMcp> | undefined;
  let schema: GraphQLSchema | undefined;
  let sdl: string | undefined;
  const schemaSDL = () => {
    if (!schema) return '';
    sdl ??= schemaText(schema);
    return sdl;
  };

  async function handle(request: Request): Promise<Response> {
    if (request.method !== 'POST') {
      // Stateless: no server-initiated stream (GET) and no session to end (DELETE).
      return jsonRpcError(405, -32000, 'Method not allowed: send MCP messages with POST.', { allow: 'POST' });
    }
    // DNS rebinding: a browser page of another origin must not reach a gateway on localhost.
    const origin = request.headers.get('origin');
    if (origin !== null) {
      let host: string | undefined;
      try {
        host = new URL(origin).host;
      } catch {
        host = undefined;
      }
      if (host !== request.headers.get('host')) return jsonRpcError(403, -32000, 'Cross-origin MCP requests are refused.');
    }
    const caller = await callerOf(authenticator, request.headers);
    if (caller instanceof Response) return caller;
    mcp ??= loadMcp();
    const { createMcpServer, Transport } = await mcp;
    const graph = yogaExecutor(opts.yoga(), forwardedHeaders(request.headers));
    const server = createMcpServer({ graph, caller, tokens, schemaSDL, onError: (e) => opts.logger?.error({ err: e }, 'MCP tool failed') });
    const transport = new Transport({ enableJsonResponse: true, maxRequestBodySize: opts.config.limits.maxBodyBytes });
    try {
      await server.connect(transport);
      return await transport.handleRequest(request);
    } catch (e) {
      opts.logger?.error({ err: e }, 'MCP request failed');
      return jsonRpcError(500, -32603, 'Internal error.');
    } finally {
      // JSON answers are complete once handleRequest resolves: nothing of this request is left to send.
      await server.close().catch(() => undefined);
    }
  }

  return {
    onSchemaChange({ schema: s }) {
      schema = s;
      sdl = undefined;
    },
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== path) return;
      endResponse(await handle(request));
    },
  };
}
