/**
 * `npm run mcp` / `ccgraph-mcp`: the MCP server over stdio, for desktop assistants. It runs a gateway in this
 * process (configured like `npm start`: real vendors from the environment, else the embedded simulator) without
 * opening a port, and runs every tool through that gateway's yoga. With client auth on, CCGRAPH_MCP_API_KEY is the
 * credential the tools present, so its role decides what they may do. stdout carries the protocol only: logs go
 * to stderr.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import pino from 'pino';
import { ConfigError, loadConfig, type Config } from '../config.js';
import type { IdentityFileEntry } from '../domain/model.js';
import { createLogger } from '../logger.js';
import { createAuthenticator } from '../security/index.js';
import { createGateway } from '../server.js';
import { loadIdentityFile } from '../services/identity.js';
import { ConfirmationTokens } from './confirm.js';
import { yogaExecutor } from './graph.js';
import { callerOf, schemaText } from './index.js';
import { createMcpServer } from './tools.js';

const fail = (message: string): never => {
  process.stderr.write(`ccgraph-mcp: ${message}\n`);
  process.exit(1);
};

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
  let simulator: { close(): Promise<void>; identities(): IdentityFileEntry[] } | undefined;
  if (config.useSimulator) {
    const { startSimulator } = await import('../simulator/index.js');
    const s = config.simulator;
    const sim = await startSimulator({ seed: s.seed, agents: s.agents, queues: s.queues, port: s.port, speed: s.speed });
    simulator = sim;
    config = loadConfig({ ...process.env, ...sim.env() });
  }
  const logger = createLogger({ level: config.logLevel, secrets: config.secrets, destination: pino.destination(2) });
  const identityFile = config.identitiesFile ? loadIdentityFile(config.identitiesFile) : (simulator?.identities() ?? []);

  const headers: Record<string, string> = config.mcpApiKey ? { 'x-api-key': config.mcpApiKey } : {};
  const caller = await callerOf(createAuthenticator(config.auth), new Headers(headers));
  if (caller instanceof Response) {
    fail('client auth is on: set CCGRAPH_MCP_API_KEY to an API key listed in CCGRAPH_API_KEYS (its role decides what the tools may do).');
    return;
  }
  const gateway = createGateway({ config, logger, identityFile });
  const { schema } = gateway.yoga.getEnveloped({});
  const sdl = schemaText(schema);
  const server = createMcpServer({
    graph: yogaExecutor(gateway.yoga, headers),
    caller,
    tokens: new ConfirmationTokens(),
    schemaSDL: () => sdl,
    onError: (e) => logger.error({ err: e }, 'MCP tool failed'),
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close().catch(() => undefined);
    await gateway.close({ drainMs: 500 });
    await simulator?.close();
    process.exit(0);
  };
  const transport = new StdioServerTransport();
  transport.onclose = () => void stop();
  process.stdin.on('end', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  await server.connect(transport);
  logger.info({ simulator: Boolean(simulator), auth: config.auth.enabled }, 'ccgraph MCP server on stdio');
}

main().catch((e: unknown) => fail(`failed to start: ${(e as Error)?.message ?? String(e)}`));
