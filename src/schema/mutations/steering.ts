/**
 * The steering service behind every agent-control mutation: find the agent's account at the vendor that can make the
 * change, check the input before any vendor call, make exactly one write (never retried), then drop the request's
 * cached rows of the agent and ask the live hub to poll at once. Expected failures are typed (errors.ts).
 */
import { GraphQLError } from 'graphql';
import type { Person } from '../../domain/model.js';
import { AGENT_WRITE_RESOURCES } from '../../live/hub.js';
import type { CcAgentConnector, SinchConnector } from '../../vendors/types.js';
import type { GraphQLContext } from '../context.js';
import { decodeIDFor } from '../ids.js';
import {
  AgentHasNoAccountError,
  AgentNotFoundError,
  classifyVendorFailure,
  InvalidInputError,
  MUTATION_ERRORS,
  OutcomeUnknownError,
  VendorUnavailableError,
} from './errors.js';

/** Longest a mutation waits for the live hub to push the change to subscribers before answering anyway. */
export const LIVE_REFRESH_WAIT_MS = 1_000;
/** cc_agent ids are integers; 18 digits stay inside what any backend stores. */
const CC_ID = /^\d{1,18}$/;
export const MAX_QUEUE_IDS = 100;
export const MAX_WRAP_UP_SECONDS = 86_400;

// ---------------------------------------------------------------------------------------------------------
// Finding the agent and its account

interface Connectable {
  sinch: SinchConnector;
  ccagent: CcAgentConnector;
}

interface Target<V extends keyof Connectable> {
  person: Person;
  /** The person's account id at the vendor. */
  accountId: string;
  connector: Connectable[V];
}

function agentKeyOf(agentId: string | number): string {
  try {
    return decodeIDFor('Agent', String(agentId), 'agentId');
  } catch (e) {
    if (e instanceof GraphQLError) throw new InvalidInputError('agentId', e.message);
    throw e;
  }
}

/** Validates the Agent ID and finds the person's account at `vendor`. Only the identity directory is read. */
export async function targetAt<V extends keyof Connectable>(ctx: GraphQLContext, agentId: string | number, vendor: V): Promise<Target<V>> {
  const key = agentKeyOf(agentId);
  const person = (await ctx.loaders.identity()).directory.get(key);
  if (!person) throw new AgentNotFoundError(String(agentId));
  const accountId = person.accounts[vendor];
  if (accountId === undefined) throw new AgentHasNoAccountError(vendor);
  const connector = ctx.services.connectors[vendor] as Connectable[V] | undefined;
  if (!connector) throw new VendorUnavailableError(vendor, 'NOT_CONFIGURED');
  return { person, accountId, connector };
}

// ---------------------------------------------------------------------------------------------------------
// Running vendor calls

/** A read made before the write (current queue config, presence profiles): its failure changed nothing. */
export async function readBeforeWrite<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw classifyVendorFailure(e, 'read');
  }
}

/** The one write of a mutation. Success and unknown outcomes both invalidate what this request cached. */
export async function write<T>(ctx: GraphQLContext, person: Person, fn: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await fn();
  } catch (e) {
    const failure = classifyVendorFailure(e, 'write');
    if (failure instanceof OutcomeUnknownError) await afterWrite(ctx, person);
    throw failure;
  }
  await afterWrite(ctx, person);
  return result;
}

async function afterWrite(ctx: GraphQLContext, person: Person): Promise<void> {
  // cc_agent actions show up in Sinch's agent rows too (one contact center), so the Sinch rows go either way.
  const sinchId = person.accounts.sinch;
  if (sinchId !== undefined) {
    ctx.loaders.sinchAgent.clear(sinchId);
    ctx.loaders.presences.clear(sinchId);
  }
  await refreshLive(ctx);
}

/** Asks the live hub (idle when this gateway runs none) to poll the agent resources now; never fails the mutation. */
async function refreshLive(ctx: GraphQLContext): Promise<void> {
  const hub = ctx.services.live;
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, LIVE_REFRESH_WAIT_MS);
  });
  try {
    await Promise.race([hub.refreshNow(AGENT_WRITE_RESOURCES).catch(() => undefined), waited]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Input checks (before any vendor call)

export function ccIdArg(value: string | number, field: string, what: string): string {
  const id = String(value).trim();
  if (!CC_ID.test(id)) throw new InvalidInputError(field, `${what} must be a cc_agent numeric id (digits only).`);
  return id.replace(/^0+(?=\d)/, '');
}

export function queueIdsArg(values: ReadonlyArray<string | number>): string[] {
  if (values.length === 0) throw new InvalidInputError('queueIds', 'Give at least one queue id.');
  if (values.length > MAX_QUEUE_IDS) throw new InvalidInputError('queueIds', `Give at most ${MAX_QUEUE_IDS} queue ids.`);
  return [...new Set(values.map((v) => ccIdArg(v, 'queueIds', 'Every queue id')))];
}

export function nonNegativeInt(value: number, field: string, max: number): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new InvalidInputError(field, `\`${field}\` must be an integer from 0 to ${max}.`);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// Shared by the fields

export const AGENT_FIELD = 'The agent, read again after the change (state fields show what the vendor reports now).';
export const AGENT_ID_DESCRIPTION = 'The Agent ID (as returned by `agents` / `agent`).';

export interface AgentPayload {
  person: Person;
}

export const errorsFor = (name: string, what: string) => ({
  types: [...MUTATION_ERRORS],
  directResult: true as const,
  union: { name, description: `The result of ${what}: the payload, or why it was not done.` },
});
