/**
 * The simulator plus a real gateway for the operations tests, with the hooks those tests need: a logger writing to
 * memory, an injected tracing setup, extra env. Servers bind 127.0.0.1 on port 0.
 */
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import type { Tracing } from '../../src/observability/tracing.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';

export interface OpsStack {
  sim: Simulator;
  gateway: Gateway;
  config: Config;
  url: string;
  /** Every log line written so far, parsed. */
  logs: Array<Record<string, any>>;
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: any }>;
  close(): Promise<void>;
}

export async function startOpsStack(
  opts: { env?: Record<string, string>; tracing?: Tracing | null; logLevel?: string; agents?: number } = {},
): Promise<OpsStack> {
  const sim = await startSimulator({ seed: 11, agents: opts.agents ?? 12, queues: 3, autoTick: false });
  const config = loadConfig({ ...sim.env(), VENDOR_RETRIES: '0', ...opts.env });
  const logs: Array<Record<string, any>> = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const logger = createLogger({ level: opts.logLevel ?? 'silent', secrets: config.secrets, destination });
  const gateway = createGateway({
    config,
    logger,
    identityFile: sim.identities(),
    ...(opts.tracing !== undefined ? { tracing: opts.tracing } : {}),
  });
  const url = await gateway.listen(0, '127.0.0.1');
  return {
    sim,
    gateway,
    config,
    url,
    logs,
    async post(body, headers = {}) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify(body),
      });
      return { status: res.status, headers: res.headers, body: await res.json() };
    },
    async close() {
      await gateway.close({ drainMs: 200 });
      await sim.close();
    },
  };
}
