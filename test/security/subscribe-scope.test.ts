/**
 * Subscription scopes are checked before `subscribe` runs (issue 21, item 2): a subscription refused with
 * FORBIDDEN must not register anything with the live hub (and so never poll a vendor). The real schema; the
 * context is built by hand because authentication already refuses role-less callers on every transport
 * (test/security/gateway.test.ts) — this pins the second line of defence.
 */
import { parse, subscribe } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';

function contextWith(roles: string[]) {
  const calls: string[] = [];
  const never = (name: string) => () => {
    calls.push(name);
    return (async function* () {})();
  };
  const live = { subscribeAgents: never('agents'), subscribeQueues: never('queues'), subscribeAlerts: never('alerts') };
  return { calls, ctx: { requestId: 't', auth: { enabled: true, roles, subject: 'x' }, services: { live }, loaders: {} } };
}

describe('subscription scopes before registration', () => {
  for (const field of ['agentStatusChanged { kind }', 'queueStatusChanged { kind }', 'queueAlert { kind }']) {
    it(`${field.split(' ')[0]}: a caller without the viewer scope gets FORBIDDEN and the hub is never asked`, async () => {
      const { calls, ctx } = contextWith([]);
      const result = (await subscribe({ schema, document: parse(`subscription { ${field} }`), contextValue: ctx })) as any;
      expect(result.errors?.map((e: any) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(calls).toEqual([]);
    });
  }

  it('a viewer reaches the hub', async () => {
    const { calls, ctx } = contextWith(['viewer']);
    const result = (await subscribe({ schema, document: parse('subscription { agentStatusChanged { kind } }'), contextValue: ctx })) as any;
    expect(result.errors).toBeUndefined();
    expect(calls).toEqual(['agents']);
    await result.return?.();
  });
});
