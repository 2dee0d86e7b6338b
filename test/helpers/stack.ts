/**
 * A whole stack for tests: the simulator of all five vendors plus a real gateway listening on 127.0.0.1,
 * configured the way `npm start` configures it. Operations go through `yoga.fetch` or real HTTP/websockets.
 */
import { loadConfig } from '../../src/config.js';
import type { IdentityFileEntry } from '../../src/domain/model.js';
import { createLogger } from '../../src/logger.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';

export interface Stack {
  sim: Simulator;
  gateway: Gateway;
  /** http://127.0.0.1:PORT */
  url: string;
  /** Runs one operation through yoga.fetch; returns the parsed body and status. */
  run<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: { data?: T; errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }> } }>;
  close(): Promise<void>;
}

export async function startStack(
  opts: {
    sim?: SimulatorOptions;
    env?: Record<string, string>;
    /** Identity-file entries beyond the simulator's own people (e.g. someone without a Sinch account). */
    extraIdentities?: IdentityFileEntry[];
  } = {},
): Promise<Stack> {
  const sim = await startSimulator({ seed: 7, autoTick: false, ...opts.sim });
  const config = loadConfig({ ...sim.env(), LOG_LEVEL: 'silent', ...opts.env });
  const logger = createLogger({ level: 'silent', secrets: config.secrets });
  const gateway = createGateway({ config, logger, identityFile: [...sim.identities(), ...(opts.extraIdentities ?? [])] });
  const url = await gateway.listen(0, '127.0.0.1');
  return {
    sim,
    gateway,
    url,
    async run(query, variables, headers) {
      const res = await gateway.yoga.fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as any };
    },
    async close() {
      await gateway.close({ drainMs: 200 });
      await sim.close();
    },
  };
}
