/** One MCP server for one caller: the read tools, the steering tools and the resources, all over the graph. */
import { readFile } from 'node:fs/promises';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { toolError, UNEXPECTED, type ToolRegistrar } from './common.js';
import type { ConfirmationTokens } from './confirm.js';
import type { GraphExecutor, McpCaller } from './graph.js';
import { registerMutationTools } from './mutations.js';
import { registerReadTools } from './reads.js';


export interface McpServerOptions {
  graph: GraphExecutor;
  caller: McpCaller;
  tokens: ConfirmationTokens;
  /** The graph's SDL (the `schema` resource). */
  schemaSDL: () => string;
  /** Sees every unexpected tool failure (the model gets a generic tool error). */
  onError?: (error: unknown) => void;
}

export const SCHEMA_URI = 'ccgraph://schema.graphql';
export const METRICS_URI = 'ccgraph://docs/metrics.md';
const METRICS_DOC = new URL('../../docs/metrics.md', import.meta.url);
const METRICS_FALLBACK = `# ccgraph metrics

docs/metrics.md is not shipped with this installation. In short: queue KPIs (\`Queue.kpis\`, \`queueIntervalReport.totals\`)
are summed from Sinch 15-minute contact summaries. offered = handled + abandoned (false attempts excluded);
service level = answered on time / offered; abandon rate = abandoned / offered; ASA = answered queue time / handled;
AHT = handle time / handled. Ratios are null when their denominator is 0. Live figures (\`Queue.status\`) come from
Sinch queue statuses; breaches compare them with the queue group's warning and critical thresholds.
`;

const INSTRUCTIONS =
  'ccgraph: one contact center across several vendors. Read tools answer "how are the queues doing", "who is paused ' +
  'longest", "which queues breach their thresholds". Steering tools (pause_agent, set_ready_state, set_queue_serving) ' +
  'need the supervisor role and two calls: the first previews and returns a confirmation token; repeat the call with ' +
  'the token to act. Agents and queues may be named by ID, key, email or name.';

export function createMcpServer(opts: McpServerOptions): McpServer {
  const server = new McpServer({ name: 'ccgraph', version: '0.1.0' }, { instructions: INSTRUCTIONS });
  const register: ToolRegistrar = (name, config, handler) => {
    const guarded = async (args: unknown) => {
      try {
        return await handler(args);
      } catch (e) {
        opts.onError?.(e);
        return toolError(UNEXPECTED);
      }
    };
    server.registerTool(name, config, guarded as never);
  };
  registerReadTools(register, opts.graph);
  registerMutationTools(register, opts.graph, opts.caller, opts.tokens);

  server.registerResource(
    'schema',
    SCHEMA_URI,
    { title: 'GraphQL schema', description: 'The SDL of the graph the tools run on.', mimeType: 'text/plain' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: opts.schemaSDL() }] }),
  );
  server.registerResource(
    'metrics',
    METRICS_URI,
    { title: 'What the figures mean', description: 'Definitions of the KPIs and live figures the tools report.', mimeType: 'text/markdown' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: await readFile(METRICS_DOC, 'utf8').catch(() => METRICS_FALLBACK) }] }),
  );
  return server;
}
