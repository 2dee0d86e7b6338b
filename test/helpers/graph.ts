/**
 * Runs GraphQL operations against the read graph through `yoga.fetch`, the way the server does: one services
 * object per graph, fresh loaders per request, deferred vendor errors appended.
 */
import { randomUUID } from 'node:crypto';
import { createYoga } from 'graphql-yoga';
import { loadConfig, type Config } from '../../src/config.js';
import { startSimulator } from '../../src/simulator/index.js';
import { createConnectors, closeConnectors } from '../../src/vendors/index.js';
import type { IdentityFileEntry } from '../../src/domain/model.js';
import { createContext, type GraphQLContext } from '../../src/schema/context.js';
import { useDeferredErrors } from '../../src/plugins/deferred-errors.js';
import { schema } from '../../src/schema/index.js';
import { DEMO_AUTH } from '../../src/security/index.js';
import { createServices, type Services } from '../../src/services/index.js';
import type { Connectors } from '../../src/vendors/types.js';

export interface GqlError {
  message: string;
  path?: Array<string | number>;
  extensions?: Record<string, any>;
}
export interface GqlResult<T = any> {
  status: number;
  data?: T;
  errors?: GqlError[];
}

export interface Graph {
  services: Services;
  run<T = any>(query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>>;
}

/** `now`: the moment each request starts (default: the clock), for tests whose data sits at fixed times of a day. */
export function createGraph(opts: { connectors: Connectors; identityFile?: IdentityFileEntry[]; timeZone?: string; now?: () => Date }): Graph {
  const services = createServices({ connectors: opts.connectors, identityFile: opts.identityFile ?? [], ...(opts.timeZone ? { timeZone: opts.timeZone } : {}) });
  const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    logging: false,
    plugins: [useDeferredErrors()],
    context: () => createContext(services, { requestId: randomUUID(), auth: DEMO_AUTH, ...(opts.now ? { now: opts.now() } : {}) }),
  });
  return {
    services,
    async run(query, variables) {
      const res = await yoga.fetch('http://127.0.0.1/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: GqlError[] };
      return { status: res.status, ...body };
    },
  };
}

/** The errors of a result with a given extensions.code. */
export const errorsWithCode = (r: GqlResult, code: string) => (r.errors ?? []).filter((e) => e.extensions?.code === code);

// ---------------------------------------------------------------------------------------------------------
// Against the simulator, with the real connectors.


export type Sim = Awaited<ReturnType<typeof startSimulator>>;

export interface SimGraph extends Graph {
  config: Config;
  connectors: Connectors;
  close(): Promise<void>;
}

/**
 * A graph over real connectors to `sim`, configured from `sim.env()` like production. Retries are off and the
 * circuit breaker is lenient so fault tests see each vendor failure exactly as injected.
 */
export function graphOverSim(sim: Sim, env: Record<string, string> = {}): SimGraph {
  const config = loadConfig({ ...sim.env(), VENDOR_RETRIES: '0', VENDOR_TIMEOUT_MS: '2000', ...env });
  const connectors = createConnectors(config.vendors, { secrets: config.secrets, breakerThreshold: 10_000 });
  const graph = createGraph({ connectors, identityFile: sim.identities() as IdentityFileEntry[], timeZone: config.timeZone });
  return { ...graph, config, connectors, close: () => closeConnectors(connectors) };
}

export async function startSim(opts: { agents?: number; queues?: number; seed?: number } = {}): Promise<Sim> {
  return startSimulator({ seed: opts.seed ?? 7, agents: opts.agents ?? 40, queues: opts.queues ?? 4, autoTick: false });
}
