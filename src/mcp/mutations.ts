/**
 * The steering tools (supervisor role only). Each first answers what would change and a confirmation token; only a
 * second call with the same arguments and that token makes the change, through the graph's own mutation.
 */
import { z } from 'zod';
import { answer, dataOrThrow, duration, resolveAgent, text, ToolError, type AgentRef, type ToolRegistrar } from './common.js';
import type { ConfirmationTokens } from './confirm.js';
import type { GraphExecutor, McpCaller } from './graph.js';

interface AgentNow extends AgentRef {
  state: string | null;
  stateDurationMs: number | null;
  ready: boolean | null;
  presence: { name: string } | null;
  accounts: Array<{ vendor: string }>;
  queues: Array<{ queue: { id: string; queueId: string; name: string }; serving: boolean | null }> | null;
}
const AGENT_NOW = /* GraphQL */ `
  query McpAgentNow($id: ID!) {
    agent(id: $id) {
      id key name state stateDurationMs ready presence { name } accounts { vendor }
      queues { queue { id queueId name } serving }
    }
  }
`;

const RESULT_FIELDS = /* GraphQL */ `
  __typename
  ... on MutationError { message }
  ... on VendorRejectedError { vendorMessage }
`;
const SET_PAUSE = `mutation McpSetPause($id: ID!, $pauseId: Int!) { r: setPause(agentId: $id, pauseId: $pauseId) { ${RESULT_FIELDS} ... on SetPausePayload { agent { state } } } }`;
const SET_READY = `mutation McpSetReady($id: ID!, $state: ReadyState!) { r: setReadyState(agentId: $id, state: $state) { ${RESULT_FIELDS} ... on SetReadyStatePayload { agent { state ready } } } }`;
const SET_SERVING = `mutation McpSetServing($id: ID!, $queueId: ID!, $serving: Boolean!) { r: setQueueServing(agentId: $id, queueId: $queueId, serving: $serving) { ${RESULT_FIELDS} ... on SetQueueServingPayload { serving } } }`;

/** A mutation's result union member, as selected by RESULT_FIELDS and the payload fragments. */
interface MutationResult {
  __typename: string;
  message?: string;
  vendorMessage?: string | null;
  serving?: boolean;
  agent?: { state: string | null; ready?: boolean | null };
}

/** What a call would do: shown first, run after confirmation. `target` binds the token to what the names resolved to. */
interface Plan {
  target: unknown;
  summary: string;
  run(): Promise<string>;
}

const STEERING_ROLES: readonly string[] = ['supervisor', 'admin'];
const confirmationToken = z
  .string()
  .min(1)
  .max(200)
  .optional()
  .describe('Leave out to preview. To act, pass the token the preview returned, with the same other arguments.');

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function registerMutationTools(register: ToolRegistrar, graph: GraphExecutor, caller: McpCaller, tokens: ConfirmationTokens): void {
  const minutes = Math.round(tokens.ttlMs / 60_000) || 1;

  async function agentNow(ref: string): Promise<AgentNow> {
    const who = await resolveAgent(graph, ref);
    const { data, notes } = dataOrThrow(await graph<{ agent: AgentNow | null }>(AGENT_NOW, { id: who.id }), `agent ${who.name}`);
    if (!data.agent) throw new ToolError(`Agent ${who.name} is no longer known. ${notes.join(' ')}`.trim());
    return data.agent;
  }

  const describe = (a: AgentNow) =>
    `${a.name} (key ${a.key}) is ${a.state ?? 'in an unknown state'}${a.stateDurationMs !== null ? ` for ${duration(a.stateDurationMs)}` : ''}${a.presence ? `, presence ${a.presence.name}` : ''}`;

  async function runMutation(doc: string, vars: Record<string, unknown>, done: (r: MutationResult) => string): Promise<string> {
    const { data } = dataOrThrow(await graph<{ r: MutationResult | null }>(doc, vars), 'the result of the change');
    const r = data.r;
    if (!r) throw new ToolError('The change returned no result; read the agent again before repeating it.');
    if (typeof r.message === 'string') {
      throw new ToolError(`Not done (${r.__typename}): ${r.message}${r.vendorMessage ? ` Vendor said: ${r.vendorMessage}` : ''}`);
    }
    return done(r);
  }

  /** Role check, plan, then preview (new token) or act (token redeemed). */
  function steering<A extends { confirmationToken?: string | undefined }>(tool: string, plan: (args: A) => Promise<Plan>) {
    return (args: A) =>
      answer(async () => {
        if (caller.auth.enabled && !caller.auth.roles.some((r) => STEERING_ROLES.includes(r))) {
          throw new ToolError(`Only supervisors may use ${tool}; your role is ${caller.auth.roles.join(', ') || 'none'}. Nothing was changed.`);
        }
        const { confirmationToken: token, ...rest } = args;
        const p = await plan(args);
        const binding = canonical([caller.id, tool, rest, p.target]);
        if (token === undefined) {
          const issued = tokens.issue(binding);
          return text([
            `Preview, nothing changed yet. ${p.summary}`,
            `To do it, call ${tool} again with the same arguments and confirmationToken "${issued}" (valid ${minutes} min, once).`,
          ]);
        }
        const redeemed = tokens.redeem(token, binding);
        if (redeemed !== 'ok') {
          const why = {
            unknown: 'is unknown or was already used',
            expired: 'has expired',
            mismatch: 'was issued for other arguments, another target or another caller',
          }[redeemed];
          throw new ToolError(`Not done: the confirmation token ${why}. Call ${tool} without a token for a new preview.`);
        }
        return text(`Done. ${await p.run()}`);
      });
  }

  register(
    'pause_agent',
    {
      title: 'Pause an agent (or end the pause)',
      description:
        'Sets a cc_agent pause on an agent (pauseId 0 makes the agent available again). The agent must be checked in to cc_agent. Supervisor only; preview first, then confirm with the token.',
      inputSchema: {
        agent: z.string().min(1).describe('Agent ID, key, email or name.'),
        pauseId: z.number().int().min(0).max(2_147_483_647).describe('A cc_agent pause id; 0 ends the pause.'),
        confirmationToken,
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
    },
    steering('pause_agent', async ({ agent, pauseId }: { agent: string; pauseId: number; confirmationToken?: string | undefined }) => {
      const a = await agentNow(agent);
      if (!a.accounts.some((x) => x.vendor === 'CCAGENT')) throw new ToolError(`${a.name} has no cc_agent account, so cannot be paused there. Nothing was changed.`);
      return {
        target: a.id,
        summary: `${describe(a)}. Would ${pauseId === 0 ? 'end the pause (cc_agent pause 0: available)' : `set cc_agent pause ${pauseId}`}.`,
        run: () => runMutation(SET_PAUSE, { id: a.id, pauseId }, (r) => `${a.name}: pause ${pauseId} set; state now ${r.agent?.state ?? 'unknown'}.`),
      };
    }),
  );

  register(
    'set_ready_state',
    {
      title: "Set an agent's ready state",
      description: "Sets an agent's Sinch ready flag (READY or NOT_READY). Supervisor only; preview first, then confirm with the token.",
      inputSchema: {
        agent: z.string().min(1).describe('Agent ID, key, email or name.'),
        state: z.enum(['READY', 'NOT_READY']).describe('READY or NOT_READY.'),
        confirmationToken,
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
    },
    steering('set_ready_state', async ({ agent, state }: { agent: string; state: 'READY' | 'NOT_READY'; confirmationToken?: string | undefined }) => {
      const a = await agentNow(agent);
      if (!a.accounts.some((x) => x.vendor === 'SINCH')) throw new ToolError(`${a.name} has no Sinch account. Nothing was changed.`);
      const now = a.ready === null ? 'unknown' : a.ready ? 'READY' : 'NOT_READY';
      return {
        target: a.id,
        summary: `${describe(a)}; ready flag ${now}. Would set it to ${state}${now === state ? ' (no change)' : ''}.`,
        run: () => runMutation(SET_READY, { id: a.id, state }, (r) => `${a.name}: ready flag ${state}; state now ${r.agent?.state ?? 'unknown'}.`),
      };
    }),
  );

  register(
    'set_queue_serving',
    {
      title: 'Log an agent in to or out of a queue',
      description: 'Sets whether an agent serves (is logged in to) one of their Sinch queues. Supervisor only; preview first, then confirm with the token.',
      inputSchema: {
        agent: z.string().min(1).describe('Agent ID, key, email or name.'),
        queue: z.string().min(1).describe("One of the agent's queues: Queue ID, Sinch queue id or name."),
        serving: z.boolean().describe('true to serve the queue, false to stop.'),
        confirmationToken,
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
    },
    steering('set_queue_serving', async ({ agent, queue, serving }: { agent: string; queue: string; serving: boolean; confirmationToken?: string | undefined }) => {
      const a = await agentNow(agent);
      const memberships = a.queues ?? [];
      const lower = queue.trim().toLowerCase();
      const m =
        memberships.find((x) => x.queue.id === queue || x.queue.queueId.toLowerCase() === lower || x.queue.name.toLowerCase() === lower) ??
        (() => {
          const partial = memberships.filter((x) => x.queue.name.toLowerCase().includes(lower));
          return partial.length === 1 ? partial[0] : undefined;
        })();
      if (!m) {
        throw new ToolError(
          `${a.name} is not a member of a queue matching "${queue}". Their queues: ${memberships.map((x) => x.queue.name).join(', ') || 'none'}. Nothing was changed.`,
        );
      }
      const now = m.serving === null ? 'unknown' : m.serving ? 'serving' : 'not serving';
      return {
        target: [a.id, m.queue.id],
        summary: `${describe(a)}; in ${m.queue.name} they are ${now}. Would ${serving ? 'log them in to (serve)' : 'log them out of'} ${m.queue.name}${m.serving === serving ? ' (no change)' : ''}.`,
        run: () =>
          runMutation(SET_SERVING, { id: a.id, queueId: m.queue.id, serving }, (r) => `${a.name} ${r.serving ? 'now serves' : 'no longer serves'} ${m.queue.name}.`),
      };
    }),
  );
}
