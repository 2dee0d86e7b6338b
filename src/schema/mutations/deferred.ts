/**
 * Deferred vendor actions made visible: cc_agent answers `setPause` with success at once, but for an agent in a
 * contact (BUSY) or its wrap-up (WRAP_UP) the pause only starts when that contact ends. The payload says so
 * (`pending`, `effect`), and `Agent.pendingPause` shows it until the agent leaves the contact.
 */
import type { AgentState, Person } from '../../domain/model.js';
import type { PendingPause } from '../../services/pendingPauses.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { AgentRef } from '../refs.js';

/** States in which cc_agent keeps a pause for later (observed at the vendor; its docs do not say). */
const DEFERS_PAUSE: ReadonlySet<AgentState> = new Set(['BUSY', 'WRAP_UP']);

export interface PauseOutcome {
  /** True: accepted, applied later; false: in effect now; null: the agent's state could not be read. */
  pending: boolean | null;
  effect: string;
}

/** The agent's state at Sinch as read now (this request's loader was cleared by the write); null when unknown. */
async function stateNow(ctx: GraphQLContext, person: Person): Promise<AgentState | null> {
  const id = person.accounts.sinch;
  if (!id || !ctx.services.connectors.sinch) return null;
  try {
    return (await ctx.loaders.liveSinchAgent(id)).value?.state ?? null;
  } catch {
    return null;
  }
}

/** After a successful setPause write: is the pause in effect, or kept by the vendor for the end of the contact? */
export async function pauseOutcome(ctx: GraphQLContext, person: Person, pauseId: number): Promise<PauseOutcome> {
  const pending = ctx.services.pendingPauses;
  const state = await stateNow(ctx, person);
  if (pauseId === 0) {
    pending?.clear(person.key);
    return { pending: state === null ? null : false, effect: 'Pause ended (or a pending one cancelled): the agent is available for contacts.' };
  }
  if (state !== null && DEFERS_PAUSE.has(state)) {
    pending?.set(person.key, pauseId);
    return {
      pending: true,
      effect:
        `The agent is ${state} now: cc_agent starts pause ${pauseId} when the current contact and its wrap-up end ` +
        '(see `Agent.pendingPause`). Until then the agent shows its current state.',
    };
  }
  pending?.clear(person.key);
  if (state === null) return { pending: null, effect: `Pause ${pauseId} accepted; the agent's state could not be read to say whether it is in effect yet.` };
  return { pending: false, effect: `Pause ${pauseId} is in effect (the agent is ${state}).` };
}

const PendingPauseRef = builder.objectRef<PendingPause>('PendingPause').implement({
  description:
    'A pause the vendor accepted but applies when the agent\'s current contact ends (cc_agent defers pauses of BUSY ' +
    'and WRAP_UP agents). Known to the gateway instance that took the mutation.',
  fields: (t) => ({
    pauseId: t.exposeInt('pauseId', { description: 'The cc_agent pause id that will start.' }),
    requestedAt: t.field({ type: 'DateTime', description: 'When `setPause` was accepted.', resolve: (p) => p.requestedAt }),
    appliesWhen: t.string({
      description: 'When it takes effect, in words.',
      resolve: () => 'When the current contact and its wrap-up end.',
    }),
  }),
});

builder.objectField(AgentRef, 'pendingPause', (t) =>
  t.field({
    type: PendingPauseRef,
    nullable: true,
    description:
      'A pause set with `setPause` while the agent was in a contact: accepted, but it starts only when the contact ' +
      '(and its wrap-up) ends. Null when none is waiting (it disappears once the agent leaves BUSY/WRAP_UP).',
    resolve: async (person, _a, ctx) => {
      const store = ctx.services.pendingPauses;
      const entry = store?.get(person.key);
      if (!store || !entry) return null;
      const state = await stateNow(ctx, person);
      // Unknown state: keep showing it rather than guess it was applied.
      if (state !== null && !DEFERS_PAUSE.has(state)) {
        store.clear(person.key);
        return null;
      }
      return entry;
    },
  }),
);
