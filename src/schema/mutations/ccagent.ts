/** Agent-control mutations made at cc_agent: check-in and check-out, pauses, queue assignment, wrap-up. */
import type { CcQueueAssignment } from '../../domain/model.js';
import { builder } from '../builder.js';
import { LIST_BOUNDS, listOf, WRITE_CALL } from '../cost.js';
import { AgentRef, personForAccount } from '../refs.js';
import {
  AGENT_FIELD,
  AGENT_ID_DESCRIPTION,
  type AgentPayload,
  ccIdArg,
  errorsFor,
  MAX_QUEUE_IDS,
  MAX_WRAP_UP_SECONDS,
  nonNegativeInt,
  queueIdsArg,
  targetAt,
  write,
} from './steering.js';
import { pauseOutcome, type PauseOutcome } from './deferred.js';

interface CheckInPayload extends AgentPayload {
  dialCode: string | null;
  deviceId: string | null;
}
interface SetPausePayload extends AgentPayload, PauseOutcome {
  pauseId: number;
}
interface SetAgentQueuesPayload extends AgentPayload {
  queueIds: string[];
  queue: CcQueueAssignment | null;
}
interface WrapUpPayload extends AgentPayload {
  seconds: number | null;
}

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
    members: t.field({
      type: [CcQueueMemberRef],
      description: 'Members of the queue.',
      complexity: listOf(LIST_BOUNDS.ccQueueMembers),
      resolve: (q) => q.members,
    }),
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
    pending: t.exposeBoolean('pending', {
      nullable: true,
      description:
        "True when cc_agent accepted the pause but starts it only when the agent's current contact ends (the agent " +
        'was BUSY or WRAP_UP; see `Agent.pendingPause`); false when it is in effect now; null when the state could not be read.',
    }),
    effect: t.exposeString('effect', { description: 'What the change does and when, in words.' }),
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

builder.mutationFields((t) => ({
  checkIn: t.field({
    complexity: WRITE_CALL,
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
    complexity: WRITE_CALL,
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
    complexity: WRITE_CALL,
    type: SetPausePayloadRef,
    description:
      'Sets (or ends) a cc_agent pause. The agent must be checked in. For an agent in a contact the vendor starts the ' +
      'pause when the contact ends: the payload says `pending: true` and the agent shows `pendingPause`.',
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
      return { person, pauseId, ...(await pauseOutcome(ctx, person, pauseId)) };
    },
  }),

  setAgentQueues: t.field({
    complexity: WRITE_CALL,
    type: SetAgentQueuesPayloadRef,
    description:
      "Sets the agent's cc_agent queues to exactly these (cc_agent `setQueues`, documented as \"add/remove agent to " +
      'queues" with one list): the agent is added to every listed queue and removed from every queue not listed. ' +
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
    complexity: WRITE_CALL,
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
}));
