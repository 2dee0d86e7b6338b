/**
 * A whole stack for tests: the simulator of all five vendors plus a real gateway listening on 127.0.0.1,
 * configured the way `npm start` configures it. Operations go through `yoga.fetch` or real HTTP/websockets.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
    /**
     * A vendor that answers differently from the simulator: a proxy in front of it hands every successful answer to
     * `body` (path and query as sent, text) and sends back what it returns. `vendors` names the base URLs to route
     * through the proxy (e.g. `['SINCH_BASE_URL']`).
     */
    rewrite?: { vendors: string[]; body(path: string, text: string): string };
  } = {},
): Promise<Stack> {
  const sim = await startSimulator({ seed: 7, autoTick: false, ...opts.sim });
  const proxy = opts.rewrite ? await rewritingProxy(sim.url, opts.rewrite.body) : null;
  const simEnv = sim.env();
  const routed = Object.fromEntries((opts.rewrite?.vendors ?? []).map((k) => [k, `${proxy!.url}${new URL(simEnv[k]!).pathname}`]));
  const config = loadConfig({ ...simEnv, LOG_LEVEL: 'silent', ...routed, ...opts.env });
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
      await proxy?.close();
      await sim.close();
    },
  };
}

async function rewritingProxy(target: string, body: (path: string, text: string) => string) {
  const server = createServer(async (req, res) => {
    const upstream = await fetch(`${target}${req.url}`, { method: req.method, headers: req.headers as Record<string, string> });
    const text = await upstream.text();
    res
      .writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' })
      .end(upstream.ok ? body(req.url ?? '', text) : text);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
