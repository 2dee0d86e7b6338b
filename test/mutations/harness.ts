/**
 * Shared pieces of the mutation tests: the real stack (simulator + gateway), a live hub on it when the gateway
 * does not run one itself, a graphql-ws subscriber, and a way to pick simulated agents in a known state.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { IdentityFileEntry } from '../../src/domain/model.js';
import type { LiveHub } from '../../src/live/hub.js';
import { encodeGlobalID } from '../../src/schema/ids.js';
import { type SimAgent, type SimulatorOptions } from '../../src/simulator/index.js';
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
  return startStack({
    sim: { ...SIM, autoTick: false },
    env: { ...SLOW_POLLS, ...opts.env },
    ...(opts.extraIdentities ? { extraIdentities: opts.extraIdentities } : {}),
  });
}

/** The gateway's own live hub (the composition root creates it and starts it in listen()). */
export function liveHubOf(stack: Stack): LiveHub {
  const hub = stack.gateway.services.live as LiveHub | undefined;
  if (!hub) throw new Error('the gateway runs no live hub');
  return hub;
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

export { subscribe, type Sub } from '../helpers/ws.js';

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
