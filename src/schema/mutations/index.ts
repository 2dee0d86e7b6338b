/**
 * Agent control: supervisors steer agents from the graph they watch. Each mutation takes the federated Agent ID,
 * picks the person's account at the vendor that can make the change (cc_agent for check-in, pauses, queues and
 * wrap-up; Sinch for ready state, queue serving and presence) and makes exactly one write, never retried.
 * Expected failures are members of each mutation's result union (see mutations/errors.ts). After a write (or a
 * write whose outcome is unknown) the request's cached rows of the agent are dropped and the live hub is asked
 * to poll at once, so subscribers see the change without waiting for the next poll.
 */
import { builder } from '../builder.js';
// The fields, per vendor; the steering service they share is steering.ts.
import './ccagent.js';
import './sinch.js';

builder.mutationType({
  description:
    'Steering agents (supervisor scope). Every mutation makes at most one vendor write, never retried; expected ' +
    'failures are typed members of its result union, each implementing `MutationError`.',
});

export { LIVE_REFRESH_WAIT_MS } from './steering.js';
