/** Agent-control mutations made at Sinch: ready state, queue serving, presence profile. */
import { GraphQLError } from 'graphql';
import type { Presence } from '../../domain/model.js';
import { builder } from '../builder.js';
import { WRITE_CALL } from '../cost.js';
import { decodeIDFor, isSinchId } from '../ids.js';
import { PresenceRef, toPresenceShape, type PresenceShape } from '../presence.js';
import { AgentRef, QueueRef, type QueueShape } from '../refs.js';
import { InvalidInputError } from './errors.js';
import { AGENT_FIELD, AGENT_ID_DESCRIPTION, type AgentPayload, errorsFor, readBeforeWrite, targetAt, write } from './steering.js';

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

builder.mutationFields((t) => ({
  setReadyState: t.field({
    complexity: WRITE_CALL,
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
    complexity: WRITE_CALL,
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
    complexity: WRITE_CALL,
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
