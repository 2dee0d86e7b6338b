/**
 * Agent control: supervisors steer agents from the graph they watch. Each mutation takes the federated Agent ID,
 * picks the person's account at the vendor that can make the change (cc_agent for check-in, pauses, queues and
 * wrap-up; Sinch for ready state, queue serving and presence) and makes exactly one write, never retried.
 * Expected failures are members of each mutation's result union (see mutations/errors.ts). After a write (or a
 * write whose outcome is unknown) the request's cached rows of the agent are dropped and the live hub is asked
 * to poll at once, so subscribers see the change without waiting for the next poll.
 */
import { GraphQLError } from 'graphql';
import type { CcQueueAssignment, Person, Presence } from '../domain/model.js';
import { AGENT_WRITE_RESOURCES, type LiveHub } from '../live/hub.js';
import type { CcAgentConnector, SinchConnector } from '../vendors/types.js';
import { builder } from './builder.js';
import type { GraphQLContext } from './context.js';
import { decodeIDFor, isSinchId } from './ids.js';
import {
  AgentHasNoAccountError,
  AgentNotFoundError,
  classifyVendorFailure,
  InvalidInputError,
  MUTATION_ERRORS,
  OutcomeUnknownError,
  VendorUnavailableError,
} from './mutations/errors.js';
import { PresenceRef, toPresenceShape, type PresenceShape } from './presence.js';
import { AgentRef, personForAccount, QueueRef, type QueueShape } from './refs.js';

/** Longest a mutation waits for the live hub to push the change to subscribers before answering anyway. */
export const LIVE_REFRESH_WAIT_MS = 1_000;
/** cc_agent ids are integers; 18 digits stay inside what any backend stores. */
const CC_ID = /^\d{1,18}$/;
const MAX_QUEUE_IDS = 100;
const MAX_WRAP_UP_SECONDS = 86_400;

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
async function targetAt<V extends keyof Connectable>(ctx: GraphQLContext, agentId: string | number, vendor: V): Promise<Target<V>> {
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
async function readBeforeWrite<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw classifyVendorFailure(e, 'read');
  }
}

/** The one write of a mutation. Success and unknown outcomes both invalidate what this request cached. */
async function write<T>(ctx: GraphQLContext, person: Person, fn: () => Promise<T>): Promise<T> {
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

/** Asks the live hub (when this gateway runs one) to poll the agent resources now; never fails the mutation. */
async function refreshLive(ctx: GraphQLContext): Promise<void> {
  const hub = ctx.services.live as Pick<LiveHub, 'refreshNow'> | undefined;
  if (!hub || typeof hub.refreshNow !== 'function') return;
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

function ccIdArg(value: string | number, field: string, what: string): string {
  const id = String(value).trim();
  if (!CC_ID.test(id)) throw new InvalidInputError(field, `${what} must be a cc_agent numeric id (digits only).`);
  return id.replace(/^0+(?=\d)/, '');
}

function queueIdsArg(values: ReadonlyArray<string | number>): string[] {
  if (values.length === 0) throw new InvalidInputError('queueIds', 'Give at least one queue id.');
  if (values.length > MAX_QUEUE_IDS) throw new InvalidInputError('queueIds', `Give at most ${MAX_QUEUE_IDS} queue ids.`);
  return [...new Set(values.map((v) => ccIdArg(v, 'queueIds', 'Every queue id')))];
}

function nonNegativeInt(value: number, field: string, max: number): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new InvalidInputError(field, `\`${field}\` must be an integer from 0 to ${max}.`);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// Payloads

interface AgentPayload {
  person: Person;
}
interface CheckInPayload extends AgentPayload {
  dialCode: string | null;
  deviceId: string | null;
}
interface SetPausePayload extends AgentPayload {
  pauseId: number;
}
interface SetAgentQueuesPayload extends AgentPayload {
  queueIds: string[];
  queue: CcQueueAssignment | null;
}
interface WrapUpPayload extends AgentPayload {
  seconds: number | null;
}
type ReadyStateValue = 'READY' | 'NOT_READY';
interface SetReadyStatePayload extends AgentPayload {
  readyState: ReadyStateValue;
}
interface SetQueueServingPayload extends AgentPayload {
  queue: QueueShape;
  serving: boolean;
}
interface SetPresencePayload extends AgentPayload {
  presence: PresenceShape;
}

const ReadyStateEnum = builder.enumType('ReadyState', {
  description: "An agent's ready flag at Sinch.",
  values: {
    READY: { value: 'READY' as const, description: 'Ready to take contacts.' },
    NOT_READY: { value: 'NOT_READY' as const, description: 'Logged in but not taking contacts.' },
  },
});

const AGENT_FIELD = 'The agent, read again after the change (state fields show what the vendor reports now).';

const CcQueueMemberRef = builder
  .objectRef<CcQueueAssignment['members'][number]>('CcQueueMember')
  .implement({
    description: 'A member of a cc_agent queue, as the cc_agent control API lists it.',
    fields: (t) => ({
      userId: t.exposeID('userId', { description: 'The cc_agent numeric user id.' }),
      name: t.exposeString('name', { nullable: true, description: 'The name cc_agent has for the user.' }),
      agent: t.field({
        type: AgentRef,
        nullable: true,
        description: 'The person holding this cc_agent account, when the identity file links it.',
        resolve: (m, _a, ctx) => personForAccount(ctx, 'ccagent', m.userId),
      }),
    }),
  });

const CcQueueAssignmentRef = builder.objectRef<CcQueueAssignment>('CcQueueAssignment').implement({
  description: 'The queue data cc_agent sends back after a queue change (its first queue, with every member).',
  fields: (t) => ({
    queueId: t.exposeID('queueId', { description: 'The cc_agent numeric queue id.' }),
    name: t.exposeString('name', { description: 'The queue name at cc_agent.' }),
    strategy: t.exposeString('strategy', {
      nullable: true,
      description: 'How cc_agent picks an agent, e.g. `longest-idle-agent`; null when not said.',
    }),
    members: t.field({ type: [CcQueueMemberRef], description: 'Members of the queue.', resolve: (q) => q.members }),
  }),
});

const CheckInPayloadRef = builder.objectRef<CheckInPayload>('CheckInPayload').implement({
  description: 'A cc_agent check-in that the vendor accepted.',
  fields: (t) => ({
    agent: t.field({ type: AgentRef, description: AGENT_FIELD, resolve: (p) => p.person }),
    dialCode: t.exposeString('dialCode', {
      nullable: true,
      description:
        'The number the agent must dial to finish the check-in (e.g. `**9477`); until then the agent stays logged ' +
        'out. Null for a device check-in, which needs no action from the agent.',
    }),
    deviceId: t.exposeID('deviceId', { nullable: true, description: 'The cc_agent device checked in to; null without one.' }),
  }),
});

const CheckOutPayloadRef = builder.objectRef<AgentPayload>('CheckOutPayload').implement({
  description: 'A cc_agent check-out that the vendor accepted.',
  fields: (t) => ({ agent: t.field({ type: AgentRef, description: AGENT_FIELD, resolve: (p) => p.person }) }),
});

const SetPausePayloadRef = builder.objectRef<SetPausePayload>('SetPausePayload').implement({
  description: 'A cc_agent pause change that the vendor accepted.',
  fields: (t) => ({
    agent: t.field({ type: AgentRef, description: AGENT_FIELD, resolve: (p) => p.person }),
    pauseId: t.exposeInt('pauseId', { description: 'The cc_agent pause id set; 0 means available.' }),
  }),
});

const SetAgentQueuesPayloadRef = builder.objectRef<SetAgentQueuesPayload>('SetAgentQueuesPayload').implement({
  description: "A cc_agent queue assignment that the vendor accepted: the agent's queues are now exactly the ones given.",
  fields: (t) => ({
    agent: t.field({ type: AgentRef, description: AGENT_FIELD, resolve: (p) => p.person }),
    queueIds: t.exposeIDList('queueIds', { description: 'The cc_agent numeric queue ids assigned, as sent.' }),
    queue: t.field({
      type: CcQueueAssignmentRef,
      nullable: true,
      description: 'The queue data cc_agent sent back; null when it sent none.',
      resolve: (p) => p.queue,
    }),
  }),
});

const WrapUpPayloadRef = builder.objectRef<WrapUpPayload>('WrapUpPayload').implement({
  description: 'A cc_agent wrap-up timer change that the vendor accepted.',
  fields: (t) => ({
    agent: t.field({ type: AgentRef, description: AGENT_FIELD, resolve: (p) => p.person }),
    seconds: t.exposeInt('seconds', {
      nullable: true,
      description: "The wrap-up timer set, in seconds from now; null when the agent's default wrap-up time was added.",
    }),
  }),
});

const SetReadyStatePayloadRef = builder.objectRef<SetReadyStatePayload>('SetReadyStatePayload').implement({
  description: 'A Sinch ready-state change that the vendor accepted.',
  fields: (t) => ({
    agent: t.field({ type: AgentRef, description: AGENT_FIELD, resolve: (p) => p.person }),
    readyState: t.field({ type: ReadyStateEnum, description: 'The ready state set.', resolve: (p) => p.readyState }),
  }),
});

const SetQueueServingPayloadRef = builder.objectRef<SetQueueServingPayload>('SetQueueServingPayload').implement({
  description: 'A Sinch queue login/logout (serving) change that the vendor accepted.',
  fields: (t) => ({
    agent: t.field({ type: AgentRef, description: AGENT_FIELD, resolve: (p) => p.person }),
    queue: t.field({ type: QueueRef, description: 'The queue.', resolve: (p) => p.queue }),
    serving: t.exposeBoolean('serving', { description: 'Whether the agent now serves the queue.' }),
  }),
});

const SetPresencePayloadRef = builder.objectRef<SetPresencePayload>('SetPresencePayload').implement({
  description: 'A Sinch presence profile change that the vendor accepted.',
  fields: (t) => ({
    agent: t.field({ type: AgentRef, description: AGENT_FIELD, resolve: (p) => p.person }),
    presence: t.field({ type: PresenceRef, description: 'The presence profile now set.', resolve: (p) => p.presence }),
  }),
});

// ---------------------------------------------------------------------------------------------------------
// Fields

builder.mutationType({
  description:
    'Steering agents (supervisor scope). Every mutation makes at most one vendor write, never retried; expected ' +
    'failures are typed members of its result union, each implementing `MutationError`.',
});

const errorsFor = (name: string, what: string) => ({
  types: [...MUTATION_ERRORS],
  directResult: true as const,
  union: { name, description: `The result of ${what}: the payload, or why it was not done.` },
});

const AGENT_ID_DESCRIPTION = 'The Agent ID (as returned by `agents` / `agent`).';

builder.mutationFields((t) => ({
  checkIn: t.field({
    type: CheckInPayloadRef,
    description:
      'Checks the agent in to cc_agent calls. Without `deviceId` the agent must dial the returned `dialCode` to ' +
      'finish; with `deviceId` the agent is checked in to that device at once. `force` checks out whoever holds it.',
    authScopes: { supervisor: true },
    errors: errorsFor('CheckInResult', 'checkIn'),
    args: {
      agentId: t.arg.id({ required: true, description: AGENT_ID_DESCRIPTION }),
      deviceId: t.arg.id({ description: 'A cc_agent numeric device id to check in to (no action needed from the agent).' }),
      force: t.arg.boolean({ description: 'Force the check-out of the previous user of the device (default false).' }),
    },
    resolve: async (_root, args, ctx) => {
      const deviceId = args.deviceId == null ? null : ccIdArg(args.deviceId, 'deviceId', '`deviceId`');
      const { person, accountId, connector } = await targetAt(ctx, args.agentId, 'ccagent');
      const forceCheckOut = args.force === true;
      if (deviceId !== null) {
        await write(ctx, person, () => connector.checkInDevice(accountId, deviceId, { forceCheckOut }));
        return { person, dialCode: null, deviceId };
      }
      const { dialCode } = await write(ctx, person, () => connector.checkIn(accountId, { forceCheckOut }));
      return { person, dialCode, deviceId: null };
    },
  }),

  checkOut: t.field({
    type: CheckOutPayloadRef,
    description: 'Checks the agent out of cc_agent calls (unassigns the device).',
    authScopes: { supervisor: true },
    errors: errorsFor('CheckOutResult', 'checkOut'),
    args: { agentId: t.arg.id({ required: true, description: AGENT_ID_DESCRIPTION }) },
    resolve: async (_root, args, ctx) => {
      const { person, accountId, connector } = await targetAt(ctx, args.agentId, 'ccagent');
      await write(ctx, person, () => connector.checkOut(accountId));
      return { person };
    },
  }),

  setPause: t.field({
    type: SetPausePayloadRef,
    description: 'Sets (or ends) a cc_agent pause. The agent must be checked in.',
    authScopes: { supervisor: true },
    errors: errorsFor('SetPauseResult', 'setPause'),
    args: {
      agentId: t.arg.id({ required: true, description: AGENT_ID_DESCRIPTION }),
      pauseId: t.arg.int({ required: true, description: 'A cc_agent pause id, or 0 to make the agent available.' }),
    },
    resolve: async (_root, args, ctx) => {
      const pauseId = nonNegativeInt(args.pauseId, 'pauseId', 2_147_483_647);
      const { person, accountId, connector } = await targetAt(ctx, args.agentId, 'ccagent');
      await write(ctx, person, () => connector.setPause(accountId, pauseId));
      return { person, pauseId };
    },
  }),

  setAgentQueues: t.field({
    type: SetAgentQueuesPayloadRef,
    description:
      "Sets the agent's cc_agent queues to exactly these (cc_agent `setQueues`, documented as \"add/remove agent to " +
      'queues\" with one list): the agent is added to every listed queue and removed from every queue not listed. ' +
      'Takes cc_agent numeric queue ids (not Queue IDs of this graph, which are Sinch queues). Returns the queue data ' +
      'cc_agent sends back (the first queue when it sends a list).',
    authScopes: { supervisor: true },
    errors: errorsFor('SetAgentQueuesResult', 'setAgentQueues'),
    args: {
      agentId: t.arg.id({ required: true, description: AGENT_ID_DESCRIPTION }),
      queueIds: t.arg.idList({
        required: true,
        description: `cc_agent numeric queue ids (digits only, 1 to ${MAX_QUEUE_IDS}; duplicates are ignored).`,
      }),
    },
    resolve: async (_root, args, ctx) => {
      const queueIds = queueIdsArg(args.queueIds);
      const { person, accountId, connector } = await targetAt(ctx, args.agentId, 'ccagent');
      const queue = await write(ctx, person, () => connector.setQueues(accountId, queueIds));
      return { person, queueIds, queue };
    },
  }),

  wrapUp: t.field({
    type: WrapUpPayloadRef,
    description:
      "Sets the agent's cc_agent wrap-up timer to `seconds` from now; without `seconds`, adds the agent's default " +
      'wrap-up time. The agent must be checked in.',
    authScopes: { supervisor: true },
    errors: errorsFor('WrapUpResult', 'wrapUp'),
    args: {
      agentId: t.arg.id({ required: true, description: AGENT_ID_DESCRIPTION }),
      seconds: t.arg.int({ description: `Seconds from now (0 to ${MAX_WRAP_UP_SECONDS}); omit for the default wrap-up time.` }),
    },
    resolve: async (_root, args, ctx) => {
      const seconds = args.seconds == null ? null : nonNegativeInt(args.seconds, 'seconds', MAX_WRAP_UP_SECONDS);
      const { person, accountId, connector } = await targetAt(ctx, args.agentId, 'ccagent');
      await write(ctx, person, () => connector.wrapUp(accountId, seconds ?? undefined));
      return { person, seconds };
    },
  }),

  setReadyState: t.field({
    type: SetReadyStatePayloadRef,
    description: "Sets the agent's Sinch ready flag (an agent handling a contact switches once it is done).",
    authScopes: { supervisor: true },
    errors: errorsFor('SetReadyStateResult', 'setReadyState'),
    args: {
      agentId: t.arg.id({ required: true, description: AGENT_ID_DESCRIPTION }),
      state: t.arg({ type: ReadyStateEnum, required: true, description: 'READY or NOT_READY.' }),
    },
    resolve: async (_root, args, ctx) => {
      const { person, accountId, connector } = await targetAt(ctx, args.agentId, 'sinch');
      await write(ctx, person, () => connector.setReadyState(accountId, args.state === 'READY'));
      return { person, readyState: args.state };
    },
  }),

  setQueueServing: t.field({
    type: SetQueueServingPayloadRef,
    description:
      'Logs the agent in to (serving) or out of one of their Sinch queues. The membership is read first and written ' +
      'back whole with only `serving` changed (Sinch replaces every property).',
    authScopes: { supervisor: true },
    errors: errorsFor('SetQueueServingResult', 'setQueueServing'),
    args: {
      agentId: t.arg.id({ required: true, description: AGENT_ID_DESCRIPTION }),
      queueId: t.arg.id({ required: true, description: 'A Queue ID (a Sinch queue the agent is a member of).' }),
      serving: t.arg.boolean({ required: true, description: 'True to serve the queue, false to stop.' }),
    },
    resolve: async (_root, args, ctx) => {
      let queueId: string;
      try {
        queueId = decodeIDFor('Queue', String(args.queueId), 'queueId').toUpperCase();
      } catch (e) {
        if (e instanceof GraphQLError) throw new InvalidInputError('queueId', e.message);
        throw e;
      }
      const { person, accountId, connector } = await targetAt(ctx, args.agentId, 'sinch');
      const memberships = await readBeforeWrite(() => connector.listAgentQueues(accountId));
      const membership = memberships.find((m) => m.queueId.toUpperCase() === queueId);
      if (!membership) throw new InvalidInputError('queueId', 'The agent is not a member of this queue.');
      await write(ctx, person, () => connector.setQueueServing(accountId, membership, args.serving));
      return {
        person,
        queue: { id: membership.queueId, name: membership.queueName, channel: membership.channel },
        serving: args.serving,
      };
    },
  }),

  setPresence: t.field({
    type: SetPresencePayloadRef,
    description:
      "Switches the agent's Sinch presence profile. The agent's profiles are read first and the chosen one is " +
      'written back whole (Sinch replaces every property).',
    authScopes: { supervisor: true },
    errors: errorsFor('SetPresenceResult', 'setPresence'),
    args: {
      agentId: t.arg.id({ required: true, description: AGENT_ID_DESCRIPTION }),
      presenceId: t.arg.id({ required: true, description: 'A presence profile id, as in `Agent.presenceProfiles { id }`.' }),
    },
    resolve: async (_root, args, ctx) => {
      const presenceId = String(args.presenceId).trim().toUpperCase();
      if (!isSinchId(presenceId)) {
        throw new InvalidInputError('presenceId', '`presenceId` must be a Sinch presence profile id (32 hexadecimal characters).');
      }
      const { person, accountId, connector } = await targetAt(ctx, args.agentId, 'sinch');
      const profiles = await readBeforeWrite(() => connector.listAgentPresences(accountId));
      const profile: Presence | undefined = profiles.find((p) => p.id.toUpperCase() === presenceId);
      if (!profile) throw new InvalidInputError('presenceId', 'Not one of the presence profiles this agent may choose.');
      await write(ctx, person, () => connector.setPresence(accountId, profile));
      return { person, presence: toPresenceShape(profile, profile.id) };
    },
  }),
}));
