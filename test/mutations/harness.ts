/**
 * Shared pieces of the mutation tests: the real stack (simulator + gateway), a live hub on it when the gateway
 * does not run one itself, a graphql-ws subscriber, and a way to pick simulated agents in a known state.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config.js';
import type { IdentityFileEntry } from '../../src/domain/model.js';
import { LIVE_RESOURCES } from '../../src/live/types.js';
import { createLiveHub, type LiveHub } from '../../src/live/hub.js';
import { createLogger } from '../../src/logger.js';
import { encodeGlobalID } from '../../src/schema/ids.js';
import { createGateway } from '../../src/server.js';
import { startSimulator, type SimAgent, type SimulatorOptions } from '../../src/simulator/index.js';
import { startStack, type Stack } from '../helpers/stack.js';

/** A Monday morning; the virtual clock only moves when a test advances it. */
export const SIM: SimulatorOptions = { seed: 7, agents: 30, queues: 4, startTime: new Date('2026-03-02T08:00:00Z') };
/** Slow polls: within a test, only a mutation's refresh can bring a change to subscribers quickly. */
export const SLOW_POLLS = { POLL_SINCH_MS: '60000', POLL_COBROWSER_MS: '60000' };

export const agentGid = (a: SimAgent) => encodeGlobalID('Agent', a.key);
export const queueGid = (sinchQueueId: string) => encodeGlobalID('Queue', sinchQueueId);

/**
 * The shared stack, optionally with extra identity-file entries (people the simulator does not have, e.g. a
 * person without a Sinch account, or a cc_agent user id the vendor does not know).
 */
export async function startMutationStack(
  opts: { env?: Record<string, string>; extraIdentities?: IdentityFileEntry[] } = {},
): Promise<Stack> {
  let stack: Stack;
  if (!opts.extraIdentities?.length) {
    stack = await startStack({ sim: { ...SIM, autoTick: false }, env: { ...SLOW_POLLS, ...opts.env } });
  } else {
    // startStack takes the simulator's identities only; this is the same wiring with a longer identity file.
    const sim = await startSimulator({ ...SIM, autoTick: false });
    const config = loadConfig({ ...sim.env(), LOG_LEVEL: 'silent', ...SLOW_POLLS, ...opts.env });
    const gateway = createGateway({
      config,
      logger: createLogger({ level: 'silent', secrets: config.secrets }),
      identityFile: [...sim.identities(), ...opts.extraIdentities],
    });
    const url = await gateway.listen(0, '127.0.0.1');
    stack = {
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
  return stack;
}

/**
 * The gateway's live hub; when the composition root does not (yet) create one, a hub over the gateway's own
 * connectors and identity service is attached to its services, where the schema looks for it.
 */
export async function liveHubOf(stack: Stack): Promise<{ hub: LiveHub; stop(): Promise<void> }> {
  const services = stack.gateway.services;
  if (services.live) return { hub: services.live as LiveHub, stop: async () => {} };
  const hub = createLiveHub({
    connectors: services.connectors,
    identity: services.identity,
    intervals: Object.fromEntries(LIVE_RESOURCES.map((r) => [r, 60_000])),
  });
  await hub.start();
  services.live = hub;
  return {
    hub,
    async stop() {
      delete services.live;
      await hub.stop();
    },
  };
}

export function wsClient(stack: Stack, headers?: Record<string, string>): Client {
  return createClient({
    url: `${stack.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    ...(headers ? { connectionParams: headers } : {}),
  });
}

export interface Sub<T> {
  /** The next message, or a rejection after `ms`. */
  next(ms?: number): Promise<T>;
  dispose(): void;
}

export function subscribe<T>(client: Client, query: string, variables: Record<string, unknown> = {}): Sub<T> {
  type Item = { value: T } | { error: unknown };
  const queue: Item[] = [];
  const waiters: Array<(i: Item) => void> = [];
  const deliver = (i: Item) => {
    const w = waiters.shift();
    if (w) w(i);
    else queue.push(i);
  };
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (r) => deliver(r.errors ? { error: r.errors } : { value: r.data as T }),
      error: (e) => deliver({ error: e }),
      complete: () => {},
    },
  );
  const unwrap = (i: Item): T => {
    if ('error' in i) throw new Error(JSON.stringify(i.error));
    return i.value;
  };
  return {
    next(ms = 5000) {
      const i = queue.shift();
      if (i) return Promise.resolve().then(() => unwrap(i));
      return new Promise<T>((resolve, reject) => {
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`no message within ${ms} ms`));
        }, ms);
        const w = (x: Item) => {
          clearTimeout(t);
          try {
            resolve(unwrap(x));
          } catch (e) {
            reject(e);
          }
        };
        waiters.push(w);
      });
    },
    dispose,
  };
}

/**
 * Hands out distinct simulated agents, so tests never steer the same agent twice, and puts them in the state a
 * test starts from through the simulator's model (fixture set-up, not the code under test). The clock only moves
 * when a test advances it, so an agent made idle here stays idle: no contact is routed until then.
 */
export function agentPicker(stack: Stack) {
  const used = new Set<string>();
  const model = stack.sim.model;
  const take = (pred: (a: SimAgent) => boolean): SimAgent => {
    const a = model.agents.find((x) => !used.has(x.key) && pred(x));
    if (!a) throw new Error('the simulator has no unused agent left for this test');
    used.add(a.key);
    return a;
  };
  return {
    /** Logged out; with a cc_agent account unless `pred` says otherwise. */
    loggedOut(pred: (a: SimAgent) => boolean = withCc): SimAgent {
      const a = take(pred);
      if (a.state !== 'LoggedOut') model.logout(a);
      return a;
    },
    /** Logged in, Ready and without a contact; with a cc_agent account unless `pred` says otherwise. */
    ready(pred: (a: SimAgent) => boolean = withCc): SimAgent {
      const a = take(pred);
      if (a.state !== 'Ready' || a.contact) {
        model.logout(a);
        model.login(a, 'Ready');
      }
      if (a.state !== 'Ready') throw new Error(`could not make ${a.key} ready in the simulator`);
      return a;
    },
  };
}

export const withCc = (a: SimAgent) => a.ccUserId !== null;
export const withoutCc = (a: SimAgent) => a.ccUserId === null;

/** Requests the simulator counted for one endpoint key, e.g. `ccagent setPause` or `sinch PUT /agents/{agentId}/readyState`. */
export const countOf = (stack: Stack, key: string) => stack.sim.counters.get()[key] ?? 0;
