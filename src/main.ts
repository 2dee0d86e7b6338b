/** `npm start`: the gateway, against real vendors when configured, else against the embedded simulator. */
import { startupBanner } from './banner.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import type { IdentityFileEntry } from './domain/model.js';
import { createLogger } from './logger.js';
import { createGateway } from './server.js';
import { loadIdentityFile } from './services/identity.js';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`ccgraph: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }

  let simulator: { close(): Promise<void>; identities(): IdentityFileEntry[]; url: string } | undefined;
  if (config.useSimulator) {
    const { startSimulator } = await import('./simulator/index.js');
    const sim = await startSimulator({
      seed: config.simulator.seed,
      agents: config.simulator.agents,
      queues: config.simulator.queues,
      port: config.simulator.port,
      speed: config.simulator.speed,
      variants: config.simulator.variants,
    });
    simulator = sim;
    // The simulator's env carries only vendor settings; everything else stays as configured.
    config = loadConfig({ ...process.env, ...sim.env() });
  }

  const pretty = !config.production && process.stdout.isTTY;
  const logger = createLogger({ level: config.logLevel, secrets: config.secrets, pretty });
  if (simulator) {
    logger.info(
      { simulator: simulator.url, agents: config.simulator.agents, queues: config.simulator.queues, seed: config.simulator.seed },
      'no vendor configured: running against the embedded simulator of all five vendors',
    );
  }

  if (!simulator && !config.auth.enabled) {
    logger.warn(
      'client auth is off: anyone who can reach this port can read the graph and steer agents. ' +
        'Set CCGRAPH_API_KEYS or CCGRAPH_JWT_SECRET/CCGRAPH_JWKS_URL (see docs/operations.md).',
    );
  }

  let identityFile: IdentityFileEntry[] = [];
  try {
    if (config.identitiesFile) identityFile = loadIdentityFile(config.identitiesFile);
    else if (simulator) identityFile = simulator.identities();
  } catch (e) {
    logger.fatal((e as Error).message);
    process.exit(1);
  }

  const gateway = createGateway({ config, logger, identityFile });
  const url = await gateway.listen();
  const banner = startupBanner(config, url, simulator?.url);
  // On a terminal the lines say it all; JSON logs also carry the fields for machines.
  if (pretty) logger.info(banner.text);
  else logger.info(banner.fields, banner.text);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const hardExit = setTimeout(() => process.exit(1), 15_000);
    hardExit.unref();
    await gateway.close();
    await simulator?.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(`ccgraph: failed to start: ${(e as Error)?.message ?? String(e)}\n`);
  process.exit(1);
});
